"""Error mapping of the Scout client, and that no error or log line shows the API key."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import httpx
import pytest

from alprdesk.redaction import RedactingFilter
from alprdesk.scout import (
    BadRequestError,
    ConnectionFailedError,
    MalformedResponseError,
    NotFoundError,
    RequestTimeoutError,
    ResponseTooLargeError,
    ScoutClient,
    ScoutError,
    SearchQuery,
    ServerError,
    UnauthorizedError,
)
from tests.secrets_check import assert_no_secret

API_KEY = "sk-Z9q8W7e6R5t4Y3u2"
BASE_URL = "https://scout.example.test"
QUERY = SearchQuery(start=datetime(2026, 12, 1, tzinfo=UTC), plate="AB1")

Handler = Callable[[httpx.Request], httpx.Response]


def client_with(handler: Handler, **options: int) -> ScoutClient:
    return ScoutClient(BASE_URL, API_KEY, transport=httpx.MockTransport(handler), **options)


def raising(exception: type[httpx.TransportError], text: str) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exception(f"{text} for {request.url}", request=request)

    return handler


def respond(status: int, body: bytes = b"", **headers: str) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers=headers)

    return handler


ERROR_CASES: list[tuple[str, Handler, type[ScoutError], str]] = [
    (
        "400 with text",
        respond(400, b"Invalid value for start: 'x'"),
        BadRequestError,
        "Invalid value for start",
    ),
    ("400 without text", respond(400), BadRequestError, "without an explanation"),
    (
        "401 json",
        respond(401, b'{"detail": "Invalid API key"}', **{"content-type": "application/json"}),
        UnauthorizedError,
        "rejected the API key",
    ),
    ("403", respond(403), UnauthorizedError, "HTTP 403"),
    (
        "redirect to login",
        respond(
            302, location=f"{BASE_URL}/accounts/login/?next=/api/search/plate%3Fapi_key%3D{API_KEY}"
        ),
        UnauthorizedError,
        "login page",
    ),
    (
        "redirect elsewhere",
        respond(301, location=f"https://new.example.test/api/search/plate?api_key={API_KEY}"),
        MalformedResponseError,
        "https://new.example.test/api/search/plate",
    ),
    (
        "html instead of json",
        respond(200, b"<!DOCTYPE html><html>Login</html>", **{"content-type": "text/html"}),
        UnauthorizedError,
        "web page",
    ),
    (
        "html without content type",
        respond(200, b"  <html>Login</html>"),
        UnauthorizedError,
        "web page",
    ),
    ("404", respond(404), NotFoundError, "HTTP 404"),
    ("500", respond(500, b"Traceback ..."), ServerError, "HTTP 500"),
    ("502", respond(502), ServerError, "HTTP 502"),
    (
        "invalid json",
        respond(200, b"{not json", **{"content-type": "application/json"}),
        MalformedResponseError,
        "not valid JSON",
    ),
    (
        "json object",
        respond(200, b'{"error": "x"}', **{"content-type": "application/json"}),
        MalformedResponseError,
        "not a list",
    ),
    (
        "timeout",
        raising(httpx.ReadTimeout, "timed out"),
        RequestTimeoutError,
        "did not respond in time",
    ),
    (
        "connect timeout",
        raising(httpx.ConnectTimeout, "timed out"),
        RequestTimeoutError,
        "did not respond in time",
    ),
    (
        "refused",
        raising(httpx.ConnectError, "[Errno 111] Connection refused"),
        ConnectionFailedError,
        "Connection refused",
    ),
    (
        "tls",
        raising(httpx.ConnectError, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
        ConnectionFailedError,
        "not trusted",
    ),
    (
        "dropped",
        raising(httpx.RemoteProtocolError, "Server disconnected"),
        ConnectionFailedError,
        "broke off",
    ),
]


@pytest.mark.parametrize(
    ("handler", "error_type", "phrase"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
async def test_error_mapping(
    handler: Handler, error_type: type[ScoutError], phrase: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with client_with(handler) as client:
        with pytest.raises(error_type) as caught:
            await client.search_plates(QUERY)

    error = caught.value
    assert phrase in error.message
    assert error.title
    assert_no_key(error)
    for record in caplog.records:
        assert API_KEY not in record.getMessage()


def assert_no_key(error: BaseException) -> None:
    assert_no_secret(error, API_KEY)


async def test_server_text_with_key_is_redacted() -> None:
    body = f"bad request for /api/search/plate?api_key={API_KEY}&start=x".encode()
    async with client_with(respond(400, body)) as client:
        with pytest.raises(BadRequestError) as caught:
            await client.search_plates(QUERY)

    assert "bad request" in caught.value.message
    assert_no_key(caught.value)


async def test_declared_body_over_cap() -> None:
    handler = respond(200, b"[]", **{"content-length": str(10_000_000)})
    async with client_with(handler, max_json_bytes=1000) as client:
        with pytest.raises(ResponseTooLargeError):
            await client.search_plates(QUERY)


async def test_streamed_body_over_cap() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(5):
            yield b"[" + b" " * 999

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=chunks())

    async with client_with(handler, max_json_bytes=2000) as client:
        with pytest.raises(ResponseTooLargeError) as caught:
            await client.search_plates(QUERY)

    assert caught.value.limit == 2000


async def test_image_over_cap() -> None:
    async with client_with(respond(200, b"\xff\xd8" + b"0" * 5000), max_image_bytes=1000) as client:
        with pytest.raises(ResponseTooLargeError):
            await client.image("agent", "uuid")


async def test_image_504_says_agent_offline() -> None:
    async with client_with(respond(504)) as client:
        with pytest.raises(ServerError) as caught:
            await client.image("agent", "uuid")

    assert "agent" in caught.value.message
    assert "offline" in caught.value.message


async def test_request_carries_key_and_params() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[])

    async with client_with(handler) as client:
        result = await client.search_plates(QUERY)

    assert result.records == []
    params = seen[0].url.params
    assert seen[0].url.path == "/api/search/plate"
    assert params["api_key"] == API_KEY
    assert params["plate"] == "AB1"
    assert params["start"] == "2026-12-01T00:00:00+00:00"
    assert seen[0].headers["user-agent"].startswith("ALPR-Desk/")


async def test_crop_parameters_sent() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"\xff\xd8\xff", headers={"content-type": "image/jpeg"})

    class Box:
        x, y, width, height = 10, 20, 30, 40

    async with client_with(handler) as client:
        await client.image("agent-1", "uuid-1", crop=Box(), max_width=640)

    assert seen[0].url.path == "/img/agent-1/uuid-1"
    assert dict(seen[0].url.params) == {
        "api_key": API_KEY,
        "x": "10",
        "y": "20",
        "width": "30",
        "height": "40",
        "max_width": "640",
    }


@pytest.mark.parametrize("uuid", ["", "../etc", "a/b", "x?y"])
async def test_unsafe_image_ids_rejected(uuid: str) -> None:
    async with client_with(respond(200, b"x")) as client:
        with pytest.raises(MalformedResponseError):
            await client.image("agent", uuid)


async def test_bad_records_left_out_and_counted() -> None:
    payload = [
        {"pk": 1, "fields": {"best_plate": "A1"}},
        {"pk": "not a number", "fields": {}},
        "garbage",
        {"pk": 2, "fields": {"best_plate": "B2"}},
    ]
    async with client_with(respond(200, json.dumps(payload).encode())) as client:
        result = await client.search_plates(QUERY)

    assert [record.plate for record in result.records] == ["A1", "B2"]
    assert result.rejected == 2
    assert result.rejected_examples


async def test_truncation_flag_at_topn() -> None:
    payload = [{"pk": index, "fields": {}} for index in range(3)]
    query = SearchQuery(start=QUERY.start, topn=3)
    async with client_with(respond(200, json.dumps(payload).encode())) as client:
        full = await client.search_plates(query)
        partial = await client.search_plates(SearchQuery(start=QUERY.start, topn=4))

    assert full.may_be_truncated
    assert not partial.may_be_truncated


@pytest.mark.parametrize(
    "payload",
    [
        [{"agent_uid": "a1"}],
        [{"pk": 1, "model": "agent", "fields": {"agent_uid": "a1"}}],
        {"results": [{"agent_uid": "a1"}]},
    ],
)
async def test_listing_shapes(payload: object) -> None:
    async with client_with(respond(200, json.dumps(payload).encode())) as client:
        agents = await client.agents()

    assert [agent.fields["agent_uid"] for agent in agents] == ["a1"]


async def test_listing_in_unknown_form() -> None:
    async with client_with(respond(200, b'{"agents": 3}')) as client:
        with pytest.raises(MalformedResponseError):
            await client.users()


async def test_no_log_record_holds_the_url(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with client_with(respond(200, b"[]", **{"content-type": "application/json"})) as client:
        await client.search_plates(QUERY)
        await client.agents()

    assert caplog.records
    for record in caplog.records:
        message = record.getMessage()
        assert API_KEY not in message
        assert "api_key" not in message
        assert "start=" not in message


def test_redacting_filter_masks_messages_and_tracebacks() -> None:
    record = logging.LogRecord(
        "test", logging.ERROR, __file__, 1, "GET %s failed", (f"/x?api_key={API_KEY}",), None
    )
    try:
        raise RuntimeError(f"url https://h/?api_key={API_KEY}")
    except RuntimeError as exc:
        record.exc_info = (type(exc), exc, exc.__traceback__)

    RedactingFilter().filter(record)

    assert API_KEY not in record.getMessage()
    assert record.exc_text is not None
    assert API_KEY not in record.exc_text
