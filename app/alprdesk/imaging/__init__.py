"""Plate crop geometry, JPEG and PNG decoding, and local cropping of plate images."""

from alprdesk.imaging.crop import PlateImage, prepare_plate_image, server_ignored_crop
from alprdesk.imaging.decode import (
    ACCEPTED_FORMATS,
    DecodedImage,
    ImageDecodeError,
    decode_image,
)
from alprdesk.imaging.geometry import (
    PLATE_PADDING_X,
    PLATE_PADDING_Y,
    CropRect,
    plate_crop_rect,
    plate_outline,
)

__all__ = [
    "ACCEPTED_FORMATS",
    "PLATE_PADDING_X",
    "PLATE_PADDING_Y",
    "CropRect",
    "DecodedImage",
    "ImageDecodeError",
    "PlateImage",
    "decode_image",
    "plate_crop_rect",
    "plate_outline",
    "prepare_plate_image",
    "server_ignored_crop",
]
