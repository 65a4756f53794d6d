"""An investigator's flow: type a plate, search, select a read and see its crop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from alprdesk.plate_images import fetch_plate_crop
from alprdesk.scout import PlateGroup, ScoutClient, SearchQuery
from alprdesk.ui.main_window import MainWindow
from alprdesk.ui.results_model import PLATE
from tests.gui.conftest import until
from tests.servers import DEMO_KEY


async def a_read_with_a_crop(url: str) -> PlateGroup:
    async with ScoutClient(url, DEMO_KEY) as client:
        start = datetime.now(UTC) - timedelta(days=7)
        reads = (await client.search_plates(SearchQuery(start=start, topn=200))).records
        for read in reads:
            if (
                read.img_width
                and any(read.corners[0])
                and (await fetch_plate_crop(client, read)).ok
            ):
                return read
    raise AssertionError("the demo server has no read with a crop")


def row_of(window: MainWindow, read: PlateGroup) -> int:
    return next(row for row in range(window.model.rowCount()) if window.model.read_at(row) == read)


def test_search_select_and_see_crop(
    window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def scenario() -> None:
        assert window._client is not None
        read = await a_read_with_a_crop(window._client.base_url)
        typed = f"{read.plate[:3].lower()} {read.plate[3:]}"

        qtbot.keyClicks(window.form.plate, typed)
        qtbot.mouseClick(window.form.search_button, Qt.MouseButton.LeftButton)
        await until(lambda: window.model.rowCount() > 0)

        plates = {window.model.read_at(row).plate for row in range(window.model.rowCount())}  # type: ignore[union-attr]
        assert plates == {read.plate}
        assert window.model.index(0, PLATE).data() == read.plate
        assert "found" in window.status.message.text()

        window.table.selectRow(row_of(window, read))
        await until(window.image_pane.image.has_image)

        assert window.image_pane.note.text() == "Plate crop"
        assert read.plate in window.image_pane.title.text()

    qloop.run_until_complete(scenario())


def test_full_frame_toggle(window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    async def scenario() -> None:
        assert window._client is not None
        read = await a_read_with_a_crop(window._client.base_url)
        qtbot.keyClicks(window.form.plate, read.plate)
        qtbot.mouseClick(window.form.search_button, Qt.MouseButton.LeftButton)
        await until(lambda: window.model.rowCount() > 0)
        window.table.selectRow(row_of(window, read))
        await until(window.image_pane.image.has_image)

        qtbot.keyClick(window, Qt.Key.Key_F)
        await until(lambda: window.image_pane.note.text().startswith("Full frame"))

        assert window.image_pane.showing_full_frame
        assert window.image_pane.image.has_image()
        assert window.image_pane.frame_button.text() == "Show plate crop"

    qloop.run_until_complete(scenario())


def test_invalid_query_named_in_status(
    window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    window.form.period.setCurrentIndex(window.form.period.count() - 1)
    window.form.start.setDateTime(window.form.end.dateTime().addSecs(3600))

    qtbot.mouseClick(window.form.search_button, Qt.MouseButton.LeftButton)

    assert "end time must be after the start time" in window.status.message.text()
    assert window.model.rowCount() == 0


def test_search_can_be_cancelled(
    window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def scenario() -> None:
        window.form.topn.setValue(5000)
        qtbot.mouseClick(window.form.search_button, Qt.MouseButton.LeftButton)
        assert window.status.cancel.isVisible()

        qtbot.mouseClick(window.status.cancel, Qt.MouseButton.LeftButton)
        await window.wait_search()

        assert window.status.message.text() == "Search cancelled."
        assert window.form.search_button.isEnabled()
        assert not window.status.cancel.isVisible()

    qloop.run_until_complete(scenario())
