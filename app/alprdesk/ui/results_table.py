"""The results table view: row selection only, letters left to the window's shortcuts."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from alprdesk.ui.results_model import PlateReadsModel

COLUMN_WIDTHS = (90, 82, 192, 192, 120, 60)


class ResultsTable(QTableView):
    """A table of plate reads.

    Type-ahead search is off: it would take single letters such as F, which
    the window uses as shortcuts, and plates are searched with the form.
    """

    def __init__(self, model: PlateReadsModel) -> None:
        super().__init__()
        self.setObjectName("resultsTable")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.sortIndicatorChanged.connect(lambda _column, _order: self.scroll_to_current())
        for column, width in enumerate(COLUMN_WIDTHS):
            self.setColumnWidth(column, width)

    def keyboardSearch(self, search: str) -> None:
        """Ignore type-ahead, so letter shortcuts reach the window."""

    def scroll_to_current(self) -> None:
        current = self.currentIndex()
        if current.isValid():
            self.scrollTo(current, QAbstractItemView.ScrollHint.PositionAtCenter)
