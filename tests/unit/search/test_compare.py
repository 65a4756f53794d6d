"""Alignment of a hot-list plate with a read plate, and the summary shown to investigators."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from alprdesk.search.compare import CellKind, compare_plates
from alprdesk.search.lookalike import LOOKALIKE_CLASSES, lookalike_class

PLATE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
plates = st.text(alphabet=PLATE_ALPHABET, min_size=1, max_size=10)


def kinds(hot: str, read: str) -> list[CellKind]:
    return [cell.kind for cell in compare_plates(hot, read).cells]


def test_exact_match() -> None:
    comparison = compare_plates("ABC0123", "ABC0123")

    assert comparison.is_exact
    assert not comparison.only_lookalikes
    assert kinds("ABC0123", "ABC0123") == [CellKind.SAME] * 7
    assert comparison.summary() == "Exact match"


def test_lookalike_at_position_four() -> None:
    comparison = compare_plates("ABC0123", "ABCO123")

    assert not comparison.is_exact
    assert comparison.only_lookalikes
    assert [cell.kind for cell in comparison.cells].count(CellKind.LOOKALIKE) == 1
    cell = comparison.cells[3]
    assert cell.kind is CellKind.LOOKALIKE
    assert (cell.position, cell.hot, cell.read) == (4, "0", "O")
    assert comparison.summary() == (
        "Differs only by look-alike characters: position 4: 0 read as O"
    )


def test_extra_character_at_end() -> None:
    comparison = compare_plates("AB1234", "AB12345")

    assert kinds("AB1234", "AB12345") == [CellKind.SAME] * 6 + [CellKind.EXTRA]
    extra = comparison.cells[-1]
    assert (extra.position, extra.hot, extra.read, extra.read_position) == (None, "", "5", 7)
    assert comparison.summary() == "1 character differs: extra 5 at read position 7"


def test_repeated_extra_placed_last() -> None:
    comparison = compare_plates("AB1234", "AB12344")

    assert comparison.cells[-1].kind is CellKind.EXTRA
    assert comparison.cells[-1].read_position == 7


def test_missing_and_different_summary() -> None:
    comparison = compare_plates("AB8C1234", "ABEC123")

    assert kinds("AB8C1234", "ABEC123") == [
        CellKind.SAME,
        CellKind.SAME,
        CellKind.DIFFERENT,
        CellKind.SAME,
        CellKind.SAME,
        CellKind.SAME,
        CellKind.SAME,
        CellKind.MISSING,
    ]
    missing = comparison.cells[-1]
    assert (missing.position, missing.hot, missing.read, missing.read_position) == (
        8,
        "4",
        "",
        None,
    )
    assert not comparison.only_lookalikes
    assert (
        comparison.summary() == "2 characters differ: position 3: 8 read as E; position 8: missing"
    )


def test_mixed_summary_marks_lookalikes() -> None:
    comparison = compare_plates("AB8C1234", "ABEC1Z34")

    assert comparison.summary() == (
        "2 characters differ: position 3: 8 read as E; position 6: 2 read as Z (look-alike)"
    )


def test_equal_lengths_align_by_position() -> None:
    # Equal lengths are compared position by position, so a shift by one is not detected.
    assert kinds("XAB123", "AB123X") == [CellKind.DIFFERENT] * 6


def test_lookalike_preferred_when_lengths_differ() -> None:
    comparison = compare_plates("AB0123", "ABQ1234")

    assert [cell.kind for cell in comparison.cells] == [
        CellKind.SAME,
        CellKind.SAME,
        CellKind.LOOKALIKE,
        CellKind.SAME,
        CellKind.SAME,
        CellKind.SAME,
        CellKind.EXTRA,
    ]


@pytest.mark.parametrize(
    ("hot", "read"),
    [("ab-c 0123", "ABC0123"), ("ABC0123", "abc 01-23"), ("a b c", "ABC")],
)
def test_plates_are_normalized(hot: str, read: str) -> None:
    comparison = compare_plates(hot, read)

    assert comparison.is_exact
    assert comparison.hot == comparison.read


@pytest.mark.parametrize(
    ("hot", "read", "summary"),
    [
        ("", "", "No plate text to compare"),
        ("ABC123", "", "The read has no plate text"),
        ("", "ABC123", "The alert hit names no hot-list plate"),
    ],
)
def test_empty_plates(hot: str, read: str, summary: str) -> None:
    comparison = compare_plates(hot, read)

    assert not comparison.is_exact
    assert not comparison.only_lookalikes
    assert comparison.summary() == summary
    assert len(comparison.cells) == max(len(hot), len(read))


def test_empty_read_cells_are_missing() -> None:
    assert kinds("AB1", "") == [CellKind.MISSING] * 3


@given(plate=plates)
def test_plate_against_itself_is_exact(plate: str) -> None:
    comparison = compare_plates(plate, plate)

    assert comparison.is_exact
    assert comparison.summary() == "Exact match"
    assert all(cell.kind is CellKind.SAME for cell in comparison.cells)
    assert [cell.position for cell in comparison.cells] == list(range(1, len(plate) + 1))


@given(plate=plates, data=st.data())
def test_lookalike_substitution_found(plate: str, data: st.DataObject) -> None:
    lookalike_indexes = [i for i, char in enumerate(plate) if len(lookalike_class(char)) > 1]
    assume(lookalike_indexes)
    index = data.draw(st.sampled_from(lookalike_indexes))
    original = plate[index]
    replacement = data.draw(st.sampled_from(lookalike_class(original).replace(original, "")))
    read = plate[:index] + replacement + plate[index + 1 :]

    comparison = compare_plates(plate, read)

    changed = [cell for cell in comparison.cells if cell.kind is not CellKind.SAME]
    assert len(changed) == 1
    assert changed[0].kind is CellKind.LOOKALIKE
    assert changed[0].position == index + 1
    assert (changed[0].hot, changed[0].read) == (original, replacement)
    assert comparison.only_lookalikes
    assert f"position {index + 1}: {original} read as {replacement}" in comparison.summary()


@given(plate=plates, data=st.data())
def test_one_inserted_character_is_extra(plate: str, data: st.DataObject) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(plate)))
    inserted = data.draw(st.sampled_from(PLATE_ALPHABET))
    read = plate[:index] + inserted + plate[index:]

    cells = compare_plates(plate, read).cells

    changed = [cell for cell in cells if cell.kind is not CellKind.SAME]
    assert [cell.kind for cell in changed] == [CellKind.EXTRA]
    assert changed[0].read == inserted


@given(plate=plates.filter(lambda text: len(text) > 1), data=st.data())
def test_one_dropped_character_is_missing(plate: str, data: st.DataObject) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(plate) - 1))
    read = plate[:index] + plate[index + 1 :]

    cells = compare_plates(plate, read).cells

    changed = [cell for cell in cells if cell.kind is not CellKind.SAME]
    assert [cell.kind for cell in changed] == [CellKind.MISSING]
    assert changed[0].hot == plate[index]


@given(hot=st.text(alphabet=PLATE_ALPHABET, max_size=10), read=st.text(PLATE_ALPHABET, max_size=10))
def test_cells_cover_both_plates(hot: str, read: str) -> None:
    cells = compare_plates(hot, read).cells

    assert "".join(cell.hot for cell in cells) == hot
    assert "".join(cell.read for cell in cells) == read
    hot_positions = [cell.position for cell in cells if cell.position is not None]
    read_positions = [cell.read_position for cell in cells if cell.read_position is not None]
    assert hot_positions == list(range(1, len(hot) + 1))
    assert read_positions == list(range(1, len(read) + 1))
    assert all(cell.hot or cell.read for cell in cells)
    assert max(len(hot), len(read)) <= len(cells) <= len(hot) + len(read)


@given(hot=plates, read=plates)
def test_kinds_match_characters(hot: str, read: str) -> None:
    for cell in compare_plates(hot, read).cells:
        if cell.kind is CellKind.SAME:
            assert cell.hot == cell.read
        elif cell.kind is CellKind.LOOKALIKE:
            assert any(cell.hot in group and cell.read in group for group in LOOKALIKE_CLASSES)
            assert cell.hot != cell.read
        elif cell.kind is CellKind.DIFFERENT:
            assert cell.hot
            assert cell.read
            assert cell.read not in lookalike_class(cell.hot)
        elif cell.kind is CellKind.MISSING:
            assert cell.hot
            assert not cell.read
        else:
            assert not cell.hot
            assert cell.read
