"""Fixtures for GUI tests: a qasync loop, the demo server and a main window."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from alprdesk.config import AppPaths, ProfileStore, SecretStore, make_profile
from alprdesk.demo import DemoServer
from alprdesk.ui.formatting import set_agent_names, show_utc
from alprdesk.ui.main_window import MainWindow
from alprdesk.ui.profiles_controller import ProfilesController
from tests.servers import DEMO_KEY, running_demo_server

DEMO_PROFILE = "Demo"


@pytest.fixture(scope="session")
def demo_server() -> Iterator[DemoServer]:
    with running_demo_server() as server:
        yield server


@pytest.fixture(autouse=True)
def display_choices() -> Iterator[None]:
    """Start each test with local times and no agent names, as a new window does."""
    yield
    show_utc(False)
    set_agent_names({})


@pytest.fixture(scope="session")
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """The qasync loop, one per session as in the app.

    Tests run their steps inside ``run_until_complete``, because qasync marks
    the loop as running only there, and httpx needs a running loop.
    """
    # As in the app: closing a window must not stop the loop a test is running.
    qapp.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture
def bare_window(qloop: qasync.QEventLoop) -> Iterator[MainWindow]:
    """A main window with no profile yet."""
    controller = ProfilesController(ProfileStore(AppPaths.default().profiles_file), SecretStore())
    main_window = MainWindow(controller)
    main_window.show()
    yield main_window
    shut_down(qloop, main_window)


def shut_down(loop: qasync.QEventLoop, main_window: MainWindow) -> None:
    """Close the window as the app does and delete it on the loop.

    Not handed to ``qtbot.addWidget``: pytest-qt deletes such widgets before
    fixture teardown, outside the loop, while their tasks may still run.
    """

    async def close() -> None:
        main_window.close()
        await settle(main_window)
        await main_window.profiles.aclose()
        main_window.deleteLater()
        await asyncio.sleep(0)

    loop.run_until_complete(close())


@pytest.fixture
def window(qloop: qasync.QEventLoop, demo_server: DemoServer) -> Iterator[MainWindow]:
    controller = ProfilesController(ProfileStore(AppPaths.default().profiles_file), SecretStore())
    main_window = MainWindow(controller)
    main_window.show()
    controller.add_transient(make_profile(name=DEMO_PROFILE, base_url=demo_server.url), DEMO_KEY)
    main_window.connect_profile(DEMO_PROFILE)
    qloop.run_until_complete(main_window.wait_connected())
    yield main_window
    shut_down(qloop, main_window)


async def settle(window: MainWindow) -> None:
    """Wait for the window's running tasks, so none runs after the loop stops.

    pytest-qt processes Qt events between tests, outside ``run_until_complete``,
    where a task step would find no running loop.
    """
    await window.wait_connected()
    await window.wait_search()
    await window.review.wait_idle()


def run_scenario(
    loop: qasync.QEventLoop, window: MainWindow, scenario: Callable[[], Awaitable[None]]
) -> None:
    """Run ``scenario`` on the loop, then let the window's tasks finish."""

    async def run() -> None:
        await scenario()
        await settle(window)

    loop.run_until_complete(run())


async def until(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    """Let the event loop run until ``condition()`` holds, failing after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {seconds} s")
        await asyncio.sleep(0.02)
