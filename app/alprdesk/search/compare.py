"""Character-by-character comparison of a hot-list plate with the plate a reader produced."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from alprdesk.scout import normalize_plate
from alprdesk.search.lookalike import are_lookalikes

# Alignment costs for plates of different lengths. A look-alike substitution
# costs less than any other edit, and a substitution costs less than the
# deletion plus insertion that could replace it.
_LOOKALIKE_COST = 1
_SUBSTITUTION_COST = 2
_GAP_COST = 2


class CellKind(enum.StrEnum):
    """Result of comparing one aligned position of the two plates."""

    SAME = "same"
    LOOKALIKE = "look-alike"
    DIFFERENT = "different"
    MISSING = "missing"  # on the hot list, absent from the read
    EXTRA = "extra"  # in the read, absent from the hot list


@dataclass(frozen=True)
class ComparisonCell:
    """One aligned position: a hot-list character, a read character, or both.

    ``position`` is 1-based on the hot-list plate and None for an EXTRA cell.
    ``read_position`` is 1-based on the read plate and None for a MISSING cell.
    """

    kind: CellKind
    hot: str
    read: str
    position: int | None
    read_position: int | None

    def describe(self) -> str:
        """Return the difference in words, such as "position 4: 0 read as O"."""
        if self.kind is CellKind.EXTRA:
            return f"extra {self.read} at read position {self.read_position}"
        if self.kind is CellKind.MISSING:
            return f"position {self.position}: missing"
        if self.kind is CellKind.SAME:
            return f"position {self.position}: {self.hot}"
        return f"position {self.position}: {self.hot} read as {self.read}"


@dataclass(frozen=True)
class PlateComparison:
    """The aligned cells of a hot-list plate and a read plate, both normalized."""

    hot: str
    read: str
    cells: tuple[ComparisonCell, ...]

    @property
    def differences(self) -> tuple[ComparisonCell, ...]:
        return tuple(cell for cell in self.cells if cell.kind is not CellKind.SAME)

    @property
    def is_exact(self) -> bool:
        """Whether both plates are non-empty and equal after normalization."""
        return bool(self.hot) and self.hot == self.read

    @property
    def only_lookalikes(self) -> bool:
        """Whether the plates differ, and every difference is a look-alike character."""
        differences = self.differences
        return bool(differences) and all(cell.kind is CellKind.LOOKALIKE for cell in differences)

    def summary(self) -> str:
        """Return one line of plain text that states how the plates differ."""
        if not self.hot and not self.read:
            return "No plate text to compare"
        if not self.read:
            return "The read has no plate text"
        if not self.hot:
            return "The alert hit names no hot-list plate"
        if self.is_exact:
            return "Exact match"

        differences = self.differences
        if self.only_lookalikes:
            listed = "; ".join(cell.describe() for cell in differences)
            return f"Differs only by look-alike characters: {listed}"

        listed = "; ".join(_describe_in_mixed_list(cell) for cell in differences)
        if len(differences) == 1:
            return f"1 character differs: {listed}"
        return f"{len(differences)} characters differ: {listed}"


def compare_plates(hot: str, read: str) -> PlateComparison:
    """Align the hot-list plate ``hot`` with the read plate ``read``, character by character.

    Both are normalized first (upper case, spaces and dashes removed). Plates of
    equal length align position by position. Plates of different lengths align
    by minimum edit cost, where a look-alike substitution is cheaper than another
    substitution, and ties place a missing or extra character as late as possible.
    """
    hot, read = normalize_plate(hot), normalize_plate(read)
    if len(hot) == len(read):
        pairs = [(index, index) for index in range(len(hot))]
        cells = tuple(_cell(hot, read, hot_index, read_index) for hot_index, read_index in pairs)
    else:
        cells = _aligned_cells(hot, read)
    return PlateComparison(hot=hot, read=read, cells=cells)


def _describe_in_mixed_list(cell: ComparisonCell) -> str:
    text = cell.describe()
    return f"{text} (look-alike)" if cell.kind is CellKind.LOOKALIKE else text


def _substitution_cost(first: str, second: str) -> int:
    if first == second:
        return 0
    if are_lookalikes(first, second):
        return _LOOKALIKE_COST
    return _SUBSTITUTION_COST


def _cell(hot: str, read: str, hot_index: int | None, read_index: int | None) -> ComparisonCell:
    """Build the cell that pairs ``hot[hot_index]`` with ``read[read_index]``.

    An index of None marks a gap in that plate.
    """
    hot_char = "" if hot_index is None else hot[hot_index]
    read_char = "" if read_index is None else read[read_index]
    if hot_index is None:
        kind = CellKind.EXTRA
    elif read_index is None:
        kind = CellKind.MISSING
    elif hot_char == read_char:
        kind = CellKind.SAME
    elif are_lookalikes(hot_char, read_char):
        kind = CellKind.LOOKALIKE
    else:
        kind = CellKind.DIFFERENT
    return ComparisonCell(
        kind=kind,
        hot=hot_char,
        read=read_char,
        position=None if hot_index is None else hot_index + 1,
        read_position=None if read_index is None else read_index + 1,
    )


def _aligned_cells(hot: str, read: str) -> tuple[ComparisonCell, ...]:
    """Align two plates by minimum edit cost (Needleman-Wunsch on the suffixes).

    ``cost[i][j]`` is the cheapest alignment of ``hot[i:]`` with ``read[j:]``.
    Walking forward from the start and preferring a substitution on ties puts
    gaps as late as possible, so "AB1234" against "AB12344" reports the last 4
    as the extra one.
    """
    rows, columns = len(hot), len(read)
    cost = [[0] * (columns + 1) for _ in range(rows + 1)]
    for i in range(rows, -1, -1):
        for j in range(columns, -1, -1):
            if i == rows:
                cost[i][j] = (columns - j) * _GAP_COST
            elif j == columns:
                cost[i][j] = (rows - i) * _GAP_COST
            else:
                cost[i][j] = min(
                    cost[i + 1][j + 1] + _substitution_cost(hot[i], read[j]),
                    cost[i + 1][j] + _GAP_COST,
                    cost[i][j + 1] + _GAP_COST,
                )

    cells: list[ComparisonCell] = []
    i = j = 0
    while i < rows or j < columns:
        if i < rows and j < columns:
            diagonal = cost[i + 1][j + 1] + _substitution_cost(hot[i], read[j])
            if cost[i][j] == diagonal:
                cells.append(_cell(hot, read, i, j))
                i, j = i + 1, j + 1
                continue
        if i < rows and cost[i][j] == cost[i + 1][j] + _GAP_COST:
            cells.append(_cell(hot, read, i, None))
            i += 1
        else:
            cells.append(_cell(hot, read, None, j))
            j += 1
    return tuple(cells)
