"""The view that lets an investigator check an alert hit: hot-list plate, read plate and images."""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from alprdesk.plate_images import (
    IMAGE_NOT_FOUND,
    NO_IMAGE,
    fetch_full_frame,
    fetch_plate_crop,
)
from alprdesk.scout import AlertHit, PlateGroup, ScoutClient
from alprdesk.ui.async_tools import start_task
from alprdesk.ui.formatting import agent_label, confidence, local_time, problem_text
from alprdesk.ui.image_loader import FRAME_MAX_WIDTH, SessionCache
from alprdesk.ui.image_pane import to_qimage
from alprdesk.ui.plate_compare import PlateCompareWidget
from alprdesk.ui.zoom_view import WARNING_STYLE, ZoomPanel, ZoomView, zoom_command

logger = logging.getLogger(__name__)

RESOLVING = "Resolving the read…"
# Relative heights of the large and the small picture.
# The smaller picture keeps enough height for a plate crop to be read at a glance.
LARGE_SHARE, SMALL_SHARE = 3, 2
# A 1920x1080 frame takes 6.2 MB as RGB, so 24 frames and their crops stay near 150 MB.
CACHE_ENTRIES = 48


class ImageKind(enum.StrEnum):
    CROP = "crop"
    FRAME = "frame"


@dataclass(frozen=True)
class ShownImage:
    """A picture ready for a ZoomPanel, with a note on what is unusual about it."""

    image: QImage
    outline: list[tuple[float, float]] | None
    note: str
    title: str = ""  # replaces the panel's title, as for a frame shown in the crop's place


# Failures a retry cannot change: the agent deleted the image, or the read names none.
_FINAL = (IMAGE_NOT_FOUND, NO_IMAGE)


class VerificationView(QWidget):
    """An alert hit's hot-list plate compared with the read, the plate crop and the full frame.

    ``show_hit`` takes the hit and its resolved plate group, which may arrive
    later. Image failures are shown on the hit with a Retry button. Successful
    images are cached per server, plate group and kind for the session.
    """

    images_shown = Signal(int)  # alert hit id, once the crop and the frame are shown
    image_failed = Signal(int, str)  # alert hit id, reason from alprdesk.plate_images

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.camera_name: Callable[[PlateGroup], str] = lambda _group: ""
        self._client: ScoutClient | None = None
        self._hit: AlertHit | None = None
        self._group: PlateGroup | None = None
        self._group_problem = ""
        self._task: asyncio.Task[None] | None = None
        self._loads_started = False
        self._failed: dict[ImageKind, str] = {}
        # The crop is what a reviewer compares with the hot-list plate, so it starts large.
        self._frame_large = False
        self._cache: SessionCache[tuple[str, int, ImageKind], ShownImage] = SessionCache(
            CACHE_ENTRIES
        )

        self.compare = PlateCompareWidget()
        self.status = QLabel("")
        self.status.setObjectName("verificationStatus")
        self.status.setWordWrap(True)
        self.crop_panel = ZoomPanel("Plate crop")
        self.frame_panel = ZoomPanel("Full frame")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.crop_panel)
        self.splitter.addWidget(self.frame_panel)

        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        for name in ("Alert list", "Description", "Time", "Site", "Camera", "Agent", "Plate group"):
            value = QLabel("")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{name}:", value)
            self.fields[name] = value

        self.frame_button = QPushButton("")
        self.frame_button.clicked.connect(self.toggle_full_frame)
        self.retry_button = QPushButton("Retry")
        self.retry_button.setToolTip("Request the failed images again (R)")
        self.retry_button.clicked.connect(self.retry)
        self.retry_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.frame_button)
        buttons.addWidget(self.retry_button)
        buttons.addStretch()

        top = QHBoxLayout()
        top.addWidget(self.compare, stretch=1)
        details = QWidget()
        details.setLayout(form)
        details.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        top.addWidget(details, stretch=1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, stretch=1)
        layout.addLayout(buttons)

        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._apply_sizes()
        self._show_nothing()

    # Public API

    def set_client(self, client: ScoutClient | None) -> None:
        """Use ``client`` for images from now on and clear the view."""
        self._client = client
        self.show_hit(None, None)

    def show_hit(
        self, hit: AlertHit | None, group: PlateGroup | None, *, group_problem: str = ""
    ) -> None:
        """Show ``hit`` with its resolved plate ``group``, or the state of resolving it.

        Call it again when the group arrives or fails (``group_problem`` gives the
        reason). Calling it with the same hit and group keeps the running or
        finished image loads. A different hit cancels them.
        """
        unchanged = hit is not None and hit == self._hit and group == self._group
        self._hit, self._group, self._group_problem = hit, group, group_problem
        if hit is None:
            self.cancel()
            self._show_nothing()
            return

        self.setEnabled(True)
        self._show_texts(hit, group, group_problem)
        if unchanged and self._loads_started:
            return
        self.cancel()
        self._failed.clear()
        self._update_retry()
        if group is None:
            self._loads_started = False
            waiting = "Waiting for the read…" if not group_problem else "No read, so no image."
            self.crop_panel.show_message(waiting)
            self.frame_panel.show_message(waiting)
            return
        self._start_loads(hit, group, [ImageKind.CROP, ImageKind.FRAME])

    def retry(self) -> None:
        """Request the images whose last load failed again."""
        hit, group = self._hit, self._group
        kinds = [kind for kind, reason in self._failed.items() if reason not in _FINAL]
        if hit is None or group is None or not kinds:
            return
        if self._task is not None and not self._task.done():
            return
        for kind in kinds:
            del self._failed[kind]
        self._update_retry()
        self._start_loads(hit, group, kinds)

    def toggle_full_frame(self) -> None:
        """Switch which picture is shown large: the full frame or the plate crop."""
        self._frame_large = not self._frame_large
        self._apply_sizes()

    @property
    def showing_full_frame(self) -> bool:
        """Whether the full frame is the large picture."""
        return self._frame_large

    def zoom_in(self) -> None:
        self._zoom_target().zoom_in()

    def zoom_out(self) -> None:
        self._zoom_target().zoom_out()

    def reset_zoom(self) -> None:
        self._zoom_target().reset_zoom()

    def cancel(self) -> None:
        """Cancel the running image loads. Showing the same hit again then restarts them."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            self._loads_started = False
        self._task = None

    async def wait_idle(self) -> None:
        """Wait for the running image loads, for tests and shutdown."""
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    # Texts

    def _show_nothing(self) -> None:
        self._loads_started = False
        self._failed.clear()
        self.compare.clear()
        self._set_status("No alert hit selected")
        for field in self.fields.values():
            field.setText("")
        self.crop_panel.show_message("")
        self.frame_panel.show_message("")
        self._update_retry()
        self.setEnabled(False)

    def _show_texts(self, hit: AlertHit, group: PlateGroup | None, group_problem: str) -> None:
        if group is not None:
            self.compare.show_plates(hit.plate, group.best_plate)
            self._set_status("")
        elif group_problem:
            self.compare.show_hot_plate(hit.plate, "unknown")
            self._set_status(f"The read could not be resolved: {group_problem}", warning=True)
        else:
            self.compare.show_hot_plate(hit.plate, "not resolved yet")
            self._set_status(RESOLVING)

        self.fields["Alert list"].setText(hit.alert_group_name or "(not named)")
        self.fields["Description"].setText(hit.description)
        moment = hit.epoch_time or (group.first_seen if group is not None else None)
        self.fields["Time"].setText(local_time(moment))
        self.fields["Site"].setText(hit.site or (group.site if group is not None else ""))
        self.fields["Camera"].setText(self._camera_text(group))
        agent = hit.agent_uid or (group.agent_uid if group is not None else "")
        self.fields["Agent"].setText(agent_label(agent))
        self.fields["Plate group"].setText(self._group_text(hit, group))

    def _set_status(self, text: str, *, warning: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(WARNING_STYLE if warning else "")
        self.status.setVisible(bool(text))

    def _camera_text(self, group: PlateGroup | None) -> str:
        if group is None:
            return "unknown until the read is resolved"
        if group.camera is None:
            return "not recorded"
        name = self.camera_name(group)
        return f"{group.camera} ({name})" if name else str(group.camera)

    @staticmethod
    def _group_text(hit: AlertHit, group: PlateGroup | None) -> str:
        parts = [str(hit.plate_group_id) if hit.plate_group_id is not None else "not named"]
        if group is not None:
            parts += [f"image {group.best_uuid}" if group.best_uuid else "no image named"]
        parts.append(f"confidence {confidence(hit.confidence)}" if hit.confidence else "")
        return " · ".join(part for part in parts if part)

    # Images

    def _start_loads(self, hit: AlertHit, group: PlateGroup, kinds: list[ImageKind]) -> None:
        client = self._client
        if client is None:
            for kind in kinds:
                self._panel(kind).show_message("Not connected to a server.")
            return
        for kind in kinds:
            self._panel(kind).show_message("Loading…")
        self._loads_started = True
        self._task = start_task(self._load_all(client, hit, group, kinds))

    async def _load_all(
        self, client: ScoutClient, hit: AlertHit, group: PlateGroup, kinds: list[ImageKind]
    ) -> None:
        reasons = await asyncio.gather(*(self._load(client, group, kind) for kind in kinds))
        failures = [reason for reason in reasons if reason is not None]
        if failures:
            self.image_failed.emit(hit.id, failures[0])
        elif not self._failed:
            self.images_shown.emit(hit.id)

    async def _load(self, client: ScoutClient, group: PlateGroup, kind: ImageKind) -> str | None:
        """Load one picture into its panel and return the failure reason, or None."""
        key = (client.base_url, group.id, kind)
        picture = self._cache.get(key)
        if picture is None:
            reason, picture = await self._fetch(client, group, kind)
            if picture is None:
                self._failed[kind] = reason
                self._panel(kind).show_problem(problem_text(reason, group.agent_uid))
                self._update_retry()
                return reason
            self._cache.put(key, picture)
        self._panel(kind).show_image(
            picture.image, picture.outline, picture.note, title=picture.title
        )
        return None

    async def _fetch(
        self, client: ScoutClient, group: PlateGroup, kind: ImageKind
    ) -> tuple[str, ShownImage | None]:
        if kind is ImageKind.CROP:
            crop = await fetch_plate_crop(client, group)
            if crop.image is None:
                return crop.reason, None
            image = await asyncio.to_thread(to_qimage, crop.image.image)
            title = "Full frame in place of the crop" if crop.image.full_frame else ""
            return "", ShownImage(image, None, crop.reason, title)
        frame = await fetch_full_frame(client, group, max_width=FRAME_MAX_WIDTH)
        if frame.image is None:
            return frame.reason, None
        image = await asyncio.to_thread(to_qimage, frame.image)
        return "", ShownImage(image, frame.outline, frame.reason)

    def _update_retry(self) -> None:
        retryable = [reason for reason in self._failed.values() if reason not in _FINAL]
        self.retry_button.setVisible(bool(retryable))

    # Layout and keys

    def _panel(self, kind: ImageKind) -> ZoomPanel:
        return self.crop_panel if kind is ImageKind.CROP else self.frame_panel

    def _zoom_target(self) -> ZoomView:
        for panel in (self.crop_panel, self.frame_panel):
            if panel.view.hasFocus():
                return panel.view
        return self.frame_panel.view if self._frame_large else self.crop_panel.view

    def _apply_sizes(self) -> None:
        large, small = LARGE_SHARE * 1000, SMALL_SHARE * 1000
        if self._frame_large:
            self.splitter.setSizes([small, large])
            self.frame_button.setText("Enlarge plate crop (F)")
        else:
            self.splitter.setSizes([large, small])
            self.frame_button.setText("Enlarge full frame (F)")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Handle F, R and the zoom keys that no child widget and no window shortcut took.

        The view installs no shortcuts of its own, because a window action with the
        same key would make Qt treat both as ambiguous and trigger neither.
        """
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        command = zoom_command(event)
        if command is not None:
            command(self._zoom_target())
        elif plain and event.key() == Qt.Key.Key_F:
            self.toggle_full_frame()
        elif plain and event.key() == Qt.Key.Key_R:
            self.retry()
        else:
            super().keyPressEvent(event)
            return
        event.accept()
