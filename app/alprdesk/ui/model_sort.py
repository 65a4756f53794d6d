"""Sorting a table model's rows in Python while the view keeps its selection."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, Qt

T = TypeVar("T")


def sort_rows(
    model: QAbstractItemModel,
    rows: list[T],
    key: Callable[[T], Any],
    order: Qt.SortOrder,
    store: Callable[[list[T]], None],
) -> None:
    """Reorder ``rows`` by ``key`` and hand them to ``store``, moving persistent indexes.

    Persistent indexes (the view's selection and current row) follow their rows,
    so the selection stays on the same records. The sort is stable.
    """
    model.layoutAboutToBeChanged.emit()
    order_of_rows = sorted(
        range(len(rows)),
        key=lambda number: key(rows[number]),
        reverse=order == Qt.SortOrder.DescendingOrder,
    )
    new_row_of = {old: new for new, old in enumerate(order_of_rows)}
    store([rows[number] for number in order_of_rows])
    old_indexes = model.persistentIndexList()
    new_indexes = [model.index(new_row_of[index.row()], index.column()) for index in old_indexes]
    model.changePersistentIndexList(old_indexes, new_indexes)
    model.layoutChanged.emit()
