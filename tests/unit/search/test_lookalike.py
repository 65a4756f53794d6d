"""Look-alike classes, spellings and matching of typed plates."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from alprdesk.search.lookalike import (
    LOOKALIKE_CLASSES,
    are_lookalikes,
    lookalike_class,
    variant_count,
    variants,
)
from alprdesk.search.matching import PlatePattern, best_match

PLATE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
plates = st.text(PLATE_CHARS, min_size=1, max_size=7)


def test_classes_cover_the_confusions_readers_make() -> None:
    for pair in ["0O", "0Q", "0D", "OD", "1I", "1L", "8B", "5S", "2Z", "6G"]:
        first, second = pair[0], pair[1]
        assert are_lookalikes(first, second)
        assert are_lookalikes(second.lower(), first)
    assert not are_lookalikes("0", "0")
    assert not are_lookalikes("A", "B")
    assert not are_lookalikes("8", "0")
    assert lookalike_class("x") == "X"


def test_no_character_belongs_to_two_classes() -> None:
    joined = "".join(LOOKALIKE_CLASSES)
    assert len(joined) == len(set(joined))


def test_variants_of_a_plate_list_every_spelling_once() -> None:
    spellings = list(variants("B10"))
    assert spellings[0] == "B10"
    assert len(spellings) == len(set(spellings)) == variant_count("B10") == 2 * 3 * 4
    assert {"810", "BIO", "BLD", "8LQ"} <= set(spellings)


def test_variants_without_lookalikes() -> None:
    assert list(variants("AXK")) == ["AXK"]
    assert variant_count("AXK") == 1


@given(plates)
def test_every_variant_matches_the_typed_plate_with_lookalikes(plate: str) -> None:
    pattern = PlatePattern(plate, lookalikes=True)
    for spelling in list(variants(plate))[:50]:
        match = pattern.match(spelling)
        assert match is not None
        assert len(match.substitutions) == sum(a != b for a, b in zip(plate, spelling, strict=True))


@given(plates)
def test_match_of_plate_itself_exact(plate: str) -> None:
    match = PlatePattern(plate).match(plate)
    assert match is not None
    assert match.is_exact
    assert match.similarity == 1.0
    assert match.explanation() == "exact"


def test_explanation_names_position_and_characters() -> None:
    match = PlatePattern("AB0123", lookalikes=True).match("ABO1Z3")
    assert match is not None
    assert match.explanation() == "position 3: 0 read as O; position 5: 2 read as Z"
    assert match.similarity == (6 - 2 * 0.5) / 6


def test_only_lookalike_differences_match() -> None:
    pattern = PlatePattern("AB0123", lookalikes=True)
    assert pattern.match("ABX123") is None
    assert pattern.match("AB01234") is None
    match = pattern.match("A8OI23")
    assert match is not None
    assert match.explanation() == (
        "position 2: B read as 8; position 3: 0 read as O; position 4: 1 read as I"
    )


def test_without_lookalikes_only_the_plate_matches() -> None:
    pattern = PlatePattern("ab-0123")
    assert pattern.typed == "AB0123"
    assert pattern.match("AB 0123") is not None
    assert pattern.match("ABO123") is None


def test_rank_key_order() -> None:
    pattern = PlatePattern("AB0123", lookalikes=True)
    exact = pattern.match("AB0123")
    one = pattern.match("ABO123")
    two = pattern.match("A8O123")
    via_candidate = pattern.match("ABO123", via_candidate=True)
    assert exact is not None
    assert one is not None
    assert two is not None
    assert via_candidate is not None
    ranked = sorted([two, via_candidate, one, exact], key=lambda match: match.rank_key())
    assert ranked == [exact, one, via_candidate, two]
    assert best_match([None, two, one]) == one
    assert best_match([None]) is None
    assert via_candidate.explanation() == "candidate reading ABO123: position 3: 0 read as O"


def test_wildcards_match_runs_and_single_characters() -> None:
    star = PlatePattern("AB*9")
    assert star.has_wildcards
    assert star.match("AB9") is not None
    assert star.match("ABXYZ9") is not None
    assert star.match("XAB9") is None
    single = PlatePattern("A?C")
    assert single.match("ABC") is not None
    assert single.match("AC") is None
    assert single.match("ABBC") is None


def test_wildcard_lookalike_positions() -> None:
    pattern = PlatePattern("*0?1", lookalikes=True)
    match = pattern.match("XYO71")
    assert match is not None
    assert match.explanation() == "position 3: 0 read as O"
    partial = PlatePattern("*123")
    assert partial.match("ZZ123") is not None
    assert partial.match("ZZ1234") is None


def test_wildcard_letters_are_not_regular_expressions() -> None:
    pattern = PlatePattern("A.B")
    assert pattern.match("A.B") is not None
    assert pattern.match("AXB") is None
