"""The hot-list plate above the read plate, one box per aligned character."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from alprdesk.search.compare import CellKind, ComparisonCell, PlateComparison, compare_plates

# Colour is never the only cue. Every cell that is not SAME also has a marker
# symbol under it, a heavier border and a tooltip that names the difference.
MARKERS = {
    CellKind.SAME: "",
    CellKind.LOOKALIKE: "≈",
    CellKind.DIFFERENT: "≠",
    CellKind.MISSING: "∅",
    CellKind.EXTRA: "+",
}
LEGEND = {
    CellKind.LOOKALIKE: "≈ look-alike",
    CellKind.DIFFERENT: "≠ different",
    CellKind.MISSING: "∅ missing in the read",
    CellKind.EXTRA: "+ extra in the read",
}
_AMBER = "background: #ffd966; color: #000000; border: 2px solid #9c6b00;"
_RED = "background: #f6b3b3; color: #000000; border: 2px solid #b00020;"
_BOX_STYLES = {
    CellKind.SAME: "border: 1px solid #8c8c8c;",
    CellKind.LOOKALIKE: _AMBER,
    CellKind.DIFFERENT: _RED,
    CellKind.MISSING: _RED,
    CellKind.EXTRA: _RED,
}
_GAP_STYLE = "border: 1px dashed #8c8c8c;"
_MARKER_STYLES = {
    CellKind.LOOKALIKE: "color: #9c6b00; font-weight: bold;",
    CellKind.DIFFERENT: "color: #b00020; font-weight: bold;",
    CellKind.MISSING: "color: #b00020; font-weight: bold;",
    CellKind.EXTRA: "color: #b00020; font-weight: bold;",
}
_SUMMARY_STYLES = {
    "exact": "font-weight: bold;",
    "lookalikes": "color: #9c6b00; font-weight: bold;",
    "differs": "color: #b00020; font-weight: bold;",
}


def cell_tooltip(cell: ComparisonCell) -> str:
    """Describe one cell in words, such as "position 4: hot list 0, read O (look-alike)"."""
    if cell.kind is CellKind.EXTRA:
        return f"read position {cell.read_position}: {cell.read}, not on the hot list (extra)"
    if cell.kind is CellKind.MISSING:
        return f"position {cell.position}: hot list {cell.hot}, missing in the read"
    return f"position {cell.position}: hot list {cell.hot}, read {cell.read} ({cell.kind})"


def plate_font(base: QFont) -> QFont:
    """Return a bold fixed-pitch font at twice the size of ``base``."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(max(base.pointSizeF(), 9.0) * 2)
    font.setBold(True)
    return font


class PlateCompareWidget(QWidget):
    """The hot-list plate and the read plate compared character by character, with a summary."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._comparison: PlateComparison | None = None
        self._cell_widgets: list[QLabel] = []
        self._markers: list[QLabel] = []
        self._tooltips: list[str] = []
        self._font = plate_font(self.font())

        self.hot_label = QLabel("Hot list")
        self.read_label = QLabel("Read")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(4)
        self.grid.setVerticalSpacing(2)
        self.grid.addWidget(self.hot_label, 0, 0)
        self.grid.addWidget(self.read_label, 1, 0)

        self.summary = QLabel("")
        self.summary.setObjectName("comparisonSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.legend = QLabel("")
        self.legend.setObjectName("comparisonLegend")

        row = QWidget()
        row.setLayout(self.grid)
        row.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.legend)

    @property
    def comparison(self) -> PlateComparison | None:
        """The comparison shown, or None while the read plate is unknown."""
        return self._comparison

    def marker_texts(self) -> list[str]:
        """Return the marker symbol under each cell, "" for a SAME cell."""
        return [marker.text() for marker in self._markers]

    def cell_tooltips(self) -> list[str]:
        return list(self._tooltips)

    def clear(self) -> None:
        self._comparison = None
        self._remove_cells()
        self.summary.setText("")
        self.legend.setText("")

    def show_plates(self, hot: str, read: str) -> PlateComparison:
        """Compare the hot-list plate ``hot`` with the read plate ``read`` and show the result."""
        comparison = compare_plates(hot, read)
        self.show_comparison(comparison)
        return comparison

    def show_comparison(self, comparison: PlateComparison) -> None:
        self._remove_cells()
        self._comparison = comparison
        for column, cell in enumerate(comparison.cells, start=1):
            tooltip = cell_tooltip(cell)
            hot_box = self._box(cell.hot, cell.kind if cell.hot else None, tooltip)
            read_box = self._box(cell.read, cell.kind if cell.read else None, tooltip)
            marker = QLabel(MARKERS[cell.kind])
            marker.setAlignment(Qt.AlignmentFlag.AlignCenter)
            marker.setStyleSheet(_MARKER_STYLES.get(cell.kind, ""))
            marker.setToolTip(tooltip)
            self.grid.addWidget(hot_box, 0, column)
            self.grid.addWidget(read_box, 1, column)
            self.grid.addWidget(marker, 2, column)
            self._cell_widgets += [hot_box, read_box, marker]
            self._markers.append(marker)
            self._tooltips.append(tooltip)

        self.summary.setText(comparison.summary())
        if comparison.is_exact:
            style = "exact"
        elif comparison.only_lookalikes:
            style = "lookalikes"
        else:
            style = "differs"
        self.summary.setStyleSheet(_SUMMARY_STYLES[style])
        kinds = {cell.kind for cell in comparison.cells}
        self.legend.setText("   ".join(text for kind, text in LEGEND.items() if kind in kinds))

    def show_hot_plate(self, hot: str, read_note: str) -> None:
        """Show the hot-list plate alone, with ``read_note`` in place of the unknown read."""
        self._remove_cells()
        self._comparison = None
        hot = compare_plates(hot, "").hot
        for column, char in enumerate(hot, start=1):
            box = self._box(char, CellKind.SAME, f"position {column}: hot list {char}")
            self.grid.addWidget(box, 0, column)
            self._cell_widgets.append(box)
        note = QLabel(read_note)
        note.setObjectName("readNote")
        self.grid.addWidget(note, 1, 1, 1, max(len(hot), 1))
        self._cell_widgets.append(note)
        self.summary.setText("")
        self.legend.setText("")

    def _box(self, char: str, kind: CellKind | None, tooltip: str) -> QLabel:
        """Return one character box; ``kind`` None draws the dashed box of a gap."""
        box = QLabel(char)
        box.setFont(self._font)
        box.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.setMinimumWidth(box.fontMetrics().horizontalAdvance("W") + 12)
        box.setStyleSheet(_GAP_STYLE if kind is None else _BOX_STYLES[kind])
        box.setToolTip(tooltip)
        box.setAccessibleName(tooltip)
        return box

    def _remove_cells(self) -> None:
        for widget in self._cell_widgets:
            self.grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self._cell_widgets = []
        self._markers = []
        self._tooltips = []
