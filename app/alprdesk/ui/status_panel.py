"""Status bar contents: a message, a busy indicator and a cancel button."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #a15c00; font-weight: bold;"


class StatusPanel(QWidget):
    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.message = QLabel("Ready")
        self.message.setObjectName("statusMessage")
        self.progress = QProgressBar()
        self.progress.setObjectName("searchProgress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.cancel = QPushButton("Cancel")
        self.cancel.setObjectName("cancelButton")
        self.cancel.setToolTip("Stop the running search (Esc)")
        self.cancel.clicked.connect(self.cancel_requested)
        self.cancel.hide()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.message, stretch=1)
        layout.addWidget(self.progress)
        layout.addWidget(self.cancel)

    def busy(self, text: str) -> None:
        self._set(text, "")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel.show()

    def show_progress(self, text: str, share: float) -> None:
        """Show a running search's progress; ``share`` of the work done, from 0 to 1."""
        self._set(text, "")
        self.progress.setRange(0, 1000)
        self.progress.setValue(round(max(0.0, min(share, 1.0)) * 1000))
        self.progress.show()
        self.cancel.show()

    def idle(self, text: str) -> None:
        self._set(text, "")
        self._stop()

    def warning(self, text: str) -> None:
        """Show a finished state the user must notice, such as a truncated result."""
        self._set(text, WARNING_STYLE)
        self._stop()

    def error(self, text: str) -> None:
        self._set(text, ERROR_STYLE)
        self._stop()

    def _set(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setToolTip(text)
        self.message.setStyleSheet(style)

    def _stop(self) -> None:
        self.progress.hide()
        self.cancel.hide()
