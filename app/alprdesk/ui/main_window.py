"""The main window: server profile, search form, results table and image pane."""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from alprdesk import __version__
from alprdesk.config import ServerProfile
from alprdesk.scout import (
    ConnectionFailedError,
    ListedItem,
    PlateGroup,
    QueryError,
    RequestTimeoutError,
    ScoutClient,
    ScoutError,
    SearchQuery,
    SearchResult,
    ServerError,
    UnauthorizedError,
)
from alprdesk.ui.async_tools import start_task
from alprdesk.ui.image_loader import PlateImageLoader
from alprdesk.ui.image_pane import ImagePane
from alprdesk.ui.menus import ActionSpec, install_actions, shortcut_table
from alprdesk.ui.profiles_controller import ProfilesController
from alprdesk.ui.results_model import FIRST_SEEN, PlateReadsModel
from alprdesk.ui.results_table import ResultsTable
from alprdesk.ui.search_form import SearchForm
from alprdesk.ui.status_panel import StatusPanel

logger = logging.getLogger(__name__)

# Failures of the first request after connecting that mean the profile is unusable.
_UNUSABLE = (UnauthorizedError, ConnectionFailedError, RequestTimeoutError, ServerError)


class MainWindow(QMainWindow):
    """Search plate reads on the chosen server and review each read's plate crop."""

    closed = Signal()
    search_finished = Signal(int)  # number of reads shown
    search_failed = Signal(str)

    def __init__(self, profiles: ProfilesController) -> None:
        super().__init__()
        self.setWindowTitle("ALPR Desk")
        self.resize(1280, 800)
        self.profiles = profiles
        self._client: ScoutClient | None = None
        self._search_task: asyncio.Task[None] | None = None
        self._connect_task: asyncio.Task[None] | None = None

        self.form = SearchForm()
        self.model = PlateReadsModel(self)
        self.table = ResultsTable(self.model)
        self.image_pane = ImagePane()
        self.images = PlateImageLoader(self.image_pane)
        self.images.camera_name = self.model.camera_name
        self.status = StatusPanel()
        self.statusBar().addWidget(self.status, stretch=1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.image_pane)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 500])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.form)
        layout.addWidget(splitter, stretch=1)
        self.setCentralWidget(central)

        self.profile_box = QComboBox()
        self.profile_box.setObjectName("profileBox")
        self.profile_box.setMinimumContentsLength(24)
        self.actions_by_name = install_actions(self, self._action_specs())
        self._build_toolbar()

        self.form.search_requested.connect(self.start_search)
        self.status.cancel_requested.connect(self.cancel_search)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.profile_box.activated.connect(self._profile_chosen)
        self.profiles.profiles_changed.connect(self._fill_profiles)
        self.profiles.message.connect(self.status.idle)
        self.profiles.problem.connect(self.status.error)

    # Connection

    def connect_profile(self, name: str) -> None:
        """Switch to the profile ``name``, opening its connection in the background."""
        if self._connect_task is not None and not self._connect_task.done():
            self._connect_task.cancel()
        self._connect_task = start_task(self._connect(name))

    async def wait_connected(self) -> None:
        if self._connect_task is not None:
            await asyncio.gather(self._connect_task, return_exceptions=True)

    async def _connect(self, name: str) -> None:
        profile = self.profiles.get(name)
        if profile is None:
            return
        self._forget_search()
        self._set_client(None)
        self.form.set_sites([])
        self._select_profile_in_box(name)
        self._update_profile_actions()
        self.setWindowTitle(f"ALPR Desk: {profile.name}")
        self.status.busy(f"Connecting to {profile.name}…")

        client: ScoutClient | None = None
        try:
            client = await self.profiles.client_for(self, profile)
            if client is None:
                self.status.error(f"No API key entered for {profile.name}; not connected.")
                return
            cameras = await client.cameras()
        except _UNUSABLE as exc:
            self.status.error(f"Cannot use {profile.name}. {exc.title}: {exc.message}")
            await self.profiles.connections.forget(profile.name)
            return
        except ScoutError as exc:
            if client is None:
                self.status.error(f"Cannot open {profile.name}. {exc.title}: {exc.message}")
                return
            # The listings are undocumented; a server without them still searches.
            logger.info("Camera list of %r unavailable: %s", profile.name, exc)
            cameras = []
        except Exception:
            # A defect: the crash dialog reports it, the status bar must not stay busy.
            self.status.error(f"Cannot open {profile.name}: unexpected error.")
            raise

        self._set_client(client)
        self._use_cameras(cameras)
        self.status.idle(_connected_text(profile))

    def _use_cameras(self, cameras: list[ListedItem]) -> None:
        sites = {str(item.fields.get("site", "")) for item in cameras}
        self.form.set_sites(sorted(site for site in sites if site))
        names: dict[str, str] = {}
        for item in cameras:
            number = item.fields.get("camera", item.fields.get("camera_number", item.id))
            if number is not None and item.name and item.name != str(number):
                names[str(number)] = item.name
        self.model.set_camera_names(names)

    def _set_client(self, client: ScoutClient | None) -> None:
        self._client = client
        self.model.clear()
        self.images.set_client(client)

    # Search

    def start_search(self) -> None:
        """Validate the form and run the search; a running search is replaced."""
        self.cancel_search()
        try:
            query = self.form.query()
        except QueryError as exc:
            self.status.error(exc.message)
            self.form.focus_field(exc.field)
            self.search_failed.emit(exc.message)
            return
        if self._client is None:
            name = self.profile_box.currentText()
            if name:
                message = f"Not connected to {name}; connecting again. Search once it is connected."
                self.connect_profile(name)
            else:
                message = "Choose or create a server profile first (Server menu or toolbar)."
            self.status.error(message)
            self.search_failed.emit(message)
            return

        self.form.show_period(query)
        self.form.search_button.setEnabled(False)
        self.status.busy("Searching plate reads…")
        self._search_task = start_task(self._search(self._client, query))
        self._search_task.add_done_callback(self._search_done)

    def cancel_search(self) -> None:
        if self._search_task is not None and not self._search_task.done():
            self._search_task.cancel()

    async def wait_search(self) -> None:
        if self._search_task is not None:
            await asyncio.gather(self._search_task, return_exceptions=True)

    async def _search(self, client: ScoutClient, query: SearchQuery) -> None:
        try:
            result = await client.search_plates(query)
        except ScoutError as exc:
            # Earlier results stay out of view, so none is taken for this search's.
            self.images.show_read(None)
            self.model.clear()
            self.status.error(f"{exc.title}: {exc.message}")
            self.search_failed.emit(exc.message)
            return

        self.images.show_read(None)
        self.model.set_reads(result.records)
        self.table.sortByColumn(FIRST_SEEN, _qt_order(query.order))
        text, complete = _result_text(len(result.records), result, query.topn)
        if complete:
            self.status.idle(text)
        else:
            self.status.warning(text)
        if result.records:
            self.table.selectRow(0)
            self.table.setFocus()
        self.search_finished.emit(len(result.records))

    def _search_done(self, task: asyncio.Task[None]) -> None:
        # Runs even when the task was cancelled before its first step. A search
        # replaced by a newer one leaves the status to the newer one.
        if task is not self._search_task:
            return
        self.form.search_button.setEnabled(True)
        if task.cancelled():
            self.status.idle("Search cancelled.")
        elif task.exception() is not None:
            self.status.error("The search failed unexpectedly; see the error dialog.")

    def _forget_search(self) -> None:
        """Cancel the running search without reporting it, as when switching servers."""
        task, self._search_task = self._search_task, None
        if task is not None and not task.done():
            task.cancel()
        self.form.search_button.setEnabled(True)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.images.show_read(self._selected_read())

    def _selected_read(self) -> PlateGroup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.read_at(rows[0].row()) if rows else None

    # Actions

    def _action_specs(self) -> list[ActionSpec]:
        standard = QKeySequence.StandardKey
        return [
            ActionSpec("&Server", "&New profile…", standard.New, self._new_profile_clicked),
            ActionSpec("&Server", "&Edit profile…", None, self._edit_profile_clicked),
            ActionSpec("&Server", "&Delete profile…", None, self._delete_profile_clicked),
            ActionSpec("&Server", "&Quit", standard.Quit, self.close),
            ActionSpec("&Search", "&Search", standard.Refresh, self.start_search,
                       "Run the search with the form's values (also Enter in the form)"),
            ActionSpec("&Search", "&Cancel search", "Esc", self.cancel_search),
            ActionSpec("&Search", "Find &plate", standard.Find, self._focus_plate),
            ActionSpec("&Read", "Show &full frame", "F", self.image_pane.frame_button.toggle,
                       "Switch between the plate crop and the outlined full frame"),
            ActionSpec("&Read", "&Retry image", "R", self.image_pane.retry_if_failed),
            ActionSpec("&Read", "&Copy plate", "Ctrl+Shift+C", self._copy_plate),
            ActionSpec("&Help", "&Keyboard shortcuts", standard.HelpContents, self._show_keys),
            ActionSpec("&Help", "&About ALPR Desk", None, self._show_about),
        ]  # fmt: skip

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Server")
        toolbar.setObjectName("serverToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Server: "))
        toolbar.addWidget(self.profile_box)
        for name in ("New profile…", "Edit profile…", "Delete profile…"):
            toolbar.addAction(self.actions_by_name[name])
        self.addToolBar(toolbar)

    def _focus_plate(self) -> None:
        self.form.plate.setFocus()
        self.form.plate.selectAll()

    def _copy_plate(self) -> None:
        read = self.model.read_at(self.table.currentIndex().row())
        if read is not None:
            QGuiApplication.clipboard().setText(read.plate)
            self.status.idle(f"Copied {read.plate} to the clipboard.")

    def _show_keys(self) -> None:
        self._information("Keyboard shortcuts", shortcut_table(self.actions_by_name))

    def _show_about(self) -> None:
        self._information(
            "About ALPR Desk",
            f"<b>ALPR Desk {__version__}</b><p>Search and review licence-plate reads held on "
            "a Rekor Scout web server.</p>",
        )

    def _information(self, title: str, html: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, html, parent=self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.finished.connect(box.deleteLater)
        box.open()

    # Profiles

    def _fill_profiles(self) -> None:
        current = self.profile_box.currentText()
        self.profile_box.clear()
        self.profile_box.addItems(self.profiles.names())
        self._select_profile_in_box(current)
        self._update_profile_actions()

    def _select_profile_in_box(self, name: str) -> None:
        index = self.profile_box.findText(name)
        if index >= 0:
            self.profile_box.setCurrentIndex(index)

    def _update_profile_actions(self) -> None:
        name = self.profile_box.currentText()
        editable = bool(name) and not self.profiles.is_transient(name)
        self.actions_by_name["Edit profile…"].setEnabled(editable)
        self.actions_by_name["Delete profile…"].setEnabled(editable)

    def _profile_chosen(self, index: int) -> None:
        self.connect_profile(self.profile_box.itemText(index))

    def _new_profile_clicked(self) -> None:
        start_task(self._new_profile())

    def _edit_profile_clicked(self) -> None:
        start_task(self._edit_profile())

    def _delete_profile_clicked(self) -> None:
        start_task(self._delete_profile())

    async def _new_profile(self) -> None:
        profile = await self.profiles.create(self)
        if profile is not None:
            self.connect_profile(profile.name)

    async def _edit_profile(self) -> None:
        profile = await self.profiles.edit(self, self.profile_box.currentText())
        if profile is not None:
            self.connect_profile(profile.name)

    async def _delete_profile(self) -> None:
        if not await self.profiles.delete(self, self.profile_box.currentText()):
            return
        self._set_client(None)
        self.setWindowTitle("ALPR Desk")
        remaining = self.profiles.names()
        if remaining:
            self.connect_profile(remaining[0])

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._connect_task is not None and not self._connect_task.done():
            self._connect_task.cancel()
        self.cancel_search()
        self.images.cancel()
        self.closed.emit()
        event.accept()


def _qt_order(order: str) -> Qt.SortOrder:
    return Qt.SortOrder.AscendingOrder if order == "asc" else Qt.SortOrder.DescendingOrder


def _connected_text(profile: ServerProfile) -> str:
    text = f"Connected to {profile.name} ({profile.base_url}). Enter a plate or press Search."
    if profile.sends_key_in_clear:
        text += " Warning: plain http; the API key is sent unencrypted."
    return text


def _result_text(count: int, result: SearchResult[PlateGroup], topn: int) -> tuple[str, bool]:
    """Return the status line for a search and whether the result is complete."""
    noun = "plate read" if count == 1 else "plate reads"
    text = f"{count:,} {noun} found."
    complete = not result.may_be_truncated
    if complete:
        text += " The result is complete."
    else:
        text += (
            f" Max results ({topn:,}) reached: the period may hold more reads. "
            "Raise Max results or narrow the period."
        )
    if result.rejected:
        text += f" {result.rejected} records could not be read and were left out."
    return text, complete
