"""A raw TCP server on 127.0.0.1 that stalls, closes early or breaks HTTP framing."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from alprdesk.plate_images import AGENT_OFFLINE, fetch_plate_crop
from alprdesk.scout import (
    MalformedResponseError,
    RequestTimeoutError,
    ScoutClient,
    ScoutError,
)
from tests.hostile.hostile_servers import (
    API_KEY,
    QUERY,
    SHORT_TIMEOUT,
    Script,
    assert_no_key,
    plate_group,
    raw_server,
)

JSON_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"


def send_then_stall(data: bytes) -> Script:
    def script(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(data)
        stop.wait(10)

    return script


def send_then_close(data: bytes) -> Script:
    def script(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(data)

    return script


def trickle(data: bytes, pause: float) -> Script:
    def script(connection: socket.socket, stop: threading.Event) -> None:
        for index in range(len(data)):
            if stop.wait(pause):
                return
            connection.sendall(data[index : index + 1])

    return script


def short_client(base_url: str) -> ScoutClient:
    return ScoutClient(base_url, API_KEY, timeout=SHORT_TIMEOUT)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep httpx from sending the loopback traffic of these tests through a proxy."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "*")


@pytest.mark.parametrize(
    "script",
    [
        send_then_stall(b""),
        send_then_stall(JSON_HEAD + b"Content-Length: 100\r\n\r\n"),
        send_then_stall(JSON_HEAD + b'Content-Length: 100\r\n\r\n[{"pk": 1,'),
        send_then_stall(JSON_HEAD + b'Transfer-Encoding: chunked\r\n\r\n5\r\n[{"pk'),
        send_then_stall(b"HTTP/1.1 200 OK\r\nContent-Type: appl"),
    ],
    ids=["nothing", "headers only", "part of body", "part of chunk", "part of headers"],
)
async def test_stall_times_out(script: Script) -> None:
    with raw_server(script) as base_url:
        started = time.monotonic()
        async with short_client(base_url) as client:
            with pytest.raises(RequestTimeoutError) as caught:
                await client.search_plates(QUERY)
        elapsed = time.monotonic() - started

    assert elapsed < 3
    assert_no_key(caught.value)


@pytest.mark.parametrize(
    "script",
    [
        send_then_close(b""),
        send_then_close(JSON_HEAD + b'Content-Length: 100\r\n\r\n[{"pk": 1}'),
        send_then_close(JSON_HEAD + b'Transfer-Encoding: chunked\r\n\r\n20\r\n[{"pk": 1}'),
        send_then_close(b"HTTP/1.1 200 OK\r\nContent-Le"),
    ],
    ids=["before status", "mid body", "mid chunk", "mid headers"],
)
async def test_close_early_raises_scout_error(script: Script) -> None:
    with raw_server(script) as base_url:
        async with short_client(base_url) as client:
            with pytest.raises(ScoutError) as caught:
                await client.search_plates(QUERY)

    assert_no_key(caught.value)


async def test_close_mid_body_not_connect_error() -> None:
    script = send_then_close(JSON_HEAD + b'Content-Length: 100\r\n\r\n[{"pk": 1}')
    with raw_server(script) as base_url:
        async with short_client(base_url) as client:
            with pytest.raises(ScoutError) as caught:
                await client.search_plates(QUERY)

    assert "Could not connect" not in caught.value.message


async def test_close_delimited_truncated_body() -> None:
    with raw_server(send_then_close(JSON_HEAD + b'\r\n[{"pk": 1, "fie')) as base_url:
        async with short_client(base_url) as client:
            with pytest.raises(MalformedResponseError):
                await client.search_plates(QUERY)


async def test_content_length_shorter_than_body() -> None:
    body = b"[]" + b'[{"pk": 1, "fields": {"best_plate": "EXTRA"}}]'
    with raw_server(send_then_close(JSON_HEAD + b"Content-Length: 2\r\n\r\n" + body)) as base_url:
        async with short_client(base_url) as client:
            result = await client.search_plates(QUERY)

    assert result.records == []


@pytest.mark.parametrize(
    "head",
    [
        b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n[]",
        b"HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n[]",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 9\r\n\r\n[]",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n[]\r\n0\r\n\r\n",
        b"\x00\x01\x1b[2Jnot http at all\r\n\r\n",
        b"HTTP/1.1 2000 OK\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nBad Header Line\r\n\r\n[]",
    ],
    ids=[
        "length not a number",
        "negative length",
        "two lengths",
        "bad chunk size",
        "garbage status line",
        "status out of range",
        "malformed header",
    ],
)
async def test_broken_framing_raises_scout_error(head: bytes) -> None:
    with raw_server(send_then_close(head)) as base_url:
        async with short_client(base_url) as client:
            with pytest.raises(ScoutError) as caught:
                await client.search_plates(QUERY)

    assert_no_key(caught.value)


async def test_gzip_declared_body_not_gzip() -> None:
    head = JSON_HEAD + b"Content-Encoding: gzip\r\nContent-Length: 2\r\n\r\n[]"
    with raw_server(send_then_close(head)) as base_url:
        async with short_client(base_url) as client:
            with pytest.raises(ScoutError):
                await client.search_plates(QUERY)


async def test_image_stall_gives_agent_offline_reason() -> None:
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 5000\r\n\r\n\xff\xd8\xff"
    )
    with raw_server(send_then_stall(head)) as base_url:
        async with short_client(base_url) as client:
            outcome = await fetch_plate_crop(client, plate_group())

    assert outcome.image is None
    assert outcome.reason == AGENT_OFFLINE


async def test_image_close_mid_body_gives_reason() -> None:
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 5000\r\n\r\n\xff\xd8\xff"
    )
    with raw_server(send_then_close(head)) as base_url:
        async with short_client(base_url) as client:
            outcome = await fetch_plate_crop(client, plate_group())

    assert outcome.image is None
    assert outcome.reason
    assert API_KEY not in outcome.reason


async def test_trickled_response_read() -> None:
    """A server that sends each byte within the read timeout gets its whole response read."""
    reply = JSON_HEAD + b"Content-Length: 2\r\n\r\n[]"
    with raw_server(trickle(reply, 0.005)) as base_url:
        async with short_client(base_url) as client:
            result = await client.search_plates(QUERY)

    assert result.records == []
