"""Table model of plate reads: one row per plate group, sorted in Python."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from alprdesk.scout import PlateGroup
from alprdesk.ui.formatting import confidence, local_time

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_EARLIEST = datetime.min.replace(tzinfo=UTC)
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[PlateGroup], str]
    sort_key: Callable[[PlateGroup], Any]
    alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


COLUMNS: tuple[Column, ...] = (
    Column("Plate", lambda read: read.plate, lambda read: read.plate),
    Column(
        "Confidence",
        lambda read: confidence(read.confidence),
        lambda read: read.confidence if read.confidence is not None else -1.0,
        Qt.AlignmentFlag.AlignRight,
    ),
    Column(
        "First seen",
        lambda read: local_time(read.first_seen),
        lambda read: read.first_seen or _EARLIEST,
    ),
    Column(
        "Last seen",
        lambda read: local_time(read.last_seen),
        lambda read: read.last_seen or _EARLIEST,
    ),
    Column("Site", lambda read: read.site, lambda read: read.site.casefold()),
    Column(
        "Camera",
        lambda read: "" if read.camera is None else str(read.camera),
        lambda read: (isinstance(read.camera, str), str(read.camera).zfill(12)),
    ),
)
PLATE, CONFIDENCE, FIRST_SEEN, LAST_SEEN, SITE, CAMERA = range(len(COLUMNS))


class PlateReadsModel(QAbstractTableModel):
    """Plate groups of the current search; the view stores no data of its own."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._reads: list[PlateGroup] = []
        self._camera_names: dict[str, str] = {}

    def set_camera_names(self, names: dict[str, str]) -> None:
        """Use the server's camera names, by camera number, in tooltips."""
        self._camera_names = dict(names)

    def camera_name(self, read: PlateGroup) -> str:
        return self._camera_names.get(str(read.camera), "")

    def set_reads(self, reads: Sequence[PlateGroup]) -> None:
        self.beginResetModel()
        self._reads = list(reads)
        self.endResetModel()

    def clear(self) -> None:
        self.set_reads([])

    def read_at(self, row: int) -> PlateGroup | None:
        if 0 <= row < len(self._reads):
            return self._reads[row]
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._reads)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        read = self._reads[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(read)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.alignment | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == CAMERA:
            return self.camera_name(read)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (FIRST_SEEN, LAST_SEEN):
            moment = read.first_seen if index.column() == FIRST_SEEN else read.last_seen
            return "" if moment is None else moment.astimezone(UTC).isoformat() + " (UTC)"
        if role == RECORD_ROLE:
            return read
        if role == SORT_ROLE:
            return column.sort_key(read)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in place, keeping the selection on the same reads."""
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column].sort_key
        self.layoutAboutToBeChanged.emit()

        rows = sorted(
            range(len(self._reads)),
            key=lambda row: key(self._reads[row]),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        new_row_of = {old: new for new, old in enumerate(rows)}
        self._reads = [self._reads[row] for row in rows]

        old_indexes = self.persistentIndexList()
        new_indexes = [self.index(new_row_of[index.row()], index.column()) for index in old_indexes]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()
