"""Uncaught exceptions are logged with keys masked and shown in a dialog."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from alprdesk.redaction import register_secret, unregister_secret
from alprdesk.ui.crash import CrashReporter

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
