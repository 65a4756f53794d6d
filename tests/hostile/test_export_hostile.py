"""``export_search`` and the read description against hostile records, in-process."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import httpx
import pytest

from alprdesk.export import COLUMNS, export_search
from alprdesk.scout import PlateGroup, SearchKind
from alprdesk.ui.formatting import describe_read
from tests.hostile.hostile_servers import (
    API_KEY,
    PLATE_CROP_SIZE,
    PLATE_FIELDS,
    QUERY,
    client_with,
    encode_image,
    respond,
    respond_json,
    route,
    serialized,
)

GOOD_CROP = encode_image(*PLATE_CROP_SIZE)


def read_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "results.csv").open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        return list(reader)


def alert(pk: int, group_id: Any, **fields: Any) -> dict[str, Any]:
    values = {
        "plate_number": "AB1234",
        "plate_group": group_id,
        "epoch_time": "2026-12-01T10:00:00Z",
        "alert_group_name": "Stolen",
    }
    return serialized(values | fields, pk=pk, model="openalpr.alert")


def detail_by_id(groups: dict[str, Any]) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        group_id = request.url.path.rsplit("/", 1)[1]
        if group_id not in groups:
            return httpx.Response(404)
        return httpx.Response(200, json=groups[group_id])

    return handler


def assert_crop_files_exist(folder: Path, rows: list[dict[str, str]]) -> None:
    for row in rows:
        if row["crop_file"]:
            assert (folder / row["crop_file"]).is_file(), row


async def test_alerts_with_missing_and_odd_groups(tmp_path: Path) -> None:
    hits = [
        alert(1, 12),
        alert(2, "13"),
        alert(3, None),
        alert(4, "group-14"),
        alert(5, 404),
        alert(6, 12),
    ]
    groups = {
        "12": serialized(PLATE_FIELDS, pk=12),
        "13": serialized(PLATE_FIELDS, pk=13),
    }
    handler = route(
        search=respond_json(hits),
        detail=detail_by_id(groups),
        image=respond(200, GOOD_CROP),
    )
    async with client_with(handler) as client:
        summary = await export_search(client, SearchKind.ALERTS, QUERY, tmp_path, with_crops=True)

    # Rows come in time order; these hits share one time, so order them by id.
    rows = sorted(read_rows(tmp_path), key=lambda row: int(row["id"]))
    assert summary.rows == 6
    assert [row["plate_group_id"] for row in rows] == ["12", "13", "", "", "404", "12"]
    assert rows[0]["crop_file"] == "crops/12.jpg"
    assert rows[1]["crop_file"] == "crops/13.jpg"
    assert rows[2]["crop_note"] == "the record names no plate group"
    assert rows[4]["crop_note"] == "plate group not found on the server"
    assert_crop_files_exist(tmp_path, rows)


@pytest.mark.parametrize(
    "detail",
    [
        respond(500, b"boom"),
        respond(200, b"<html>login</html>"),
        respond(200, b"[" * 100_000 + b"]" * 100_000),
        respond(200, b'{"pk": 12, "fields": {"img_width": 1' + b"0" * 400 + b"}}"),
        respond(200, b"[]", **{"content-encoding": "gzip"}),
        respond(302, location="http://127.0.0.1:99999/accounts/login/"),
    ],
    ids=["500", "html", "deeply nested", "huge int", "gzip lie", "bad redirect"],
)
async def test_alert_group_detail_failure_gives_row_reason(tmp_path: Path, detail: Any) -> None:
    handler = route(search=respond_json([alert(1, 12)]), detail=detail)
    async with client_with(handler) as client:
        summary = await export_search(client, SearchKind.ALERTS, QUERY, tmp_path, with_crops=True)

    rows = read_rows(tmp_path)
    assert summary.rows == 1
    assert rows[0]["crop_file"] == ""
    assert rows[0]["crop_note"]


async def test_group_detail_with_other_pk(tmp_path: Path) -> None:
    """The detail endpoint returns the record of plate group 13 for plate group 12."""
    handler = route(
        search=respond_json([alert(1, 12)]),
        detail=respond_json(serialized(PLATE_FIELDS, pk=13)),
        image=respond(200, GOOD_CROP),
    )
    async with client_with(handler) as client:
        summary = await export_search(client, SearchKind.ALERTS, QUERY, tmp_path, with_crops=True)

    rows = read_rows(tmp_path)
    assert summary.rows == 1
    assert rows[0]["crop_file"] or rows[0]["crop_note"]
    assert_crop_files_exist(tmp_path, rows)


async def test_plates_with_image_failures(tmp_path: Path) -> None:
    records = [
        serialized(PLATE_FIELDS | {"best_uuid": "ok"}, pk=1),
        serialized(PLATE_FIELDS | {"best_uuid": "gone"}, pk=2),
        serialized(PLATE_FIELDS | {"best_uuid": "webpage"}, pk=3),
        serialized(PLATE_FIELDS | {"best_uuid": "lie"}, pk=4),
        serialized(PLATE_FIELDS | {"best_uuid": "a/b"}, pk=5),
        serialized(PLATE_FIELDS | {"best_uuid": "ok"}, pk=1),
    ]
    responses = {
        "ok": respond(200, GOOD_CROP),
        "gone": respond(404),
        "webpage": respond(200, b"<!DOCTYPE html><html></html>"),
        "lie": respond(200, GOOD_CROP, **{"content-encoding": "gzip"}),
    }

    def image(request: httpx.Request) -> httpx.Response:
        return responses[request.url.path.rsplit("/", 1)[1]](request)

    async with client_with(route(search=respond_json(records), image=image)) as client:
        summary = await export_search(client, SearchKind.PLATES, QUERY, tmp_path, with_crops=True)

    # The repeated record 1 is written once; rows share one time, so order them by id.
    rows = sorted(read_rows(tmp_path), key=lambda row: int(row["id"]))
    assert summary.rows == 5
    assert [row["id"] for row in rows] == ["1", "2", "3", "4", "5"]
    assert [bool(row["crop_file"]) for row in rows] == [True, False, False, False, False]
    for row in rows[1:5]:
        assert row["crop_note"]
    assert_crop_files_exist(tmp_path, rows)


@pytest.mark.parametrize(
    "escaped_plate",
    [r"\ud800", r"AB\udfff12", r"\ud83d"],
    ids=["lone high", "lone low", "half emoji"],
)
async def test_plate_with_lone_surrogate(tmp_path: Path, escaped_plate: str) -> None:
    """JSON allows a lone surrogate escape, which no UTF-8 file can hold."""
    body = f'[{{"pk": 1, "fields": {{"best_plate": "{escaped_plate}", "site": "North"}}}}]'
    async with client_with(route(search=respond(200, body.encode()))) as client:
        summary = await export_search(client, SearchKind.PLATES, QUERY, tmp_path)

    assert summary.rows == 1
    assert read_rows(tmp_path)[0]["site"] == "North"


@pytest.mark.parametrize(
    "moment",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-05:00"],
    ids=["year 1", "year 9999"],
)
async def test_time_at_calendar_edge(tmp_path: Path, moment: str) -> None:
    records = [serialized({"best_plate": "AB1", "epoch_time_start": moment})]
    async with client_with(route(search=respond_json(records))) as client:
        summary = await export_search(client, SearchKind.PLATES, QUERY, tmp_path)

    assert summary.rows == 1


@pytest.mark.parametrize(
    "moment",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-05:00"],
    ids=["year 1", "year 9999"],
)
def test_describe_read_time_at_calendar_edge(moment: str) -> None:
    group = PlateGroup.from_serialized(
        serialized({"best_plate": "AB1", "epoch_time_start": moment})
    )

    assert "Plate group 1" in describe_read(group)


async def test_odd_offsets_written_as_utc(tmp_path: Path) -> None:
    records = [
        serialized({"epoch_time_start": "2026-12-01T15:45:00+05:45"}, pk=1),
        serialized({"epoch_time_start": "2026-11-30T22:00:00-12:00"}, pk=2),
        serialized({"epoch_time_start": 1796119200}, pk=3),
        serialized({"epoch_time_start": 1796119200000}, pk=4),
    ]
    async with client_with(route(search=respond_json(records))) as client:
        await export_search(client, SearchKind.PLATES, QUERY, tmp_path)

    rows = read_rows(tmp_path)
    assert [row["first_seen"] for row in rows] == ["2026-12-01T10:00:00Z"] * 4


async def test_formula_cells_neutralised(tmp_path: Path) -> None:
    fields = {
        "best_plate": '=HYPERLINK("http://127.0.0.1/")',
        "site": "@SUM(A1:A2)",
        "agent_uid": "+cmd|' /C calc'!A0",
        "best_uuid": "-2+3",
    }
    async with client_with(route(search=respond_json([serialized(fields)]))) as client:
        await export_search(client, SearchKind.PLATES, QUERY, tmp_path)

    row = read_rows(tmp_path)[0]
    for column in ("plate", "site", "agent_uid", "image_uuid"):
        assert row[column].startswith("'"), column


async def test_csv_carries_no_key_from_error_texts(tmp_path: Path) -> None:
    echo = f"Bad request GET /img/agent-1/uuid-1?api_key={API_KEY}".encode()
    handler = route(
        search=respond_json([alert(1, 12), alert(2, 13)]),
        detail=detail_by_id({"13": serialized(PLATE_FIELDS, pk=13)}),
        image=respond(400, echo),
    )
    async with client_with(handler) as client:
        await export_search(client, SearchKind.ALERTS, QUERY, tmp_path, with_crops=True)

    text = (tmp_path / "results.csv").read_text(encoding="utf-8")
    assert "Bad request" in text
    assert API_KEY not in text


async def test_csv_carries_no_key_echoed_in_record(tmp_path: Path) -> None:
    """A proxy that echoes the request URL into record text must not put the key in the CSV."""
    fields = PLATE_FIELDS | {"site": f"/api/search/plate?api_key={API_KEY}"}
    async with client_with(route(search=respond_json([serialized(fields)]))) as client:
        await export_search(client, SearchKind.PLATES, QUERY, tmp_path)

    text = (tmp_path / "results.csv").read_text(encoding="utf-8")
    assert API_KEY not in text
