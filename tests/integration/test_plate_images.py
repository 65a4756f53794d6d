"""Plate crops and full frames from the demo server, including the ways images go missing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from alprdesk.imaging import plate_outline
from alprdesk.plate_images import (
    AGENT_OFFLINE,
    IMAGE_NOT_FOUND,
    IMAGE_NOT_STORED_YET,
    fetch_full_frame,
    fetch_plate_crop,
)
from alprdesk.scout import ScoutClient, SearchQuery

WEEK = SearchQuery(start=datetime.now(UTC) - timedelta(days=8), topn=5000)


async def test_every_read_gets_a_crop_or_a_reason(client: ScoutClient) -> None:
    reads = (await client.search_plates(WEEK)).records
    outcomes = [await fetch_plate_crop(client, read) for read in reads[:60]]
    reasons = {outcome.reason for outcome in outcomes if not outcome.ok}

    assert sum(outcome.ok for outcome in outcomes) > 30
    assert reasons <= {IMAGE_NOT_FOUND, IMAGE_NOT_STORED_YET, AGENT_OFFLINE}


async def test_crop_matches_its_rectangle(client: ScoutClient) -> None:
    reads = (await client.search_plates(WEEK)).records
    for read in reads:
        outcome = await fetch_plate_crop(client, read)
        if outcome.image is not None and outcome.rect is not None:
            break
    else:
        raise AssertionError("no read produced a crop")

    assert outcome.image is not None
    assert outcome.rect is not None
    assert (outcome.image.image.width, outcome.image.image.height) == (
        outcome.rect.width,
        outcome.rect.height,
    )
    assert outcome.image.jpeg.startswith(b"\xff\xd8")


async def test_degenerate_corners_give_marked_full_frame(client: ScoutClient) -> None:
    reads = (await client.search_plates(WEEK)).records
    zero = [
        read for read in reads if all(value == 0 for corner in read.corners for value in corner)
    ]
    assert zero

    outcomes = [await fetch_plate_crop(client, read) for read in zero]
    shown = [outcome for outcome in outcomes if outcome.image is not None]

    assert shown
    assert all(outcome.image is not None and outcome.image.full_frame for outcome in shown)
    assert all(outcome.reason.startswith("full frame") for outcome in shown)


async def test_full_frame_outline_scaled(client: ScoutClient) -> None:
    reads = (await client.search_plates(WEEK)).records
    for read in reads:
        if read.img_width >= 1280 and any(read.corners[0]):
            outcome = await fetch_full_frame(client, read, max_width=640)
            if outcome.image is not None:
                break
    else:
        raise AssertionError("no read produced a full frame")

    assert outcome.image is not None
    assert outcome.image.width == 640
    assert outcome.outline is not None
    scale = 640 / read.img_width
    expected = plate_outline(read.corners, read.img_width, read.img_height)
    assert expected is not None
    assert len(outcome.outline) == len(expected) == 4
    for (x, y), (expected_x, expected_y) in zip(outcome.outline, expected, strict=True):
        assert x == pytest.approx(expected_x * scale)
        assert y == pytest.approx(expected_y * scale)
    assert {round(x) for x, _ in outcome.outline} != {0}
