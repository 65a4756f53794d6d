"""Listing and detail endpoints of the demo server: agents, cameras, alert lists, users."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.demo.demo_http import NOW, DemoClient, fields_of, parse_time


def test_agents_plain_list(client: DemoClient) -> None:
    agents = client.get("/api/agents/").json()
    assert isinstance(agents, list)
    assert len(agents) == 4
    for agent in agents:
        assert {"agent_uid", "name", "site", "version", "last_seen", "os"} <= agent.keys()
        parse_time(agent["last_seen"])
    offline = [a for a in agents if parse_time(a["last_seen"]) < NOW - timedelta(hours=1)]
    assert len(offline) == 1


def test_cameras_serialized_list(client: DemoClient) -> None:
    cameras = client.get("/api/cameras/").json()
    agents = client.get("/api/agents/").json()
    assert isinstance(cameras, list)
    assert isinstance(agents, list)
    assert len(cameras) == 6
    agent_uids = {agent["agent_uid"] for agent in agents}
    for camera in cameras:
        fields = fields_of(camera)
        assert isinstance(fields["camera"], int)
        assert fields["name"]
        assert fields["site"] in {"North Precinct", "Harbour Road", "Interstate Gate"}
        assert fields["agent_uid"] in agent_uids


def test_cameras_match_search_records(client: DemoClient, all_groups: list[dict[str, Any]]) -> None:
    cameras = client.get("/api/cameras/").json()
    assert isinstance(cameras, list)
    by_pk = {camera["pk"]: fields_of(camera) for camera in cameras}
    for record in all_groups[:50]:
        fields = fields_of(record)
        camera = by_pk[fields["camera_id"]]
        assert int(fields["camera"]) == camera["camera"]
        assert fields["site"] == camera["site"]


def test_alert_lists_results_wrapper(client: DemoClient) -> None:
    payload = client.get("/api/alert-lists/").json()
    assert isinstance(payload, dict)
    assert payload["results"] == [
        {"id": 1, "name": "Stolen vehicles"},
        {"id": 2, "name": "Amber alert"},
    ]


def test_users_results_wrapper(client: DemoClient) -> None:
    payload = client.get("/api/users/").json()
    assert isinstance(payload, dict)
    users = payload["results"]
    assert len(users) == 3
    for user in users:
        assert set(user) == {"id", "username", "email", "is_admin"}
    assert sum(user["is_admin"] for user in users) == 1


def test_paths_without_trailing_slash(client: DemoClient) -> None:
    assert client.get("/api/agents").status == 200
    assert client.get("/api/search/plate/", start="2026-06-01T00:00:00Z").status == 200


def test_detail_equals_search_record(client: DemoClient, all_groups: list[dict[str, Any]]) -> None:
    for record in all_groups[:5] + all_groups[-5:]:
        result = client.get(f"/api/detail/platecandidate/{record['pk']}")
        assert result.status == 200
        assert result.content_type == "application/json"
        assert result.json() == record


def test_detail_unknown_group_is_404(client: DemoClient) -> None:
    assert client.get("/api/detail/platecandidate/999999").status == 404
    assert client.get("/api/detail/platecandidate/abc").status == 404


def test_json_is_utf8(client: DemoClient) -> None:
    result = client.get("/api/search/alert", start="2026-05-25T00:00:00Z")
    assert result.content_type == "application/json"
    assert "—" in result.body.decode("utf-8")
