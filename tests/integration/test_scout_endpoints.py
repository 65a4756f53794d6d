"""The Scout client against the demo server over real HTTP: every endpoint and filter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from alprdesk.demo import DemoServer
from alprdesk.imaging import CropRect, decode_image
from alprdesk.scout import (
    AgentImageClient,
    NotFoundError,
    PlateGroup,
    ScoutClient,
    SearchQuery,
    UnauthorizedError,
)
from tests.secrets_check import assert_no_secret

NOW = datetime.now(UTC)
WEEK = SearchQuery(start=NOW - timedelta(days=8), end=NOW + timedelta(minutes=5), topn=5000)


async def some_reads(client: ScoutClient) -> list[PlateGroup]:
    result = await client.search_plates(WEEK)
    assert result.records
    return result.records


async def test_plate_search_returns_recent_reads(client: ScoutClient) -> None:
    result = await client.search_plates(WEEK)

    assert len(result.records) >= 100
    assert not result.may_be_truncated
    assert result.rejected == 0
    for read in result.records:
        assert read.first_seen is not None
        assert WEEK.start is not None
        assert WEEK.end is not None
        assert WEEK.start <= read.first_seen <= WEEK.end
    times = [read.first_seen for read in result.records]
    assert times == sorted(times, reverse=True)  # type: ignore[type-var]


async def test_plate_search_ascending(client: ScoutClient) -> None:
    result = await client.search_plates(SearchQuery(start=WEEK.start, order="asc", topn=50))

    times = [read.first_seen for read in result.records]
    assert times == sorted(times)  # type: ignore[type-var]


async def test_plate_filter_ignores_case_and_dashes(client: ScoutClient) -> None:
    plate = next(read.plate for read in await some_reads(client) if len(read.plate) >= 4)
    typed = f"{plate[:2].lower()}-{plate[2:]}"

    result = await client.search_plates(SearchQuery(start=WEEK.start, plate=typed))

    assert result.records
    assert {read.plate for read in result.records} == {plate}


async def test_site_filter(client: ScoutClient) -> None:
    site = (await some_reads(client))[0].site

    result = await client.search_plates(SearchQuery(start=WEEK.start, site=site, topn=5000))

    assert result.records
    assert {read.site for read in result.records} == {site}


async def test_camera_filter(client: ScoutClient) -> None:
    camera = next(read.camera for read in await some_reads(client) if isinstance(read.camera, int))

    result = await client.search_plates(SearchQuery(start=WEEK.start, camera=camera, topn=5000))

    assert result.records
    assert {read.camera for read in result.records} == {camera}


async def test_topn_caps_and_flags_truncation(client: ScoutClient) -> None:
    result = await client.search_plates(SearchQuery(start=WEEK.start, topn=5))

    assert len(result.records) == 5
    assert result.may_be_truncated


async def test_time_window(client: ScoutClient) -> None:
    start = NOW - timedelta(hours=24)
    result = await client.search_plates(SearchQuery(start=start, end=NOW + timedelta(minutes=1)))

    assert result.records
    assert all(read.first_seen is not None and read.first_seen >= start for read in result.records)


async def test_records_arrive_in_several_shapes(client: ScoutClient) -> None:
    reads = await some_reads(client)

    assert {type(read.camera) for read in reads} == {int}
    assert any(read.extra_fields for read in reads)
    offsets = {read.epoch_time_start.utcoffset() for read in reads if read.epoch_time_start}
    assert len(offsets) > 1


async def test_candidate_search_has_look_alike_readings(client: ScoutClient) -> None:
    result = await client.search_candidates(WEEK)

    assert result.records
    groups = {read.id: read.plate for read in await some_reads(client)}
    differing = [
        candidate
        for candidate in result.records
        if candidate.plate_group_id in groups
        and candidate.plate != groups[candidate.plate_group_id]
    ]
    assert differing
    assert all(candidate.epoch_time is not None for candidate in result.records)


async def test_alert_search_and_detail(client: ScoutClient) -> None:
    hits = (await client.search_alerts(WEEK)).records

    assert hits
    assert all(hit.alert_group_name for hit in hits)
    hit = hits[0]
    assert hit.plate_group_id is not None
    group = await client.plate_group(hit.plate_group_id)
    assert group.id == hit.plate_group_id
    assert group.best_uuid


async def test_detail_of_unknown_group(client: ScoutClient) -> None:
    with pytest.raises(NotFoundError):
        await client.plate_group(987654321)


@pytest.mark.parametrize("listing", ["agents", "cameras", "alert_lists", "users"])
async def test_listings(client: ScoutClient, listing: str) -> None:
    items = await getattr(client, listing)()

    assert items
    assert all(item.fields for item in items)
    assert any(item.name for item in items)


async def test_full_frame_image(client: ScoutClient) -> None:
    read = next(read for read in await some_reads(client) if read.img_width)

    frame = decode_image(await client.image(read.agent_uid, read.best_uuid))

    assert (frame.width, frame.height) == (read.img_width, read.img_height)


async def test_cropped_and_resized_image(client: ScoutClient) -> None:
    read = next(read for read in await some_reads(client) if read.img_width)
    rect = CropRect(10, 20, 300, 120)

    crop = decode_image(await client.image(read.agent_uid, read.best_uuid, crop=rect))
    small = decode_image(await client.image(read.agent_uid, read.best_uuid, max_width=320))

    assert (crop.width, crop.height) == (300, 120)
    assert small.width == 320


async def test_agent_image_service(demo_server: DemoServer, client: ScoutClient) -> None:
    read = next(read for read in await some_reads(client) if read.img_width)
    agent = AgentImageClient(demo_server.url)
    try:
        image = decode_image(await agent.image(read.best_uuid, crop=CropRect(0, 0, 64, 32)))
    finally:
        await agent.aclose()

    assert (image.width, image.height) == (64, 32)


async def test_wrong_key_is_unauthorized(demo_server: DemoServer) -> None:
    async with ScoutClient(demo_server.url, "wrong-key-123") as client:
        with pytest.raises(UnauthorizedError) as caught:
            await client.search_plates(WEEK)

    assert_no_secret(caught.value, "wrong-key-123")
