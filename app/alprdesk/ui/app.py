"""Start the desktop app on the qasync event loop and shut it down cleanly."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from alprdesk import __version__
from alprdesk.config import AppPaths, ProfileStore, SecretStore, make_profile
from alprdesk.config.logs import setup_logging
from alprdesk.demo_process import DemoServerError, DemoServerProcess
from alprdesk.ui.async_tools import start_task
from alprdesk.ui.crash import CrashReporter
from alprdesk.ui.main_window import MainWindow
from alprdesk.ui.profiles_controller import ProfilesController

logger = logging.getLogger(__name__)

DEMO_PROFILE = "Demo server (built-in)"


def run_app(*, demo: bool = False, demo_images: Path | None = None, verbose: bool = False) -> int:
    """Run the window until it is closed; return the process exit status."""
    paths = AppPaths.default()
    setup_logging(paths.log_file, verbose=verbose)
    logger.info("ALPR Desk %s starting (Python %s)", __version__, sys.version.split()[0])

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("ALPR Desk")
    app.setApplicationVersion(__version__)
    # Matches the installed alprdesk.desktop, so desktops show its name and icon.
    app.setDesktopFileName("alprdesk")
    # The window's closed signal ends the main coroutine, which then cleans up.
    app.setQuitOnLastWindowClosed(False)

    reporter = CrashReporter(paths.log_file)
    reporter.install()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            status: int = loop.run_until_complete(
                run_window(paths, demo=demo, demo_images=demo_images)
            )
            return status
    finally:
        reporter.uninstall()
        logger.info("ALPR Desk stopped")


async def run_window(
    paths: AppPaths, *, demo: bool = False, demo_images: Path | None = None
) -> int:
    controller = ProfilesController(ProfileStore(paths.profiles_file), SecretStore())
    window = MainWindow(controller)
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    window.show()

    demo_server = DemoServerProcess(demo_images) if demo else None
    startup = start_task(_open_first_profile(window, controller, demo_server))
    try:
        await closed.wait()
    finally:
        startup.cancel()
        await asyncio.gather(startup, return_exceptions=True)
        await window.wait_connected()
        await window.wait_search()
        await window.images.wait_idle()
        await controller.aclose()
        if demo_server is not None:
            await asyncio.to_thread(demo_server.stop)
    return 0


async def _open_first_profile(
    window: MainWindow, controller: ProfilesController, demo_server: DemoServerProcess | None
) -> None:
    await controller.load()
    if demo_server is not None:
        window.status.busy("Starting the demo server…")
        try:
            url = await asyncio.to_thread(demo_server.start)
        except DemoServerError as exc:
            window.status.error(str(exc))
            return
        profile = make_profile(name=DEMO_PROFILE, base_url=url)
        controller.add_transient(profile, demo_server.api_key)
        window.connect_profile(profile.name)
        # The demo opens on a first search so there is something to review.
        await window.wait_connected()
        window.start_search()
        return

    names = controller.names()
    if controller.last_used:
        window.connect_profile(controller.last_used)
    elif names:
        window.connect_profile(names[0])
    else:
        window.status.idle(
            "No server profile yet. Choose New profile… in the toolbar, "
            "or start ALPR Desk with --demo to try it on the built-in demo server."
        )
