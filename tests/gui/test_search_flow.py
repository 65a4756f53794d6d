"""An investigator's flow: type a plate, search, select a read and see its crop."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from alprdesk.imaging import CropRect, plate_crop_rect
from alprdesk.plate_images import fetch_plate_crop
from alprdesk.scout import PlateGroup, ScoutClient, SearchQuery
from alprdesk.ui.main_window import MainWindow
from tests.gui.conftest import run_scenario, until
from tests.servers import DEMO_KEY

PLATE = 0  # the Plate column of plate reads


async def a_read_with_a_crop(url: str, plate: str = "") -> tuple[PlateGroup, CropRect]:
    """Return a read whose crop the demo serves plainly, and that crop's rectangle."""
    async with ScoutClient(url, DEMO_KEY) as client:
        start = datetime.now(UTC) - timedelta(days=7)
        query = SearchQuery(start=start, plate=plate, topn=200)
        for read in (await client.search_plates(query)).records:
            outcome = await fetch_plate_crop(client, read)
            if outcome.ok and not outcome.reason and outcome.rect is not None:
                return read, outcome.rect
    raise AssertionError("the demo server has no read with a crop")


async def a_plate_read_twice(url: str) -> str:
    async with ScoutClient(url, DEMO_KEY) as client:
        start = datetime.now(UTC) - timedelta(days=7)
        reads = (await client.search_plates(SearchQuery(start=start, topn=5000))).records
    plates = Counter(read.plate for read in reads)
    return next(plate for plate, count in plates.most_common() if count >= 2)


def row_of(window: MainWindow, read: PlateGroup) -> int:
    return next(row for row in range(window.model.rowCount()) if window.model.read_at(row) == read)


def test_search_select_and_see_crop(
    window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def scenario() -> None:
        assert window._client is not None
        plate = await a_plate_read_twice(window._client.base_url)
        typed = f"{plate[:3].lower()} {plate[3:]}"

        qtbot.keyClicks(window.form.plate, typed)
        qtbot.mouseClick(window.form.search_button, Qt.MouseButton.LeftButton)
        await until(lambda: window.model.rowCount() >= 2)

        plates = {window.model.read_at(row).plate for row in range(window.model.rowCount())}  # type: ignore[union-attr]
        assert plates == {plate}
        assert window.model.index(0, PLATE).data() == plate
        assert "found" in window.status.message.text()

        # A row other than the one selected after the search, so the wait
        # below can only end with this read's own crop.
        await until(lambda: "Loading" not in window.image_pane.note.text())
        row = 1
        read = window.model.read_at(row)
        assert read is not None
        expected = plate_crop_rect(read.corners, read.img_width, read.img_height)
        window.table.selectRow(row)
        await until(lambda: str(read.id) in window.image_pane.details.text())
        await until(lambda: "Loading" not in window.image_pane.note.text())

        assert read.plate in window.image_pane.title.text()
        if window.image_pane.image.has_image() and expected is not None:
            assert window.image_pane.image.image_size() == (expected.width, expected.height)
        else:
            assert window.image_pane.retry_button.isVisible()

    run_scenario(qloop, window, scenario)


def test_full_frame_toggle(window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    async def scenario() -> None:
        assert window._client is not None
        read, rect = await a_read_with_a_crop(window._client.base_url)
        qtbot.keyClicks(window.form.plate, read.plate)
        qtbot.mouseClick(window.form.search_button, Qt.MouseButton.LeftButton)
        await until(lambda: window.model.rowCount() > 0)
        window.table.selectRow(row_of(window, read))
        await until(lambda: window.image_pane.image.image_size() == (rect.width, rect.height))
        assert window.image_pane.note.text() == "Plate crop"

        # F with the table focused: the table's type-ahead must not take it.
        window.table.setFocus()
        qtbot.keyClick(window.table, Qt.Key.Key_F)
        await until(lambda: window.image_pane.note.text().startswith("Full frame"))

        assert window.image_pane.showing_full_frame
        assert window.image_pane.image.image_size() == (read.img_width, read.img_height)
        assert window.image_pane.frame_button.text() == "Show plate crop"
        assert window.model.read_at(window.table.currentIndex().row()) == read

        qtbot.keyClick(window.table, Qt.Key.Key_F)
        await until(lambda: window.image_pane.note.text() == "Plate crop")

    run_scenario(qloop, window, scenario)


def test_invalid_query_named_in_status(
    window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    window.form.period.setCurrentIndex(window.form.period.count() - 1)
    window.form.start.setDateTime(window.form.end.dateTime().addSecs(3600))

    qtbot.mouseClick(window.form.search_button, Qt.MouseButton.LeftButton)

    assert "end time must be after the start time" in window.status.message.text()
    assert window.model.rowCount() == 0


def test_request_in_flight_is_cancelled(
    window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    arrived = asyncio.Event()
    released = asyncio.Event()
    cancelled: list[bool] = []

    async def stall(request: httpx.Request) -> httpx.Response:
        arrived.set()
        try:
            await released.wait()
        except asyncio.CancelledError:
            cancelled.append(True)
            raise
        return httpx.Response(200, json=[])

    async def scenario() -> None:
        client = ScoutClient("http://127.0.0.1:1", DEMO_KEY, transport=httpx.MockTransport(stall))
        window._set_client(client)
        qtbot.mouseClick(window.form.search_button, Qt.MouseButton.LeftButton)
        await asyncio.wait_for(arrived.wait(), 10)
        assert window.status.cancel.isVisible()
        assert not window.form.search_button.isEnabled()

        qtbot.keyClick(window, Qt.Key.Key_Escape)
        await window.wait_search()
        await client.aclose()

        assert cancelled == [True]
        assert window.status.message.text() == "Search cancelled."
        assert window.form.search_button.isEnabled()
        assert not window.status.cancel.isVisible()

    run_scenario(qloop, window, scenario)


def test_empty_result_clears_image_pane(
    window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def scenario() -> None:
        qtbot.mouseClick(window.form.search_button, Qt.MouseButton.LeftButton)
        await until(lambda: window.model.rowCount() > 0)
        await until(lambda: window.image_pane.details.text() != "")

        window.form.plate.setText("NOSUCHPLATE")
        qtbot.keyClick(window.form.plate, Qt.Key.Key_Return)
        await until(lambda: "0 plate reads found" in window.status.message.text())

        assert window.model.rowCount() == 0
        assert window.image_pane.title.text() == "No read selected"
        assert not window.image_pane.image.has_image()
        assert window.image_pane.details.text() == ""

    run_scenario(qloop, window, scenario)


def test_truncated_result_is_flagged(
    window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def scenario() -> None:
        window.form.topn.setValue(10)
        qtbot.keyClick(window.form.topn, Qt.Key.Key_Return)
        await until(lambda: window.model.rowCount() > 0)

        assert window.model.rowCount() == 10
        assert "Max results (10) reached" in window.status.message.text()
        assert "bold" in window.status.message.styleSheet()

    run_scenario(qloop, window, scenario)


def test_enter_in_site_field_searches(
    window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def scenario() -> None:
        site_edit = window.form.site.lineEdit()
        assert site_edit is not None
        site = window.form.site.itemText(0)
        assert site
        qtbot.keyClicks(site_edit, site)
        qtbot.keyClick(site_edit, Qt.Key.Key_Return)
        await until(lambda: window.model.rowCount() > 0)

        assert window.form.site.currentText() == site
        assert {window.model.read_at(row).site for row in range(window.model.rowCount())} == {site}  # type: ignore[union-attr]

    run_scenario(qloop, window, scenario)


def scripted_client(routes: dict[str, httpx.Response]) -> ScoutClient:
    def handler(request: httpx.Request) -> httpx.Response:
        for prefix, response in routes.items():
            if request.url.path.startswith(prefix):
                return response
        return httpx.Response(404)

    return ScoutClient("http://127.0.0.1:1", DEMO_KEY, transport=httpx.MockTransport(handler))


ONE_READ = [
    {
        "pk": 41,
        "fields": {
            "best_plate": "OLD123",
            "agent_uid": "agent-1",
            "best_uuid": "uuid-41",
            "epoch_time_start": "2026-11-01T10:00:00Z",
            "img_width": 1280,
            "img_height": 720,
            "plate_x1": 600, "plate_y1": 400, "plate_x2": 700, "plate_y2": 400,
            "plate_x3": 700, "plate_y3": 440, "plate_x4": 600, "plate_y4": 440,
        },
    }
]  # fmt: skip


def test_deleted_image_offers_no_retry(
    window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    client = scripted_client(
        {"/api/search/plate": httpx.Response(200, json=ONE_READ), "/img/": httpx.Response(404)}
    )

    async def scenario() -> None:
        window._set_client(client)
        qtbot.mouseClick(window.form.search_button, Qt.MouseButton.LeftButton)
        await until(
            lambda: window.image_pane.note.text().startswith("The agent no longer has this image")
        )

        assert not window.image_pane.retry_button.isVisible()
        assert not window.image_pane.image.has_image()
        await client.aclose()

    run_scenario(qloop, window, scenario)


def test_failed_search_clears_old_results(
    window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    routes = {"/api/search/plate": httpx.Response(200, json=ONE_READ)}
    client = scripted_client(routes)

    async def scenario() -> None:
        window._set_client(client)
        qtbot.mouseClick(window.form.search_button, Qt.MouseButton.LeftButton)
        await until(lambda: window.model.rowCount() == 1)

        routes["/api/search/plate"] = httpx.Response(500)
        qtbot.mouseClick(window.form.search_button, Qt.MouseButton.LeftButton)
        await until(lambda: "Server error" in window.status.message.text())

        assert window.model.rowCount() == 0
        assert window.image_pane.title.text() == "No read selected"
        await client.aclose()

    run_scenario(qloop, window, scenario)
