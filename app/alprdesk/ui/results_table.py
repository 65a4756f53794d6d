"""The results table view: row selection only, letters left to the window's shortcuts."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from alprdesk.ui.results_model import ResultsModel

# Starting widths by column key; the last column stretches.
COLUMN_WIDTHS = {
    "plate": 100,
    "read_as": 100,
    "match": 230,
    "confidence": 82,
    "time": 192,
    "first_seen": 192,
    "last_seen": 192,
    "alert_list": 130,
    "description": 240,
    "site": 120,
    "camera": 64,
    "reads": 52,
}


class ResultsTable(QTableView):
    """A table of search results.

    Type-ahead search is off: it would take single letters such as F, which
    the window uses as shortcuts, and plates are searched with the form.
    ``visible_rows_changed`` fires, after scrolling settles, so the window can
    fetch the plate groups of the rows in view first.
    """

    visible_rows_changed = Signal()

    def __init__(self, model: ResultsModel) -> None:
        super().__init__()
        self.setObjectName("resultsTable")
        self.setModel(model)
        self._model = model
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        # Tab leaves the table, as in a form, instead of walking its cells.
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.sortIndicatorChanged.connect(lambda _column, _order: self._sorted())
        self._scroll_settled = QTimer(self)
        self._scroll_settled.setSingleShot(True)
        self._scroll_settled.setInterval(150)
        self._scroll_settled.timeout.connect(self.visible_rows_changed)
        self.verticalScrollBar().valueChanged.connect(lambda _value: self._scroll_settled.start())
        self.fit_columns()

    def fit_columns(self) -> None:
        """Give each column of the current kind its starting width, from the left edge."""
        self.horizontalScrollBar().setValue(0)
        for column in range(self._model.columnCount()):
            key = self._model.column_key(column)
            self.setColumnWidth(column, COLUMN_WIDTHS.get(key, 120))

    def visible_row_range(self) -> tuple[int, int]:
        """First and last row in view; (0, -1) for an empty table."""
        count = self._model.rowCount()
        if not count:
            return 0, -1
        first = self.rowAt(0)
        last = self.rowAt(self.viewport().height() - 1)
        first = 0 if first < 0 else first
        last = count - 1 if last < 0 else last
        return first, last

    def keyboardSearch(self, search: str) -> None:
        """Ignore type-ahead, so letter shortcuts reach the window."""

    def scroll_to_current(self) -> None:
        current = self.currentIndex()
        if current.isValid():
            self.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)

    def _sorted(self) -> None:
        current = self.currentIndex()
        if current.isValid():
            # Keep the sideways position, so the column just sorted stays in view.
            sideways = self.horizontalScrollBar().value()
            self.scrollTo(current, QAbstractItemView.ScrollHint.PositionAtCenter)
            self.horizontalScrollBar().setValue(sideways)
        self.visible_rows_changed.emit()
