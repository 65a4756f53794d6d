"""Plate image preparation, with a local crop when the server returned the full frame."""

from __future__ import annotations

import io
import logging
import math
from dataclasses import dataclass

from PIL import Image

from alprdesk.imaging.decode import DecodedImage, load_rgb_image
from alprdesk.imaging.geometry import CropRect

logger = logging.getLogger(__name__)

JPEG_QUALITY = 95
"""Pillow JPEG quality of re-encoded plate images."""

RESIZE_ASPECT_TOLERANCE = 0.01
"""Maximum relative aspect-ratio difference between a returned image and a resized frame."""

CROP_ASPECT_MIN_DIFFERENCE = 0.05
"""Minimum relative aspect-ratio difference between crop and frame to detect a resized frame."""


@dataclass(frozen=True)
class PlateImage:
    """Plate image ready to show and export.

    `rect` is the shown region in full-frame coordinates, or None when the full frame is
    shown. `full_frame` is True when no crop could be computed, which the UI marks.
    `cropped_locally` is True when the server ignored the crop and Pillow cropped the
    returned frame. `jpeg` contains JPEG bytes of exactly what `image` shows: the
    server's bytes when they are a JPEG that needs no local crop, else a re-encode at
    JPEG_QUALITY.
    """

    image: DecodedImage
    rect: CropRect | None
    full_frame: bool
    cropped_locally: bool
    jpeg: bytes


def server_ignored_crop(
    returned_size: tuple[int, int], frame_size: tuple[int, int], rect: CropRect
) -> bool:
    """Return True when the server returned the full frame in place of the requested crop.

    With a known frame size this is the case when the returned image has the frame's
    size. It is also the case for a frame resized by max_width: the returned aspect ratio
    is within RESIZE_ASPECT_TOLERANCE of the frame's, and the crop's aspect ratio differs
    from the frame's by more than CROP_ASPECT_MIN_DIFFERENCE. A crop that covers the
    whole frame is never reported as ignored.

    The frame size can be unknown (a dimension is not positive), or the returned size
    can be neither the frame size nor a resize of it. The crop then counts as ignored
    when the returned image is larger than the crop in both dimensions.
    """
    returned_width, returned_height = returned_size
    frame_width, frame_height = frame_size
    if returned_width < 1 or returned_height < 1:
        return False
    # NOTE: this test assumes that the server never enlarges a crop. A server that
    # scaled small crops up would be reported as having ignored them.
    larger_than_crop = returned_width > rect.width and returned_height > rect.height
    if frame_width < 1 or frame_height < 1:
        return larger_than_crop

    if rect.contains(CropRect(0, 0, frame_width, frame_height)):
        return False
    if returned_size == frame_size:
        return True

    frame_aspect = frame_width / frame_height
    returned_aspect = returned_width / returned_height
    crop_aspect = rect.width / rect.height
    if _relative_difference(returned_aspect, frame_aspect) <= RESIZE_ASPECT_TOLERANCE:
        return _relative_difference(crop_aspect, frame_aspect) > CROP_ASPECT_MIN_DIFFERENCE
    return larger_than_crop


def prepare_plate_image(
    data: bytes, rect: CropRect | None, frame_size: tuple[int, int]
) -> PlateImage:
    """Decode a plate image and crop it locally when the server ignored the crop.

    `rect` is the requested crop, or None when the full frame was requested because no
    crop could be computed. `frame_size` is the record's (img_width, img_height), with
    non-positive values when unknown. When the server returned a frame resized by
    max_width, the crop is scaled to the returned size. When the returned size differs
    from the record's frame size in another way, the crop is applied in returned-image
    pixels and clamped to the returned image. The function keeps no state, so callers
    can run it in worker threads.

    Raises ImageDecodeError when the data cannot be decoded.
    """
    image, image_format = load_rgb_image(data)
    if rect is None:
        return _whole_image(data, image, image_format, rect=None, full_frame=True)
    if not server_ignored_crop(image.size, frame_size, rect):
        return _whole_image(data, image, image_format, rect=rect, full_frame=False)

    local_crop = _local_crop(image.size, frame_size, rect)
    if local_crop is None:
        logger.warning(
            "Crop %s lies outside the returned %dx%d image (record frame %dx%d), "
            "so the full image is shown",
            rect.box,
            image.width,
            image.height,
            frame_size[0],
            frame_size[1],
        )
        return _whole_image(data, image, image_format, rect=None, full_frame=True)

    shown_rect, box = local_crop
    logger.debug(
        "Server returned a %dx%d image for crop %s, so it is cropped locally to %s",
        image.width,
        image.height,
        rect.box,
        box,
    )
    cropped = image.crop(box)
    return PlateImage(
        image=DecodedImage.from_rgb_image(cropped, image_format),
        rect=shown_rect,
        full_frame=False,
        cropped_locally=True,
        jpeg=_encode_jpeg(cropped),
    )


def _whole_image(
    data: bytes, image: Image.Image, image_format: str, *, rect: CropRect | None, full_frame: bool
) -> PlateImage:
    """Wrap the returned image without cropping, keeping the server's bytes if they are JPEG."""
    jpeg = data if image_format == "JPEG" else _encode_jpeg(image)
    return PlateImage(
        image=DecodedImage.from_rgb_image(image, image_format),
        rect=rect,
        full_frame=full_frame,
        cropped_locally=False,
        jpeg=jpeg,
    )


def _local_crop(
    returned_size: tuple[int, int], frame_size: tuple[int, int], rect: CropRect
) -> tuple[CropRect, tuple[int, int, int, int]] | None:
    """Return the shown part of `rect` and its box in returned-image pixels, or None if empty.

    The returned image is treated as a resized frame when its aspect ratio is within
    RESIZE_ASPECT_TOLERANCE of the frame's, and as the frame itself otherwise.
    """
    returned_width, returned_height = returned_size
    frame_width, frame_height = frame_size
    frame_known = frame_width > 0 and frame_height > 0
    resized = (
        frame_known
        and returned_size != frame_size
        and _relative_difference(returned_width / returned_height, frame_width / frame_height)
        <= RESIZE_ASPECT_TOLERANCE
    )
    if not resized:
        frame_width, frame_height = returned_width, returned_height

    shown_rect = _clamp(rect, frame_width, frame_height)
    if shown_rect is None:
        return None

    scale_x = returned_width / frame_width
    scale_y = returned_height / frame_height
    left = math.floor(shown_rect.x * scale_x)
    top = math.floor(shown_rect.y * scale_y)
    right = min(returned_width, math.ceil(shown_rect.right * scale_x))
    bottom = min(returned_height, math.ceil(shown_rect.bottom * scale_y))
    return shown_rect, (left, top, right, bottom)


def _clamp(rect: CropRect, width: int, height: int) -> CropRect | None:
    right = min(rect.right, width)
    bottom = min(rect.bottom, height)
    if right <= rect.x or bottom <= rect.y:
        return None
    return CropRect(rect.x, rect.y, right - rect.x, bottom - rect.y)


def _relative_difference(value: float, reference: float) -> float:
    return abs(value / reference - 1)


def _encode_jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()
