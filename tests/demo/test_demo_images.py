"""Image endpoints of the demo server: frames, crops, scaling, and the plate at its corners."""

from __future__ import annotations

import io
import math
import time
from datetime import timedelta
from typing import Any

import pytest
from PIL import Image, ImageDraw

from alprdesk.demo import build_demo_server
from tests.demo.demo_http import API_KEY, NOW, WEEK_AGO, DemoClient, fields_of, parse_time

Point = tuple[float, float]


def corners_of(fields: dict[str, Any]) -> list[Point]:
    return [(fields[f"plate_x{i}"], fields[f"plate_y{i}"]) for i in range(1, 5)]


def scaled(points: list[Point], factor: float) -> list[Point]:
    cx = sum(x for x, _ in points) / 4
    cy = sum(y for _, y in points) / 4
    return [(cx + (x - cx) * factor, cy + (y - cy) * factor) for x, y in points]


def brightness_shares(gray: Image.Image, mask: Image.Image) -> tuple[float, float]:
    """Return the shares of light (>= 170) and dark (< 90) pixels under the mask."""
    histogram = gray.histogram(mask)
    total = sum(histogram)
    assert total > 0
    return sum(histogram[170:]) / total, sum(histogram[:90]) / total


def polygon_mask(
    size: tuple[int, int], outer: list[Point], inner: list[Point] | None = None
) -> Image.Image:
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    draw.polygon(outer, fill=255)
    if inner is not None:
        draw.polygon(inner, fill=0)
    return mask


def is_inside(fields: dict[str, Any]) -> bool:
    corners = corners_of(fields)
    if all(value == 0 for point in corners for value in point):
        return False
    return all(0 <= x < fields["img_width"] and 0 <= y < fields["img_height"] for x, y in corners)


def top_edge_angle(fields: dict[str, Any]) -> float:
    (x1, y1), (x2, y2), _, _ = corners_of(fields)
    return abs(math.degrees(math.atan2(y2 - y1, x2 - x1)))


@pytest.fixture(scope="module")
def online_agents(client: DemoClient) -> set[str]:
    agents = client.get("/api/agents/").json()
    assert isinstance(agents, list)
    return {
        agent["agent_uid"]
        for agent in agents
        if parse_time(agent["last_seen"]) > NOW - timedelta(hours=1)
    }


@pytest.fixture(scope="module")
def recent_groups(
    all_groups: list[dict[str, Any]], online_agents: set[str]
) -> list[dict[str, Any]]:
    """Groups from the last day on online agents, except the newest, whose image comes late."""
    day_ago = NOW - timedelta(days=1)
    return [
        record
        for record in all_groups[1:]
        if fields_of(record)["agent_uid"] in online_agents
        and parse_time(fields_of(record)["epoch_time_start"]) > day_ago
    ]


def image_path(fields: dict[str, Any]) -> str:
    return f"/img/{fields['agent_uid']}/{fields['best_uuid']}"


def test_full_frame_is_jpeg_of_frame_size(
    client: DemoClient, recent_groups: list[dict[str, Any]]
) -> None:
    fields = fields_of(recent_groups[0])
    result = client.get(image_path(fields))
    assert result.status == 200
    assert result.content_type == "image/jpeg"
    assert result.body.startswith(b"\xff\xd8")
    assert result.image_size() == (fields["img_width"], fields["img_height"])


def test_plate_drawn_inside_corners(
    client: DemoClient, recent_groups: list[dict[str, Any]]
) -> None:
    ordinary = [r for r in recent_groups if is_inside(fields_of(r))][:4]
    rotated = [
        r for r in recent_groups if is_inside(fields_of(r)) and top_edge_angle(fields_of(r)) > 20
    ]
    assert rotated, "expected a strongly rotated plate in the last day"
    for record in ordinary + rotated[:2]:
        fields = fields_of(record)
        result = client.get(image_path(fields))
        with Image.open(io.BytesIO(result.body)) as frame:
            gray = frame.convert("L")
        corners = corners_of(fields)
        plate = polygon_mask(gray.size, scaled(corners, 0.85))
        ring = polygon_mask(gray.size, scaled(corners, 1.18), scaled(corners, 1.06))
        light, dark = brightness_shares(gray, plate)
        ring_light, _ = brightness_shares(gray, ring)
        assert light > 0.45, (record["pk"], light)  # light plate background
        assert dark > 0.05, (record["pk"], dark)  # dark text
        assert ring_light < 0.1, (record["pk"], ring_light)  # dark mount around the plate


def test_crop_returns_plate_box(client: DemoClient, recent_groups: list[dict[str, Any]]) -> None:
    fields = fields_of(next(r for r in recent_groups if is_inside(fields_of(r))))
    xs = [x for x, _ in corners_of(fields)]
    ys = [y for _, y in corners_of(fields)]
    left, top = int(min(xs)), int(min(ys))
    width, height = int(max(xs)) - left, int(max(ys)) - top
    result = client.get(image_path(fields), x=left, y=top, width=width, height=height)
    assert result.status == 200
    assert result.image_size() == (width, height)
    with Image.open(io.BytesIO(result.body)) as crop:
        gray = crop.convert("L")
    center = [(p[0] - left, p[1] - top) for p in scaled(corners_of(fields), 0.6)]
    light, _ = brightness_shares(gray, polygon_mask(gray.size, center))
    assert light > 0.4


def test_crop_clamped_to_frame(client: DemoClient, recent_groups: list[dict[str, Any]]) -> None:
    fields = fields_of(recent_groups[0])
    frame_w, frame_h = fields["img_width"], fields["img_height"]
    path = image_path(fields)
    assert client.get(path, x=-50, y=-20, width=200, height=100).image_size() == (150, 80)
    corner = client.get(path, x=frame_w - 10, y=frame_h - 12, width=100, height=100)
    assert corner.image_size() == (10, 12)


def test_crop_outside_frame_is_400(client: DemoClient, recent_groups: list[dict[str, Any]]) -> None:
    fields = fields_of(recent_groups[0])
    result = client.get(image_path(fields), x=fields["img_width"] + 5, y=0, width=50, height=50)
    assert result.status == 400
    assert "Invalid crop" in result.text()


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"x": "left", "y": 0, "width": 10, "height": 10}, "x"),
        ({"x": 0, "y": 0, "width": 0, "height": 10}, "width"),
        ({"x": 0, "y": 0, "width": 10, "height": -1}, "height"),
        ({"max_width": "0"}, "max_width"),
        ({"max_width": "wide"}, "max_width"),
    ],
)
def test_invalid_image_parameter(
    client: DemoClient, recent_groups: list[dict[str, Any]], params: dict[str, object], named: str
) -> None:
    result = client.get(image_path(fields_of(recent_groups[0])), **params)
    assert result.status == 400
    assert f"Invalid {named}" in result.text()


def test_max_width_scales_frame(client: DemoClient, recent_groups: list[dict[str, Any]]) -> None:
    fields = fields_of(recent_groups[0])
    result = client.get(image_path(fields), max_width=320)
    expected_height = round(fields["img_height"] * 320 / fields["img_width"])
    assert result.image_size() == (320, expected_height)


def test_max_width_scales_crop(client: DemoClient, recent_groups: list[dict[str, Any]]) -> None:
    path = image_path(fields_of(recent_groups[0]))
    assert client.get(path, x=10, y=10, width=200, height=100, max_width=50).image_size() == (
        50,
        25,
    )
    assert client.get(path, x=10, y=10, width=200, height=100, max_width=500).image_size() == (
        200,
        100,
    )


def test_partial_crop_returns_full_frame(
    client: DemoClient, recent_groups: list[dict[str, Any]]
) -> None:
    fields = fields_of(recent_groups[0])
    result = client.get(image_path(fields), x=10, y=10, width=200)
    assert result.image_size() == (fields["img_width"], fields["img_height"])


def test_agent_image_service_needs_no_key(
    client: DemoClient, recent_groups: list[dict[str, Any]]
) -> None:
    fields = fields_of(recent_groups[0])
    result = client.get_without_key(f"/img/{fields['best_uuid']}.jpg")
    assert result.status == 200
    assert result.content_type == "image/jpeg"
    assert result.image_size() == (fields["img_width"], fields["img_height"])
    crop = client.get_without_key(f"/img/{fields['best_uuid']}.jpg", x=0, y=0, width=64, height=48)
    assert crop.image_size() == (64, 48)


def test_unknown_image_is_404(client: DemoClient, recent_groups: list[dict[str, Any]]) -> None:
    fields = fields_of(recent_groups[0])
    assert client.get(f"/img/{fields['agent_uid']}/no-such-uuid").status == 404
    assert client.get(f"/img/OTHERAGENT/{fields['best_uuid']}").status == 404
    assert client.get_without_key("/img/no-such-uuid.jpg").status == 404


def test_zero_corner_group_still_has_image(
    client: DemoClient, all_groups: list[dict[str, Any]]
) -> None:
    zero = [
        fields_of(r)
        for r in all_groups
        if all(value == 0 for point in corners_of(fields_of(r)) for value in point)
    ]
    assert zero
    assert client.get(image_path(zero[0])).status == 200


def test_oldest_images_expired(client: DemoClient, online_agents: set[str]) -> None:
    oldest = client.records("/api/search/plate", start=WEEK_AGO, order="asc", topn=100)
    online = [fields_of(r) for r in oldest if fields_of(r)["agent_uid"] in online_agents]
    result = client.get(image_path(online[0]))
    assert result.status == 404
    assert "deleted" in result.text()
    assert client.get_without_key(f"/img/{online[0]['best_uuid']}.jpg").status == 404
    # Later reads still have their images.
    assert client.get(image_path(online[-1])).status == 200


def test_offline_agent_image_times_out(
    client: DemoClient, all_groups: list[dict[str, Any]], online_agents: set[str]
) -> None:
    offline = next(
        fields_of(r) for r in all_groups if fields_of(r)["agent_uid"] not in online_agents
    )
    started = time.perf_counter()
    result = client.get(image_path(offline))
    elapsed = time.perf_counter() - started
    assert result.status == 504
    assert 0.5 <= elapsed <= 1.5


def test_fresh_image_appears_after_two_seconds() -> None:
    with build_demo_server(api_key=API_KEY, now=NOW) as server:
        started = time.monotonic()
        fresh_client = DemoClient(server)
        newest = fields_of(fresh_client.records("/api/search/plate", start=WEEK_AGO, topn=1)[0])
        assert parse_time(newest["epoch_time_start"]) > NOW - timedelta(seconds=10)
        assert fresh_client.get(image_path(newest)).status == 404
        status = 404
        while status == 404 and time.monotonic() - started < 4.0:
            time.sleep(0.2)
            status = fresh_client.get(image_path(newest)).status
        assert status == 200
        assert time.monotonic() - started >= 1.9
