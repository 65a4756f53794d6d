"""Fetch a plate group's crop or full frame, with the reason when there is none."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from alprdesk.imaging import (
    CropRect,
    DecodedImage,
    ImageDecodeError,
    PlateImage,
    decode_image,
    plate_crop_rect,
    plate_outline,
    prepare_plate_image,
)
from alprdesk.scout import (
    NotFoundError,
    PlateGroup,
    RequestTimeoutError,
    ScoutClient,
    ScoutError,
    ServerError,
)

logger = logging.getLogger(__name__)

ResultT = TypeVar("ResultT")

# A returned crop whose aspect ratio is this close to the requested one is a
# server-side max_width resize, not a wrong image.
SHAPE_TOLERANCE = 0.05
FRESH_READ_SECONDS = 120
FRESH_READ_RETRIES = 3
FRESH_READ_RETRY_DELAY = 1.0

NO_IMAGE = "the record names no image"
IMAGE_NOT_FOUND = "image not found: the agent no longer keeps it (agents delete the oldest first)"
IMAGE_NOT_STORED_YET = "image not stored yet: the agent has not sent it; retry in a moment"
AGENT_OFFLINE = "agent offline: the server could not fetch the image from it"
PARTLY_OUTSIDE = "plate partly outside the picture: only the part inside can be shown"


@dataclass(frozen=True)
class CropOutcome:
    """A plate crop, or ``reason`` saying why there is none.

    With an image, ``reason`` notes how it was made ("cropped locally").
    """

    image: PlateImage | None
    rect: CropRect | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.image is not None


@dataclass(frozen=True)
class FrameOutcome:
    """A full frame with the plate outline scaled to it, or the reason there is none."""

    image: DecodedImage | None
    outline: list[tuple[float, float]] | None
    reason: str


async def fetch_plate_crop(
    client: ScoutClient, group: PlateGroup, *, max_width: int | None = None
) -> CropOutcome:
    """Fetch the crop of ``group``'s plate, or its full frame when the corners are unusable.

    Image failures become a reason, not an exception, because a missing image
    is a normal state of a read: agents delete old images and go offline.
    """
    if not group.agent_uid or not group.best_uuid:
        return CropOutcome(None, None, NO_IMAGE)

    rect = plate_crop_rect(group.corners, group.img_width, group.img_height)
    frame_size = (group.img_width, group.img_height)

    async def load() -> PlateImage:
        data = await client.image(group.agent_uid, group.best_uuid, crop=rect, max_width=max_width)
        return await asyncio.to_thread(prepare_plate_image, data, rect, frame_size)

    image, reason = await _attempt(load, group)
    if image is None:
        return CropOutcome(None, rect, reason)
    if image.full_frame:
        reason = "full frame: the plate corners do not outline a plate"
    elif image.cropped_locally:
        reason = "cropped locally: the server returned the full frame"
    elif _partly_outside(group):
        reason = PARTLY_OUTSIDE
    elif image.rect is not None and not _same_shape(image.image, image.rect):
        reason = (
            f"unexpected image size: the server returned {image.image.width}x"
            f"{image.image.height} pixels for a {image.rect.width}x{image.rect.height} crop"
        )
    return CropOutcome(image, image.rect, reason)


async def fetch_full_frame(
    client: ScoutClient, group: PlateGroup, *, max_width: int | None = None
) -> FrameOutcome:
    """Fetch ``group``'s full frame and its plate outline in the returned image's pixels."""
    if not group.agent_uid or not group.best_uuid:
        return FrameOutcome(None, None, NO_IMAGE)

    async def load() -> DecodedImage:
        data = await client.image(group.agent_uid, group.best_uuid, max_width=max_width)
        return await asyncio.to_thread(decode_image, data)

    image, reason = await _attempt(load, group)
    if image is None:
        return FrameOutcome(None, None, reason)

    outline = plate_outline(group.corners, group.img_width, group.img_height)
    if outline is not None and group.img_width > 0 and image.width != group.img_width:
        scale = image.width / group.img_width
        outline = [(x * scale, y * scale) for x, y in outline]
    if outline is None:
        reason = "no outline: the plate corners do not outline a plate"
    elif _partly_outside(group):
        reason = PARTLY_OUTSIDE
    return FrameOutcome(image, outline, reason)


def _partly_outside(group: PlateGroup) -> bool:
    """Return whether a plate corner lies outside the frame, so the plate is cut off."""
    if group.img_width <= 0 or group.img_height <= 0:
        return False
    return any(
        not (0 <= x <= group.img_width and 0 <= y <= group.img_height) for x, y in group.corners
    )


def _same_shape(image: DecodedImage, rect: CropRect) -> bool:
    """Return whether ``image`` is the crop ``rect``, full size or scaled by max_width."""
    if (image.width, image.height) == (rect.width, rect.height):
        return True
    if image.width > rect.width or image.height > rect.height:
        return False
    return abs(image.width / image.height - rect.width / rect.height) <= SHAPE_TOLERANCE * (
        rect.width / rect.height
    )


async def _attempt(
    load: Callable[[], Awaitable[ResultT]], group: PlateGroup
) -> tuple[ResultT | None, str]:
    """Run ``load``, turning image failures into reasons.

    Agents store an image a moment after the read reaches the server, so a
    404 for a read seen in the last ``FRESH_READ_SECONDS`` is retried.
    """
    fresh = _is_fresh(group)
    for attempt in range(FRESH_READ_RETRIES + 1):
        image, reason = await _attempt_once(load, group)
        if reason != IMAGE_NOT_FOUND or not fresh:
            return image, reason
        if attempt < FRESH_READ_RETRIES:
            logger.info("Image of fresh plate group %s not stored yet; retrying", group.id)
            await asyncio.sleep(FRESH_READ_RETRY_DELAY)
    return None, IMAGE_NOT_STORED_YET


def _is_fresh(group: PlateGroup) -> bool:
    seen = group.last_seen
    if seen is None:
        return False
    return datetime.now(UTC) - seen < timedelta(seconds=FRESH_READ_SECONDS)


async def _attempt_once(
    load: Callable[[], Awaitable[ResultT]], group: PlateGroup
) -> tuple[ResultT | None, str]:
    try:
        return await load(), ""
    except NotFoundError:
        return None, IMAGE_NOT_FOUND
    except (ServerError, RequestTimeoutError):
        return None, AGENT_OFFLINE
    except ImageDecodeError as exc:
        return None, f"image unreadable: {exc.message}"
    except ScoutError as exc:
        logger.warning("Image of plate group %s failed: %s", group.id, exc)
        return None, f"image failed: {exc.message}"
