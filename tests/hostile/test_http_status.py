"""Status codes, redirects and Content-Encoding lies from a hostile server."""

from __future__ import annotations

import gzip

import httpx
import pytest

from alprdesk.scout import (
    BadRequestError,
    MalformedResponseError,
    NotFoundError,
    ScoutError,
    ServerError,
    UnauthorizedError,
)
from tests.hostile.hostile_servers import (
    API_KEY,
    BASE_URL,
    QUERY,
    assert_no_key,
    client_with,
    has_control_characters,
    respond,
)


@pytest.mark.parametrize(
    "location",
    [
        f"{BASE_URL}/accounts/login/?next=/api/search/plate%3Fapi_key%3D{API_KEY}",
        "/accounts/login/",
        f"https://sso.example.test/auth/realms/scout?redirect={API_KEY}",
    ],
    ids=["absolute", "relative", "sso"],
)
async def test_redirect_to_login(location: str) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(302, headers={"location": location})

    async with client_with(handler) as client:
        with pytest.raises(UnauthorizedError) as caught:
            await client.search_plates(QUERY)

    assert len(seen) == 1
    assert_no_key(caught.value)


async def test_redirect_to_other_host_not_followed() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        location = f"http://127.0.0.2:9/api/search/plate?api_key={API_KEY}"
        return httpx.Response(307, headers={"location": location})

    async with client_with(handler) as client:
        with pytest.raises(MalformedResponseError) as caught:
            await client.search_plates(QUERY)

    assert [request.url.host for request in seen] == ["127.0.0.1"]
    assert "127.0.0.2" in caught.value.message
    assert_no_key(caught.value)


async def test_redirect_loop_not_followed() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(301, headers={"location": str(request.url)})

    async with client_with(handler) as client:
        with pytest.raises(ScoutError):
            await client.search_plates(QUERY)

    assert len(seen) == 1


@pytest.mark.parametrize(
    "location",
    ["http://127.0.0.1:99999/api/search/plate", "http://[::1/login", "http://127.0.0.1:port/x"],
    ids=["port out of range", "unclosed bracket", "port not a number"],
)
async def test_redirect_to_invalid_location(location: str) -> None:
    async with client_with(respond(302, location=location)) as client:
        with pytest.raises(ScoutError):
            await client.search_plates(QUERY)


@pytest.mark.parametrize(
    "location",
    [
        f"https://mirror.example.test/api/search/plate;api_key={API_KEY}",
        f"https://mirror.example.test/{API_KEY}/api/search/plate",
    ],
    ids=["path parameter", "path segment"],
)
async def test_redirect_location_with_key_in_path(location: str) -> None:
    async with client_with(respond(301, location=location)) as client:
        with pytest.raises(ScoutError) as caught:
            await client.search_plates(QUERY)

    assert_no_key(caught.value)


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (401, b'{"detail": "Invalid API key"}'),
        (401, b"<html><body>Please log in</body></html>"),
        (403, b'{"detail": "You do not have permission to perform this action."}'),
        (403, b"\x00\xff" * 5000),
    ],
    ids=["401 json", "401 html", "403 json", "403 binary"],
)
async def test_unauthorized_bodies(status: int, body: bytes) -> None:
    async with client_with(respond(status, body)) as client:
        with pytest.raises(UnauthorizedError) as caught:
            await client.search_plates(QUERY)

    assert caught.value.status_code == status
    assert f"HTTP {status}" in caught.value.message


async def test_bad_request_long_text_cut() -> None:
    body = b"Invalid value for start. " + b"x" * 5_000_000
    async with client_with(respond(400, body)) as client:
        with pytest.raises(BadRequestError) as caught:
            await client.search_plates(QUERY)

    assert "Invalid value for start" in caught.value.message
    assert len(caught.value.message) < 1000


async def test_bad_request_control_characters_removed() -> None:
    body = b"\x1b[2J\x1b]0;owned\x07bad \x00start\x1b[31m value\r\x08\x08\x7f\xc2\x9b31m"
    async with client_with(respond(400, body)) as client:
        with pytest.raises(BadRequestError) as caught:
            await client.search_plates(QUERY)

    message = caught.value.message
    assert "bad" in message
    assert not has_control_characters(message)
    assert "\n" not in str(caught.value)


async def test_bad_request_echoing_url_redacted() -> None:
    body = f"GET /api/search/plate?start=x&api_key={API_KEY}&topn=1 : invalid start".encode()
    async with client_with(respond(400, body)) as client:
        with pytest.raises(BadRequestError) as caught:
            await client.search_plates(QUERY)

    assert "invalid start" in caught.value.message
    assert_no_key(caught.value)


@pytest.mark.parametrize("status", [500, 502, 503, 504, 599])
async def test_server_errors(status: int) -> None:
    body = f"<h1>Server Error</h1><pre>request.GET api_key={API_KEY}</pre>".encode()
    async with client_with(respond(status, body)) as client:
        with pytest.raises(ServerError) as caught:
            await client.search_plates(QUERY)

    assert caught.value.status_code == status
    assert_no_key(caught.value)


@pytest.mark.parametrize(
    ("status", "error_type"),
    [(204, MalformedResponseError), (304, MalformedResponseError), (404, NotFoundError)],
)
async def test_unusual_statuses(status: int, error_type: type[ScoutError]) -> None:
    async with client_with(respond(status)) as client:
        with pytest.raises(error_type):
            await client.search_plates(QUERY)


@pytest.mark.parametrize("status", [405, 410, 418, 429, 451])
async def test_other_client_errors(status: int) -> None:
    async with client_with(respond(status, b"try later")) as client:
        with pytest.raises(BadRequestError) as caught:
            await client.search_plates(QUERY)

    assert f"HTTP {status}" in caught.value.message


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br", "zstd", "gzip, gzip", "x-unknown"])
async def test_search_content_encoding_lie(encoding: str) -> None:
    """Reading the body as sent and raising a ScoutError are both correct."""
    async with client_with(respond(200, b"[]", **{"content-encoding": encoding})) as client:
        try:
            result = await client.search_plates(QUERY)
        except ScoutError as error:
            assert_no_key(error)
            return

    assert result.records == []


async def test_search_real_gzip_accepted() -> None:
    body = gzip.compress(b'[{"pk": 1, "fields": {"best_plate": "AB1"}}]')
    async with client_with(respond(200, body, **{"content-encoding": "gzip"})) as client:
        result = await client.search_plates(QUERY)

    assert [group.plate for group in result.records] == ["AB1"]


async def test_bad_request_content_encoding_lie() -> None:
    handler = respond(400, b"bad start", **{"content-encoding": "gzip"})
    async with client_with(handler) as client:
        with pytest.raises(ScoutError):
            await client.search_plates(QUERY)


async def test_image_content_encoding_lie() -> None:
    handler = respond(200, b"\xff\xd8\xff\xe0 not gzip", **{"content-encoding": "gzip"})
    async with client_with(handler) as client:
        with pytest.raises(ScoutError):
            await client.image("agent-1", "uuid-1")


async def test_gzip_bomb_capped() -> None:
    body = gzip.compress(b"[" + b" " * 20_000_000 + b"]")
    handler = respond(200, body, **{"content-encoding": "gzip"})
    async with client_with(handler, max_json_bytes=1_000_000) as client:
        with pytest.raises(ScoutError):
            await client.search_plates(QUERY)
