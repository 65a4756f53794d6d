"""Parsing of Scout records over the variants real servers send."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pydantic
import pytest

from alprdesk.scout import AlertHit, Candidate, ListedItem, PlateGroup
from alprdesk.scout.values import to_datetime, to_float


def serialized(fields: dict[str, object], pk: object = 7) -> dict[str, object]:
    return {"pk": pk, "model": "openalpr.plategroup", "fields": fields}


PLATE_GROUP_FIELDS: dict[str, object] = {
    "agent_uid": "agent-1",
    "best_confidence": 91.25,
    "best_plate": "7ABC123",
    "best_index": 2,
    "best_uuid": "uuid-1",
    "epoch_time_start": "2026-12-01T10:00:00Z",
    "epoch_time_end": "2026-12-01T10:00:04.500Z",
    "camera": 3,
    "camera_id": 33,
    "company": 1,
    "site": "North gate",
    "site_id": 4,
    "img_width": 1920,
    "img_height": 1080,
    "plate_x1": 100,
    "plate_y1": 200,
    "plate_x2": 300,
    "plate_y2": 200,
    "plate_x3": 300,
    "plate_y3": 260,
    "plate_x4": 100,
    "plate_y4": 260,
    "processing_time_ms": 41.5,
}


def test_plate_group_documented_shape() -> None:
    group = PlateGroup.from_serialized(serialized(PLATE_GROUP_FIELDS))

    assert group.id == 7
    assert group.plate == "7ABC123"
    assert group.confidence == 91.25
    assert group.first_seen == datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    assert group.last_seen == datetime(2026, 12, 1, 10, 0, 4, 500000, tzinfo=UTC)
    assert group.camera == 3
    assert group.corners == [(100, 200), (300, 200), (300, 260), (100, 260)]
    assert group.django_model == "openalpr.plategroup"
    assert group.extra_fields == {}


@pytest.mark.parametrize(
    ("changes", "attribute", "expected"),
    [
        ({"best_confidence": "87.5"}, "best_confidence", 87.5),
        ({"best_confidence": "87,5"}, "best_confidence", 87.5),
        ({"best_confidence": ""}, "best_confidence", None),
        ({"best_confidence": "high"}, "best_confidence", None),
        ({"processing_time_ms": "12,25"}, "processing_time_ms", 12.25),
        ({"camera": "3"}, "camera", 3),
        ({"camera": "lane-2"}, "camera", "lane-2"),
        ({"camera": None}, "camera", None),
        ({"best_plate": None}, "best_plate", ""),
        ({"best_plate": ""}, "best_plate", ""),
        ({"best_plate": "0123"}, "best_plate", "0123"),
        ({"best_plate": 4567}, "best_plate", "4567"),
        ({"img_width": "1280"}, "img_width", 1280),
        ({"img_width": None}, "img_width", 0),
        ({"img_width": -5}, "img_width", 0),
        ({"plate_x1": "100.5"}, "plate_x1", 100.5),
        ({"plate_x1": None}, "plate_x1", 0.0),
        ({"site_id": "4"}, "site_id", 4),
    ],
)
def test_plate_group_field_variants(
    changes: dict[str, object], attribute: str, expected: object
) -> None:
    group = PlateGroup.from_serialized(serialized(PLATE_GROUP_FIELDS | changes))

    assert getattr(group, attribute) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01T10:00:00Z", datetime(2026, 12, 1, 10, tzinfo=UTC)),
        ("2026-12-01T10:00:00+00:00", datetime(2026, 12, 1, 10, tzinfo=UTC)),
        ("2026-12-01T05:00:00-05:00", datetime(2026, 12, 1, 10, tzinfo=UTC)),
        ("2026-12-01T11:00:00.123+01:00", datetime(2026, 12, 1, 10, 0, 0, 123000, tzinfo=UTC)),
        ("2026-12-01T10:00:00.123456789Z", datetime(2026, 12, 1, 10, 0, 0, 123456, tzinfo=UTC)),
        ("2026-12-01T10:00:00", datetime(2026, 12, 1, 10, tzinfo=UTC)),
        ("2026-12-01 10:00:00.5", datetime(2026, 12, 1, 10, 0, 0, 500000, tzinfo=UTC)),
        (1764583200, datetime(2025, 12, 1, 10, tzinfo=UTC)),
        (1764583200000, datetime(2025, 12, 1, 10, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_time_variants(text: object, expected: datetime | None) -> None:
    assert to_datetime(text) == expected


def test_time_keeps_the_offset() -> None:
    parsed = to_datetime("2026-12-01T05:00:00-05:00")

    assert parsed is not None
    assert parsed.utcoffset() == timedelta(hours=-5)
    assert parsed.tzinfo == timezone(timedelta(hours=-5))


def test_unknown_fields_are_kept() -> None:
    extras = {
        "region": "us-ca",
        "direction_of_travel_degrees": 182.5,
        "vehicle_color": "white",
        "vehicle_make_model": "toyota_camry",
        "hit_count": 3,
        "crop_location": {"x": 1},
    }
    group = PlateGroup.from_serialized(serialized(PLATE_GROUP_FIELDS | extras))

    assert group.extra_fields == extras


def test_missing_optional_fields_are_normal() -> None:
    group = PlateGroup.from_serialized({"pk": 9, "fields": {"best_plate": "X1"}})

    assert group.plate == "X1"
    assert group.first_seen is None
    assert group.img_width == 0
    assert group.agent_uid == ""


def test_flat_record_without_fields_wrapper() -> None:
    group = PlateGroup.from_serialized({"pk": 5, "best_plate": "ABC", "camera": "2"})

    assert group.id == 5
    assert group.camera == 2


def test_string_primary_key() -> None:
    assert PlateGroup.from_serialized(serialized({}, pk="12")).id == 12


@pytest.mark.parametrize("item", [None, [], "text", {"fields": {}}, {"pk": "x", "fields": {}}])
def test_unusable_record_is_rejected(item: object) -> None:
    with pytest.raises(pydantic.ValidationError):
        PlateGroup.from_serialized(item)


def test_candidate_fields() -> None:
    candidate = Candidate.from_serialized(
        serialized(
            {
                "agent_uid": "agent-1",
                "confidence": "78,1",
                "group": "7",
                "plate_number": "7A8C123",
                "uuid": "uuid-1",
                "epoch_time": "2026-12-01T10:00:00+02:00",
                "camera": "3",
                "plate_index": 1,
            },
            pk=70,
        )
    )

    assert candidate.plate == "7A8C123"
    assert candidate.confidence == pytest.approx(78.1)
    assert candidate.plate_group_id == 7
    assert candidate.epoch_time == datetime(2026, 12, 1, 8, tzinfo=UTC)
    assert candidate.camera == 3


def test_alert_hit_fields() -> None:
    hit = AlertHit.from_serialized(
        serialized(
            {
                "agent_uid": "agent-1",
                "confidence": 88,
                "plate_group": 7,
                "plate_number": "7ABC123",
                "description": "Stolen 2026-11-28",
                "epoch_time": "2026-12-01T10:00:00Z",
                "alert_group_name": "Stolen vehicles",
                "alert_group": "2",
                "site": "North gate",
            },
            pk=900,
        )
    )

    assert hit.plate_group_id == 7
    assert hit.alert_group_name == "Stolen vehicles"
    assert hit.alert_group == 2
    assert hit.description == "Stolen 2026-11-28"


def test_alert_group_name_as_number() -> None:
    hit = AlertHit.from_serialized(serialized({"alert_group_name": 3}))

    assert hit.alert_group_name == "3"


@pytest.mark.parametrize(
    ("item", "expected_id", "expected_name"),
    [
        ({"agent_uid": "a1", "name": "Gate PC", "unknown": 1}, "a1", "Gate PC"),
        ({"pk": 3, "model": "camera", "fields": {"camera_name": "Lane 1"}}, "3", "Lane 1"),
        ({"id": 2, "username": "jdoe"}, "2", "jdoe"),
        ({"id": 4}, "4", ""),
    ],
)
def test_listed_item_variants(
    item: dict[str, object], expected_id: str, expected_name: str
) -> None:
    listed = ListedItem.from_item(item)

    assert listed is not None
    assert listed.id == expected_id
    assert listed.name == expected_name


def test_listed_item_keeps_unknown_fields() -> None:
    listed = ListedItem.from_item({"agent_uid": "a1", "cpu_temp": 61})

    assert listed is not None
    assert listed.fields["cpu_temp"] == 61


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.5", 1.5), ("1,5", 1.5), (" 2 ", 2.0), ("nan", None), ("inf", None), (True, None)],
)
def test_number_text(text: object, expected: float | None) -> None:
    assert to_float(text) == expected
