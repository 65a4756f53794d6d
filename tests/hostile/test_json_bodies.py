"""Search, detail and listing responses whose JSON is hostile, malformed or oddly typed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from alprdesk.scout import MalformedResponseError, ScoutError, UnauthorizedError
from tests.hostile.hostile_servers import (
    PLATE_FIELDS,
    QUERY,
    assert_no_key,
    client_with,
    respond,
    respond_json,
    serialized,
)

DEEPLY_NESTED = b"[" * 100_000 + b"]" * 100_000
HUGE_INT = "1" + "0" * 400


@pytest.mark.parametrize(
    "body",
    [b"null", b"42", b'"plates"', b"true", b'{"error": {"code": [1, 2]}}', b'{"results": "x"}'],
    ids=["null", "number", "string", "true", "nested object", "results not a list"],
)
async def test_search_body_not_a_list(body: bytes) -> None:
    async with client_with(respond(200, body, **{"content-type": "application/json"})) as client:
        with pytest.raises(MalformedResponseError) as caught:
            await client.search_plates(QUERY)

    assert_no_key(caught.value)


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><body>Sign in</body></html>",
        b"\r\n\t <html><form action='/accounts/login/'></form></html>",
    ],
    ids=["doctype", "leading whitespace"],
)
async def test_search_html_with_200(body: bytes) -> None:
    async with client_with(respond(200, body, **{"content-type": "application/json"})) as client:
        with pytest.raises(UnauthorizedError) as caught:
            await client.search_plates(QUERY)

    assert "web page" in caught.value.message


async def test_search_deeply_nested_json() -> None:
    async with client_with(respond(200, DEEPLY_NESTED)) as client:
        with pytest.raises(ScoutError) as caught:
            await client.search_plates(QUERY)

    assert_no_key(caught.value)


async def test_detail_deeply_nested_json() -> None:
    async with client_with(respond(200, DEEPLY_NESTED)) as client:
        with pytest.raises(ScoutError):
            await client.plate_group(12)


async def test_listing_deeply_nested_json() -> None:
    async with client_with(respond(200, DEEPLY_NESTED)) as client:
        with pytest.raises(ScoutError):
            await client.cameras()


@pytest.mark.parametrize(
    "field",
    ["best_confidence", "img_width", "epoch_time_start"],
)
async def test_search_huge_int_in_field(field: str) -> None:
    body = f'[{{"pk": 1, "fields": {{"best_plate": "AB1", "{field}": {HUGE_INT}}}}}]'
    async with client_with(respond(200, body.encode())) as client:
        result = await client.search_plates(QUERY)

    assert len(result.records) + result.rejected == 1


async def test_detail_huge_int_in_field() -> None:
    """Returning a readable plate group and raising MalformedResponseError are both correct."""
    body = f'{{"pk": 12, "fields": {{"img_height": {HUGE_INT}}}}}'
    async with client_with(respond(200, body.encode())) as client:
        try:
            group = await client.plate_group(12)
        except MalformedResponseError:
            return

    assert group.id == 12


@pytest.mark.parametrize("big_id", [2**53 + 1, 2**63 - 1], ids=["2^53+1", "bigint max"])
async def test_search_big_ids_kept_exactly(big_id: int) -> None:
    payload = [
        serialized({"best_plate": "AB1"}, pk=big_id),
        serialized({"plate_number": "AB1", "group": big_id}, pk=5, model="candidate"),
    ]
    async with client_with(respond_json(payload)) as client:
        groups = await client.search_plates(QUERY)
        candidates = await client.search_candidates(QUERY)

    assert groups.records[0].id == big_id
    assert candidates.records[1].plate_group_id == big_id


@pytest.mark.parametrize("fields", [["AB1", 91.5], None], ids=["list", "null"])
async def test_search_record_fields_not_an_object(fields: Any) -> None:
    payload = [{"pk": 1, "model": "openalpr.plategroup", "fields": fields}]
    async with client_with(respond_json(payload)) as client:
        result = await client.search_plates(QUERY)

    assert result.records == []
    assert result.rejected == 1


async def test_search_nan_and_infinity() -> None:
    body = (
        b'[{"pk": 1, "fields": {"best_plate": "AB1", "best_confidence": NaN,'
        b' "processing_time_ms": -Infinity, "img_width": Infinity, "img_height": NaN,'
        b' "camera": NaN, "epoch_time_start": NaN, "epoch_time_end": Infinity}}]'
    )
    async with client_with(respond(200, body)) as client:
        result = await client.search_plates(QUERY)

    group = result.records[0]
    assert group.confidence is None
    assert group.processing_time_ms is None
    assert group.img_width == 0
    assert group.img_height == 0
    assert group.first_seen is None


async def test_search_non_utf8_body() -> None:
    body = '[{"pk": 1, "fields": {"site": "Grünwald Süd"}}]'.encode("latin-1")
    async with client_with(respond(200, body)) as client:
        with pytest.raises(MalformedResponseError):
            await client.search_plates(QUERY)


async def test_search_utf8_bom() -> None:
    body = b"\xef\xbb\xbf" + json.dumps([serialized(PLATE_FIELDS)]).encode()
    async with client_with(respond(200, body)) as client:
        result = await client.search_plates(QUERY)

    assert [group.plate for group in result.records] == ["AB1234"]


async def test_search_duplicate_records_kept() -> None:
    payload = [serialized(PLATE_FIELDS, pk=1), serialized(PLATE_FIELDS | {"best_plate": "X"}, pk=1)]
    async with client_with(respond_json(payload)) as client:
        result = await client.search_plates(QUERY)

    assert [group.plate for group in result.records] == ["AB1234", "X"]


async def test_search_field_names_clashing_with_model() -> None:
    fields = {
        "__class__": 1,
        "__dict__": 2,
        "model_config": 3,
        "model_extra": 4,
        "__pydantic_extra__": 5,
        "__init__": 6,
        "": 7,
        "best_plate": "AB1",
    }
    async with client_with(respond_json([serialized(fields)])) as client:
        result = await client.search_plates(QUERY)

    assert len(result.records) + result.rejected == 1


async def test_search_garbage_items_counted() -> None:
    payload = [None, 1, "x", [], {"pk": {"nested": [1]}, "fields": {}}, serialized(PLATE_FIELDS)]
    async with client_with(respond_json(payload)) as client:
        result = await client.search_plates(QUERY)

    assert len(result.records) == 1
    assert result.rejected == 5


async def test_candidate_group_ids_as_strings() -> None:
    payload = [
        serialized({"plate_number": "AB1", "group": "12"}, pk=1),
        serialized({"plate_number": "AB1", "group": " 13 "}, pk=2),
        serialized({"plate_number": "AB1", "group": "14.0"}, pk=3),
        serialized({"plate_number": "AB1", "group": "group-15"}, pk=4),
    ]
    async with client_with(respond_json(payload)) as client:
        result = await client.search_candidates(QUERY)

    assert [record.plate_group_id for record in result.records] == [12, 13, 14, None]


UTC_TEN = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
TIME_CASES: list[tuple[object, datetime]] = [
    ("2026-12-01T10:00:00Z", UTC_TEN),
    ("2026-12-01T10:00:00", UTC_TEN),
    ("2026-12-01T15:45:00+05:45", UTC_TEN),
    ("2026-12-01T06:30:00-03:30", UTC_TEN),
    ("2026-12-02T00:00:00+14:00", UTC_TEN),
    ("2026-11-30T22:00:00-12:00", UTC_TEN),
    ("2026-12-01T10:00:00-00:00", UTC_TEN),
    ("2026-12-01T10:00:00.123456789Z", UTC_TEN + timedelta(microseconds=123456)),
    ("2026-12-01T11:00:30+01:00:30", UTC_TEN),
    (int(UTC_TEN.timestamp()), UTC_TEN),
    (UTC_TEN.timestamp() + 0.5, UTC_TEN + timedelta(milliseconds=500)),
    (int(UTC_TEN.timestamp()) * 1000, UTC_TEN),
]


@pytest.mark.parametrize(("value", "expected"), TIME_CASES, ids=[str(v) for v, _ in TIME_CASES])
async def test_search_time_formats(value: object, expected: datetime) -> None:
    fields = {"best_plate": "AB1", "epoch_time_start": value}
    async with client_with(respond_json([serialized(fields)])) as client:
        result = await client.search_plates(QUERY)

    first_seen = result.records[0].first_seen
    assert first_seen == expected
    assert first_seen is not None
    assert first_seen.tzinfo is not None


async def test_search_epoch_seconds_as_text() -> None:
    fields = {"best_plate": "AB1", "epoch_time_start": str(int(UTC_TEN.timestamp()))}
    async with client_with(respond_json([serialized(fields)])) as client:
        result = await client.search_plates(QUERY)

    assert result.records[0].first_seen == UTC_TEN


@pytest.mark.parametrize(
    "value",
    ["2026-12-01T10:00:00+24:00", "yesterday", "", "2026-13-01T00:00:00Z", -1e12, 1e300, True],
)
async def test_search_unusable_times_become_none(value: object) -> None:
    fields = {"best_plate": "AB1", "epoch_time_start": value}
    async with client_with(respond_json([serialized(fields)])) as client:
        result = await client.search_plates(QUERY)

    assert result.records[0].first_seen is None


@pytest.mark.parametrize(
    "payload",
    [
        {"results": [{"id": 1, "name": "Hot list"}, None, "x", {"name": {"nested": True}}]},
        {"data": [{"pk": 1, "model": "camera", "fields": ["broken"]}]},
        [{"pk": 1, "fields": {"camera_name": None, "email": 7}}],
    ],
    ids=["results wrapper", "fields list", "null name"],
)
async def test_listing_garbage_items(payload: Any) -> None:
    async with client_with(respond_json(payload)) as client:
        items = await client.alert_lists()

    assert all(isinstance(item.name, str) for item in items)


@pytest.mark.parametrize(
    "payload",
    [None, [], [serialized(PLATE_FIELDS, pk=12)], {"fields": PLATE_FIELDS}, "AB1"],
    ids=["null", "empty list", "list of one", "no pk", "text"],
)
async def test_detail_wrong_shape(payload: Any) -> None:
    async with client_with(respond_json(payload)) as client:
        with pytest.raises(MalformedResponseError) as caught:
            await client.plate_group(12)

    assert "12" in caught.value.message
