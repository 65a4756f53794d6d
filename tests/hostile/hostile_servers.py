"""Hostile Scout servers for the tests in this folder: mock transports and raw sockets.

Every real socket listens on 127.0.0.1 only. Mock transports never open a socket,
and their base URL also points at 127.0.0.1, so a test that forgot the mock
could not reach another host.
"""

from __future__ import annotations

import io
import socket
import struct
import threading
import traceback
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
from PIL import Image

from alprdesk.scout import PlateGroup, ScoutClient, SearchQuery

API_KEY = "hostile-Kq7Zp2Lx9Vb4Tn"
BASE_URL = "http://127.0.0.1:9"
QUERY = SearchQuery(start=datetime(2026, 12, 1, tzinfo=UTC))
SHORT_TIMEOUT = httpx.Timeout(0.5)

Handler = Callable[[httpx.Request], httpx.Response]
Script = Callable[[socket.socket, threading.Event], None]

# A 200x60 px plate in a 1920x1080 frame, which plate_crop_rect pads to 300x120 at (50, 170).
PLATE_FIELDS: dict[str, Any] = {
    "agent_uid": "agent-1",
    "best_uuid": "uuid-1",
    "best_plate": "AB1234",
    "best_confidence": 91.5,
    "epoch_time_start": "2026-12-01T10:00:00Z",
    "epoch_time_end": "2026-12-01T10:00:03Z",
    "camera": 3,
    "site": "North gate",
    "img_width": 1920,
    "img_height": 1080,
    "plate_x1": 100,
    "plate_y1": 200,
    "plate_x2": 300,
    "plate_y2": 200,
    "plate_x3": 300,
    "plate_y3": 260,
    "plate_x4": 100,
    "plate_y4": 260,
}
PLATE_CROP_SIZE = (300, 120)


def serialized(fields: dict[str, Any], pk: Any = 1, model: str = "openalpr.plategroup") -> Any:
    return {"pk": pk, "model": model, "fields": fields}


def plate_group(pk: int = 1, **changes: Any) -> PlateGroup:
    return PlateGroup.from_serialized(serialized(PLATE_FIELDS | changes, pk=pk))


def client_with(handler: Handler, **options: Any) -> ScoutClient:
    return ScoutClient(BASE_URL, API_KEY, transport=httpx.MockTransport(handler), **options)


def respond(status: int, body: bytes = b"", **headers: str) -> Handler:
    """Return a handler that sends ``body`` undecoded, so the client applies Content-Encoding."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(body))

    return handler


def respond_json(payload: Any, status: int = 200) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=payload)

    return handler


def route(
    search: Handler | None = None,
    detail: Handler | None = None,
    image: Handler | None = None,
    seen: list[httpx.Request] | None = None,
) -> Handler:
    """Dispatch each request by endpoint. An endpoint without a handler returns 404."""

    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        path = request.url.path
        chosen = None
        if path.startswith("/api/search/"):
            chosen = search
        elif path.startswith("/api/detail/platecandidate/"):
            chosen = detail
        elif path.startswith("/img/"):
            chosen = image
        if chosen is None:
            return httpx.Response(404)
        return chosen(request)

    return handler


def encode_image(width: int, height: int, image_format: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (180, 40, 40)).save(buffer, format=image_format)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """Return a small valid PNG whose header declares ``width`` x ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def exception_texts(error: BaseException) -> list[str]:
    """Return every text a crash report could show for ``error`` and its chained exceptions."""
    texts = ["".join(traceback.format_exception(error))]
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        texts += [str(current), repr(current), repr(current.args)]
        for chained in (current.__cause__, current.__context__):
            if chained is not None:
                pending.append(chained)
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
    return texts


def assert_no_key(error: BaseException) -> None:
    for text in exception_texts(error):
        assert API_KEY not in text


def has_control_characters(text: str) -> bool:
    """Return True for C0 and C1 control characters, which a terminal may act on."""
    return any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in text)


@contextmanager
def raw_server(script: Script) -> Iterator[str]:
    """Run a TCP server on 127.0.0.1 that hands each connection to ``script`` after its request.

    ``script`` writes raw bytes and may wait on the event, which is set when the
    block exits, so a stalling script ends with the test. Yields the base URL.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.05)
    stop = threading.Event()
    workers: list[threading.Thread] = []

    def serve(connection: socket.socket) -> None:
        with connection:
            try:
                connection.settimeout(5)
                _read_request_head(connection)
                script(connection, stop)
            except OSError:
                pass

    def accept_connections() -> None:
        while not stop.is_set():
            try:
                connection, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            worker = threading.Thread(target=serve, args=(connection,), daemon=True)
            workers.append(worker)
            worker.start()

    acceptor = threading.Thread(target=accept_connections, daemon=True)
    acceptor.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        acceptor.join()
        listener.close()
        for worker in workers:
            worker.join()


def _read_request_head(connection: socket.socket) -> None:
    received = b""
    while b"\r\n\r\n" not in received:
        data = connection.recv(4096)
        if not data:
            return
        received += data
