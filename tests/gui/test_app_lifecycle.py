"""The whole app on its demo server: start, first search, crop, and a clean stop."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from alprdesk.config import AppPaths
from alprdesk.ui.app import DEMO_PROFILE, run_window
from alprdesk.ui.main_window import MainWindow
from tests.gui.conftest import until


def main_window() -> MainWindow | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            return widget
    return None


def test_demo_run_shows_reads_and_stops_child(qloop: qasync.QEventLoop) -> None:
    async def scenario() -> str:
        running = asyncio.ensure_future(run_window(AppPaths.default(), demo=True))
        await until(lambda: main_window() is not None)
        window = main_window()
        assert window is not None

        await until(lambda: window.model.rowCount() > 0, seconds=90)
        profile = window.profiles.get(DEMO_PROFILE)
        assert profile is not None
        assert profile.base_url.startswith("http://127.0.0.1:")
        assert "plate reads found" in window.status.message.text()
        assert window.windowTitle() == f"ALPR Desk: {DEMO_PROFILE}"
        # The first read is selected: it shows a crop, or states why it cannot.
        await until(lambda: "Loading" not in window.image_pane.note.text(), seconds=30)
        assert window.image_pane.title.text() != "No read selected"
        assert window.image_pane.image.has_image() or window.image_pane.retry_button.isVisible()

        window.close()
        assert await running == 0
        window.deleteLater()
        return profile.base_url

    url = qloop.run_until_complete(scenario())

    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{url}/api/agents/", timeout=2)  # noqa: S310 - loopback URL
