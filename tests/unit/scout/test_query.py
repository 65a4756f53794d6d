"""Validation of search queries before they are sent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from alprdesk.scout import QueryError, SearchQuery, normalize_plate

START = datetime(2026, 12, 1, 8, tzinfo=UTC)
END = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (" ab-1234 ", "AB1234"),
        ("ab 12 cd", "AB12CD"),
        ("7abc123", "7ABC123"),
        ("a\t-b", "AB"),
        ("", ""),
    ],
)
def test_plate_normalized(typed: str, expected: str) -> None:
    assert normalize_plate(typed) == expected
    assert SearchQuery(start=START, plate=typed).validated().plate == expected


def test_start_or_end_required() -> None:
    with pytest.raises(QueryError) as caught:
        SearchQuery().validated()

    assert caught.value.field == "start"
    assert "start or an end" in caught.value.message


def test_end_only_is_enough() -> None:
    assert SearchQuery(end=END).to_params() == {
        "topn": "1000",
        "order": "desc",
        "end": "2026-12-01T09:00:00+00:00",
    }


def test_start_must_precede_end() -> None:
    with pytest.raises(QueryError) as caught:
        SearchQuery(start=END, end=START).validated()

    assert caught.value.field == "end"


def test_equal_start_and_end_rejected() -> None:
    with pytest.raises(QueryError):
        SearchQuery(start=START, end=START).validated()


@pytest.mark.parametrize("topn", [0, -1, True, 1_000_001])
def test_topn_must_be_positive(topn: int) -> None:
    with pytest.raises(QueryError) as caught:
        SearchQuery(start=START, topn=topn).validated()

    assert caught.value.field == "topn"


@pytest.mark.parametrize(("order", "expected"), [("ASC", "asc"), (" desc ", "desc")])
def test_order_normalized(order: str, expected: str) -> None:
    assert SearchQuery(start=START, order=order).validated().order == expected


def test_order_must_be_asc_or_desc() -> None:
    with pytest.raises(QueryError) as caught:
        SearchQuery(start=START, order="newest").validated()

    assert caught.value.field == "order"


def test_negative_camera_rejected() -> None:
    with pytest.raises(QueryError) as caught:
        SearchQuery(start=START, camera=-1).validated()

    assert caught.value.field == "camera"


def test_params_carry_explicit_offsets() -> None:
    zone = timezone(timedelta(hours=-5))
    params = SearchQuery(
        start=datetime(2026, 3, 8, 1, 30, tzinfo=zone),
        end=datetime(2026, 3, 8, 4, 0, tzinfo=zone),
        plate="ab-12",
        site="North gate",
        camera=0,
        topn=20000,
        order="asc",
    ).to_params()

    assert params == {
        "start": "2026-03-08T01:30:00-05:00",
        "end": "2026-03-08T04:00:00-05:00",
        "plate": "AB12",
        "site": "North gate",
        "camera": "0",
        "topn": "20000",
        "order": "asc",
    }


def test_naive_time_taken_as_local() -> None:
    naive = datetime(2026, 12, 1, 8, 0)
    start = SearchQuery(start=naive).validated().start

    assert start is not None
    assert start.tzinfo is not None
    assert start.replace(tzinfo=None) == naive
