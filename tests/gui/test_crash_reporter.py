"""Uncaught exceptions are logged with keys masked and shown in a dialog."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
import qasync
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from alprdesk.config.logs import setup_logging
from alprdesk.redaction import register_secret, unregister_secret
from alprdesk.ui.async_tools import start_task
from alprdesk.ui.crash import CrashReporter
from tests.gui.conftest import until

KEY = "crash-key-Tr4Vb8Kp"


def crash_dialog() -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            return widget
    return None


def test_exception_logged_and_shown(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    reporter = CrashReporter(tmp_path / "alprdesk.log")
    reporter.install()
    register_secret(KEY)
    try:
        try:
            raise RuntimeError(f"request to /api/search/plate?api_key={KEY} failed")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        qtbot.waitUntil(lambda: crash_dialog() is not None)
    finally:
        reporter.uninstall()
        unregister_secret(KEY)

    box = crash_dialog()
    assert box is not None
    assert "RuntimeError" in box.informativeText()
    assert str(tmp_path / "alprdesk.log") in box.informativeText()
    assert KEY not in box.informativeText()
    assert KEY not in box.detailedText()
    assert "Traceback" in box.detailedText()
    assert any(record.levelno == logging.CRITICAL for record in caplog.records)
    box.close()
    assert sys.excepthook is not reporter.handle


def test_task_exception_reaches_dialog(
    qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    reporter = CrashReporter(tmp_path / "alprdesk.log")
    reporter.install()

    async def fail() -> None:
        raise ValueError("broken step")

    async def scenario() -> None:
        start_task(fail())
        await until(lambda: crash_dialog() is not None)

    try:
        qloop.run_until_complete(scenario())
    finally:
        reporter.uninstall()

    box = crash_dialog()
    assert box is not None
    assert "ValueError: broken step" in box.informativeText()
    assert reporter.reports == ["ValueError: broken step"]
    box.close()


def test_log_file_traceback_masks_key(tmp_path: Path) -> None:
    log_file = tmp_path / "alprdesk.log"
    root = logging.getLogger()
    handlers_before = list(root.handlers)
    level_before = root.level
    reporter = CrashReporter(log_file)
    register_secret(KEY)
    try:
        setup_logging(log_file)
        try:
            raise RuntimeError(f"GET /img/a/b?api_key={KEY}")
        except RuntimeError:
            reporter.handle(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        for handler in root.handlers[len(handlers_before) :]:
            handler.close()
            root.removeHandler(handler)
        root.setLevel(level_before)
        logging.captureWarnings(False)
        unregister_secret(KEY)
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox):
            box.close()

    text = log_file.read_text()
    assert "Uncaught exception" in text
    assert "Traceback" in text
    assert "RuntimeError" in text
    assert KEY not in text
