"""Site, camera and alert-list choices taken from the loosely typed listings."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from alprdesk.scout import ListedItem, QueryError
from alprdesk.search.listings import (
    AlertListChoice,
    CameraChoice,
    alert_list_choices,
    alert_list_value,
    camera_choices,
    camera_number,
    last_seen,
    site_names,
)


def item(raw: Any) -> ListedItem:
    listed = ListedItem.from_item(raw)
    assert listed is not None
    return listed


def items(*raws: Any) -> list[ListedItem]:
    return [item(raw) for raw in raws]


def test_site_names_from_cameras_and_agents() -> None:
    cameras = items(
        {"pk": 1, "fields": {"camera": 101, "site": "North Precinct"}},
        {"pk": 2, "fields": {"camera": 102, "site": "north precinct"}},
        {"pk": 3, "fields": {"camera": 201, "site_name": "Harbour Road", "site": 2}},
        {"pk": 4, "fields": {"camera": 301, "location": "Depot"}},
        {"pk": 5, "fields": {"camera": 302}},
    )
    agents = items({"agent_uid": "a1", "site": {"id": 9, "name": "Airport"}})

    assert site_names(cameras, agents) == ["Airport", "Depot", "Harbour Road", "North Precinct"]


def test_site_names_skip_empty_and_boolean_values() -> None:
    listing = items(
        {"id": 1, "site": ""},
        {"id": 2, "site": None},
        {"id": 3, "site": True},
        {"id": 4, "site": {"id": 3}},
        {"id": 5, "site": ["x"]},
        {"id": 6, "site": 7},
    )

    assert site_names(listing) == ["7"]


def test_camera_choices_from_field_variants() -> None:
    cameras = items(
        {"pk": 11, "fields": {"camera": 101, "name": "North Gate inbound"}},
        {"pk": 12, "fields": {"camera_number": "102", "camera_name": "North Gate outbound"}},
        {"id": 13, "number": 103.0, "title": "Rear lot"},
        {"id": 14, "camera_id": " 104 ", "description": "Dock"},
        {"id": "105"},
    )

    assert camera_choices(cameras) == [
        CameraChoice(101, "North Gate inbound"),
        CameraChoice(102, "North Gate outbound"),
        CameraChoice(103, "Rear lot"),
        CameraChoice(104, "Dock"),
        CameraChoice(105, ""),
    ]


def test_camera_choices_skip_unusable_numbers() -> None:
    cameras = items(
        {"id": "cam-a", "camera": "front", "name": "Text number"},
        {"id": "cam-b", "camera": -3, "name": "Negative"},
        {"id": "cam-c", "camera": 1.5, "name": "Fraction"},
        {"id": "cam-d", "camera": True, "name": "Boolean"},
        {"id": "cam-e", "camera": {"n": 1}, "name": "Nested"},
    )

    assert camera_choices(cameras) == []


def test_camera_choices_merge_repeated_numbers() -> None:
    cameras = items(
        {"id": 1, "camera": 7, "name": "Gate"},
        {"id": 2, "camera": "7", "name": "Gate"},
        {"id": 3, "camera": 7, "name": "Gate (old agent)"},
        {"id": 4, "camera": 2, "name": "2"},
    )

    assert camera_choices(cameras) == [
        CameraChoice(2, ""),
        CameraChoice(7, "Gate / Gate (old agent)"),
    ]


def test_camera_choice_labels() -> None:
    assert CameraChoice(101, "North Gate").label == "101 — North Gate"
    assert CameraChoice(101).label == "101"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("   ", None),
        ("101", 101),
        (" 0042 ", 42),
        ("101 — North Gate inbound", 101),
        ("999 — A camera no longer listed", 999),
        ("north gate inbound", 101),
        ("North Gate INBOUND", 101),
    ],
)
def test_camera_number_accepts(text: str, expected: int | None) -> None:
    choices = [CameraChoice(101, "North Gate inbound"), CameraChoice(102, "North Gate outbound")]

    assert camera_number(text, choices) == expected


@pytest.mark.parametrize(
    "text", ["front", "-3", "1.5", "\uff11\uff10\uff11", "101 - North", "North Gate"]
)
def test_camera_number_rejects(text: str) -> None:
    choices = [CameraChoice(101, "North Gate inbound")]

    with pytest.raises(QueryError) as caught:
        camera_number(text, choices)

    assert caught.value.field == "camera"
    assert text.strip() in caught.value.message


def test_alert_list_choices_drop_repeats() -> None:
    lists = items(
        {"id": 2, "name": "Stolen vehicles"},
        {"id": 1, "name": "Amber alert"},
        {"id": 2, "name": "Stolen vehicles"},
        {"name": "No id"},
        {"id": 9},
        {"id": None, "name": None},
    )

    assert alert_list_choices(lists) == [
        AlertListChoice("2", "Stolen vehicles"),
        AlertListChoice("1", "Amber alert"),
        AlertListChoice("", "No id"),
        AlertListChoice("9", ""),
    ]


def test_alert_list_choice_labels_and_values() -> None:
    assert AlertListChoice("2", "Stolen vehicles").label == "Stolen vehicles (id 2)"
    assert AlertListChoice("2", "Stolen vehicles").value == "2"
    assert AlertListChoice("", "No id").label == "No id"
    assert AlertListChoice("", "No id").value == "No id"
    assert AlertListChoice("9", "").label == "9"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("Stolen vehicles (id 2)", "2"),
        ("stolen VEHICLES", "2"),
        (" 2 ", "2"),
        ("No id", "No id"),
        ("Unlisted list", "Unlisted list"),
        ("  17  ", "17"),
    ],
)
def test_alert_list_value(text: str, expected: str) -> None:
    choices = [AlertListChoice("2", "Stolen vehicles"), AlertListChoice("", "No id")]

    assert alert_list_value(text, choices) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"last_seen": "2026-12-04T13:03:11Z"}, datetime(2026, 12, 4, 13, 3, 11, tzinfo=UTC)),
        (
            {"last_heartbeat": "2026-12-04T14:03:11+01:00"},
            datetime(2026, 12, 4, 13, 3, 11, tzinfo=UTC),
        ),
        ({"last_contact": 1796389391}, datetime(2026, 12, 4, 13, 3, 11, tzinfo=UTC)),
        ({"heartbeat_time": "1796389391000"}, datetime(2026, 12, 4, 13, 3, 11, tzinfo=UTC)),
        (
            {"last_seen": "never", "last_heartbeat": 1796389391.0},
            datetime(2026, 12, 4, 13, 3, 11, tzinfo=UTC),
        ),
    ],
)
def test_last_seen_reads_time_variants(fields: dict[str, Any], expected: datetime) -> None:
    assert last_seen(item({"agent_uid": "a1", **fields})) == expected


@pytest.mark.parametrize(
    "value",
    ["", "yesterday", "2026-13-45T00:00:00", None, True, {"at": 1}, [1], 10**30, float("nan")],
)
def test_last_seen_ignores_junk(value: Any) -> None:
    assert last_seen(item({"agent_uid": "a1", "last_seen": value})) is None


def test_last_seen_missing() -> None:
    assert last_seen(item({"agent_uid": "a1", "name": "gate"})) is None
