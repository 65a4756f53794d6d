"""Table model of one server listing (agents, users, cameras or alert lists).

The listings are undocumented, so the columns are the fields the server
sent: the usual ones first, then every other key in the order it first
appears. Nested values are shown as one line of JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from alprdesk.scout import ListedItem
from alprdesk.scout.values import clean_text, to_float
from alprdesk.search.listings import LAST_SEEN_KEYS, last_seen
from alprdesk.ui.formatting import local_time
from alprdesk.ui.model_sort import sort_rows

Index = QModelIndex | QPersistentModelIndex
SortKey = tuple[int, float | str]
# Display text is cut at this length so one huge value cannot stall the table.
# Copying gives the whole text.
MAX_CELL_CHARS = 500
# Marks the derived, local-time "Last seen" column in a list of preferred keys.
LAST_SEEN = "\0last seen"


@dataclass(frozen=True)
class ListingKind:
    """A listing the directory window shows: tab title, nouns and preferred columns."""

    title: str
    noun: str
    plural: str
    display_name: str
    preferred: tuple[str, ...]

    def count_text(self, count: int) -> str:
        return f"{count:,} {self.noun if count == 1 else self.plural}"


AGENTS = ListingKind(
    title="Agents",
    noun="agent",
    plural="agents",
    display_name="the agent list",
    preferred=(
        *("name", "agent_uid", "id", "site", "site_name", "location", LAST_SEEN),
        *("online", "is_online", "status", "connected", "version"),
    ),
)
USERS = ListingKind(
    title="Users",
    noun="user",
    plural="users",
    display_name="the user list",
    preferred=(
        *("username", "name", "id", "email", "first_name", "last_name"),
        *("is_active", "is_admin"),
    ),
)
CAMERAS = ListingKind(
    title="Cameras",
    noun="camera",
    plural="cameras",
    display_name="the camera list",
    preferred=(
        *("camera", "camera_number", "name", "camera_name", "id"),
        *("site", "site_name", "location", "agent_uid"),
    ),
)
ALERT_LISTS = ListingKind(
    title="Alert lists",
    noun="alert list",
    plural="alert lists",
    display_name="the alert lists",
    preferred=("name", "id", "description"),
)


@dataclass(frozen=True)
class ListingColumn:
    title: str
    tooltip: str
    value: Callable[[ListedItem], Any]
    right_aligned: bool = False


def build_columns(kind: ListingKind, items: Sequence[ListedItem]) -> list[ListingColumn]:
    """Return the preferred columns present in ``items``, then every other field."""
    keys: dict[str, None] = {}
    for item in items:
        keys.update(dict.fromkeys(item.fields))
    ordered = [key for key in kind.preferred if key in keys or key == LAST_SEEN]
    ordered += [key for key in keys if key not in kind.preferred]
    return [
        _last_seen_column() if key == LAST_SEEN else _field_column(key, items) for key in ordered
    ]


def _field_column(key: str, items: Sequence[ListedItem]) -> ListingColumn:
    numeric = [item.fields[key] for item in items if item.fields.get(key) is not None]
    right = bool(numeric) and all(_is_number(value) for value in numeric)
    return ListingColumn(
        title=clean_text(key),
        tooltip=f"Field {clean_text(key)!r} as the server sent it",
        value=lambda item: item.fields.get(key),
        right_aligned=right,
    )


def _last_seen_column() -> ListingColumn:
    return ListingColumn(
        title="Last seen",
        tooltip=(
            "When the agent last contacted the server, in this workstation's time zone; "
            f"read from the first of {', '.join(LAST_SEEN_KEYS)} that holds a time"
        ),
        value=last_seen,
    )


def full_text(value: Any) -> str:
    """Return a field value as one line of text: JSON for nested values, yes/no for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return local_time(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dict | list):
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError, RecursionError):
            return "(value too deeply nested to show)"
    else:
        text = str(value)
    # Lone surrogates, which JSON allows, cannot be shown or copied.
    text = text.encode("utf-8", errors="surrogatepass").decode("utf-8", errors="replace")
    return clean_text(text)


def cell_text(value: Any) -> str:
    text = full_text(value)
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def sort_key(value: Any) -> SortKey:
    """Order numbers (also sent as text) by value, then text, then blanks."""
    if isinstance(value, datetime):
        return (0, value.astimezone(UTC).timestamp())
    number = None if isinstance(value, bool) else to_float(value)
    if number is not None:
        return (0, number)
    text = full_text(value)
    return (1, text.casefold()) if text else (2, "")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class ListingModel(QAbstractTableModel):
    """The items of one listing. The view stores no data of its own."""

    def __init__(self, kind: ListingKind, parent: Any = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._items: list[ListedItem] = []
        self._columns: list[ListingColumn] = build_columns(kind, [])

    def set_items(self, items: Sequence[ListedItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._columns = build_columns(self.kind, self._items)
        self.endResetModel()

    def item_at(self, row: int) -> ListedItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def column_titles(self) -> list[str]:
        return [column.title for column in self._columns]

    def full_text(self, index: Index) -> str:
        """Return the cell's whole text, as copied to the clipboard."""
        if not index.isValid():
            return ""
        return full_text(self._columns[index.column()].value(self._items[index.row()]))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(column.value(self._items[index.row()]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(column.value(self._items[index.row()]))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight if column.right_aligned else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._columns[section].tooltip
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in place, keeping the selection on the same items."""
        if not 0 <= column < len(self._columns):
            return
        value = self._columns[column].value
        sort_rows(self, self._items, lambda item: sort_key(value(item)), order, self._store_items)

    def _store_items(self, items: list[ListedItem]) -> None:
        self._items = items

    @staticmethod
    def _tooltip(value: Any) -> str:
        if isinstance(value, datetime):
            return f"{value.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"
        text = cell_text(value)
        return text if len(text) > 40 else ""
