"""The pane that shows the selected read's plate crop or full frame."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from alprdesk.imaging import DecodedImage
from alprdesk.ui.zoom_view import WARNING_STYLE, ZoomView


def to_qimage(image: DecodedImage) -> QImage:
    """Copy decoded RGB pixels into a QImage that owns its buffer."""
    wrapped = QImage(
        image.rgb, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888
    )
    return wrapped.copy()


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


class ImagePane(QWidget):
    """Crop or full frame of the selected read, with a line saying what is shown."""

    full_frame_toggled = Signal(bool)
    retry_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel("No read selected")
        self.title.setObjectName("imageTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)

        self.image = ZoomView()
        self.image.setObjectName("plateImage")
        self.image.setToolTip("Ctrl++ and Ctrl+- zoom, Ctrl+0 fits, drag to pan when zoomed")
        self.note = QLabel("")
        self.note.setObjectName("imageNote")
        self.note.setWordWrap(True)
        self.details = QLabel("")
        self.details.setObjectName("readDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.frame_button = QPushButton("Show full frame")
        self.frame_button.setCheckable(True)
        self.frame_button.setToolTip("Show the whole picture with the plate outlined (F)")
        self.frame_button.toggled.connect(self._frame_toggled)
        self.retry_button = QPushButton("Retry")
        self.retry_button.setToolTip("Fetch the image again (R)")
        self.retry_button.clicked.connect(self.retry_requested)
        self.retry_button.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.frame_button)
        buttons.addWidget(self.retry_button)
        buttons.addStretch()

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.image, stretch=1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.details_area = QScrollArea()
        self.details_area.setWidget(self.details)
        self.details_area.setWidgetResizable(True)
        self.details_area.setFrameShape(QFrame.Shape.NoFrame)
        self.details_area.setMaximumHeight(200)
        layout.addWidget(self.details_area)
        self.setEnabled(False)

    @property
    def showing_full_frame(self) -> bool:
        return self.frame_button.isChecked()

    def clear(self) -> None:
        self.title.setText("No read selected")
        self.image.set_image(None)
        self._set_note("")
        self.details.setText("")
        self.setEnabled(False)

    def show_loading(self, title: str, what: str, details: str = "") -> None:
        self.setEnabled(True)
        self.title.setText(title)
        self.details.setText(details)
        self.details_area.verticalScrollBar().setValue(0)
        self.image.set_image(None)
        self._set_note(f"Loading {what}…")

    def image_size(self) -> tuple[int, int] | None:
        """Pixel size of the crop or frame shown, before zooming, or None."""
        return self.image.image_size()

    def zoom_in(self) -> None:
        self.image.zoom_in()

    def zoom_out(self) -> None:
        self.image.zoom_out()

    def reset_zoom(self) -> None:
        self.image.reset_zoom()

    def show_crop(self, image: DecodedImage, note: str) -> None:
        """Show a crop. A non-empty ``note`` describes what is unusual about it."""
        self.image.set_image(to_qimage(image))
        self._set_note(_sentence(note) if note else "Plate crop", warning=bool(note))

    def show_frame(
        self, image: DecodedImage, outline: list[tuple[float, float]] | None, note: str
    ) -> None:
        self.image.set_image(to_qimage(image), outline)
        self._set_note(
            _sentence(note) if note else "Full frame, plate outlined in red", warning=bool(note)
        )

    def show_problem(self, reason: str, *, can_retry: bool = True) -> None:
        self.image.set_image(None)
        self._set_note(_sentence(reason), can_retry=can_retry, warning=True)

    def retry_if_failed(self) -> None:
        if self.retry_button.isVisible():
            self.retry_requested.emit()

    def _set_note(self, text: str, *, can_retry: bool = False, warning: bool = False) -> None:
        self.note.setText(text)
        self.note.setStyleSheet(WARNING_STYLE if warning else "")
        self.retry_button.setVisible(can_retry)

    def _frame_toggled(self, checked: bool) -> None:
        self.frame_button.setText("Show plate crop" if checked else "Show full frame")
        self.full_frame_toggled.emit(checked)
