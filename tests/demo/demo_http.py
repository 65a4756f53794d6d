"""HTTP helpers and record accessors for the demo server tests, built on http.client."""

from __future__ import annotations

import http.client
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

from PIL import Image

from alprdesk.demo import DemoServer

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
API_KEY = "test-demo-key"
WEEK_AGO = (NOW - timedelta(days=8)).isoformat()


@dataclass(frozen=True)
class HttpResult:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def json(self) -> object:
        return json.loads(self.body.decode("utf-8"))

    def text(self) -> str:
        return self.body.decode("utf-8")

    def image_size(self) -> tuple[int, int]:
        with Image.open(io.BytesIO(self.body)) as image:
            return image.size


def http_get(
    base_url: str,
    path: str,
    params: Mapping[str, object] | None = None,
    *,
    raw_query: str | None = None,
) -> HttpResult:
    """Send one GET over a fresh connection and return status, headers and body."""
    split = urlsplit(base_url)
    assert split.hostname is not None
    connection = http.client.HTTPConnection(split.hostname, split.port, timeout=10)
    try:
        target = path
        if params:
            target += "?" + urlencode({key: str(value) for key, value in params.items()})
        elif raw_query is not None:
            target += "?" + raw_query
        connection.request("GET", target)
        response = connection.getresponse()
        body = response.read()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return HttpResult(response.status, headers, body)
    finally:
        connection.close()


class DemoClient:
    """Sends requests to one demo server.

    get() adds the server's api_key and get_without_key() does not.
    """

    def __init__(self, server: DemoServer) -> None:
        self.server = server
        self.url = server.url

    def get(self, path: str, **params: object) -> HttpResult:
        return http_get(self.url, path, {"api_key": self.server.api_key, **params})

    def get_without_key(self, path: str, **params: object) -> HttpResult:
        return http_get(self.url, path, params)

    def records(self, path: str, **params: object) -> list[dict[str, object]]:
        result = self.get(path, **params)
        assert result.status == 200, result.body[:300]
        records = result.json()
        assert isinstance(records, list)
        return records

    def all_groups(self) -> list[dict[str, object]]:
        return self.records("/api/search/plate", start=WEEK_AGO, topn=20000)


def fields_of(record: object) -> dict[str, Any]:
    """Return the ``fields`` of a serialized object after checking its envelope."""
    assert isinstance(record, dict)
    assert isinstance(record["pk"], int)
    assert isinstance(record["model"], str)
    fields = record["fields"]
    assert isinstance(fields, dict)
    return fields


def parse_time(text: str) -> datetime:
    """Parse a record time the way a client must: ISO 8601, and UTC when it has no offset."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def to_number(value: object) -> float:
    """Parse a number sent as a JSON number, as text or as text with a decimal comma."""
    if isinstance(value, str):
        return float(value.replace(",", "."))
    assert isinstance(value, int | float)
    return float(value)


def camera_number(fields: dict[str, Any]) -> int:
    return int(fields["camera"])
