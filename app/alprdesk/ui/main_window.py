"""The main window: server profile, search form, results table and review pane."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from alprdesk.scout import QueryError, ScoutClient, SearchKind
from alprdesk.search.outcome import SearchOutcome
from alprdesk.search.resolver import Resolution
from alprdesk.search.rows import ResultRow
from alprdesk.ui.async_tools import start_task
from alprdesk.ui.connecting import ConnectFailedError, connected_text, open_connection
from alprdesk.ui.directory import DirectoryWindow
from alprdesk.ui.formatting import set_agent_names, show_utc
from alprdesk.ui.menus import (
    ABOUT_HTML,
    ActionSpec,
    install_actions,
    shortcut_table,
    show_information,
)
from alprdesk.ui.profiles_controller import ProfilesController
from alprdesk.ui.results_model import ResultsModel
from alprdesk.ui.results_table import ResultsTable
from alprdesk.ui.review_pane import ReviewPane
from alprdesk.ui.search_controller import SearchController
from alprdesk.ui.search_form import SearchForm
from alprdesk.ui.status_panel import StatusPanel

# Rows beyond the visible ones whose plate groups are fetched ahead of scrolling.
_RESOLVE_AHEAD = 20


class MainWindow(QMainWindow):
    """Search plate reads, candidate readings and alert hits; review each row's images."""

    closed = Signal()
    search_finished = Signal(int)  # number of rows shown
    search_failed = Signal(str)

    def __init__(self, profiles: ProfilesController) -> None:
        super().__init__()
        self.setWindowTitle("ALPR Desk")
        self.resize(1280, 800)
        self.profiles = profiles
        self._client: ScoutClient | None = None
        self._connect_task: asyncio.Task[None] | None = None
        self.outcome: SearchOutcome | None = None

        self.form = SearchForm()
        self.model = ResultsModel(self)
        self.table = ResultsTable(self.model)
        self.review = ReviewPane()
        self.review.set_camera_names(self.model.camera_name)
        self.image_pane = self.review.image_pane
        self.images = self.review.images
        self.verification = self.review.verification
        self.searches = SearchController(self)
        self.directory: DirectoryWindow | None = None
        self.status = StatusPanel()
        self.statusBar().addWidget(self.status, stretch=1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.review)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([740, 520])
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
        self.searches.progress.connect(self.status.show_progress)
        self.searches.finished.connect(self._search_succeeded)
        self.searches.failed.connect(self._search_errored)
        self.searches.cancelled.connect(self._search_cancelled)
        self.searches.crashed.connect(self._search_crashed)
        self.searches.group_resolved.connect(self._group_resolved)
        self.review.group_retry_requested.connect(self.searches.retry_group)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.visible_rows_changed.connect(self._resolve_visible)
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
        self._set_client(None)
        self.form.set_listings([], [], [])
        set_agent_names({})
        self._select_profile_in_box(name)
        self._update_profile_actions()
        self.setWindowTitle(f"ALPR Desk: {profile.name}")
        self.status.busy(f"Connecting to {profile.name}…")

        try:
            connection = await open_connection(self.profiles, self, profile)
        except ConnectFailedError as exc:
            self.status.error(exc.message)
            return
        except Exception:
            # A defect: the crash dialog reports it, the status bar must not stay busy.
            self.status.error(f"Cannot open {profile.name}: unexpected error.")
            raise
        self._set_client(connection.client)
        self.form.set_listings(connection.cameras, connection.agents, connection.alert_lists)
        self.model.set_camera_names(connection.camera_names())
        set_agent_names(connection.agent_names())
        self.status.idle(connected_text(profile))

    def _set_client(self, client: ScoutClient | None) -> None:
        self._client = client
        self.searches.set_client(client)
        self.form.search_button.setEnabled(True)
        self.outcome = None
        self.model.clear()
        self.review.set_client(client)
        if self.directory is not None:
            self.directory.close()
            self.directory = None

    # Search

    def start_search(self) -> None:
        """Validate the form and run the search; a running search is replaced."""
        try:
            request = self.form.request()
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

        self.form.show_period(request.query)
        self.form.search_button.setEnabled(False)
        self.status.busy(f"Searching {request.kind.label}…")
        self.searches.start(request)

    def cancel_search(self) -> None:
        self.searches.cancel()

    async def wait_search(self) -> None:
        await self.searches.wait()

    def _search_succeeded(self, outcome: SearchOutcome) -> None:
        self.form.search_button.setEnabled(True)
        self.outcome = outcome
        request = outcome.request
        self.review.show_row(None)
        self.model.set_rows(
            request.kind,
            outcome.rows,
            show_match=outcome.method != "exact",
            show_repeats=request.group_gap is not None,
        )
        self.table.fit_columns()
        self._show_sort_order(outcome)
        text = outcome.summary()
        if outcome.complete:
            self.status.idle(text)
        else:
            self.status.warning(text)
        if outcome.rows:
            self.table.selectRow(0)
            self.table.setFocus()
        self._resolve_visible()
        self.search_finished.emit(len(outcome.rows))

    def _show_sort_order(self, outcome: SearchOutcome) -> None:
        """Mark the column the rows are ordered by: time, or similarity for matched plates."""
        if outcome.method != "exact":
            column, order = self.model.column_of("match"), Qt.SortOrder.AscendingOrder
        else:
            time_key = "first_seen" if outcome.request.kind is SearchKind.PLATES else "time"
            column = self.model.column_of(time_key)
            descending = outcome.request.query.order == "desc"
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        # Sorting again by the same key keeps the order, as the model's sort is stable.
        self.table.sortByColumn(column, order)

    def _search_errored(self, title: str, message: str) -> None:
        # Earlier results stay out of view, so none is taken for this search's.
        self.form.search_button.setEnabled(True)
        self.review.show_row(None)
        self.model.clear()
        self.status.error(f"{title}: {message}")
        self.search_failed.emit(message)

    def _search_cancelled(self) -> None:
        self.form.search_button.setEnabled(True)
        self.status.idle("Search cancelled.")
        # The rows of the previous search stay; their groups are asked for again.
        self._resolve_visible()

    def _search_crashed(self) -> None:
        self.form.search_button.setEnabled(True)
        self.status.error("The search failed unexpectedly; see the error dialog.")

    # Rows and their plate groups

    def selected_row(self) -> ResultRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = self.selected_row()
        if row is not None and row.group is None and row.group_id is not None:
            self.searches.want_groups([row.group_id], first=True)
        self.review.show_row(row)

    def _resolve_visible(self) -> None:
        """Fetch the plate groups of the rows in view first, then a few beyond them."""
        first, last = self.table.visible_row_range()
        wanted = [
            row.group_id
            for number in range(first, last + _RESOLVE_AHEAD + 1)
            if (row := self.model.row_at(number)) is not None
            and row.group is None
            and row.group_id is not None
        ]
        self.searches.want_groups(list(dict.fromkeys(wanted)), first=True)

    def _group_resolved(self, resolution: Resolution) -> None:
        self.model.group_resolved(resolution)
        self.review.group_resolved(resolution)

    # Review

    def step(self, offset: int) -> None:
        """Select the row ``offset`` rows below the current one (above when negative)."""
        count = self.model.rowCount()
        if not count:
            return
        current = self.table.currentIndex().row()
        target = 0 if current < 0 else max(0, min(count - 1, current + offset))
        self.table.selectRow(target)
        self.table.scroll_to_current()

    def _copy_plate(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        plate = row.record.plate
        if not plate:
            self.statusBar().showMessage("This read has no plate text to copy.", 4000)
            return
        text = plate
        if row.read_plate and row.read_plate != plate:
            text = f"{plate} (read as {row.read_plate})"
        QGuiApplication.clipboard().setText(plate)
        # A passing message, so the search's summary comes back after it.
        self.statusBar().showMessage(f"Copied {text} to the clipboard.", 4000)

    def _utc_toggled(self) -> None:
        show_utc(self.actions_by_name["Show times in UTC"].isChecked())
        self.model.refresh_times()
        self.review.show_row(self.selected_row())

    def _show_directory(self) -> None:
        if self._client is None:
            self.status.error("Connect to a server first to list its agents and users.")
            return
        if self.directory is None:
            self.directory = DirectoryWindow(self)
            self.directory.setWindowFlag(Qt.WindowType.Window)
            self.directory.load(self._client)
        self.directory.show()
        self.directory.raise_()
        self.directory.activateWindow()

    # Actions

    def _action_specs(self) -> list[ActionSpec]:
        standard = QKeySequence.StandardKey
        review = self.review
        return [
            ActionSpec("&Server", "&New profile…", standard.New, self._new_profile_clicked),
            ActionSpec("&Server", "&Edit profile…", None, self._edit_profile_clicked),
            ActionSpec("&Server", "&Delete profile…", None, self._delete_profile_clicked),
            ActionSpec("&Server", "&Agents, users and cameras…", "Ctrl+Shift+A",
                       self._show_directory, "Read-only lists of the server's agents, users, "
                       "cameras and alert lists"),
            ActionSpec("&Server", "&Quit", standard.Quit, self.close),
            ActionSpec("&Search", "&Search", standard.Refresh, self.start_search,
                       "Run the search with the form's values (also Enter in the form)"),
            ActionSpec("&Search", "&Cancel search", "Esc", self.cancel_search),
            ActionSpec("&Search", "Find &plate", standard.Find, self._focus_plate),
            ActionSpec("&Review", "&Next row", "N", lambda: self.step(1),
                       "Select the next read or hit"),
            ActionSpec("&Review", "&Previous row", "P", lambda: self.step(-1),
                       "Select the previous read or hit"),
            ActionSpec("&Review", "Show &full frame", "F", review.toggle_full_frame,
                       "Switch between the plate crop and the outlined full frame"),
            ActionSpec("&Review", "Zoom &in", standard.ZoomIn, review.zoom_in),
            ActionSpec("&Review", "Zoom &out", standard.ZoomOut, review.zoom_out),
            ActionSpec("&Review", "&Fit to pane", "Ctrl+0", review.reset_zoom),
            ActionSpec("&Review", "&Retry image", "R", review.retry),
            ActionSpec("&Review", "&Copy plate", "Ctrl+Shift+C", self._copy_plate),
            ActionSpec("&View", "Show times in &UTC", "Ctrl+Shift+U", self._utc_toggled,
                       "Show times in UTC instead of this workstation's time zone",
                       checkable=True),
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
        toolbar.addSeparator()
        toolbar.addAction(self.actions_by_name["Agents, users and cameras…"])
        toolbar.addAction(self.actions_by_name["Show times in UTC"])
        self.addToolBar(toolbar)

    def _focus_plate(self) -> None:
        self.form.plate.setFocus()
        self.form.plate.selectAll()

    def _show_keys(self) -> None:
        show_information(self, "Keyboard shortcuts", shortcut_table(self.actions_by_name))

    def _show_about(self) -> None:
        show_information(self, "About ALPR Desk", ABOUT_HTML)

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
        self.searches.set_client(None)
        self.review.cancel()
        if self.directory is not None:
            self.directory.close()
        self.closed.emit()
        event.accept()
