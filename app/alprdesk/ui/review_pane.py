"""The right side of the window: the selected row's images, or an alert hit's verification."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from alprdesk.scout import AlertHit, Candidate, PlateGroup, ScoutClient
from alprdesk.search.resolver import Resolution
from alprdesk.search.rows import ResultRow
from alprdesk.ui.formatting import confidence, local_time
from alprdesk.ui.image_loader import PlateImageLoader
from alprdesk.ui.image_pane import ImagePane
from alprdesk.ui.verification_view import VerificationView


class ReviewPane(QStackedWidget):
    """Shows plate reads and candidates in the image pane and alert hits in the
    verification view, and follows the row's plate group as it resolves."""

    group_retry_requested = Signal(int)  # plate group id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image_pane = ImagePane()
        self.images = PlateImageLoader(self.image_pane)
        self.verification = VerificationView()
        self.addWidget(self.image_pane)
        self.addWidget(self.verification)
        self._row: ResultRow | None = None
        self.image_pane.retry_requested.connect(self._retry_group)

    def set_camera_names(self, camera_name: Callable[[PlateGroup], str]) -> None:
        self.images.camera_name = camera_name
        self.verification.camera_name = camera_name

    def set_client(self, client: ScoutClient | None) -> None:
        self._row = None
        self.images.set_client(client)
        self.verification.set_client(client)

    @property
    def row(self) -> ResultRow | None:
        return self._row

    @property
    def reviewing_hits(self) -> bool:
        return self.currentWidget() is self.verification

    def show_row(self, row: ResultRow | None) -> None:
        """Show ``row``; rows of alert hits open the verification view."""
        self._row = row
        if row is not None and isinstance(row.record, AlertHit):
            self.images.show_read(None)
            self.setCurrentWidget(self.verification)
            problem = f"{row.group_problem} Press R to retry." if row.group_problem else ""
            self.verification.show_hit(row.record, row.group, group_problem=problem)
            return
        self.verification.show_hit(None, None)
        self.setCurrentWidget(self.image_pane)
        if row is None or row.group is not None:
            self.images.show_read(row.group if row is not None else None, heading=_heading(row))
            return
        self.images.show_read(None)
        title = f"{row.record.plate} · {local_time(row.time)}"
        if row.group_problem:
            self.image_pane.show_loading(title, "", "")
            self.image_pane.show_problem(row.group_problem, can_retry=True)
        else:
            self.image_pane.show_loading(title, "the read", "Fetching the plate group…")

    def group_resolved(self, resolution: Resolution) -> None:
        """Show a newly resolved group if it belongs to the row on show."""
        row = self._row
        if row is not None and row.group_id == resolution.group_id:
            self.show_row(row)

    def toggle_full_frame(self) -> None:
        if self.reviewing_hits:
            self.verification.toggle_full_frame()
        else:
            self.image_pane.frame_button.toggle()

    def zoom_in(self) -> None:
        self._zoom_target().zoom_in()

    def zoom_out(self) -> None:
        self._zoom_target().zoom_out()

    def reset_zoom(self) -> None:
        self._zoom_target().reset_zoom()

    def retry(self) -> None:
        row = self._row
        if row is not None and row.group is None and row.group_problem:
            self._retry_group()
        elif self.reviewing_hits:
            self.verification.retry()
        else:
            self.image_pane.retry_if_failed()

    def cancel(self) -> None:
        self.images.cancel()
        self.verification.cancel()

    async def wait_idle(self) -> None:
        await asyncio.gather(self.images.wait_idle(), self.verification.wait_idle())

    def _zoom_target(self) -> ImagePane | VerificationView:
        return self.verification if self.reviewing_hits else self.image_pane

    def _retry_group(self) -> None:
        row = self._row
        if row is not None and row.group is None and row.group_id is not None:
            row.group_problem = ""
            self.show_row(row)
            self.group_retry_requested.emit(row.group_id)


def _heading(row: ResultRow | None) -> str:
    """Name a candidate reading in the pane's title, since the image is its read's."""
    if row is None or not isinstance(row.record, Candidate) or row.group is None:
        return ""
    reading = row.record
    score = confidence(reading.confidence) or "no confidence"
    return (
        f"Reading {reading.plate or '(none)'} ({score}) of read "
        f"{row.group.best_plate or '(no plate text)'} · {local_time(row.time)}"
    )
