"""Loads the selected read's crop or frame into the image pane, one request at a time."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from alprdesk.plate_images import (
    IMAGE_NOT_FOUND,
    NO_IMAGE,
    CropOutcome,
    FrameOutcome,
    fetch_full_frame,
    fetch_plate_crop,
)
from alprdesk.scout import PlateGroup, ScoutClient
from alprdesk.ui.async_tools import start_task
from alprdesk.ui.formatting import describe_read, local_time, problem_text
from alprdesk.ui.image_pane import ImagePane

logger = logging.getLogger(__name__)

# Frames are shown scaled to the pane, so a larger download shows no more detail.
FRAME_MAX_WIDTH = 1920
CACHE_ENTRIES = 128

KeyT = TypeVar("KeyT", bound=Hashable)
ValueT = TypeVar("ValueT")


class SessionCache(Generic[KeyT, ValueT]):
    """Images kept for the session, at most ``max_entries``, least recently used dropped first."""

    def __init__(self, max_entries: int = CACHE_ENTRIES) -> None:
        self._entries: OrderedDict[KeyT, ValueT] = OrderedDict()
        self._max_entries = max_entries

    def get(self, key: KeyT) -> ValueT | None:
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
        return value

    def put(self, key: KeyT, value: ValueT) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)


class PlateImageLoader(QObject):
    """Fetches images for the pane; a new selection cancels the previous fetch.

    Successful images are cached for the session per server, read and view.
    Failures are not cached, so Retry requests the image again.
    """

    image_shown = Signal(int)  # plate group id
    image_failed = Signal(int, str)

    def __init__(self, pane: ImagePane) -> None:
        super().__init__(pane)
        self.pane = pane
        self._client: ScoutClient | None = None
        self._read: PlateGroup | None = None
        self._heading = ""
        self._task: asyncio.Task[None] | None = None
        self.camera_name: Callable[[PlateGroup], str] = lambda _read: ""
        self._cache: SessionCache[tuple[str, int, bool], CropOutcome | FrameOutcome] = (
            SessionCache()
        )
        pane.full_frame_toggled.connect(lambda _checked: self._reload())
        pane.retry_requested.connect(self._reload)

    def set_client(self, client: ScoutClient | None) -> None:
        self._client = client
        self.show_read(None)

    def show_read(self, read: PlateGroup | None, *, heading: str = "") -> None:
        """Load ``read``'s image; ``heading`` replaces the title, as for a candidate reading."""
        self._read = read
        self._heading = heading
        self._reload()

    def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    async def wait_idle(self) -> None:
        """Wait for the running fetch, for tests and shutdown."""
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    def _reload(self) -> None:
        self.cancel()
        read, client = self._read, self._client
        if read is None or client is None:
            self.pane.clear()
            return
        full_frame = self.pane.showing_full_frame
        title = (
            self._heading or f"{read.plate or '(no plate text)'} · {local_time(read.first_seen)}"
        )
        self.pane.show_loading(
            title,
            "full frame" if full_frame else "plate crop",
            describe_read(read, self.camera_name(read)),
        )
        self._task = start_task(self._load(client, read, full_frame))

    async def _load(self, client: ScoutClient, read: PlateGroup, full_frame: bool) -> None:
        key = (client.base_url, read.id, full_frame)
        outcome = self._cache.get(key)
        if outcome is None:
            if full_frame:
                outcome = await fetch_full_frame(client, read, max_width=FRAME_MAX_WIDTH)
            else:
                outcome = await fetch_plate_crop(client, read)
            if outcome.image is not None:
                self._cache.put(key, outcome)

        if outcome.image is None:
            reason = outcome.reason
            # An image the agent has deleted, or a read without one, never comes back.
            self.pane.show_problem(
                problem_text(reason, read.agent_uid),
                can_retry=reason not in (IMAGE_NOT_FOUND, NO_IMAGE),
            )
            self.image_failed.emit(read.id, reason)
            return
        if isinstance(outcome, FrameOutcome):
            self.pane.show_frame(outcome.image, outcome.outline, outcome.reason)
        else:
            self.pane.show_crop(outcome.image.image, outcome.reason)
        self.image_shown.emit(read.id)
