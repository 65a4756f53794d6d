"""Main-window attacks: cancel, mode switches, sorting and the UTC switch while groups resolve.

Each test connects the window to a ``MockScout`` client, so the server can hold,
fail or misanswer any request while the user keeps working.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

import httpx
import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from alprdesk.scout import AlertHit, Candidate, PlateGroup, ScoutClient, SearchKind
from alprdesk.ui.formatting import show_utc, showing_utc
from alprdesk.ui.main_window import MainWindow
from alprdesk.ui.verification_view import RESOLVING
from tests.gui.conftest import settle, until
from tests.hostile.search_mock import (
    MockScout,
    alert_record,
    candidate_record,
    plate_record,
)

NOW = datetime.now(UTC)
FETCHING_GROUP = "Fetching the plate group…"


def hours_ago(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)


class Attached:
    """A window connected to a mock server.

    After the test every gate opens, so no held request outlives it, and the
    client is closed.
    """

    def __init__(self, window: MainWindow, server: MockScout, loop: qasync.QEventLoop) -> None:
        self.window = window
        self.server = server
        self.loop = loop
        self.client: ScoutClient | None = None
        self.gates: list[asyncio.Event] = []

    def gate(self) -> asyncio.Event:
        """Return an event that held requests wait for. The test may leave it unset."""
        event = asyncio.Event()
        self.gates.append(event)
        return event

    def connect(self) -> MainWindow:
        self.client = self.server.client()
        self.window._set_client(self.client)
        return self.window

    def run(self, scenario: Any) -> None:
        async def run() -> None:
            await scenario()
            await settle(self.window)

        self.loop.run_until_complete(run())


@pytest.fixture
def server() -> MockScout:
    return MockScout()


@pytest.fixture
def attached(
    bare_window: MainWindow, server: MockScout, qloop: qasync.QEventLoop
) -> Iterator[Attached]:
    harness = Attached(bare_window, server, qloop)
    yield harness

    async def close_client() -> None:
        for gate in harness.gates:
            gate.set()
        await settle(bare_window)
        if harness.client is not None:
            await harness.client.aclose()

    qloop.run_until_complete(close_client())


@pytest.fixture
def utc_off() -> Iterator[None]:
    """Restore the window-wide time zone choice that a test switches."""
    yield
    show_utc(False)


def press(
    qtbot: QtBot,
    window: MainWindow,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press a key where the focus is, as a user would; shortcuts are window-wide."""
    target = QGuiApplication.focusObject()
    widget = target if target is not None and target.isWidgetType() else window.table
    qtbot.keyClick(widget, key, modifier)  # type: ignore[no-untyped-call]


def is_search(request: httpx.Request, kind: SearchKind | None = None) -> bool:
    path = request.url.path
    if kind is not None:
        return path == f"/api/search/{kind.value}"
    return path.startswith("/api/search/")


def is_detail(request: httpx.Request) -> bool:
    return request.url.path.startswith("/api/detail/")


async def spin(steps: int = 50) -> None:
    for _ in range(steps):
        await asyncio.sleep(0)


def column_texts(window: MainWindow, key: str) -> list[str]:
    column = window.model.column_of(key)
    return [window.model.index(row, column).data() for row in range(window.model.rowCount())]


def five_reads() -> list[dict[str, Any]]:
    return [plate_record(index, f"AB{index:04d}", hours_ago(index)) for index in range(1, 6)]


# Cancel and close


@pytest.mark.parametrize("focus", ["plate", "table"])
def test_escape_cancels_long_search(
    attached: Attached, server: MockScout, qtbot: QtBot, focus: str
) -> None:
    # The server ignores the window, so the search splits it again and again.
    # From the fourth request on, the server never responds.
    never = attached.gate()

    async def stall(request: httpx.Request) -> None:
        if len(server.search_requests) >= 4:
            await never.wait()

    server.plates = five_reads()
    server.honor_window = False
    server.hold = stall
    window = attached.connect()

    async def scenario() -> None:
        window.activateWindow()
        window.form.topn.setValue(5)
        window.form.plate.setFocus()
        press(qtbot, window, Qt.Key.Key_Return)
        await until(lambda: len(server.search_requests) >= 4)
        assert window.status.cancel.isVisible()
        assert not window.form.search_button.isEnabled()

        if focus == "table":
            window.table.setFocus()
        press(qtbot, window, Qt.Key.Key_Escape)
        await until(lambda: not window.searches.running)
        sent = server.requests
        await spin()

        assert window.status.message.text() == "Search cancelled."
        assert not window.status.cancel.isVisible()
        assert not window.status.progress.isVisible()
        assert window.form.search_button.isEnabled()
        assert server.requests == sent
        assert server.running == 0

    attached.run(scenario)


def test_close_during_search_leaves_no_errors(
    attached: Attached,
    server: MockScout,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # When the window closes, a candidate row of a first search waits for its
    # group, and a second search waits for its response.
    never = attached.gate()
    crashes: list[BaseException] = []

    def record_crash(
        kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        crashes.append(error)

    async def stall(request: httpx.Request) -> None:
        if is_detail(request) or len(server.search_requests) >= 2:
            await never.wait()

    monkeypatch.setattr(sys, "excepthook", record_crash)
    server.plates = five_reads()
    server.candidates = [
        candidate_record(20 + index, f"AB{index:04d}", hours_ago(index), group=index)
        for index in range(1, 6)
    ]
    server.hold = stall
    window = attached.connect()

    async def scenario() -> None:
        window.form.set_mode(SearchKind.CANDIDATES)
        window.start_search()
        await until(lambda: window.model.rowCount() == 5)
        await until(lambda: server.running_details > 0)
        window.start_search()
        await until(lambda: len(server.search_requests) == 2)
        window.table.selectRow(2)
        await until(lambda: server.running_details == 1 and server.running == 2)

        with caplog.at_level(logging.WARNING):
            window.close()
            await spin()
            await settle(window)
            await spin()

        assert server.running == 0
        assert crashes == []
        assert [record.getMessage() for record in caplog.records] == []

    attached.run(scenario)


# Modes and stale work


def test_mode_switch_mid_search_shows_latest(attached: Attached, server: MockScout) -> None:
    plates_released = attached.gate()

    async def hold_plates(request: httpx.Request) -> None:
        if is_search(request, SearchKind.PLATES):
            await plates_released.wait()

    server.plates = five_reads()
    server.alerts = [alert_record(30, "AB0001", hours_ago(1), group=1)]
    server.hold = hold_plates
    window = attached.connect()

    async def scenario() -> None:
        window.start_search()
        await until(lambda: len(server.search_requests) == 1)

        window.form.set_mode(SearchKind.ALERTS)
        window.start_search()
        await until(lambda: window.model.kind is SearchKind.ALERTS)
        await until(lambda: window.model.rowCount() == 1)
        plates_released.set()
        await spin()
        await settle(window)

        assert window.model.kind is SearchKind.ALERTS
        assert isinstance(window.model.row_at(0).record, AlertHit)  # type: ignore[union-attr]
        assert window.status.message.text().startswith("1 alert hit found.")
        assert window.review.reviewing_hits
        assert server.running == 0

    attached.run(scenario)


def test_new_search_cancels_old_group_requests(attached: Attached, server: MockScout) -> None:
    details_released = attached.gate()

    async def hold_details(request: httpx.Request) -> None:
        if is_detail(request):
            await details_released.wait()

    server.plates = [
        plate_record(index, f"AB{index:04d}", hours_ago(index)) for index in range(1, 41)
    ]
    server.candidates = [
        candidate_record(100 + index, f"CD{index:04d}", hours_ago(index), group=index)
        for index in range(1, 41)
    ]
    server.hold = hold_details
    window = attached.connect()

    async def scenario() -> None:
        window.form.set_mode(SearchKind.CANDIDATES)
        window.start_search()
        await until(lambda: window.model.rowCount() == 40)
        await until(lambda: server.running_details == 4)
        assert server.max_running_details == 4

        window.form.plate.setText("CD0040")
        window.start_search()
        await until(lambda: window.model.rowCount() == 1)
        requested_before = len(server.detail_requests)

        assert server.cancelled_details == 4
        assert server.running_details <= 1
        details_released.set()
        assert window.searches.resolver is not None
        await window.searches.resolver.wait_idle()
        row = window.model.row_at(0)
        assert row is not None
        assert row.group is not None
        assert row.group.id == 40
        assert len(server.detail_requests) <= requested_before + 1

    attached.run(scenario)


def test_sort_while_groups_resolve(attached: Attached, server: MockScout) -> None:
    details_released = attached.gate()

    async def hold_details(request: httpx.Request) -> None:
        if is_detail(request):
            await details_released.wait()

    # Candidate n (reading CDnn) points to group n, whose best plate is the
    # reverse order of the readings, so sorting moves every row.
    count = 12
    server.plates = [
        plate_record(index, f"GR{count - index:04d}", hours_ago(index))
        for index in range(1, count + 1)
    ]
    server.candidates = [
        candidate_record(100 + index, f"CD{index:04d}", hours_ago(index), group=index)
        for index in range(1, count + 1)
    ]
    server.hold = hold_details
    window = attached.connect()

    async def scenario() -> None:
        window.form.set_mode(SearchKind.CANDIDATES)
        window.start_search()
        await until(lambda: window.model.rowCount() == count)
        reading = window.model.column_of("plate")
        best = window.model.column_of("read_as")

        window.table.sortByColumn(reading, Qt.SortOrder.AscendingOrder)
        details_released.set()
        await until(lambda: server.detail_requests != [])
        window.table.sortByColumn(best, Qt.SortOrder.DescendingOrder)
        window.table.sortByColumn(reading, Qt.SortOrder.DescendingOrder)
        assert window.searches.resolver is not None
        await window.searches.resolver.wait_idle()

        readings = column_texts(window, "plate")
        assert readings == sorted(readings, reverse=True)
        for number in range(count):
            row = window.model.row_at(number)
            assert row is not None
            assert isinstance(row.record, Candidate)
            assert row.group is not None
            assert row.group.id == row.record.group
            expected = f"GR{count - row.record.group:04d}"
            assert window.model.index(number, best).data() == expected

        selected = window.selected_row()
        assert selected is not None
        assert selected.group is not None
        await until(lambda: selected.group.best_plate in window.image_pane.title.text())  # type: ignore[union-attr]

    attached.run(scenario)


def test_utc_toggle_while_rows_resolve(
    attached: Attached, server: MockScout, utc_off: None
) -> None:
    details_released = attached.gate()

    async def hold_details(request: httpx.Request) -> None:
        if is_detail(request):
            await details_released.wait()

    server.plates = five_reads()
    server.alerts = [
        alert_record(30 + index, f"AB{index:04d}", hours_ago(index), group=index)
        for index in range(1, 6)
    ]
    server.hold = hold_details
    window = attached.connect()

    async def scenario() -> None:
        window.form.set_mode(SearchKind.ALERTS)
        window.start_search()
        await until(lambda: window.model.rowCount() == 5)
        assert window.verification.status.text() == RESOLVING

        window.actions_by_name["Show times in UTC"].trigger()
        assert showing_utc()
        assert all(text.endswith(" Z") for text in column_texts(window, "time"))
        assert window.verification.fields["Time"].text().endswith(" Z")
        assert window.verification.status.text() == RESOLVING

        details_released.set()
        assert window.searches.resolver is not None
        await window.searches.resolver.wait_idle()
        await until(lambda: window.verification.compare.comparison is not None)
        assert all(text.endswith(" Z") for text in column_texts(window, "time"))
        assert column_texts(window, "read_as") == [f"AB{index:04d}" for index in range(1, 6)]
        assert window.verification.fields["Time"].text().endswith(" Z")

        window.actions_by_name["Show times in UTC"].trigger()
        assert not showing_utc()
        assert not any(text.endswith(" Z") for text in column_texts(window, "time"))

    attached.run(scenario)


# Keyboard review


def test_next_previous_at_the_ends(attached: Attached, server: MockScout, qtbot: QtBot) -> None:
    server.plates = [plate_record(index, f"AB{index:04d}", hours_ago(index)) for index in (1, 2, 3)]
    window = attached.connect()

    def current() -> int:
        return window.table.currentIndex().row()

    async def scenario() -> None:
        window.activateWindow()
        window.start_search()
        await until(lambda: window.model.rowCount() == 3)
        assert current() == 0

        press(qtbot, window, Qt.Key.Key_P)
        assert current() == 0
        for _ in range(5):
            press(qtbot, window, Qt.Key.Key_N)
        assert current() == 2
        row = window.selected_row()
        assert row is not None
        assert row.record.plate == "AB0003"

        window.form.plate.setText("NONE")
        window.start_search()
        await until(lambda: window.model.rowCount() == 0 and not window.searches.running)
        window.table.setFocus()
        press(qtbot, window, Qt.Key.Key_N)
        press(qtbot, window, Qt.Key.Key_P)
        assert window.selected_row() is None
        assert not window.image_pane.isEnabled()

    attached.run(scenario)


def test_copy_plate_with_nothing_selected(
    attached: Attached, server: MockScout, qtbot: QtBot
) -> None:
    server.plates = five_reads()
    window = attached.connect()
    clipboard = QGuiApplication.clipboard()

    async def scenario() -> None:
        window.activateWindow()
        clipboard.setText("kept")
        window.table.setFocus()
        copy = window.actions_by_name["Copy plate"]
        copy.trigger()
        assert clipboard.text() == "kept"

        window.start_search()
        await until(lambda: window.model.rowCount() == 5)
        window.table.clearSelection()
        copy.trigger()
        assert clipboard.text() == "kept"

    attached.run(scenario)


def test_copy_plate_without_plate_text(attached: Attached, server: MockScout) -> None:
    server.plates = [plate_record(1, "", hours_ago(1), best_plate=None)]
    window = attached.connect()
    clipboard = QGuiApplication.clipboard()

    async def scenario() -> None:
        clipboard.setText("kept")
        window.start_search()
        await until(lambda: window.model.rowCount() == 1)
        assert window.selected_row() is not None

        window.actions_by_name["Copy plate"].trigger()

        # An empty plate must not wipe the clipboard, nor report "Copied  to ...".
        assert clipboard.text() == "kept"
        assert "Copied  to" not in window.status.message.text()

    attached.run(scenario)


# Alert hits whose plate group is missing


def test_hit_group_404_then_retry(attached: Attached, server: MockScout, qtbot: QtBot) -> None:
    server.alerts = [alert_record(30, "AB1234", hours_ago(1), group=101)]
    window = attached.connect()

    async def scenario() -> None:
        window.activateWindow()
        window.form.set_mode(SearchKind.ALERTS)
        window.start_search()
        await until(lambda: window.model.rowCount() == 1)
        await until(lambda: "could not be resolved" in window.verification.status.text())

        status = window.verification.status.text()
        assert "no longer has this read" in status
        assert "Press R to retry" in status
        assert column_texts(window, "read_as") == ["not available"]
        assert window.verification.crop_panel.isEnabled()

        # The read reappears on the server, and R requests it again.
        server.plates = [plate_record(101, "A81234", hours_ago(1))]
        window.table.setFocus()
        press(qtbot, window, Qt.Key.Key_R)
        await until(lambda: window.verification.compare.comparison is not None)

        assert server.detail_requests == [101, 101]
        assert column_texts(window, "read_as") == ["≠ A81234"]
        assert not window.verification.status.isVisible()
        assert "image uuid-101" in window.verification.fields["Plate group"].text()

    attached.run(scenario)


def test_hit_group_still_missing_after_retry(
    attached: Attached, server: MockScout, qtbot: QtBot
) -> None:
    server.alerts = [alert_record(30, "AB1234", hours_ago(1), group=101)]
    window = attached.connect()

    async def scenario() -> None:
        window.activateWindow()
        window.form.set_mode(SearchKind.ALERTS)
        window.start_search()
        await until(lambda: "could not be resolved" in window.verification.status.text())

        window.table.setFocus()
        press(qtbot, window, Qt.Key.Key_R)
        await until(lambda: len(server.detail_requests) == 2)
        assert window.searches.resolver is not None
        await window.searches.resolver.wait_idle()

        assert "could not be resolved" in window.verification.status.text()
        assert column_texts(window, "read_as") == ["not available"]

    attached.run(scenario)


def test_hit_without_plate_group_not_resolving(attached: Attached, server: MockScout) -> None:
    server.alerts = [alert_record(30, "AB1234", hours_ago(1), group=None)]
    window = attached.connect()

    async def scenario() -> None:
        window.form.set_mode(SearchKind.ALERTS)
        window.start_search()
        await until(lambda: window.model.rowCount() == 1)
        await settle(window)
        await spin()

        assert server.detail_requests == []
        # Without a group id nothing will ever resolve, so the view must not wait for it.
        assert window.verification.status.text() != RESOLVING
        assert column_texts(window, "read_as") != ["…"]

    attached.run(scenario)


def test_candidate_without_group_not_fetching(attached: Attached, server: MockScout) -> None:
    server.candidates = [candidate_record(20, "AB1234", hours_ago(1), group=None)]
    window = attached.connect()

    async def scenario() -> None:
        window.form.set_mode(SearchKind.CANDIDATES)
        window.start_search()
        await until(lambda: window.model.rowCount() == 1)
        await settle(window)
        await spin()

        assert server.detail_requests == []
        assert window.image_pane.note.text() != f"Loading {FETCHING_GROUP}"
        assert FETCHING_GROUP not in window.image_pane.details.text()
        assert column_texts(window, "read_as") != ["…"]

    attached.run(scenario)


def test_read_group_shown_for_its_own_row(attached: Attached, server: MockScout) -> None:
    # Groups arrive in reverse order, and each hit must show its own group's reading.
    order_released = [attached.gate() for _ in range(3)]

    async def reverse_order(request: httpx.Request) -> None:
        if is_detail(request):
            group_id = int(request.url.path.rstrip("/").rsplit("/", 1)[1])
            await order_released[group_id - 1].wait()

    server.plates = [plate_record(index, f"RD{index:04d}", hours_ago(index)) for index in (1, 2, 3)]
    server.alerts = [
        alert_record(30 + index, f"AB{index:04d}", hours_ago(index), group=index)
        for index in (1, 2, 3)
    ]
    server.hold = reverse_order
    window = attached.connect()

    async def scenario() -> None:
        window.form.set_mode(SearchKind.ALERTS)
        window.start_search()
        await until(lambda: window.model.rowCount() == 3)
        window.table.selectRow(1)
        for event in reversed(order_released):
            event.set()
            await spin()
        assert window.searches.resolver is not None
        await window.searches.resolver.wait_idle()
        await until(lambda: window.verification.compare.comparison is not None)

        assert column_texts(window, "read_as") == ["≠ RD0001", "≠ RD0002", "≠ RD0003"]
        row = window.selected_row()
        assert row is not None
        assert isinstance(row.group, PlateGroup)
        assert row.group.id == 2
        comparison = window.verification.compare.comparison
        assert comparison is not None
        assert window.verification.fields["Plate group"].text().startswith("2 ·")

    attached.run(scenario)


def test_candidate_group_404_then_retry(
    attached: Attached, server: MockScout, qtbot: QtBot
) -> None:
    server.candidates = [candidate_record(20, "AB1234", hours_ago(1), group=101)]
    window = attached.connect()

    async def scenario() -> None:
        window.activateWindow()
        window.form.set_mode(SearchKind.CANDIDATES)
        window.start_search()
        await until(lambda: "no longer has this read" in window.image_pane.note.text())
        assert window.image_pane.retry_button.isVisible()
        assert column_texts(window, "read_as") == ["not available"]

        server.plates = [plate_record(101, "A81234", hours_ago(1))]
        window.table.setFocus()
        press(qtbot, window, Qt.Key.Key_R)
        await until(lambda: "A81234" in window.image_pane.title.text())

        assert server.detail_requests == [101, 101]
        assert column_texts(window, "read_as") == ["A81234"]
        assert "Plate group 101" in window.image_pane.details.text()

    attached.run(scenario)


def test_cancelled_search_old_rows_still_resolve(
    attached: Attached, server: MockScout, qtbot: QtBot
) -> None:
    # The rows of a first search wait for their groups when a second search
    # starts. Esc cancels the second search, and the first rows stay in view.
    details_released = attached.gate()
    never = attached.gate()

    async def hold(request: httpx.Request) -> None:
        if is_detail(request):
            await details_released.wait()
        elif len(server.search_requests) >= 2:
            await never.wait()

    server.plates = five_reads()
    server.candidates = [
        candidate_record(20 + index, f"AB{index:04d}", hours_ago(index), group=index)
        for index in range(1, 6)
    ]
    server.hold = hold
    window = attached.connect()

    async def scenario() -> None:
        window.activateWindow()
        window.form.set_mode(SearchKind.CANDIDATES)
        window.start_search()
        await until(lambda: window.model.rowCount() == 5)
        await until(lambda: server.running_details == 4)

        window.start_search()
        await until(lambda: len(server.search_requests) == 2)
        window.table.setFocus()
        press(qtbot, window, Qt.Key.Key_Escape)
        await until(lambda: window.status.message.text() == "Search cancelled.")
        details_released.set()
        assert window.searches.resolver is not None
        await window.searches.resolver.wait_idle()
        await spin()

        assert window.model.rowCount() == 5
        assert "…" not in column_texts(window, "read_as")
        assert FETCHING_GROUP not in window.image_pane.details.text()

    attached.run(scenario)


def test_letter_shortcuts_type_into_fields(
    attached: Attached, server: MockScout, qtbot: QtBot
) -> None:
    # N, P, R and F are window shortcuts, but in a text field they are letters.
    server.plates = five_reads()
    window = attached.connect()
    form = window.form

    async def scenario() -> None:
        window.activateWindow()
        window.start_search()
        await until(lambda: window.model.rowCount() == 5)
        form.set_mode(SearchKind.ALERTS)
        full_frame = window.image_pane.showing_full_frame

        form.plate.setFocus()
        qtbot.keyClicks(form.plate, "NPRF nprf")  # type: ignore[no-untyped-call]
        assert form.plate.text() == "NPRF nprf"
        for picker in (form.site, form.camera, form.alert_list):
            picker.setFocus()
            qtbot.keyClicks(picker, "NPRF nprf")  # type: ignore[no-untyped-call]
            assert picker.currentText() == "NPRF nprf", picker.objectName()

        assert window.table.currentIndex().row() == 0
        assert window.image_pane.showing_full_frame == full_frame

    attached.run(scenario)
