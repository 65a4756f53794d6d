"""Read-only tables of the server's agents, users, cameras and alert lists."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from alprdesk.scout import ListedItem, NotFoundError, ScoutClient, ScoutError
from alprdesk.ui.async_tools import start_task
from alprdesk.ui.listing_model import (
    AGENTS,
    ALERT_LISTS,
    CAMERAS,
    USERS,
    ListingKind,
    ListingModel,
)

logger = logging.getLogger(__name__)

Fetch = Callable[[ScoutClient], Awaitable[list[ListedItem]]]

# Tabs in window order: listing, tab label with its mnemonic, and the client call.
LISTINGS: tuple[tuple[ListingKind, str, Fetch], ...] = (
    (AGENTS, "&Agents", ScoutClient.agents),
    (USERS, "&Users", ScoutClient.users),
    (CAMERAS, "&Cameras", ScoutClient.cameras),
    (ALERT_LISTS, "A&lert lists", ScoutClient.alert_lists),
)


class ListingTable(QTableView):
    """A sortable table whose selected cells Ctrl+C copies as tab-separated text."""

    def __init__(self, model: ListingModel) -> None:
        super().__init__()
        self.setModel(model)
        self.setSortingEnabled(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # No sort column until the user picks one, so the server's order shows first.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        model.modelReset.connect(self._fit_columns)

        copy = QAction("&Copy", self)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_selection)
        self.addAction(copy)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The view's own Ctrl+C copies only the current cell.
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    def selected_text(self) -> str:
        """Return the selected cells as rows of tab-separated text, in the order shown.

        Cells between selected ones that are not selected themselves stay empty.
        """
        model = self.model()
        assert isinstance(model, ListingModel)
        indexes = self.selectionModel().selectedIndexes()
        cells = {(index.row(), index.column()): model.full_text(index) for index in indexes}
        rows = sorted({row for row, _column in cells})
        columns = sorted({column for _row, column in cells})
        lines = [
            "\t".join(_one_cell(cells.get((row, column), "")) for column in columns) for row in rows
        ]
        return "\n".join(lines)

    def copy_selection(self) -> None:
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def _fit_columns(self) -> None:
        self.resizeColumnsToContents()
        for column in range(self.model().columnCount()):
            self.setColumnWidth(column, min(self.columnWidth(column), 320))


class ListingTab(QWidget):
    """One listing: a status line (count, progress or error) above its table."""

    def __init__(self, kind: ListingKind) -> None:
        super().__init__()
        self.kind = kind
        self.model = ListingModel(kind, self)
        self.table = ListingTable(self.model)
        self.table.setObjectName(f"{kind.noun.replace(' ', '_')}Table")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, stretch=1)
        self.show_message("Not loaded yet.")

    def show_message(self, text: str) -> None:
        self.status.setText(text)

    def show_items(self, items: list[ListedItem]) -> None:
        """Show ``items`` sorted by the column the user last chose, found again by its title.

        A new listing can have other columns, so the sort column's index may change.
        """
        header = self.table.horizontalHeader()
        titles = self.model.column_titles()
        section = header.sortIndicatorSection()
        sorted_by = titles[section] if 0 <= section < len(titles) else None
        order = header.sortIndicatorOrder()

        self.model.set_items(items)
        titles = self.model.column_titles()
        column = titles.index(sorted_by) if sorted_by in titles else -1
        header.setSortIndicator(column, order)
        if column >= 0:
            self.model.sort(column, order)
        self.show_message(f"{self.kind.count_text(len(items))}, as sent by the server.")

    def show_error(self, text: str) -> None:
        self.model.set_items([])
        self.show_message(text)


class DirectoryWindow(QWidget):
    """A top-level window of the server's listings, each tab loaded on its own.

    A listing that fails shows its error in its tab while the others still
    load. Closing the window cancels the loads still running. The window
    does not own the client: load it again after switching servers.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("directoryWindow")
        self.setWindowTitle("Server directory")
        self.resize(960, 560)
        self._client: ScoutClient | None = None
        self._tasks: dict[ListingKind, asyncio.Task[None]] = {}

        self.tabs = QTabWidget()
        self.tab_by_kind: dict[ListingKind, ListingTab] = {}
        for kind, label, _fetch in LISTINGS:
            self.tab_by_kind[kind] = ListingTab(kind)
            self.tabs.addTab(self.tab_by_kind[kind], label)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.setToolTip("Load every listing again (F5)")
        self.refresh_button.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_button.clicked.connect(self.refresh)
        close_button = QPushButton("Close")
        close_button.clicked.connect(self.close)

        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch()
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, stretch=1)
        layout.addLayout(buttons)

    def tab(self, kind: ListingKind) -> ListingTab:
        return self.tab_by_kind[kind]

    def load(self, client: ScoutClient) -> None:
        """Fetch every listing from ``client`` concurrently, replacing loads still running."""
        self.cancel()
        self._client = client
        for kind, _label, fetch in LISTINGS:
            tab = self.tab_by_kind[kind]
            tab.show_message(f"Loading {kind.display_name}…")
            self._tasks[kind] = start_task(self._load(tab, fetch, client))

    def refresh(self) -> None:
        """Load every listing again from the last client given to ``load``."""
        if self._client is None or self._client.is_closed:
            for tab in self.tab_by_kind.values():
                tab.show_error("Not connected to a server; connect and open this window again.")
            return
        self.load(self._client)

    def cancel(self) -> None:
        """Stop the loads still running; their tabs say so."""
        for kind, task in self._tasks.items():
            if not task.done():
                task.cancel()
                self.tab_by_kind[kind].show_message("Loading stopped. Press Refresh to load.")
        self._tasks = {}

    def is_loading(self) -> bool:
        return any(not task.done() for task in self._tasks.values())

    async def wait_loaded(self) -> None:
        """Wait until every load started by ``load`` has finished or been cancelled."""
        tasks = list(self._tasks.values())
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _load(self, tab: ListingTab, fetch: Fetch, client: ScoutClient) -> None:
        # Cancellation is not caught: cancel() has already updated the tab, and
        # the window may be gone by the time the task sees it.
        try:
            items = await fetch(client)
        except NotFoundError:
            logger.info("The server does not offer %s (HTTP 404)", tab.kind.display_name)
            tab.show_error(f"This server does not offer {tab.kind.display_name} (HTTP 404).")
            return
        except ScoutError as exc:
            logger.warning("Loading %s failed: %s", tab.kind.display_name, exc)
            tab.show_error(f"Could not load {tab.kind.display_name}. {exc.title}: {exc.message}")
            return
        except Exception:
            # A defect: the crash dialog reports it, the tab must not stay at "Loading".
            tab.show_error(f"Loading {tab.kind.display_name} failed unexpectedly.")
            raise
        tab.show_items(items)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel()
        event.accept()


def _one_cell(text: str) -> str:
    """Keep a copied cell on one line and in one column of tab-separated text."""
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
