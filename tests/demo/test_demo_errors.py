"""Rejected requests: 400 messages that name the parameter, 401 and 404."""

from __future__ import annotations

import logging
import socket

import pytest

from tests.demo.demo_http import WEEK_AGO, DemoClient, http_get

SEARCH_PATHS = ["/api/search/plate", "/api/search/platecandidate", "/api/search/alert"]
API_PATHS = [
    *SEARCH_PATHS,
    "/api/detail/platecandidate/1",
    "/api/agents/",
    "/api/cameras/",
    "/api/alert-lists/",
    "/api/users/",
]


@pytest.mark.parametrize("path", SEARCH_PATHS)
def test_search_without_start_or_end(client: DemoClient, path: str) -> None:
    result = client.get(path)
    assert result.status == 400
    assert result.content_type.startswith("text/plain")
    assert "start or end" in result.text()


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"start": "yesterday"}, "start"),
        ({"start": "2026-13-01T00:00:00Z"}, "start"),
        ({"end": "2026-06-01T25:00"}, "end"),
        ({"start": WEEK_AGO, "topn": "many"}, "topn"),
        ({"start": WEEK_AGO, "topn": "0"}, "topn"),
        ({"start": WEEK_AGO, "topn": "-5"}, "topn"),
        ({"start": WEEK_AGO, "topn": "2.5"}, "topn"),
        ({"start": WEEK_AGO, "topn": "9" * 30}, "topn"),
        ({"start": WEEK_AGO, "order": "newest"}, "order"),
        ({"start": WEEK_AGO, "camera": "gate"}, "camera"),
        ({"start": WEEK_AGO, "plate": "--"}, "plate"),
    ],
)
def test_invalid_parameter_named(client: DemoClient, params: dict[str, str], named: str) -> None:
    for path in SEARCH_PATHS:
        result = client.get(path, **params)
        assert result.status == 400, (path, params)
        assert result.content_type.startswith("text/plain")
        assert f"Invalid {named}" in result.text()


def test_start_after_end(client: DemoClient) -> None:
    result = client.get(
        "/api/search/plate", start="2026-06-01T12:00:00Z", end="2026-06-01T11:00:00Z"
    )
    assert result.status == 400
    assert "start 2026-06-01T12:00:00Z is after end 2026-06-01T11:00:00Z" in result.text()


@pytest.mark.parametrize("path", API_PATHS)
def test_missing_api_key_is_401(client: DemoClient, path: str) -> None:
    result = client.get_without_key(path, start=WEEK_AGO)
    assert result.status == 401
    assert result.content_type == "application/json"
    assert result.json() == {"detail": "Invalid API key"}


@pytest.mark.parametrize("path", API_PATHS)
def test_wrong_api_key_is_401(client: DemoClient, path: str) -> None:
    result = http_get(client.url, path, {"api_key": "wrong", "start": WEEK_AGO})
    assert result.status == 401
    assert result.json() == {"detail": "Invalid API key"}


def test_image_proxy_needs_api_key(client: DemoClient) -> None:
    result = client.get_without_key("/img/AGENT/uuid-1")
    assert result.status == 401
    assert result.json() == {"detail": "Invalid API key"}


@pytest.mark.parametrize("path", ["/", "/nothing", "/api", "/api/unknown/", "/img/a/b/c"])
def test_unknown_path_is_404(client: DemoClient, path: str) -> None:
    assert client.get(path).status == 404
    assert client.get_without_key(path).status == 404


def test_bad_request_line_logged_without_key(
    client: DemoClient, caplog: pytest.LogCaptureFixture
) -> None:
    host, port = client.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(b"GET /api/agents?api_key=secret-value junk HTTP/1.1\r\n\r\n")
        reply = connection.recv(200)
    assert reply.startswith(b"HTTP/1.1 400")
    assert "Bad request syntax" in caplog.text
    assert "api_key=[redacted]" in caplog.text
    assert "secret-value" not in caplog.text


def test_request_log_has_no_query(client: DemoClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="alprdesk.demo")
    assert client.get("/api/users/").status == 200
    assert "GET /api/users/ -> 200" in caplog.text
    assert client.server.api_key not in caplog.text
