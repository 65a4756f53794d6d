"""Search endpoints of the demo server: record shapes, filters, ordering and limits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.demo.demo_http import (
    NOW,
    WEEK_AGO,
    DemoClient,
    camera_number,
    fields_of,
    http_get,
    parse_time,
)

GROUP_FIELDS = {
    "agent_uid",
    "best_confidence",
    "best_plate",
    "best_index",
    "best_uuid",
    "epoch_time_start",
    "epoch_time_end",
    "camera",
    "camera_id",
    "company",
    "site",
    "site_id",
    "img_width",
    "img_height",
    "plate_x1",
    "plate_y1",
    "plate_x2",
    "plate_y2",
    "plate_x3",
    "plate_y3",
    "plate_x4",
    "plate_y4",
    "processing_time_ms",
}
CANDIDATE_FIELDS = {
    "agent_uid",
    "confidence",
    "group",
    "plate_number",
    "uuid",
    "epoch_time",
    "camera",
    "camera_id",
    "company",
    "site",
    "site_id",
    "plate_index",
}
ALERT_FIELDS = {
    "agent_uid",
    "confidence",
    "plate_group",
    "plate_number",
    "description",
    "epoch_time",
    "alert_group_name",
    "alert_group",
    "company",
    "site",
    "site_id",
}


def group_times(records: list[dict[str, Any]]) -> list[Any]:
    return [parse_time(fields_of(record)["epoch_time_start"]) for record in records]


def test_plate_search_returns_all_vendor_fields(all_groups: list[dict[str, Any]]) -> None:
    assert len(all_groups) == 600
    for record in all_groups:
        fields = fields_of(record)
        assert fields.keys() >= GROUP_FIELDS, GROUP_FIELDS - fields.keys()
        assert record["model"] == "openalpr.plategroup"
        assert isinstance(fields["best_plate"], str)
        assert parse_time(fields["epoch_time_start"]) <= parse_time(fields["epoch_time_end"])


def test_plate_search_default_order_is_newest_first(all_groups: list[dict[str, Any]]) -> None:
    times = group_times(all_groups)
    assert times == sorted(times, reverse=True)


def test_plate_search_ascending_order(client: DemoClient) -> None:
    records = client.records("/api/search/plate", start=WEEK_AGO, order="asc", topn=50)
    times = group_times(records)
    assert len(records) == 50
    assert times == sorted(times)


def test_plate_search_order_is_case_insensitive(client: DemoClient) -> None:
    records = client.records("/api/search/plate", start=WEEK_AGO, order="ASC", topn=3)
    assert group_times(records) == sorted(group_times(records))


def test_topn_keeps_newest_records(client: DemoClient, all_groups: list[dict[str, Any]]) -> None:
    records = client.records("/api/search/plate", start=WEEK_AGO, topn=5)
    assert [r["pk"] for r in records] == [r["pk"] for r in all_groups[:5]]


def test_topn_defaults_to_1000(client: DemoClient) -> None:
    candidates = client.records("/api/search/platecandidate", start=WEEK_AGO)
    assert len(candidates) == 1000


def test_time_window_filter(client: DemoClient, all_groups: list[dict[str, Any]]) -> None:
    start = NOW - timedelta(hours=1)
    records = client.records(
        "/api/search/plate", start=start.isoformat(), end=NOW.isoformat(), topn=20000
    )
    expected = [
        r["pk"] for r in all_groups if start <= parse_time(fields_of(r)["epoch_time_start"]) <= NOW
    ]
    assert [r["pk"] for r in records] == expected
    assert 0 < len(records) < 60


def test_end_only_filter(client: DemoClient, all_groups: list[dict[str, Any]]) -> None:
    end = NOW - timedelta(days=6)
    records = client.records("/api/search/plate", end=end.isoformat(), topn=20000)
    expected = [r["pk"] for r in all_groups if parse_time(fields_of(r)["epoch_time_start"]) <= end]
    assert [r["pk"] for r in records] == expected
    assert records


@pytest.mark.parametrize(
    "start",
    [
        "2026-06-01T11:00:00Z",
        "2026-06-01T11:00:00+00:00",
        "2026-06-01T06:00:00-05:00",
        "2026-06-01T11:00:00",  # no offset means UTC
        "2026-06-01T11:00:00.000Z",
    ],
)
def test_start_time_forms_are_equivalent(client: DemoClient, start: str) -> None:
    reference = client.records("/api/search/plate", start="2026-06-01T11:00:00Z")
    records = client.records("/api/search/plate", start=start)
    assert [r["pk"] for r in records] == [r["pk"] for r in reference]


def test_unencoded_plus_offset_is_accepted(client: DemoClient) -> None:
    reference = client.records("/api/search/plate", start="2026-06-01T11:00:00Z")
    raw = f"api_key={client.server.api_key}&start=2026-06-01T13:00:00+02:00"
    result = http_get(client.url, "/api/search/plate", raw_query=raw)
    assert result.status == 200, result.text()
    assert [r["pk"] for r in result.json()] == [r["pk"] for r in reference]


def test_plate_filter_ignores_case_spaces_and_dashes(
    client: DemoClient, all_groups: list[dict[str, Any]]
) -> None:
    plate = str(fields_of(all_groups[10])["best_plate"])
    messy = f"{plate[:2].lower()}-{plate[2:4]} {plate[4:].lower()}"
    records = client.records("/api/search/plate", start=WEEK_AGO, plate=messy)
    expected = [r["pk"] for r in all_groups if fields_of(r)["best_plate"] == plate]
    assert [r["pk"] for r in records] == expected
    assert records


def test_plate_filter_without_match_is_empty(client: DemoClient) -> None:
    assert client.records("/api/search/plate", start=WEEK_AGO, plate="NOSUCH1") == []


@pytest.mark.parametrize("site", ["Harbour Road", "harbour road", "2"])
def test_site_filter_by_name_or_id(client: DemoClient, site: str) -> None:
    records = client.records("/api/search/plate", start=WEEK_AGO, site=site, topn=20000)
    assert records
    for record in records:
        assert fields_of(record)["site"] == "Harbour Road"
        assert fields_of(record)["site_id"] == 2


def test_site_filter_counts_match(client: DemoClient, all_groups: list[dict[str, Any]]) -> None:
    records = client.records("/api/search/plate", start=WEEK_AGO, site="North Precinct", topn=20000)
    expected = [r["pk"] for r in all_groups if fields_of(r)["site"] == "North Precinct"]
    assert [r["pk"] for r in records] == expected


def test_camera_filter(client: DemoClient, all_groups: list[dict[str, Any]]) -> None:
    records = client.records("/api/search/plate", start=WEEK_AGO, camera=102, topn=20000)
    expected = [r["pk"] for r in all_groups if camera_number(fields_of(r)) == 102]
    assert [r["pk"] for r in records] == expected
    assert records


def test_filters_combine(client: DemoClient) -> None:
    records = client.records(
        "/api/search/plate", start=WEEK_AGO, site="North Precinct", camera=201, topn=20000
    )
    assert records == []


def test_candidate_search_fields_and_groups(client: DemoClient) -> None:
    candidates = client.records("/api/search/platecandidate", start=WEEK_AGO, topn=20000)
    by_group: dict[int, list[dict[str, Any]]] = {}
    for record in candidates:
        fields = fields_of(record)
        assert fields.keys() >= CANDIDATE_FIELDS, CANDIDATE_FIELDS - fields.keys()
        by_group.setdefault(fields["group"], []).append(fields)
    assert len(by_group) == 600
    for group_candidates in by_group.values():
        assert 3 <= len(group_candidates) <= 5
        indexes = sorted(c["plate_index"] for c in group_candidates)
        assert indexes == list(range(len(group_candidates)))
        numbers = [c["plate_number"] for c in group_candidates]
        assert len(set(numbers)) == len(numbers)


def test_candidate_index_zero_is_best_plate(
    client: DemoClient, all_groups: list[dict[str, Any]]
) -> None:
    group = all_groups[42]
    fields = fields_of(group)
    start = fields["epoch_time_start"]
    candidates = client.records("/api/search/platecandidate", start=start, end=start, topn=100)
    mine = [fields_of(c) for c in candidates if fields_of(c)["group"] == group["pk"]]
    best = [c for c in mine if c["plate_index"] == 0]
    assert len(best) == 1
    assert best[0]["plate_number"] == fields["best_plate"]
    assert best[0]["uuid"] == fields["best_uuid"]
    assert parse_time(best[0]["epoch_time"]) == parse_time(start)


def test_candidate_plate_filter_finds_misreading(client: DemoClient) -> None:
    candidates = client.records("/api/search/platecandidate", start=WEEK_AGO, topn=200)
    misread = next(fields_of(c) for c in candidates if fields_of(c)["plate_index"] > 0)
    number = misread["plate_number"]
    found = client.records(
        "/api/search/platecandidate", start=WEEK_AGO, plate=number.lower(), topn=20000
    )
    assert found
    assert {fields_of(c)["plate_number"] for c in found} == {number}
    assert misread["group"] in {fields_of(c)["group"] for c in found}


def test_alert_search_fields_and_lists(client: DemoClient) -> None:
    alerts = client.records("/api/search/alert", start=WEEK_AGO)
    assert len(alerts) >= 8
    names = set()
    for record in alerts:
        fields = fields_of(record)
        assert fields.keys() >= ALERT_FIELDS, ALERT_FIELDS - fields.keys()
        assert fields["description"].startswith("Hot list plate ")
        names.add((fields["alert_group"], fields["alert_group_name"]))
    assert names == {(1, "Stolen vehicles"), (2, "Amber alert")}


def test_alert_hit_with_lookalike_read(client: DemoClient) -> None:
    alerts = client.records("/api/search/alert", start=WEEK_AGO)
    lookalikes = ["0OQD", "1IL", "8B", "5S", "2Z", "6G"]
    different = []
    for record in alerts:
        fields = fields_of(record)
        listed = fields["plate_number"]
        assert fields["description"].split()[3] == listed
        group = client.get(f"/api/detail/platecandidate/{fields['plate_group']}")
        read = fields_of(group.json())["best_plate"]
        if listed != read:
            different.append((listed, read))
    assert len(different) == 1
    listed, read = different[0]
    assert len(listed) == len(read)
    for listed_char, read_char in zip(listed, read, strict=True):
        if listed_char != read_char:
            assert any(listed_char in g and read_char in g for g in lookalikes)


def test_alert_hit_in_last_hour(client: DemoClient) -> None:
    start = (NOW - timedelta(hours=1)).isoformat()
    alerts = client.records("/api/search/alert", start=start)
    assert alerts
    group = client.get(f"/api/detail/platecandidate/{fields_of(alerts[0])['plate_group']}")
    assert fields_of(group.json())["best_plate"] == fields_of(alerts[0])["plate_number"]


def test_alert_plate_and_camera_filters(client: DemoClient) -> None:
    alerts = client.records("/api/search/alert", start=WEEK_AGO)
    plate = fields_of(alerts[0])["plate_number"]
    found = client.records("/api/search/alert", start=WEEK_AGO, plate=plate)
    assert {fields_of(a)["plate_number"] for a in found} == {plate}
    assert client.records("/api/search/alert", start=WEEK_AGO, camera=999) == []
    by_site = client.records("/api/search/alert", start=WEEK_AGO, site="Interstate Gate")
    assert all(fields_of(a)["site"] == "Interstate Gate" for a in by_site)
