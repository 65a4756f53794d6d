"""Uncaught exceptions: logged with secrets masked, then shown in a dialog."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from alprdesk.redaction import redact

logger = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class CrashReporter(QObject):
    """Installs ``sys.excepthook`` and ``threading.excepthook``.

    qasync hands exceptions from async slots to ``sys.excepthook``, and
    ``start_task`` does the same for other tasks, so every failure ends here.
    Worker-thread failures reach the dialog through a queued signal.
    """

    crashed = Signal(str, str)  # summary, details

    def __init__(self, log_file: Path | None) -> None:
        super().__init__()
        self.log_file = log_file
        self.reports: list[str] = []
        # A dialog without a parent lives only as long as a Python reference to it.
        self._dialogs: list[QMessageBox] = []
        self._previous_hook: ExceptHook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        logger.critical("Uncaught exception", exc_info=(exc_type, exc, tb))
        details = redact("".join(traceback.format_exception(exc_type, exc, tb)))
        summary = redact(f"{exc_type.__name__}: {exc}")
        self.reports.append(summary)
        self.crashed.emit(summary, details)

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, summary: str, details: str) -> None:
        where = f"\n\nThe details are in the log file:\n{self.log_file}" if self.log_file else ""
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("ALPR Desk: unexpected error")
        box.setText(
            "ALPR Desk hit an unexpected error. Your search results are unchanged; "
            "the action that failed may need to be repeated."
        )
        box.setInformativeText(summary + where)
        box.setDetailedText(details)
        # Qt deletes the closed dialog from the event loop; the list drops it later.
        box.finished.connect(box.deleteLater)
        self._dialogs = [dialog for dialog in self._dialogs if shiboken6.isValid(dialog)]
        self._dialogs.append(box)
        box.open()
