"""Frame images as an agent serves them: cropped, scaled, missing, late or unreachable."""

from __future__ import annotations

import io
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from alprdesk.demo.params import ImageQuery
from alprdesk.demo.records import FrameImage, ImageStatus
from alprdesk.demo.render import render_scene
from alprdesk.demo.store import DemoStore

logger = logging.getLogger(__name__)

FRAME_CACHE_SIZE = 6  # a 1920x1080 RGB frame takes about 6 MB
OFFLINE_AGENT_DELAY_S = 1.0
NOT_YET_STORED_S = 2.0  # the freshest image appears this long after server start
JPEG_QUALITY = 85


class ImageRequestError(Exception):
    """An image request failed with an HTTP status and a plain-text message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class FrameCache:
    """Recently used full frames by image uuid, rendered or read from the photo folder."""

    def __init__(self, images_dir: Path | None, capacity: int = FRAME_CACHE_SIZE) -> None:
        self._images_dir = images_dir
        self._capacity = capacity
        self._frames: OrderedDict[str, Image.Image] = OrderedDict()
        self._lock = threading.Lock()

    def frame(self, image: FrameImage) -> Image.Image:
        """Return the full frame, which callers must not modify because it stays cached."""
        with self._lock:
            cached = self._frames.get(image.uuid)
            if cached is not None:
                self._frames.move_to_end(image.uuid)
                return cached
        frame = self._load(image)
        with self._lock:
            self._frames[image.uuid] = frame
            while len(self._frames) > self._capacity:
                self._frames.popitem(last=False)
        return frame

    def _load(self, image: FrameImage) -> Image.Image:
        if image.source_file is None or self._images_dir is None:
            return render_scene(image)
        path = self._images_dir / image.source_file
        try:
            with Image.open(path) as photo:
                return photo.convert("RGB")
        except OSError as error:  # includes PIL.UnidentifiedImageError
            logger.warning("Photo %s for image %s cannot be read: %s", path, image.uuid, error)
            raise ImageRequestError(404, f"Image not found: {image.uuid}") from error


class ImageService:
    """Look up a frame by uuid, apply the agent's behaviour for its status, crop and encode it."""

    def __init__(
        self,
        store: DemoStore,
        frames: FrameCache,
        seconds_since_start: Callable[[], float],
    ) -> None:
        self._store = store
        self._frames = frames
        self._seconds_since_start = seconds_since_start

    def jpeg(self, uuid: str, agent_uid: str | None, query: ImageQuery) -> bytes:
        """Return the JPEG bytes for the request, or raise ImageRequestError with 400, 404 or 504.

        ``agent_uid`` is None on the agent's own image service, which needs no agent id.
        """
        image = self._store.image(uuid)
        if image is None or (agent_uid is not None and agent_uid != image.agent_uid):
            raise ImageRequestError(404, f"Image not found: {uuid}")
        if image.status is ImageStatus.EXPIRED:
            raise ImageRequestError(
                404, f"Image not found: {uuid} was deleted from the agent's image buffer"
            )
        if image.status is ImageStatus.AGENT_OFFLINE:
            # NOTE: the agent's own route responds like the proxy here. A real offline agent
            # would not respond at all, so its clients see a connection error instead.
            time.sleep(OFFLINE_AGENT_DELAY_S)
            raise ImageRequestError(
                504, f"Gateway timeout: agent {image.agent_uid} did not respond"
            )
        not_yet_stored = image.status is ImageStatus.NOT_YET_STORED
        if not_yet_stored and self._seconds_since_start() < NOT_YET_STORED_S:
            raise ImageRequestError(404, f"Image not found: {uuid} is not stored yet")

        frame = self._frames.frame(image)
        result = crop_and_scale(frame, query)
        buffer = io.BytesIO()
        result.save(buffer, format="JPEG", quality=JPEG_QUALITY)
        return buffer.getvalue()


def crop_and_scale(frame: Image.Image, query: ImageQuery) -> Image.Image:
    """Crop the frame to the query's rectangle, clamped to the frame, then limit its width.

    Raises ImageRequestError 400 if no part of the rectangle lies inside the frame.
    """
    result = frame
    if query.crop is not None:
        x, y, width, height = query.crop
        left = max(0, x)
        top = max(0, y)
        right = min(frame.width, x + width)
        bottom = min(frame.height, y + height)
        if right <= left or bottom <= top:
            raise ImageRequestError(
                400,
                f"Invalid crop: x={x}, y={y}, width={width}, height={height} lies outside "
                f"the {frame.width}x{frame.height} frame.",
            )
        result = frame.crop((left, top, right, bottom))
    if query.max_width is not None and query.max_width < result.width:
        height = max(1, round(result.height * query.max_width / result.width))
        result = result.resize((query.max_width, height), Image.Resampling.LANCZOS)
    return result
