"""Image endpoints that return the wrong format, size or region, and unusable plate corners."""

from __future__ import annotations

import math

import httpx
import pytest

from alprdesk.imaging import plate_crop_rect
from alprdesk.plate_images import (
    AGENT_OFFLINE,
    IMAGE_NOT_FOUND,
    NO_IMAGE,
    fetch_full_frame,
    fetch_plate_crop,
)
from tests.hostile.hostile_servers import (
    API_KEY,
    PLATE_CROP_SIZE,
    client_with,
    encode_image,
    plate_group,
    png_declaring,
    respond,
)

FULL_JPEG = encode_image(1920, 1080)
GOOD_JPEG = encode_image(*PLATE_CROP_SIZE)


UNREADABLE_IMAGES: list[tuple[str, bytes, str]] = [
    ("json", b'{"error": "agent offline"}', "image/jpeg"),
    ("html", b"<!DOCTYPE html><html>Proxy error</html>", "image/jpeg"),
    ("gif", encode_image(40, 20, "GIF"), "image/gif"),
    ("webp", encode_image(40, 20, "WEBP"), "image/webp"),
    ("truncated jpeg", GOOD_JPEG[: len(GOOD_JPEG) // 2], "image/jpeg"),
    ("jpeg signature only", b"\xff\xd8\xff", "image/jpeg"),
    ("png 100000x100000", png_declaring(100_000, 100_000), "image/png"),
    ("png 0x5", png_declaring(0, 5), "image/png"),
    ("png signature only", b"\x89PNG\r\n\x1a\n", "image/png"),
    ("empty", b"", "image/jpeg"),
    ("text", b"Image not available", "text/plain"),
]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [case[1:] for case in UNREADABLE_IMAGES],
    ids=[case[0] for case in UNREADABLE_IMAGES],
)
async def test_crop_unreadable_image_gives_reason(body: bytes, content_type: str) -> None:
    async with client_with(respond(200, body, **{"content-type": content_type})) as client:
        crop = await fetch_plate_crop(client, plate_group())
        frame = await fetch_full_frame(client, plate_group())

    assert crop.image is None
    assert crop.reason
    assert frame.image is None
    assert frame.reason
    assert API_KEY not in crop.reason + frame.reason


@pytest.mark.parametrize(
    ("status", "reason"),
    [(404, IMAGE_NOT_FOUND), (500, AGENT_OFFLINE), (502, AGENT_OFFLINE), (504, AGENT_OFFLINE)],
)
async def test_crop_error_status_gives_reason(status: int, reason: str) -> None:
    async with client_with(respond(status, b"<html>error</html>")) as client:
        outcome = await fetch_plate_crop(client, plate_group())

    assert outcome.image is None
    assert outcome.reason == reason


@pytest.mark.parametrize(
    ("status", "headers"),
    [
        (401, {}),
        (403, {}),
        (302, {"location": "/accounts/login/"}),
        (400, {}),
        (200, {"content-type": "text/html"}),
    ],
    ids=["401", "403", "login redirect", "400", "html 200"],
)
async def test_crop_refused_gives_reason(status: int, headers: dict[str, str]) -> None:
    body = f"denied api_key={API_KEY}".encode()
    async with client_with(respond(status, body, **headers)) as client:
        outcome = await fetch_plate_crop(client, plate_group())

    assert outcome.image is None
    assert outcome.reason.startswith("image failed")
    assert API_KEY not in outcome.reason


async def test_full_frame_for_crop_cropped_locally() -> None:
    async with client_with(respond(200, FULL_JPEG)) as client:
        outcome = await fetch_plate_crop(client, plate_group())

    assert outcome.image is not None
    assert outcome.image.image.size == PLATE_CROP_SIZE
    assert "cropped locally" in outcome.reason


async def test_resized_frame_for_crop_cropped_locally() -> None:
    async with client_with(respond(200, encode_image(960, 540))) as client:
        outcome = await fetch_plate_crop(client, plate_group())

    assert outcome.image is not None
    assert outcome.image.image.size == (150, 60)
    assert "cropped locally" in outcome.reason


@pytest.mark.parametrize("size", [(1, 1), (7, 40)], ids=["1x1", "7x40"])
async def test_tiny_image_for_crop_flagged(size: tuple[int, int]) -> None:
    """A crop request without max_width that returns an image far smaller than the crop."""
    async with client_with(respond(200, encode_image(*size))) as client:
        outcome = await fetch_plate_crop(client, plate_group())

    assert outcome.image is None or outcome.reason


async def test_crop_with_unknown_frame_size() -> None:
    group = plate_group(img_width=0, img_height=None)
    async with client_with(respond(200, FULL_JPEG)) as client:
        outcome = await fetch_plate_crop(client, group)

    assert outcome.image is not None
    assert outcome.image.image.size == PLATE_CROP_SIZE


@pytest.mark.parametrize(
    "corners",
    [
        {"plate_x1": 5000, "plate_x2": 5200, "plate_x3": 5200, "plate_x4": 5000},
        {"plate_y1": -400, "plate_y2": -400, "plate_y3": -300, "plate_y4": -300},
        dict.fromkeys(("plate_x1", "plate_x2", "plate_x3", "plate_x4"), 0)
        | dict.fromkeys(("plate_y1", "plate_y2", "plate_y3", "plate_y4"), 0),
        {"plate_x2": 100, "plate_x3": 100},
        {"plate_x1": 1e308, "plate_x2": -1e308, "plate_x3": 1e308, "plate_x4": -1e308},
    ],
    ids=["right of frame", "above frame", "all zero", "zero width", "float extremes"],
)
async def test_crop_unusable_corners_request_full_frame(corners: dict[str, float]) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=FULL_JPEG)

    async with client_with(handler) as client:
        outcome = await fetch_plate_crop(client, plate_group(**corners))

    assert outcome.image is not None
    assert outcome.rect is None
    assert "full frame" in outcome.reason
    assert "width" not in seen[0].url.params


async def test_crop_corners_partly_outside_frame_clamped() -> None:
    corners = {"plate_x1": 1850, "plate_x2": 2050, "plate_x3": 2050, "plate_x4": 1850}
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=encode_image(70, 120))

    async with client_with(handler) as client:
        outcome = await fetch_plate_crop(client, plate_group(**corners))

    params = seen[0].url.params
    assert int(params["x"]) + int(params["width"]) <= 1920
    assert int(params["width"]) > 0
    assert outcome.image is not None


@pytest.mark.parametrize("value", [math.nan, math.inf, "left"], ids=["nan", "infinity", "word"])
def test_unusable_corner_value_gives_no_crop(value: object) -> None:
    """One corner that is not a number must not become a corner at the frame's origin."""
    group = plate_group(plate_x1=value)

    assert plate_crop_rect(group.corners, group.img_width, group.img_height) is None


@pytest.mark.parametrize(
    "ids", [{"agent_uid": ""}, {"best_uuid": None}], ids=["no agent", "no image uuid"]
)
async def test_crop_record_without_image(ids: dict[str, object]) -> None:
    async with client_with(respond(200, GOOD_JPEG)) as client:
        outcome = await fetch_plate_crop(client, plate_group(**ids))

    assert outcome.reason == NO_IMAGE


@pytest.mark.parametrize(
    "ids",
    [{"agent_uid": "a/../b"}, {"best_uuid": ".."}, {"best_uuid": "x?api_key=1"}],
    ids=["agent with slash", "dot dot", "query"],
)
async def test_crop_unsafe_ids_give_reason(ids: dict[str, object]) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=GOOD_JPEG)

    async with client_with(handler) as client:
        outcome = await fetch_plate_crop(client, plate_group(**ids))

    assert outcome.image is None
    assert outcome.reason
    assert seen == []


async def test_full_frame_outline_scaled_to_resized_frame() -> None:
    async with client_with(respond(200, encode_image(960, 540))) as client:
        outcome = await fetch_full_frame(client, plate_group(), max_width=960)

    assert outcome.image is not None
    assert outcome.outline is not None
    xs = [x for x, _ in outcome.outline]
    assert min(xs) == 50
    assert max(xs) == 150
