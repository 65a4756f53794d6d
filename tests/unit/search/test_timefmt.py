"""Times in the workstation's zone, across a daylight-saving change, and in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from alprdesk.scout import SearchQuery
from alprdesk.timefmt import format_time, zone_label


@pytest.mark.usefixtures("berlin")
def test_offsets_follow_the_daylight_saving_change() -> None:
    before = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 summer time
    after = before + timedelta(hours=1)  # 02:30 again, winter time
    assert format_time(before) == "2026-10-25 02:30:00 +02:00"
    assert format_time(after) == "2026-10-25 02:30:00 +01:00"
    assert format_time(before, utc=True) == "2026-10-25 00:30:00 Z"
    assert format_time(after, utc=True) == "2026-10-25 01:30:00 Z"


@pytest.mark.usefixtures("berlin")
def test_spring_forward_skips_the_missing_hour() -> None:
    before = datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC)
    assert format_time(before) == "2026-03-29 01:59:59 +01:00"
    assert format_time(before + timedelta(seconds=1)) == "2026-03-29 03:00:00 +02:00"


@pytest.mark.usefixtures("berlin")
def test_queries_carry_the_offset_of_their_own_moment() -> None:
    summer = datetime(2026, 10, 24, 12, 0)  # naive: the workstation's local time
    winter = datetime(2026, 10, 26, 12, 0)
    params = SearchQuery(start=summer, end=winter).to_params()
    assert params["start"] == "2026-10-24T12:00:00+02:00"
    assert params["end"] == "2026-10-26T12:00:00+01:00"
    # A 48-hour wall-clock span holds 49 real hours across the change.
    query = SearchQuery(start=summer, end=winter).validated()
    assert query.start is not None
    assert query.end is not None
    assert query.end - query.start == timedelta(hours=49)


@pytest.mark.usefixtures("berlin")
def test_zone_label_names_the_current_offset() -> None:
    assert zone_label(now=datetime(2026, 7, 1, tzinfo=UTC)) == "UTC+02:00"
    assert zone_label(now=datetime(2026, 12, 1, tzinfo=UTC)) == "UTC+01:00"
    assert zone_label(utc=True) == "UTC"


def test_naive_and_foreign_times_are_converted() -> None:
    assert format_time(datetime(2026, 1, 2, 3, 4, 5), utc=True) == "2026-01-02 03:04:05 Z"
    eastern = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-5)))
    assert format_time(eastern, utc=True) == "2026-01-02 08:04:05 Z"
    assert format_time(None) == ""
