"""Decoding of JPEG and PNG image data into packed RGB pixels."""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from PIL import Image, ImageFile, JpegImagePlugin, PngImagePlugin

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG"})

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"

# Background for transparent pixels, because the RGB888 output has no alpha channel.
_BACKGROUND_RGBA = (255, 255, 255, 255)

# Exceptions that Pillow 13 raises while parsing or decoding malformed image data.
_PILLOW_DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    TypeError,
    EOFError,
    IndexError,
    struct.error,
)


class ImageDecodeError(Exception):
    """Image data that cannot be shown, with a short title and a message for the user."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__(message)
        self.title = title
        self.message = message


@dataclass(frozen=True)
class DecodedImage:
    """Decoded pixels as packed RGB888 rows with a stride of width * 3 bytes.

    The rows are not padded to 4 bytes, so a QImage built from `rgb` needs
    bytesPerLine=width * 3. `format` is the format of the data the server returned.
    """

    width: int
    height: int
    rgb: bytes
    format: str

    def __post_init__(self) -> None:
        if self.width < 1 or self.height < 1:
            raise ValueError(f"image size must be at least 1x1, got {self.width}x{self.height}")
        expected_length = self.width * self.height * 3
        if len(self.rgb) != expected_length:
            raise ValueError(
                f"RGB data of a {self.width}x{self.height} image must be "
                f"{expected_length} bytes, got {len(self.rgb)}"
            )
        if self.format not in ACCEPTED_FORMATS:
            raise ValueError(
                f"format must be one of {sorted(ACCEPTED_FORMATS)}, got {self.format!r}"
            )

    @property
    def size(self) -> tuple[int, int]:
        """Size as (width, height) in pixels."""
        return (self.width, self.height)

    @classmethod
    def from_rgb_image(cls, image: Image.Image, image_format: str) -> DecodedImage:
        """Copy the pixels of a Pillow image in mode RGB."""
        if image.mode != "RGB":
            raise ValueError(f"image mode must be RGB, got {image.mode}")
        return cls(width=image.width, height=image.height, rgb=image.tobytes(), format=image_format)


def decode_image(data: bytes) -> DecodedImage:
    """Decode JPEG or PNG data into RGB pixels.

    Raises ImageDecodeError for empty data, any other format, damaged or truncated data,
    and images with more pixels than PIL.Image.MAX_IMAGE_PIXELS.
    """
    image, image_format = load_rgb_image(data)
    return DecodedImage.from_rgb_image(image, image_format)


def load_rgb_image(data: bytes) -> tuple[Image.Image, str]:
    """Decode JPEG or PNG data into a Pillow image in mode RGB and return it with its format.

    Pixels are kept as stored and the EXIF orientation tag is ignored, because the plate
    corners of a read are in stored-pixel coordinates.

    Raises ImageDecodeError in the cases listed in decode_image.
    """
    image_format = _accepted_format(data)
    try:
        with _open(data, image_format) as image:
            _check_pixel_count(image, image_format)
            image.load()
            return _to_rgb(image), image_format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow 13 runs no size check on this path once _check_pixel_count has passed.
        # This clause keeps a check added by a later Pillow, or the warning raised by a
        # warnings filter, from reaching the caller as a different exception type.
        raise ImageDecodeError(
            "Image is too large",
            f"The {image_format} image was not decoded because it is too large ({error}). "
            "Open the read in the Scout web interface to view it.",
        ) from error
    except _PILLOW_DECODE_ERRORS as error:
        raise ImageDecodeError(
            "Image is damaged",
            f"The {image_format} image data ({len(data):,} bytes) is invalid or truncated "
            f"and could not be decoded: {error}. Reload the image, because the download "
            "may have been cut short.",
        ) from error


def _accepted_format(data: bytes) -> str:
    """Return "JPEG" or "PNG" from the file signature, or raise ImageDecodeError."""
    if not data:
        raise ImageDecodeError(
            "Image is empty",
            "The server returned no image data (0 bytes). Reload the image. If it stays "
            "empty, check that the agent that recorded the read is online.",
        )
    if data.startswith(_PNG_SIGNATURE):
        return "PNG"
    if data.startswith(_JPEG_SIGNATURE):
        return "JPEG"

    if _is_html(data):
        raise ImageDecodeError(
            "Image is a web page",
            "The server returned an HTML page instead of an image, which usually is a "
            "login page or a proxy error page. Check the server address and API key "
            "in the connection settings.",
        )
    raise ImageDecodeError(
        "Unsupported image format",
        f"The server returned {_describe_unaccepted(data)} ({len(data):,} bytes), but only "
        "JPEG and PNG "
        "images can be shown. Open the read in the Scout web interface to view it.",
    )


def _describe_unaccepted(data: bytes) -> str:
    """Name the content of data that is not JPEG or PNG, for an error message."""
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "a GIF image"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "a WebP image"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "a TIFF image"
    if data.startswith(b"BM"):
        return "a BMP image"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
        return "a HEIF or AVIF image"

    if data[:256].lstrip().startswith((b"{", b"[")):
        return "JSON text"
    return "data that is not a known image format"


def _is_html(data: bytes) -> bool:
    return data[:256].lstrip().lower().startswith((b"<!doctype html", b"<html"))


def _open(data: bytes, image_format: str) -> ImageFile.ImageFile:
    """Open the data with the Pillow plugin for its format, reading only the header.

    The plugin classes are used in place of Image.open because Image.open emits
    DecompressionBombWarning for images between MAX_IMAGE_PIXELS and twice that.
    Turning that warning into an error would need warnings.catch_warnings, which changes
    process-wide state and is not thread-safe. _check_pixel_count rejects those images
    without a warning.
    """
    stream = io.BytesIO(data)
    if image_format == "PNG":
        return PngImagePlugin.PngImageFile(stream)
    # JpegImageFile, unlike Image.open, opens an MPO file (several JPEG frames, as some
    # cameras write) as its first frame, and reports the format as "JPEG".
    return JpegImagePlugin.JpegImageFile(stream)


def _check_pixel_count(image: ImageFile.ImageFile, image_format: str) -> None:
    """Raise ImageDecodeError before decoding when the header declares too many pixels."""
    width, height = image.size
    if width < 1 or height < 1:
        raise ImageDecodeError(
            "Image is damaged",
            f"The {image_format} image declares a size of {width}x{height} pixels, "
            "so it contains no pixels. Reload the image.",
        )

    # Read at call time because Pillow lets the application change the limit.
    # A limit of None disables the check, as it does in Pillow.
    limit = Image.MAX_IMAGE_PIXELS
    if limit is not None and width * height > limit:
        raise ImageDecodeError(
            "Image is too large",
            f"The {image_format} image is {width}x{height} pixels, more than the limit "
            f"of {limit:,} pixels that protects against decompression bombs, so it was "
            "not decoded. Open the read in the Scout web interface to view it.",
        )


def _to_rgb(image: Image.Image) -> Image.Image:
    """Convert a loaded image of any mode to a new image in mode RGB."""
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, _BACKGROUND_RGBA)
        return Image.alpha_composite(background, rgba).convert("RGB")

    if image.mode.startswith("I;16") or image.mode == "I":
        # Pillow clips 16-bit samples to 255 when converting to L or RGB, so scale them.
        grey = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
        return grey.convert("RGB")

    return image.convert("RGB")
