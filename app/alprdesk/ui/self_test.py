"""``alprdesk --self-test``: check an installation offline, without the user's settings.

The self-test builds the main window, reports the keyring backend, starts the
built-in demo server as a child process, runs one plate search and fetches
one plate crop through the same client code as the window. It prints one line
per step, ``ok: STEP: DETAIL`` or ``FAILED: STEP: REASON``, stops at the first
failure and returns exit status 0 when every step passed, 1 otherwise. When Qt
ends the process after a fatal error (no usable platform plugin), the FAILED
line is printed first and the exit status is Qt's abort (134, or -6 as a
Python subprocess status).

It works the same from source (``python -m alprdesk --self-test``) and in the
frozen bundle, where the demo server is the bundle's own executable. Settings
and logs go to a temporary folder set as ``ALPRDESK_HOME``. The demo server's
API key is kept in memory for the session only, so nothing is written to the
user's settings or keyring. Qt uses the ``offscreen`` platform unless the
caller sets ``QT_QPA_PLATFORM`` (``xcb`` under Xvfb, for example).
"""

from __future__ import annotations

import asyncio
import ctypes
import importlib
import importlib.metadata
import logging
import os
import platform
import shutil
import sys
import tempfile
import threading
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar, TextIO, TypeVar

import qasync
from PySide6.QtCore import (
    QLibraryInfo,
    QMessageLogContext,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from alprdesk import __version__
from alprdesk.config import AppPaths, ProfileStore, SecretStore, make_profile
from alprdesk.config.logs import setup_logging
from alprdesk.config.paths import HOME_ENV
from alprdesk.connections import Connections
from alprdesk.demo_process import DemoServerError, DemoServerProcess
from alprdesk.plate_images import CropOutcome, fetch_plate_crop
from alprdesk.scout import PlateGroup, ScoutClient, ScoutError, SearchQuery
from alprdesk.ui.main_window import MainWindow
from alprdesk.ui.profiles_controller import ProfilesController

logger = logging.getLogger(__name__)

ResultT = TypeVar("ResultT")

# Seconds for the whole run; a hung step ends the process with a FAILED line.
TOTAL_TIMEOUT = 180.0
# Seconds for the keyring probe, which may wait on D-Bus.
KEYRING_TIMEOUT = 20.0
# Seconds for each of the search and crop steps.
REQUEST_TIMEOUT = 60.0
# Plate reads tried for a crop: some demo reads have no image by design.
MAX_CROP_ATTEMPTS = 20
# The demo server generates reads of the last seven days.
SEARCH_PERIOD = timedelta(days=7)
PROFILE_NAME = "Self-test demo server"

# Python modules that a platform's keyring backend imports only when used.
KEYRING_MODULES = {
    "linux": ["keyring.backends.SecretService", "secretstorage", "jeepney"],
    "darwin": ["keyring.backends.macOS", "keyring.backends.macOS.api"],
    "win32": ["keyring.backends.Windows", "win32ctypes.pywin32.win32cred"],
}


class StepFailedError(Exception):
    """A self-test step failed; the message is the reason printed after its name."""


class StepReport:
    """Prints one line per step and remembers the step that is running."""

    def __init__(self, output: TextIO, log_file: Path) -> None:
        self.output = output
        self.log_file = log_file
        self.current = "start"
        self.failed = False
        self._lock = threading.Lock()

    def begin(self, step: str) -> None:
        self.current = step

    def ok(self, detail: str) -> None:
        self._print(f"ok: {self.current}: {detail}")

    def fail(self, reason: str) -> None:
        self.failed = True
        self._print(f"FAILED: {self.current}: {reason}")

    def fail_and_exit(self, reason: str) -> None:
        """Report a failure that leaves no way to clean up, and end the process."""
        self.fail(reason)
        self.point_to_log()
        os._exit(1)

    def point_to_log(self) -> None:
        self._print(f"The log is in {self.log_file}")

    def _print(self, line: str) -> None:
        with self._lock:
            print(line, file=self.output, flush=True)


def run_self_test(*, verbose: bool = False, output: TextIO | None = None) -> int:
    """Run every step and return the process exit status: 0 if all passed, else 1.

    The temporary settings folder is removed after a pass and kept after a
    failure, for its log file.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="alprdesk-self-test-"))
    os.environ[HOME_ENV] = str(home)
    paths = AppPaths.default()
    report = StepReport(output if output is not None else sys.stdout, paths.log_file)
    setup_logging(paths.log_file, verbose=verbose, console_level=logging.ERROR)
    logger.info("ALPR Desk %s self-test starting", __version__)

    watchdog = threading.Timer(TOTAL_TIMEOUT, _time_out, args=(report,))
    watchdog.daemon = True
    watchdog.start()
    previous_handler = qInstallMessageHandler(_QtMessages(report))
    try:
        report.ok(_describe_start(home))
        _run_steps(report, paths)
    except StepFailedError as exc:
        report.fail(str(exc))
    except Exception as exc:  # a defect: reported as the step's failure, traceback logged
        logger.exception("Self-test step %r failed", report.current)
        report.fail(f"unexpected error: {type(exc).__name__}: {exc}")
    finally:
        qInstallMessageHandler(previous_handler)
        watchdog.cancel()
    if report.failed:
        report.point_to_log()
        return 1
    shutil.rmtree(home, ignore_errors=True)
    return 0


def _time_out(report: StepReport) -> None:
    # The stuck step may hold the event loop or a lock, so no cleanup can run.
    report.fail_and_exit(f"timed out: the self-test did not finish within {TOTAL_TIMEOUT:.0f} s")


class _QtMessages:
    """Qt's message handler: messages go to the log, and a fatal one fails the step.

    Qt aborts the process after a fatal message, for example when no platform
    plugin can be loaded, so the step's FAILED line is printed here first.
    """

    LEVELS: ClassVar[dict[QtMsgType, int]] = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def __init__(self, report: StepReport) -> None:
        self.report = report

    def __call__(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        text = " ".join(message.split())
        logger.log(self.LEVELS.get(kind, logging.WARNING), "Qt: %s", text)
        if kind == QtMsgType.QtFatalMsg:
            self.report.fail(f"Qt: {text}")
            self.report.point_to_log()


def _describe_start(home: Path) -> str:
    build = "frozen bundle" if getattr(sys, "frozen", False) else "from source"
    return (
        f"ALPR Desk {__version__} {build} (Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}); settings and logs in {home}"
    )


def _run_steps(report: StepReport, paths: AppPaths) -> None:
    report.begin("Qt platform")
    requested = os.environ["QT_QPA_PLATFORM"]
    _check_platform_plugin(requested)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("ALPR Desk")
    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(False)
    report.ok(f"loaded the {QGuiApplication.platformName()!r} platform plugin")

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(_run_async_steps(report, paths))


def _check_platform_plugin(requested: str) -> None:
    """Load the requested Qt platform plugin first, to name a missing system library.

    When Qt itself fails to load the plugin, it aborts the process with a
    generic message. Loading the plugin file here gets the dynamic linker's
    reason, such as "libxcb-cursor.so.0: cannot open shared object file".
    Only done on Linux, where a plugin's libraries come from the system.
    """
    if not sys.platform.startswith("linux"):
        return
    name = requested.split(";")[0].split(":")[0].strip()
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)]
    folders += os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep)
    candidates = [Path(folder) / "platforms" / f"libq{name}.so" for folder in folders if folder]
    plugin = next((path for path in candidates if path.is_file()), None)
    if plugin is None:
        # Qt reports an unknown platform itself, with the list of those it has.
        return
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        # In the frozen bundle, PyInstaller's ctypes wrapper raises its own
        # error with the dynamic linker's error as the cause.
        reason = exc.__cause__ or exc
        raise StepFailedError(
            f"the Qt platform plugin {plugin.name} cannot be loaded: {reason}"
        ) from None


async def _run_async_steps(report: StepReport, paths: AppPaths) -> None:
    secrets = SecretStore()
    controller = ProfilesController(ProfileStore(paths.profiles_file), secrets)
    report.begin("window")
    window = MainWindow(controller)
    try:
        window.show()
        await asyncio.sleep(0.1)
        if not window.isVisible():
            raise StepFailedError("the main window was shown but is not visible")
        size = window.size()
        report.ok(f"main window shown, {size.width()}x{size.height()} pixels")

        report.begin("keyring")
        report.ok(_probe_keyring())

        report.begin("demo server")
        demo = DemoServerProcess()
        try:
            await _demo_steps(report, demo, secrets)
        finally:
            await asyncio.to_thread(demo.stop)
    finally:
        window.close()
        await controller.aclose()
        window.deleteLater()
        await asyncio.sleep(0)


async def _demo_steps(report: StepReport, demo: DemoServerProcess, secrets: SecretStore) -> None:
    try:
        url = await asyncio.to_thread(demo.start)
    except DemoServerError as exc:
        raise StepFailedError(str(exc)) from None
    report.ok(f"started the demo server at {url}")

    # The key is kept for this session only, as the app does for its demo
    # profile, so the client reads it without touching the keyring.
    profile = make_profile(name=PROFILE_NAME, base_url=url)
    secrets.set_for_session(profile.name, demo.api_key)
    connections = Connections(secrets)
    try:
        report.begin("search")
        client = await _step(connections.client_for(profile))
        end = datetime.now(UTC)
        query = SearchQuery(start=end - SEARCH_PERIOD, end=end, topn=200)
        result = await _step(client.search_plates(query))
        if not result.records:
            raise StepFailedError("the search of the last 7 days returned no plate reads")
        report.ok(
            f"{len(result.records)} plate reads in the last 7 days (at most {query.topn} requested)"
        )

        report.begin("plate crop")
        report.ok(await _step(_first_crop(client, result.records)))
    finally:
        await connections.aclose()


async def _step(work: Awaitable[ResultT]) -> ResultT:
    """Await one request of a step, turning its errors and a timeout into a failure."""
    try:
        async with asyncio.timeout(REQUEST_TIMEOUT):
            return await work
    except TimeoutError:
        raise StepFailedError(f"timed out after {REQUEST_TIMEOUT:.0f} s") from None
    except ScoutError as exc:
        raise StepFailedError(f"{exc.title}: {exc.message}") from None


async def _first_crop(client: ScoutClient, reads: list[PlateGroup]) -> str:
    """Fetch crops until one arrives; return its description for the step line."""
    reasons: list[str] = []
    for read in reads:
        if not read.agent_uid or not read.best_uuid:
            continue
        outcome = await fetch_plate_crop(client, read)
        if outcome.ok:
            return _describe_crop(read, outcome)
        reasons.append(outcome.reason)
        if len(reasons) >= MAX_CROP_ATTEMPTS:
            break
    if not reasons:
        raise StepFailedError("no plate read in the search result names an image")
    raise StepFailedError(f"no crop in {len(reasons)} attempts; the last reason: {reasons[-1]}")


def _describe_crop(read: PlateGroup, outcome: CropOutcome) -> str:
    assert outcome.image is not None
    pixels = outcome.image.image
    # The image pane shows crops as a QImage over the decoded RGB rows.
    image = QImage(
        pixels.rgb, pixels.width, pixels.height, pixels.width * 3, QImage.Format.Format_RGB888
    )
    if image.isNull():
        raise StepFailedError(
            f"Qt could not create an image of the {pixels.width}x{pixels.height} crop"
        )
    note = f" ({outcome.reason})" if outcome.reason else ""
    return (
        f"{pixels.width}x{pixels.height} pixel {pixels.format} crop of plate "
        f"{read.plate or '(no text)'}, plate group {read.id}{note}"
    )


def _probe_keyring() -> str:
    """Return the keyring backend's name and whether it is usable.

    Reads the backend only: nothing is stored or looked up in the keyring.
    Runs in a daemon thread, because a backend's availability check may wait
    on D-Bus or an unlock prompt, and a stuck daemon thread cannot keep the
    process from exiting.
    """
    registered = sorted(
        entry.name for entry in importlib.metadata.entry_points(group="keyring.backends")
    )
    if not registered:
        raise StepFailedError(
            "no keyring backends are registered: the keyring package's metadata "
            "is missing from this installation"
        )
    platform_key = "linux" if sys.platform.startswith("linux") else sys.platform
    for module in KEYRING_MODULES.get(platform_key, []):
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise StepFailedError(
                f"the keyring module {module} cannot be imported: {exc}"
            ) from None

    answer: list[str] = []
    errors: list[BaseException] = []
    probe = threading.Thread(
        target=_run_and_collect,
        args=(_describe_backend, answer, errors),
        name="keyring probe",
        daemon=True,
    )
    probe.start()
    probe.join(KEYRING_TIMEOUT)
    if probe.is_alive():
        raise StepFailedError(f"the keyring backend timed out after {KEYRING_TIMEOUT:.0f} s")
    if errors:
        error = errors[0]
        raise StepFailedError(f"the keyring backend failed: {type(error).__name__}: {error}")
    return f"{answer[0]}; backends registered: {', '.join(registered)}"


def _describe_backend() -> str:
    name = SecretStore.backend_name()
    if SecretStore.keyring_available():
        return f"{name} (available)"
    return f"{name} (no usable keyring: the app would keep API keys for the session only)"


def _run_and_collect(
    function: Callable[[], str], answer: list[str], errors: list[BaseException]
) -> None:
    try:
        answer.append(function())
    except Exception as exc:  # reported as the step's reason
        errors.append(exc)
