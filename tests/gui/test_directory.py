"""The directory window: listings from the demo server over HTTP and from hostile servers."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
import qasync
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from alprdesk.demo import DemoServer
from alprdesk.scout import ScoutClient
from alprdesk.scout.values import to_datetime
from alprdesk.ui.directory import DirectoryWindow, ListingTab
from alprdesk.ui.formatting import local_time
from alprdesk.ui.listing_model import AGENTS, ALERT_LISTS, CAMERAS, USERS
from tests.servers import DEMO_KEY

LOCAL_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d")
Handler = Callable[[httpx.Request], Awaitable[httpx.Response]]


@pytest.fixture
def directory(qloop: qasync.QEventLoop) -> Iterator[DirectoryWindow]:
    """A shown directory window, closed and deleted on the loop after the test."""
    window = DirectoryWindow()
    window.show()
    yield window

    async def close() -> None:
        window.close()
        await window.wait_loaded()
        window.deleteLater()
        await asyncio.sleep(0)

    qloop.run_until_complete(close())


def mock_client(handler: Handler) -> ScoutClient:
    return ScoutClient("http://127.0.0.1:1", DEMO_KEY, transport=httpx.MockTransport(handler))


def routed(routes: dict[str, httpx.Response]) -> Handler:
    async def handler(request: httpx.Request) -> httpx.Response:
        return routes.get(request.url.path.rstrip("/"), httpx.Response(404))

    return handler


def column_values(tab: ListingTab, title: str) -> list[str]:
    column = tab.model.column_titles().index(title)
    return [tab.model.index(row, column).data() for row in range(tab.model.rowCount())]


def test_demo_listings_fill_every_tab(
    directory: DirectoryWindow, demo_server: DemoServer, qloop: qasync.QEventLoop
) -> None:
    async def steps() -> None:
        async with ScoutClient(demo_server.url, DEMO_KEY) as client:
            directory.load(client)
            await directory.wait_loaded()

        assert [directory.tabs.tabText(i) for i in range(directory.tabs.count())] == [
            "&Agents",
            "&Users",
            "&Cameras",
            "A&lert lists",
        ]
        counts = {kind: directory.tab(kind).model.rowCount() for kind in directory.tab_by_kind}
        assert counts == {AGENTS: 4, USERS: 3, CAMERAS: 6, ALERT_LISTS: 2}
        assert directory.tab(AGENTS).status.text() == "4 agents, as sent by the server."
        assert directory.tab(USERS).status.text() == "3 users, as sent by the server."

        agents = directory.tab(AGENTS)
        titles = agents.model.column_titles()
        assert titles[:5] == ["name", "agent_uid", "site", "Last seen", "version"]
        # "os" is a field the app does not know; it is shown all the same.
        assert "os" in titles
        assert "last_seen" in titles

        users = directory.tab(USERS).model.column_titles()
        assert users[:4] == ["username", "id", "email", "is_admin"]
        assert set(column_values(directory.tab(USERS), "is_admin")) == {"yes", "no"}

        cameras = directory.tab(CAMERAS)
        assert cameras.model.column_titles()[:5] == ["camera", "name", "id", "site", "agent_uid"]
        assert "site_id" in cameras.model.column_titles()
        assert "django_model" in cameras.model.column_titles()

    qloop.run_until_complete(steps())


def test_agent_last_seen_in_local_time(
    directory: DirectoryWindow, demo_server: DemoServer, qloop: qasync.QEventLoop
) -> None:
    async def steps() -> None:
        async with ScoutClient(demo_server.url, DEMO_KEY) as client:
            directory.load(client)
            await directory.wait_loaded()

        tab = directory.tab(AGENTS)
        local_texts = column_values(tab, "Last seen")
        sent = column_values(tab, "last_seen")
        assert len(local_texts) == 4
        for text, raw in zip(local_texts, sent, strict=True):
            assert LOCAL_TIME.fullmatch(text), text
            assert text == local_time(to_datetime(raw))

    qloop.run_until_complete(steps())


def test_sort_and_copy(
    directory: DirectoryWindow, demo_server: DemoServer, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def steps() -> None:
        async with ScoutClient(demo_server.url, DEMO_KEY) as client:
            directory.load(client)
            await directory.wait_loaded()

        tab = directory.tab(CAMERAS)
        directory.tabs.setCurrentWidget(tab)
        number = tab.model.column_titles().index("camera")
        name = tab.model.column_titles().index("name")

        tab.table.sortByColumn(number, Qt.SortOrder.DescendingOrder)
        assert column_values(tab, "camera") == ["301", "202", "201", "103", "102", "101"]
        tab.table.sortByColumn(number, Qt.SortOrder.AscendingOrder)
        assert column_values(tab, "camera")[0] == "101"

        selection = tab.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select
        for row in (0, 1):
            for column in (number, name):
                selection.select(tab.model.index(row, column), flags)
        tab.table.setFocus()
        qtbot.keyClick(tab.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

        assert QApplication.clipboard().text() == (
            "101\tNorth Gate inbound\n102\tNorth Gate outbound"
        )

    qloop.run_until_complete(steps())


def test_hostile_listings_do_not_break_window(
    directory: DirectoryWindow, qloop: qasync.QEventLoop
) -> None:
    agents = {
        "results": [
            {"agent_uid": "a-1", "name": "gate", "last_heartbeat": "1796389391000"},
            {"agent_uid": "a-2", "last_seen": "not a time", "config": {"ports": [8355, 80]}},
            {"pk": "7", "fields": {"site": {"id": 3, "name": "Depot"}, "last_seen": 10**30}},
            "not an object",
            {"fields": "not an object either"},
            {"name": "x" * 5000, "notes": "tab\there\nand a new line\x1b[31m"},
        ]
    }
    cameras = [
        {"camera": "101", "name": None, "fps": "12,5"},
        {"camera": 7.0, "enabled": True, "zones": [[1, 2], [3, 4]]},
        {},
    ]
    alert_lists = [{"pk": 1, "model": "openalpr.alertgroup", "fields": {"name": "Stolen"}}]
    client = mock_client(
        routed(
            {
                "/api/agents": httpx.Response(200, json=agents),
                "/api/cameras": httpx.Response(200, json=cameras),
                "/api/alert-lists": httpx.Response(200, json=alert_lists),
                "/api/users": httpx.Response(404, text="Not Found"),
            }
        )
    )

    async def steps() -> None:
        directory.load(client)
        await directory.wait_loaded()
        await client.aclose()

        users = directory.tab(USERS)
        assert users.model.rowCount() == 0
        assert "does not offer the user list (HTTP 404)" in users.status.text()

        tab = directory.tab(AGENTS)
        assert tab.status.text() == "4 agents, as sent by the server."
        last_seen = column_values(tab, "Last seen")
        assert last_seen[0] == local_time(to_datetime(1796389391000))
        assert last_seen[1:] == ["", "", ""]
        config = column_values(tab, "config")
        assert config[1] == '{"ports": [8355, 80]}'
        assert column_values(tab, "site")[2] == '{"id": 3, "name": "Depot"}'
        long_name = column_values(tab, "name")[3]
        assert len(long_name) == 500
        assert long_name.endswith("…")
        notes = column_values(tab, "notes")[3]
        assert "\x1b" not in notes
        assert "\n" not in notes

        cameras_tab = directory.tab(CAMERAS)
        assert cameras_tab.model.rowCount() == 3
        assert column_values(cameras_tab, "fps")[0] == "12,5"
        assert column_values(cameras_tab, "enabled")[1] == "yes"
        assert column_values(cameras_tab, "zones")[1] == "[[1, 2], [3, 4]]"
        for column in range(cameras_tab.model.columnCount()):
            cameras_tab.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
            cameras_tab.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)

        assert directory.tab(ALERT_LISTS).model.rowCount() == 1
        assert column_values(directory.tab(ALERT_LISTS), "name") == ["Stolen"]

    qloop.run_until_complete(steps())


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (httpx.Response(500, text="boom"), "Could not load the camera list. Server error:"),
        (httpx.Response(200, json={"detail": "x"}), "Unexpected server response"),
        (httpx.Response(200, text="<html>login</html>"), "Could not load the camera list."),
    ],
)
def test_failed_listing_names_its_error(
    directory: DirectoryWindow,
    qloop: qasync.QEventLoop,
    response: httpx.Response,
    expected: str,
) -> None:
    client = mock_client(
        routed({"/api/cameras": response, "/api/agents": httpx.Response(200, json=[])})
    )

    async def steps() -> None:
        directory.load(client)
        await directory.wait_loaded()
        await client.aclose()

        assert expected in directory.tab(CAMERAS).status.text()
        assert directory.tab(AGENTS).status.text() == "0 agents, as sent by the server."

    qloop.run_until_complete(steps())


def test_close_cancels_pending_loads(directory: DirectoryWindow, qloop: qasync.QEventLoop) -> None:
    arrived = asyncio.Event()
    cancelled: list[str] = []

    async def stall(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/api/users"):
            return httpx.Response(200, json=[{"id": 1, "username": "admin"}])
        arrived.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.append(request.url.path)
            raise
        raise AssertionError("unreachable")

    client = mock_client(stall)

    async def steps() -> None:
        directory.load(client)
        await asyncio.wait_for(arrived.wait(), 10)
        await asyncio.sleep(0.05)
        assert directory.is_loading()

        directory.close()
        await asyncio.wait_for(directory.wait_loaded(), 10)
        await client.aclose()

        assert not directory.is_loading()
        assert sorted(cancelled) == ["/api/agents/", "/api/alert-lists/", "/api/cameras/"]
        assert directory.tab(AGENTS).status.text() == "Loading stopped. Press Refresh to load."
        assert directory.tab(USERS).model.rowCount() == 1

    qloop.run_until_complete(steps())


def test_refresh_loads_again(
    directory: DirectoryWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    agents: list[dict[str, Any]] = [
        {"agent_uid": "a-1", "name": "gate", "last_seen": "2026-01-01T00:00:00Z"}
    ]

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/api/agents"):
            return httpx.Response(200, json=agents)
        return httpx.Response(200, json=[])

    client = mock_client(handler)

    async def steps() -> None:
        directory.load(client)
        await directory.wait_loaded()
        tab = directory.tab(AGENTS)
        assert tab.model.rowCount() == 1
        assert tab.model.column_titles().index("Last seen") == 2
        tab.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)

        # The new "site" column moves "Last seen" to the right; the sort follows it.
        agents.append({"agent_uid": "a-2", "site": "Harbour", "last_seen": "2026-06-01T00:00:00Z"})
        qtbot.mouseClick(directory.refresh_button, Qt.MouseButton.LeftButton)
        await directory.wait_loaded()
        assert tab.model.rowCount() == 2
        assert tab.model.column_titles().index("Last seen") == 3
        assert tab.table.horizontalHeader().sortIndicatorSection() == 3
        assert column_values(tab, "agent_uid") == ["a-2", "a-1"]

        await client.aclose()
        directory.refresh()
        assert "Not connected" in directory.tab(AGENTS).status.text()
        assert directory.tab(AGENTS).model.rowCount() == 0

    qloop.run_until_complete(steps())
