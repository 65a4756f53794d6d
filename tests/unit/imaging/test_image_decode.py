"""Tests of JPEG and PNG decoding, format checks and decompression-bomb rejection."""

from __future__ import annotations

import io
import struct
import warnings
import zlib

import pytest
from PIL import Image, features

from alprdesk.imaging import (
    ACCEPTED_FORMATS,
    DecodedImage,
    ImageDecodeError,
    decode_image,
)


def encode(image: Image.Image, image_format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def sample_rgb(width: int = 48, height: int = 32) -> Image.Image:
    """Return an RGB image with a distinct colour in every pixel."""
    image = Image.new("RGB", (width, height))
    image.putdata(
        [(x * 5 % 256, y * 7 % 256, (x + y) * 3 % 256) for y in range(height) for x in range(width)]
    )
    return image


def png_chunk(chunk_type: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(chunk_type + payload)
    return struct.pack(">I", len(payload)) + chunk_type + payload + struct.pack(">I", crc)


def png_header_only(width: int, height: int) -> bytes:
    """Return a valid PNG signature and IHDR declaring the size, with one tiny IDAT."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + png_chunk(b"IEND", b"")
    )


def assert_colour_near(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int) -> None:
    for actual_value, expected_value in zip(actual, expected, strict=True):
        assert abs(actual_value - expected_value) <= tolerance, (actual, expected)


def pixel(decoded: DecodedImage, x: int, y: int) -> tuple[int, int, int]:
    offset = (y * decoded.width + x) * 3
    red, green, blue = decoded.rgb[offset : offset + 3]
    return (red, green, blue)


def test_accepted_formats() -> None:
    assert frozenset({"JPEG", "PNG"}) == ACCEPTED_FORMATS


def test_jpeg_decoded() -> None:
    data = encode(Image.new("RGB", (64, 40), (200, 40, 90)), "JPEG", quality=95)

    decoded = decode_image(data)

    assert decoded.format == "JPEG"
    assert decoded.size == (64, 40)
    assert len(decoded.rgb) == 64 * 40 * 3
    assert_colour_near(pixel(decoded, 10, 10), (200, 40, 90), tolerance=4)


def test_png_rgb_exact_pixels() -> None:
    image = sample_rgb()

    decoded = decode_image(encode(image, "PNG"))

    assert decoded.format == "PNG"
    assert decoded.size == image.size
    assert decoded.rgb == image.tobytes()


def test_png_rgba_composited_on_white() -> None:
    image = Image.new("RGBA", (3, 1))
    image.putpixel((0, 0), (10, 20, 30, 255))
    image.putpixel((1, 0), (10, 20, 30, 0))
    image.putpixel((2, 0), (0, 0, 0, 128))

    decoded = decode_image(encode(image, "PNG"))

    assert pixel(decoded, 0, 0) == (10, 20, 30)
    assert pixel(decoded, 1, 0) == (255, 255, 255)
    assert_colour_near(pixel(decoded, 2, 0), (127, 127, 127), tolerance=1)


def test_png_palette_decoded() -> None:
    image = Image.new("P", (2, 1))
    image.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    image.putpixel((1, 0), 1)

    decoded = decode_image(encode(image, "PNG"))

    assert pixel(decoded, 0, 0) == (255, 0, 0)
    assert pixel(decoded, 1, 0) == (0, 0, 255)


def test_png_palette_transparency_decoded() -> None:
    image = Image.new("P", (2, 1))
    image.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    image.putpixel((1, 0), 1)

    decoded = decode_image(encode(image, "PNG", transparency=0))

    assert pixel(decoded, 0, 0) == (255, 255, 255)
    assert pixel(decoded, 1, 0) == (0, 0, 255)


def test_png_greyscale_decoded() -> None:
    image = Image.new("L", (2, 1))
    image.putpixel((0, 0), 17)
    image.putpixel((1, 0), 230)

    decoded = decode_image(encode(image, "PNG"))

    assert pixel(decoded, 0, 0) == (17, 17, 17)
    assert pixel(decoded, 1, 0) == (230, 230, 230)


def test_png_greyscale_alpha_decoded() -> None:
    image = Image.new("LA", (2, 1))
    image.putpixel((0, 0), (40, 255))
    image.putpixel((1, 0), (40, 0))

    decoded = decode_image(encode(image, "PNG"))

    assert pixel(decoded, 0, 0) == (40, 40, 40)
    assert pixel(decoded, 1, 0) == (255, 255, 255)


def test_png_16_bit_greyscale_scaled() -> None:
    image = Image.new("I;16", (3, 1))
    image.putpixel((0, 0), 65535)
    image.putpixel((1, 0), 32768)
    image.putpixel((2, 0), 0)

    decoded = decode_image(encode(image, "PNG"))

    assert pixel(decoded, 0, 0) == (255, 255, 255)
    assert pixel(decoded, 1, 0) == (128, 128, 128)
    assert pixel(decoded, 2, 0) == (0, 0, 0)


def test_jpeg_greyscale_and_cmyk_decoded() -> None:
    grey = decode_image(encode(Image.new("L", (16, 16), 90), "JPEG", quality=95))
    cmyk = decode_image(encode(Image.new("CMYK", (16, 16), (0, 255, 255, 0)), "JPEG", quality=95))

    assert_colour_near(pixel(grey, 8, 8), (90, 90, 90), tolerance=2)
    assert_colour_near(pixel(cmyk, 8, 8), (255, 0, 0), tolerance=4)


def test_exif_orientation_ignored() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to display.

    decoded = decode_image(encode(Image.new("RGB", (40, 20), "white"), "JPEG", exif=exif))

    assert decoded.size == (40, 20)


def test_mpo_decoded_as_first_frame() -> None:
    first = Image.new("RGB", (24, 16), (0, 200, 0))
    second = Image.new("RGB", (24, 16), (200, 0, 0))
    data = encode(first, "MPO", save_all=True, append_images=[second], quality=95)

    decoded = decode_image(data)

    assert decoded.format == "JPEG"
    assert_colour_near(pixel(decoded, 12, 8), (0, 200, 0), tolerance=4)


@pytest.mark.parametrize(
    ("image_format", "name"),
    [("GIF", "GIF"), ("BMP", "BMP"), ("WEBP", "WebP"), ("TIFF", "TIFF")],
)
def test_other_image_formats_rejected(image_format: str, name: str) -> None:
    if image_format == "WEBP" and not features.check("webp"):
        pytest.skip("this Pillow build has no WebP support")
    data = encode(sample_rgb(), image_format)

    with pytest.raises(ImageDecodeError) as caught:
        decode_image(data)

    assert caught.value.title == "Unsupported image format"
    assert f"a {name} image" in caught.value.message
    assert "only JPEG and PNG" in caught.value.message


def test_html_page_rejected() -> None:
    data = b"  <!DOCTYPE html>\n<html><body>Sign in</body></html>"

    with pytest.raises(ImageDecodeError) as caught:
        decode_image(data)

    assert caught.value.title == "Image is a web page"
    assert "API key" in caught.value.message


def test_json_body_rejected() -> None:
    with pytest.raises(ImageDecodeError) as caught:
        decode_image(b'{"detail": "Not found."}')

    assert caught.value.title == "Unsupported image format"
    assert "JSON text" in caught.value.message


def test_empty_data_rejected() -> None:
    with pytest.raises(ImageDecodeError) as caught:
        decode_image(b"")

    assert caught.value.title == "Image is empty"
    assert str(caught.value) == caught.value.message


def test_garbage_rejected() -> None:
    with pytest.raises(ImageDecodeError) as caught:
        decode_image(bytes(range(256)) * 4)

    assert caught.value.title == "Unsupported image format"
    assert "1,024 bytes" in caught.value.message


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xd8\xff" + b"\x00" * 64,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    ],
    ids=["jpeg-signature", "png-signature"],
)
def test_garbage_after_signature_rejected(data: bytes) -> None:
    with pytest.raises(ImageDecodeError) as caught:
        decode_image(data)

    assert caught.value.title == "Image is damaged"


@pytest.mark.parametrize("fraction", [0.05, 0.5, 0.95])
def test_truncated_jpeg_rejected(fraction: float) -> None:
    data = encode(Image.effect_noise((128, 128), 60).convert("RGB"), "JPEG", quality=90)

    with pytest.raises(ImageDecodeError) as caught:
        decode_image(data[: int(len(data) * fraction)])

    assert caught.value.title == "Image is damaged"
    assert "truncated" in caught.value.message


def test_truncated_png_rejected() -> None:
    data = encode(Image.effect_noise((64, 64), 60), "PNG")

    with pytest.raises(ImageDecodeError) as caught:
        decode_image(data[: len(data) // 2])

    assert caught.value.title == "Image is damaged"


def test_png_header_claiming_huge_size_rejected() -> None:
    data = png_header_only(100_000, 100_000)

    with warnings.catch_warnings(record=True) as recorded:
        warnings.simplefilter("always")
        with pytest.raises(ImageDecodeError) as caught:
            decode_image(data)

    assert recorded == []
    assert caught.value.title == "Image is too large"
    assert "100000x100000" in caught.value.message


@pytest.mark.parametrize(
    "side",
    [11, 20],
    ids=["within-pillow-warning-range", "beyond-pillow-error-limit"],
)
def test_image_over_pixel_limit_rejected(monkeypatch: pytest.MonkeyPatch, side: int) -> None:
    # With a limit of 100 pixels, Pillow's Image.open warns for 101..200 pixels and
    # raises above 200. Both sizes must raise ImageDecodeError and emit no warning.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    data = encode(Image.new("RGB", (side, side)), "PNG")

    with warnings.catch_warnings(record=True) as recorded:
        warnings.simplefilter("always")
        with pytest.raises(ImageDecodeError) as caught:
            decode_image(data)

    assert recorded == []
    assert caught.value.title == "Image is too large"
    assert "100 pixels" in caught.value.message


def test_image_at_pixel_limit_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)

    decoded = decode_image(encode(Image.new("RGB", (10, 10)), "PNG"))

    assert decoded.size == (10, 10)


def test_pillow_pixel_limit_left_enabled() -> None:
    decode_image(encode(sample_rgb(), "PNG"))

    assert Image.MAX_IMAGE_PIXELS is not None


def test_png_zero_width_rejected() -> None:
    with pytest.raises(ImageDecodeError) as caught:
        decode_image(png_header_only(0, 10))

    assert caught.value.title == "Image is damaged"


def test_decoded_image_validates_length() -> None:
    with pytest.raises(ValueError, match="must be 12 bytes"):
        DecodedImage(width=2, height=2, rgb=b"\x00" * 11, format="PNG")
    with pytest.raises(ValueError, match="format"):
        DecodedImage(width=1, height=1, rgb=b"\x00" * 3, format="GIF")
    with pytest.raises(ValueError, match="at least 1x1"):
        DecodedImage(width=0, height=1, rgb=b"", format="PNG")
