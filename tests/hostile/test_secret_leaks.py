"""The API key must not reach exception texts, chained exceptions, log records or exports."""

from __future__ import annotations

import logging
import socket
import threading
import traceback
from pathlib import Path

import pytest

from alprdesk.export import export_search
from alprdesk.plate_images import fetch_full_frame, fetch_plate_crop
from alprdesk.scout import ScoutClient, ScoutError, SearchKind
from tests.hostile.hostile_servers import (
    API_KEY,
    PLATE_FIELDS,
    QUERY,
    SHORT_TIMEOUT,
    Handler,
    Script,
    assert_no_key,
    client_with,
    encode_image,
    plate_group,
    raw_server,
    respond,
    respond_json,
    route,
    serialized,
)

ECHO = f"/api/search/plate?api_key={API_KEY}&start=x {API_KEY}".encode()

FAILING_HANDLERS: list[tuple[str, Handler]] = [
    ("400 echo", respond(400, ECHO)),
    ("401 echo", respond(401, ECHO)),
    ("404 echo", respond(404, ECHO)),
    ("500 echo", respond(500, ECHO)),
    ("redirect echo", respond(302, ECHO, location=f"https://127.0.0.2/x?api_key={API_KEY}")),
    ("login echo", respond(302, location=f"/accounts/login/?next=%3Fapi_key%3D{API_KEY}")),
    ("html echo", respond(200, b"<html>" + ECHO + b"</html>")),
    ("json echo broken", respond(200, b'{"detail": "' + ECHO + b'"')),
    ("object echo", respond_json({"detail": ECHO.decode()})),
]


def log_texts(records: list[logging.LogRecord]) -> list[str]:
    texts = []
    for record in records:
        texts.append(record.getMessage())
        if record.exc_info:
            texts.append("".join(traceback.format_exception(*record.exc_info)))
    return texts


@pytest.mark.parametrize(
    "handler", [case[1] for case in FAILING_HANDLERS], ids=[case[0] for case in FAILING_HANDLERS]
)
async def test_search_failure_leaks_no_key(
    handler: Handler, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with client_with(handler) as client:
        with pytest.raises(ScoutError) as caught:
            await client.search_plates(QUERY)
        with pytest.raises(ScoutError) as detail_caught:
            await client.plate_group(12)

    assert_no_key(caught.value)
    assert_no_key(detail_caught.value)
    for text in log_texts(caplog.records):
        assert API_KEY not in text


@pytest.mark.parametrize(
    "handler", [case[1] for case in FAILING_HANDLERS], ids=[case[0] for case in FAILING_HANDLERS]
)
async def test_image_failure_reason_leaks_no_key(
    handler: Handler, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with client_with(handler) as client:
        crop = await fetch_plate_crop(client, plate_group())
        frame = await fetch_full_frame(client, plate_group())

    assert API_KEY not in crop.reason
    assert API_KEY not in frame.reason
    for text in log_texts(caplog.records):
        assert API_KEY not in text


def stall(connection: socket.socket, stop: threading.Event) -> None:
    stop.wait(10)


def close_mid_body(connection: socket.socket, stop: threading.Event) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n[")


@pytest.mark.parametrize("script", [stall, close_mid_body], ids=["stall", "close mid body"])
async def test_socket_failure_leaks_no_key(
    script: Script, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with raw_server(script) as base_url:
        async with ScoutClient(base_url, API_KEY, timeout=SHORT_TIMEOUT) as client:
            with pytest.raises(ScoutError) as caught:
                await client.search_plates(QUERY)

    assert_no_key(caught.value)
    for text in log_texts(caplog.records):
        assert API_KEY not in text


async def test_refused_connection_leaks_no_key() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with ScoutClient(f"http://127.0.0.1:{port}", API_KEY, timeout=SHORT_TIMEOUT) as client:
        with pytest.raises(ScoutError) as caught:
            await client.search_plates(QUERY)

    assert_no_key(caught.value)


async def test_export_leaks_no_key(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    hits = [
        serialized({"plate_number": "AB1", "plate_group": group_id}, pk=group_id, model="alert")
        for group_id in (11, 12, 13, 14)
    ]
    details = {
        "11": respond(404, ECHO),
        "12": respond(500, ECHO),
        "13": respond(400, ECHO),
        "14": respond_json(serialized(PLATE_FIELDS, pk=14)),
    }
    handler = route(
        search=respond_json(hits),
        detail=lambda request: details[request.url.path.rsplit("/", 1)[1]](request),
        image=respond(400, ECHO),
    )
    async with client_with(handler) as client:
        await export_search(client, SearchKind.ALERTS, QUERY, tmp_path, with_crops=True)

    csv_text = (tmp_path / "results.csv").read_text(encoding="utf-8")
    assert "api_key=" in csv_text
    assert API_KEY not in csv_text
    for text in log_texts(caplog.records):
        assert API_KEY not in text


async def test_client_repr_leaks_no_key() -> None:
    async with client_with(respond(200, encode_image(4, 4))) as client:
        assert API_KEY not in repr(client)
        assert API_KEY not in str(client)
