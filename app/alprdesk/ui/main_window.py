"""The main window: server profile, search form, results table and image pane."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from alprdesk import __version__
from alprdesk.config import ServerProfile
from alprdesk.connections import MissingKeyError
from alprdesk.scout import QueryError, ScoutClient, ScoutError, SearchQuery
from alprdesk.ui.async_tools import start_task
from alprdesk.ui.image_loader import PlateImageLoader
from alprdesk.ui.image_pane import ImagePane
from alprdesk.ui.profiles_controller import ProfilesController
from alprdesk.ui.results_model import FIRST_SEEN, PlateReadsModel
from alprdesk.ui.search_form import SearchForm
from alprdesk.ui.status_panel import StatusPanel

logger = logging.getLogger(__name__)


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
        self.table = _results_table(self.model)
        self.image_pane = ImagePane()
        self.images = PlateImageLoader(self.image_pane)
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
        self.cancel_search()
        self._set_client(None)
        self._select_profile_in_box(name)
        self.status.busy(f"Connecting to {profile.name}…")
        try:
            client = await self.profiles.client_for(profile)
        except MissingKeyError as exc:
            self.status.error(exc.message)
            return
        except ScoutError as exc:
            self.status.error(f"{exc.title}: {exc.message}")
            return
        except Exception as exc:  # the keyring may fail in backend-specific ways
            message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
            self.status.error(f"Cannot open the profile {name!r}: {message}")
            return
        self._set_client(client)
        self.setWindowTitle(f"ALPR Desk: {profile.name}")
        self.status.idle(_connected_text(profile))
        await self._load_sites(client)

    async def _load_sites(self, client: ScoutClient) -> None:
        try:
            cameras = await client.cameras()
        except ScoutError as exc:
            logger.info("Camera list unavailable: %s", exc)
            return
        sites = [str(item.fields.get("site", "")) for item in cameras]
        self.form.set_sites([site for site in sites if site])

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
            message = "Choose or create a server profile first (toolbar, top left)."
            self.status.error(message)
            self.search_failed.emit(message)
            return
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
            self.status.error(f"{exc.title}: {exc.message}")
            self.search_failed.emit(exc.message)
            return

        self.model.set_reads(result.records)
        self.table.sortByColumn(FIRST_SEEN, _qt_order(query.order))
        self.status.idle(_result_text(len(result.records), result, query.topn))
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

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        read = self.model.read_at(rows[0].row()) if rows else None
        self.images.show_read(read)

    # Profiles

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Server")
        toolbar.setObjectName("serverToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Server: "))
        toolbar.addWidget(self.profile_box)

        new = QAction("New profile…", self)
        new.triggered.connect(lambda: start_task(self._new_profile()))
        edit = QAction("Edit profile…", self)
        edit.triggered.connect(lambda: start_task(self._edit_profile()))
        delete = QAction("Delete profile", self)
        delete.triggered.connect(lambda: start_task(self._delete_profile()))
        for action in (new, edit, delete):
            toolbar.addAction(action)
        self.addToolBar(toolbar)

        focus_plate = QAction("Find plate", self)
        focus_plate.setShortcut(QKeySequence.StandardKey.Find)
        focus_plate.triggered.connect(lambda: self.form.plate.setFocus())
        cancel = QAction("Cancel search", self)
        cancel.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        cancel.triggered.connect(self.cancel_search)
        rerun = QAction("Search again", self)
        rerun.setShortcut(QKeySequence.StandardKey.Refresh)
        rerun.triggered.connect(self.start_search)
        copy_plate = QAction("Copy plate", self)
        copy_plate.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_C))
        copy_plate.triggered.connect(self._copy_plate)
        for action in (focus_plate, cancel, rerun, copy_plate):
            self.addAction(action)

    def _fill_profiles(self) -> None:
        current = self.profile_box.currentText()
        self.profile_box.clear()
        self.profile_box.addItems(self.profiles.names())
        self._select_profile_in_box(current)

    def _select_profile_in_box(self, name: str) -> None:
        index = self.profile_box.findText(name)
        if index >= 0:
            self.profile_box.setCurrentIndex(index)

    def _profile_chosen(self, index: int) -> None:
        self.connect_profile(self.profile_box.itemText(index))

    async def _new_profile(self) -> None:
        profile = await self.profiles.create(self)
        if profile is not None:
            self.connect_profile(profile.name)

    async def _edit_profile(self) -> None:
        name = self.profile_box.currentText()
        profile = await self.profiles.edit(self, name)
        if profile is not None:
            self.connect_profile(profile.name)

    async def _delete_profile(self) -> None:
        name = self.profile_box.currentText()
        if await self.profiles.delete(self, name):
            self._set_client(None)
            self.setWindowTitle("ALPR Desk")
            if self.profiles.names():
                self.connect_profile(self.profiles.names()[0])

    def _copy_plate(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        read = self.model.read_at(rows[0].row()) if rows else None
        if read is not None:
            QGuiApplication.clipboard().setText(read.plate)
            self.status.idle(f"Copied {read.plate} to the clipboard.")

    def show_about(self) -> None:
        QMessageBox.about(self, "About ALPR Desk", f"ALPR Desk {__version__}")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel_search()
        self.images.cancel()
        self.closed.emit()
        event.accept()


def _results_table(model: PlateReadsModel) -> QTableView:
    table = QTableView()
    table.setObjectName("resultsTable")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setSortingEnabled(True)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in enumerate((100, 90, 185, 185, 130, 70)):
        table.setColumnWidth(column, width)
    return table


def _qt_order(order: str) -> Qt.SortOrder:
    return Qt.SortOrder.AscendingOrder if order == "asc" else Qt.SortOrder.DescendingOrder


def _connected_text(profile: ServerProfile) -> str:
    text = f"Connected to {profile.name} ({profile.base_url}). Enter a plate or press Search."
    if profile.sends_key_in_clear:
        text += " Warning: plain http; the API key is sent unencrypted."
    return text


def _result_text(count: int, result: Any, topn: int) -> str:
    noun = "plate read" if count == 1 else "plate reads"
    text = f"{count:,} {noun} found."
    if result.may_be_truncated:
        text += f" The server's limit of {topn:,} was reached: the result may be incomplete."
    else:
        text += " The result is complete."
    if result.rejected:
        text += f" {result.rejected} records could not be read and were left out."
    return text
