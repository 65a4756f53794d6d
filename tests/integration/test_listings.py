"""The demo server's listings over HTTP as site, camera and alert-list choices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alprdesk.scout import ScoutClient, SearchQuery
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

WEEK = SearchQuery(start=datetime.now(UTC) - timedelta(days=8), topn=5000)


async def test_camera_choices_from_demo(client: ScoutClient) -> None:
    choices = camera_choices(await client.cameras())

    assert choices == [
        CameraChoice(101, "North Gate inbound"),
        CameraChoice(102, "North Gate outbound"),
        CameraChoice(103, "North rear lot"),
        CameraChoice(201, "Harbour Road eastbound"),
        CameraChoice(202, "Harbour Road westbound"),
        CameraChoice(301, "Interstate Gate lane 1"),
    ]
    assert camera_number("201 — Harbour Road eastbound", choices) == 201


async def test_site_names_from_cameras_and_agents(client: ScoutClient) -> None:
    cameras = await client.cameras()
    agents = await client.agents()

    expected = ["Harbour Road", "Interstate Gate", "North Precinct"]
    assert site_names(cameras, agents) == expected
    assert site_names(cameras) == expected
    assert site_names(agents) == expected


async def test_choices_cover_search_records(client: ScoutClient) -> None:
    cameras = await client.cameras()
    numbers = {choice.number for choice in camera_choices(cameras)}
    sites = set(site_names(cameras, await client.agents()))

    reads = (await client.search_plates(WEEK)).records

    assert reads
    for read in reads:
        assert read.camera in numbers
        assert read.site in sites


async def test_alert_list_choices_from_demo(client: ScoutClient) -> None:
    choices = alert_list_choices(await client.alert_lists())

    assert choices == [AlertListChoice("1", "Stolen vehicles"), AlertListChoice("2", "Amber alert")]
    assert alert_list_value("Stolen vehicles (id 1)", choices) == "1"
    assert alert_list_value("amber ALERT", choices) == "2"


async def test_alert_hits_name_listed_alert_lists(client: ScoutClient) -> None:
    choices = alert_list_choices(await client.alert_lists())
    by_id = {choice.list_id: choice.name for choice in choices}

    hits = (await client.search_alerts(WEEK)).records

    assert hits
    for hit in hits:
        assert by_id[str(hit.alert_group)] == hit.alert_group_name


async def test_agents_last_seen_from_demo(client: ScoutClient) -> None:
    agents = await client.agents()
    now = datetime.now(UTC)

    times = [last_seen(agent) for agent in agents]

    assert len(times) == 4
    assert all(moment is not None for moment in times)
    silent = [
        moment for moment in times if moment is not None and now - moment > timedelta(hours=1)
    ]
    assert len(silent) == 1
    assert now - silent[0] > timedelta(hours=26)


async def test_users_listing_from_demo(client: ScoutClient) -> None:
    users = await client.users()

    assert sorted(user.name for user in users) == ["admin", "jrivera", "kpatel"]
    assert sorted(user.id or "" for user in users) == ["1", "2", "3"]
    for user in users:
        assert {"username", "email", "is_admin"} <= user.fields.keys()
