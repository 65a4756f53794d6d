"""Table model of search results: plate reads, candidate readings or alert hits.

Each kind has its own columns. Candidates and alert hits show their plate
group's fields (the reading, the camera) once the group is resolved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from alprdesk.scout import AlertHit, PlateGroup, SearchKind
from alprdesk.search.compare import compare_plates
from alprdesk.search.resolver import Resolution
from alprdesk.search.rows import ResultRow
from alprdesk.timefmt import format_time
from alprdesk.ui.formatting import confidence, local_time, showing_utc
from alprdesk.ui.model_sort import sort_rows

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_EARLIEST = datetime.min.replace(tzinfo=UTC)
RESOLVING = "…"
DIFFERS_COLOR = QColor(176, 0, 32)
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    text: Callable[[ResultRow], str]
    sort_key: Callable[[ResultRow], Any]
    alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    optional: bool = False  # shown only for look-alike, wildcard or folded results


def _time_column(key: str, title: str, moment: Callable[[ResultRow], datetime | None]) -> Column:
    return Column(
        key, title, lambda row: local_time(moment(row)), lambda row: moment(row) or _EARLIEST
    )


def _group_text(row: ResultRow, text: Callable[[PlateGroup], str]) -> str:
    if row.group is not None:
        shown = text(row.group)
        # Differences show in colour and with a mark, so they do not rest on colour alone.
        return f"≠ {shown}" if _read_differs(row) else shown
    return "not available" if row.group_problem else RESOLVING


def _camera(row: ResultRow) -> str:
    camera = row.group.camera if row.group is not None else getattr(row.record, "camera", None)
    if camera is None:
        return "" if row.group is not None or row.group_problem else RESOLVING
    return str(camera)


def _camera_sort(row: ResultRow) -> tuple[bool, str]:
    text = _camera(row)
    return (not text.isdigit(), text.zfill(12))


def _first_seen(row: ResultRow) -> datetime | None:
    """Return the earliest sighting of the row's reads, folded repeats included."""
    moments = [read.first_seen for read in row.reads if isinstance(read, PlateGroup)]
    return min((moment for moment in moments if moment is not None), default=None)


def _last_seen(row: ResultRow) -> datetime | None:
    """Return the latest sighting of the row's reads, folded repeats included."""
    moments = [read.last_seen for read in row.reads if isinstance(read, PlateGroup)]
    return max((moment for moment in moments if moment is not None), default=None)


def _read_differs(row: ResultRow) -> bool:
    """True when an alert hit's read plate is known and is not the hot-list plate.

    Candidate readings differ from their read's best reading by nature, so
    only hits are marked.
    """
    return (
        isinstance(row.record, AlertHit)
        and row.group is not None
        and row.read_plate != row.record.plate
    )


def _hit(row: ResultRow) -> AlertHit:
    assert isinstance(row.record, AlertHit)
    return row.record


_CONFIDENCE = Column(
    "confidence",
    "Confidence",
    lambda row: confidence(row.confidence),
    lambda row: row.confidence if row.confidence is not None else -1.0,
    Qt.AlignmentFlag.AlignRight,
)
_MATCH = Column(
    "match",
    "Match",
    lambda row: row.explanation(),
    lambda row: row.match.rank_key() if row.match else (1.0, True),
    optional=True,
)
_REPEATS = Column(
    "reads",
    "Reads",
    lambda row: str(row.repeats),
    lambda row: row.repeats,
    Qt.AlignmentFlag.AlignRight,
    optional=True,
)
_SITE = Column("site", "Site", lambda row: row.record.site, lambda row: row.record.site.casefold())
_CAMERA = Column("camera", "Camera", _camera, _camera_sort)

COLUMNS: dict[SearchKind, tuple[Column, ...]] = {
    SearchKind.PLATES: (
        Column("plate", "Plate", lambda row: row.record.plate, lambda row: row.record.plate),
        _MATCH,
        _CONFIDENCE,
        _time_column("first_seen", "First seen", _first_seen),
        _time_column("last_seen", "Last seen", _last_seen),
        _SITE,
        _CAMERA,
        _REPEATS,
    ),
    SearchKind.CANDIDATES: (
        Column("plate", "Reading", lambda row: row.record.plate, lambda row: row.record.plate),
        _MATCH,
        _CONFIDENCE,
        _time_column("time", "Time", lambda row: row.time),
        Column(
            "read_as",
            "Best reading",
            lambda row: _group_text(row, lambda group: group.best_plate),
            lambda row: row.read_plate,
        ),
        _SITE,
        _CAMERA,
        _REPEATS,
    ),
    SearchKind.ALERTS: (
        _time_column("time", "Hit time", lambda row: row.time),
        Column("plate", "Plate", lambda row: row.record.plate, lambda row: row.record.plate),
        Column(
            "read_as",
            "Read as",
            lambda row: _group_text(row, lambda group: group.best_plate),
            lambda row: row.read_plate,
        ),
        Column(
            "alert_list",
            "Alert list",
            lambda row: _hit(row).alert_group_name,
            lambda row: _hit(row).alert_group_name.casefold(),
        ),
        Column(
            "description",
            "Description",
            lambda row: _hit(row).description,
            lambda row: _hit(row).description.casefold(),
        ),
        _SITE,
        _CAMERA,
        _CONFIDENCE,
        _MATCH,
        _REPEATS,
    ),
}


class ResultsModel(QAbstractTableModel):
    """Rows of the current search; the view stores no data of its own."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.kind = SearchKind.PLATES
        self._rows: list[ResultRow] = []
        self._columns: tuple[Column, ...] = self._visible(SearchKind.PLATES, set())
        self._camera_names: dict[str, str] = {}
        # Row numbers by plate group id, built when the first group arrives.
        self._rows_of_group: dict[int, list[int]] | None = None

    # Content

    def set_rows(
        self,
        kind: SearchKind,
        rows: Sequence[ResultRow],
        *,
        show_match: bool = False,
        show_repeats: bool = False,
    ) -> None:
        shown = {
            name for name, wanted in (("match", show_match), ("reads", show_repeats)) if wanted
        }
        self.beginResetModel()
        self.kind = kind
        self._rows = list(rows)
        self._columns = self._visible(kind, shown)
        self._rows_of_group = None
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows(self.kind, [])

    def set_camera_names(self, names: dict[str, str]) -> None:
        """Use the server's camera names, by camera number, in tooltips."""
        self._camera_names = dict(names)

    def camera_name(self, read: PlateGroup) -> str:
        return self._camera_names.get(str(read.camera), "")

    def group_resolved(self, resolution: Resolution) -> None:
        """Show a resolved plate group on every row that points to it."""
        if self._rows_of_group is None:
            self._index_groups()
            assert self._rows_of_group is not None
        for number in self._rows_of_group.get(resolution.group_id, ()):
            row = self._rows[number]
            if row.group is resolution.group and row.group_problem == resolution.problem:
                continue
            row.group = resolution.group
            row.group_problem = resolution.problem
            self.dataChanged.emit(self.index(number, 0), self.index(number, len(self._columns) - 1))

    def _index_groups(self) -> None:
        rows_of_group: dict[int, list[int]] = {}
        for number, row in enumerate(self._rows):
            if row.group_id is not None:
                rows_of_group.setdefault(row.group_id, []).append(number)
        self._rows_of_group = rows_of_group

    def refresh_times(self) -> None:
        """Redraw every cell after the time zone shown changed."""
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self._columns) - 1)
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)

    # Lookup

    def row_at(self, row: int) -> ResultRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def read_at(self, row: int) -> PlateGroup | None:
        """The plate group of a row, once known."""
        found = self.row_at(row)
        return found.group if found is not None else None

    def rows(self) -> list[ResultRow]:
        return list(self._rows)

    def column_key(self, column: int) -> str:
        return self._columns[column].key if 0 <= column < len(self._columns) else ""

    def column_of(self, key: str) -> int:
        """Index of the column named ``key`` in the current kind, or -1."""
        return next((n for n, column in enumerate(self._columns) if column.key == key), -1)

    # QAbstractTableModel

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.alignment | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if column.key == "read_as" and _read_differs(row):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(DIFFERS_COLOR)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.FontRole and column.key == "plate":
            font = QFont()
            font.setBold(True)
            return font
        if role == RECORD_ROLE:
            return row
        if role == SORT_ROLE:
            return column.sort_key(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            if column.key in ("time", "first_seen", "last_seen") and showing_utc():
                return f"{column.title} (UTC)"
            return column.title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in place, keeping the selection on the same rows.

        NOTE: this runs on the GUI thread, as Qt calls it; 100,000 rows take about
        0.12 s (``make bench``), long enough for the window to stutter once.
        """
        if not 0 <= column < len(self._columns):
            return
        sort_rows(self, self._rows, self._columns[column].sort_key, order, self._store_rows)

    def _store_rows(self, rows: list[ResultRow]) -> None:
        self._rows = rows
        self._rows_of_group = None

    # Helpers

    @staticmethod
    def _visible(kind: SearchKind, shown: set[str]) -> tuple[Column, ...]:
        return tuple(
            column for column in COLUMNS[kind] if not column.optional or column.key in shown
        )

    def _tooltip(self, row: ResultRow, column: Column) -> str:
        if column.key == "camera" and row.group is not None:
            return self.camera_name(row.group)
        if column.key in ("time", "first_seen", "last_seen"):
            moment = {
                "time": row.time,
                "first_seen": _first_seen(row),
                "last_seen": _last_seen(row),
            }[column.key]
            return format_time(moment, utc=not showing_utc())
        if column.key == "read_as" and row.group_problem:
            return row.group_problem
        if column.key == "read_as" and _read_differs(row):
            comparison = compare_plates(row.record.plate, row.read_plate)
            return f"Differs from {row.record.plate}: {comparison.summary()}"
        if column.key == "match":
            return row.explanation()
        if column.key == "description":
            return _hit(row).description
        if column.key == "reads" and row.repeats > 1:
            times = ", ".join(local_time(_time_of(read)) for read in row.reads[:10])
            return f"{row.repeats} reads: {times}" + (" …" if row.repeats > 10 else "")
        return ""


def _time_of(record: Any) -> datetime | None:
    return record.first_seen if isinstance(record, PlateGroup) else record.epoch_time
