"""Real-world encodings and special cases that the demo server puts into its records."""

from __future__ import annotations

import math
from collections import Counter
from datetime import timedelta
from typing import Any

from tests.demo.demo_http import NOW, WEEK_AGO, DemoClient, fields_of, parse_time, to_number


def corners_of(fields: dict[str, Any]) -> list[tuple[int, int]]:
    return [(fields[f"plate_x{i}"], fields[f"plate_y{i}"]) for i in range(1, 5)]


def test_numbers_sent_as_numbers_text_and_comma_text(all_groups: list[dict[str, Any]]) -> None:
    kinds: Counter[str] = Counter()
    for record in all_groups:
        value = fields_of(record)["best_confidence"]
        if isinstance(value, str):
            kinds["comma" if "," in value else "text"] += 1
        else:
            kinds["number"] += 1
        assert 0 < to_number(value) <= 100
    assert kinds["number"] > kinds["text"] > kinds["comma"] > 0


def test_processing_time_sometimes_text(all_groups: list[dict[str, Any]]) -> None:
    values = [fields_of(record)["processing_time_ms"] for record in all_groups]
    assert any(isinstance(value, str) for value in values)
    assert any(isinstance(value, float) for value in values)
    assert all(to_number(value) > 0 for value in values)


def test_camera_sent_as_int_and_text(all_groups: list[dict[str, Any]]) -> None:
    cameras = [fields_of(record)["camera"] for record in all_groups]
    assert any(isinstance(camera, int) for camera in cameras)
    assert any(isinstance(camera, str) for camera in cameras)
    assert all(str(camera).isdigit() for camera in cameras)


def test_time_texts_vary_in_offset_and_fraction(all_groups: list[dict[str, Any]]) -> None:
    texts = [fields_of(record)["epoch_time_start"] for record in all_groups]
    assert any(text.endswith("Z") and "." in text for text in texts)
    assert any(text.endswith("Z") and "." not in text for text in texts)
    assert any(text.endswith("+00:00") for text in texts)
    assert any(text.endswith("-05:00") for text in texts)
    assert any(text.endswith("+02:00") for text in texts)
    assert any("." not in text and not text.endswith("Z") for text in texts)


def test_time_styles_denote_same_instant(client: DemoClient) -> None:
    # Candidates repeat their group's start time, each record in its own style.
    groups = client.records("/api/search/plate", start=WEEK_AGO, topn=40)
    for group in groups:
        fields = fields_of(group)
        start = fields["epoch_time_start"]
        candidates = client.records("/api/search/platecandidate", start=start, end=start)
        mine = [fields_of(c) for c in candidates if fields_of(c)["group"] == group["pk"]]
        assert mine
        for candidate in mine:
            assert parse_time(candidate["epoch_time"]) == parse_time(start)


def test_extra_fields_and_missing_make(all_groups: list[dict[str, Any]]) -> None:
    with_make = 0
    for record in all_groups:
        fields = fields_of(record)
        for name in ("region", "direction_of_travel_degrees", "vehicle_color", "hit_count"):
            assert name in fields
        assert "vehicle_body_type" in fields
        assert ("vehicle_make" in fields) == ("vehicle_make_model" in fields)
        with_make += "vehicle_make" in fields
    assert len(all_groups) * 0.5 < with_make < len(all_groups)


def test_plate_formats_include_leading_digit(all_groups: list[dict[str, Any]]) -> None:
    plates = [fields_of(record)["best_plate"] for record in all_groups]
    assert any(plate[0].isdigit() for plate in plates)
    assert any(plate[0].isalpha() for plate in plates)
    regions = {fields_of(record)["region"] for record in all_groups}
    assert {"us-ca", "gb"} <= regions


def test_reads_spread_over_week(all_groups: list[dict[str, Any]]) -> None:
    times = [parse_time(fields_of(record)["epoch_time_start"]) for record in all_groups]
    assert min(times) >= NOW - timedelta(days=7)
    assert max(times) <= NOW
    last_hour = sum(t >= NOW - timedelta(hours=1) for t in times)
    last_day = sum(t >= NOW - timedelta(days=1) for t in times)
    assert 10 <= last_hour < last_day < len(times)


def test_zero_and_out_of_frame_corners(all_groups: list[dict[str, Any]]) -> None:
    zero = 0
    outside = 0
    for record in all_groups:
        fields = fields_of(record)
        corners = corners_of(fields)
        if all(x == 0 and y == 0 for x, y in corners):
            zero += 1
        elif any(
            x < 0 or y < 0 or x > fields["img_width"] or y > fields["img_height"]
            for x, y in corners
        ):
            outside += 1
    assert zero >= 3
    assert outside >= 3


def test_some_plates_strongly_rotated(all_groups: list[dict[str, Any]]) -> None:
    rotated = 0
    for record in all_groups:
        (x1, y1), (x2, y2), _, _ = corners_of(fields_of(record))
        if (x1, y1) != (x2, y2) and abs(math.degrees(math.atan2(y2 - y1, x2 - x1))) > 20:
            rotated += 1
    assert rotated >= 5


def test_corners_run_clockwise_from_top_left(all_groups: list[dict[str, Any]]) -> None:
    for record in all_groups:
        corners = corners_of(fields_of(record))
        if all(value == 0 for point in corners for value in point):
            continue
        # Shoelace sum: positive means clockwise when y grows downwards.
        area2 = sum(
            corners[i][0] * corners[(i + 1) % 4][1] - corners[(i + 1) % 4][0] * corners[i][1]
            for i in range(4)
        )
        assert area2 > 0, record["pk"]


def test_preview_and_final_share_image(all_groups: list[dict[str, Any]]) -> None:
    by_uuid: dict[str, list[dict[str, Any]]] = {}
    for record in all_groups:
        by_uuid.setdefault(fields_of(record)["best_uuid"], []).append(record)
    shared = [records for records in by_uuid.values() if len(records) > 1]
    assert len(shared) == 1
    preview, final = sorted(shared[0], key=lambda record: record["pk"])
    assert fields_of(preview)["best_plate"] == fields_of(final)["best_plate"]
    assert fields_of(preview)["hit_count"] < fields_of(final)["hit_count"]


def test_offline_agent_reads_stop_at_last_seen(
    client: DemoClient, all_groups: list[dict[str, Any]]
) -> None:
    agents = client.get("/api/agents/").json()
    assert isinstance(agents, list)
    offline = min(agents, key=lambda agent: parse_time(agent["last_seen"]))
    last_seen = parse_time(offline["last_seen"])
    reads = [
        parse_time(fields_of(r)["epoch_time_start"])
        for r in all_groups
        if fields_of(r)["agent_uid"] == offline["agent_uid"]
    ]
    assert reads
    assert max(reads) <= last_seen
