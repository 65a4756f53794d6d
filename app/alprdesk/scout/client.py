"""Async client for the Scout web server's REST API and the agent's image service."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, Protocol, Self, TypeVar

import httpx
import pydantic

from alprdesk.redaction import register_secret
from alprdesk.scout.errors import MalformedResponseError
from alprdesk.scout.query import SearchKind, SearchQuery
from alprdesk.scout.records import AlertHit, Candidate, ListedItem, PlateGroup, ScoutRecord
from alprdesk.scout.transport import (
    DEFAULT_TIMEOUT,
    IMAGE_TIMEOUT,
    USER_AGENT,
    Reply,
    build_ssl_context,
    fetch,
    login_page_error,
    looks_like_html,
    public_url,
    shorter_timeouts,
)

logger = logging.getLogger(__name__)

MAX_JSON_BYTES = 256 * 1024 * 1024
MAX_IMAGE_BYTES = 32 * 1024 * 1024
# Whole-request limits in seconds, beyond httpx's per-operation timeouts.
JSON_DEADLINE = 300.0
IMAGE_DEADLINE = 60.0
AGENT_IMAGE_PORT = 8355

RecordT = TypeVar("RecordT", bound=ScoutRecord)


class CropBox(Protocol):
    """A crop rectangle in full-frame pixels."""

    @property
    def x(self) -> int: ...
    @property
    def y(self) -> int: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...


@dataclass(frozen=True)
class SearchResult(Generic[RecordT]):
    """The records of one search response.

    ``rejected`` counts records that could not be read and were left out.
    ``may_be_truncated`` is true when the response has exactly ``topn`` records,
    so the period may hold more than were returned.
    """

    records: list[RecordT]
    rejected: int = 0
    may_be_truncated: bool = False
    rejected_examples: list[str] = field(default_factory=list)


class ScoutClient:
    """One server profile's connection: a long-lived ``httpx.AsyncClient``.

    Build it with ``await ScoutClient.open(...)`` (which loads certificates
    off the event loop's thread) and close it with ``await client.aclose()``.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        verify: Any = True,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        max_json_bytes: int = MAX_JSON_BYTES,
        max_image_bytes: int = MAX_IMAGE_BYTES,
        json_deadline: float = JSON_DEADLINE,
        image_deadline: float = IMAGE_DEADLINE,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        register_secret(api_key)
        self._max_json_bytes = max_json_bytes
        self._max_image_bytes = max_image_bytes
        self._json_deadline = json_deadline
        self._image_deadline = image_deadline
        self._image_timeouts = shorter_timeouts(timeout, IMAGE_TIMEOUT)
        self._http = httpx.AsyncClient(
            verify=verify,
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
            limits=httpx.Limits(max_connections=8, max_keepalive_connections=8),
        )

    @classmethod
    async def open(
        cls,
        base_url: str,
        api_key: str,
        *,
        verify_tls: bool = True,
        ca_bundle: Path | None = None,
        timeouts: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> Self:
        """Build a client whose TLS trusts the OS store and ``ca_bundle``."""
        verify = await asyncio.to_thread(build_ssl_context, verify_tls, ca_bundle)
        return cls(base_url, api_key, verify=verify, timeout=timeouts)

    def __repr__(self) -> str:
        return f"<ScoutClient {public_url(self.base_url)}>"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    @property
    def is_closed(self) -> bool:
        return self._http.is_closed

    # Searches

    async def search(self, kind: SearchKind, query: SearchQuery) -> SearchResult[Any]:
        """Run one search of ``kind``; the result contains that kind's record type."""
        model: type[ScoutRecord] = _RECORD_TYPES[kind]
        params = query.to_params()
        payload = await self._get_json(f"/api/search/{kind.value}", params, what=kind.label)
        result = await asyncio.to_thread(_parse_search, payload, model)
        limit = int(params["topn"])
        return SearchResult(
            records=result.records,
            rejected=result.rejected,
            may_be_truncated=len(result.records) + result.rejected >= limit,
            rejected_examples=result.rejected_examples,
        )

    async def search_plates(self, query: SearchQuery) -> SearchResult[PlateGroup]:
        return await self.search(SearchKind.PLATES, query)

    async def search_candidates(self, query: SearchQuery) -> SearchResult[Candidate]:
        return await self.search(SearchKind.CANDIDATES, query)

    async def search_alerts(self, query: SearchQuery) -> SearchResult[AlertHit]:
        return await self.search(SearchKind.ALERTS, query)

    async def plate_group(self, group_id: int) -> PlateGroup:
        """Fetch one plate group, the record that candidates and alert hits point to."""
        payload = await self._get_json(
            f"/api/detail/platecandidate/{int(group_id)}", {}, what=f"plate group {group_id}"
        )
        problem = ""
        try:
            group = PlateGroup.from_serialized(payload)
        except pydantic.ValidationError as exc:
            problem = _first_error(exc)
        # Raised outside the except clause: the validation error contains the
        # server's input, which may echo the request URL with the key.
        if problem:
            raise MalformedResponseError(f"Plate group {group_id} could not be read: {problem}.")
        if group.id != group_id:
            raise MalformedResponseError(
                f"The server returned plate group {group.id} when asked for plate group {group_id}."
            )
        return group

    # Listings

    async def agents(self) -> list[ListedItem]:
        return await self._listing("/api/agents/", "the agent list")

    async def cameras(self) -> list[ListedItem]:
        return await self._listing("/api/cameras/", "the camera list")

    async def alert_lists(self) -> list[ListedItem]:
        return await self._listing("/api/alert-lists/", "the alert lists")

    async def users(self) -> list[ListedItem]:
        return await self._listing("/api/users/", "the user list")

    # Images

    async def image(
        self,
        agent_uid: str,
        image_uuid: str,
        *,
        crop: CropBox | None = None,
        max_width: int | None = None,
    ) -> bytes:
        """Fetch a frame, or the ``crop`` of it, through the server's ``/img`` proxy."""
        path = f"/img/{_path_segment(agent_uid, 'agent')}/{_path_segment(image_uuid, 'image')}"
        params = {"api_key": self._api_key, **crop_params(crop, max_width)}
        reply = await fetch(
            self._http,
            self.base_url + path,
            params,
            secret=self._api_key,
            max_bytes=self._max_image_bytes,
            what=f"image {image_uuid}",
            deadline=self._image_deadline,
            timeouts=self._image_timeouts,
            from_agent=True,
        )
        return _image_body(reply, self.base_url + path)

    # Plumbing

    async def _listing(self, path: str, what: str) -> list[ListedItem]:
        payload = await self._get_json(path, {}, what=what)
        items = unwrap_list(payload)
        if items is None:
            raise MalformedResponseError(f"The server sent {what} in a form ALPR Desk cannot read.")
        return [item for item in map(ListedItem.from_item, items) if item is not None]

    async def _get_json(self, path: str, params: dict[str, str], *, what: str) -> Any:
        url = self.base_url + path
        reply = await fetch(
            self._http,
            url,
            {"api_key": self._api_key, **params},
            secret=self._api_key,
            max_bytes=self._max_json_bytes,
            what=what,
            deadline=self._json_deadline,
        )
        if looks_like_html(reply):
            raise login_page_error(public_url(url))
        try:
            payload = await asyncio.to_thread(json.loads, reply.body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            payload = _INVALID_JSON
        # Raised here rather than in the except clause: the decoder's error
        # contains the body, which may echo the request URL with the key.
        if payload is _INVALID_JSON:
            raise MalformedResponseError(
                f"The server's response for {what} is not valid JSON. "
                "Check that the base URL points at a Scout web server."
            )
        return payload


class AgentImageClient:
    """The agent's own image service on port 8355, which takes no API key.

    It is off unless enabled in the agent's configuration.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        max_image_bytes: int = MAX_IMAGE_BYTES,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._max_image_bytes = max_image_bytes
        self._http = httpx.AsyncClient(
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def image(
        self, image_uuid: str, *, crop: CropBox | None = None, max_width: int | None = None
    ) -> bytes:
        url = f"{self.base_url}/img/{_path_segment(image_uuid, 'image')}.jpg"
        reply = await fetch(
            self._http,
            url,
            crop_params(crop, max_width),
            secret="",
            max_bytes=self._max_image_bytes,
            what=f"image {image_uuid}",
            deadline=IMAGE_DEADLINE,
            timeouts=shorter_timeouts(self._http.timeout, IMAGE_TIMEOUT),
        )
        return _image_body(reply, url)


def crop_params(crop: CropBox | None, max_width: int | None) -> dict[str, str]:
    params: dict[str, str] = {}
    if crop is not None:
        params |= {
            "x": str(crop.x),
            "y": str(crop.y),
            "width": str(crop.width),
            "height": str(crop.height),
        }
    if max_width is not None:
        params["max_width"] = str(max_width)
    return params


def unwrap_list(payload: Any) -> list[Any] | None:
    """Return the items of a plain list, a serialized list or a ``results`` wrapper."""
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict):
        for key in ("results", "data", "items"):
            if isinstance(payload.get(key), list):
                return list(payload[key])
    return None


@dataclass(frozen=True)
class _Parsed(Generic[RecordT]):
    records: list[RecordT]
    rejected: int
    rejected_examples: list[str]


_RECORD_TYPES: dict[SearchKind, type[ScoutRecord]] = {
    SearchKind.PLATES: PlateGroup,
    SearchKind.CANDIDATES: Candidate,
    SearchKind.ALERTS: AlertHit,
}
_MAX_REJECTED_EXAMPLES = 3
_INVALID_JSON = object()


def _parse_search(payload: Any, model: type[RecordT]) -> _Parsed[RecordT]:
    items = unwrap_list(payload)
    if items is None:
        raise MalformedResponseError(
            "The server's search response is not a list of records. "
            "Check that the base URL points at a Scout web server."
        )
    records: list[RecordT] = []
    examples: list[str] = []
    rejected = 0
    for item in items:
        try:
            records.append(model.from_serialized(item))
        except pydantic.ValidationError as exc:
            rejected += 1
            if len(examples) < _MAX_REJECTED_EXAMPLES:
                examples.append(_first_error(exc))
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            # Converters return None for odd values; anything else is a bug
            # in this module, logged but not allowed to cost the whole search.
            logger.exception("Record could not be converted: %s", type(exc).__name__)
            rejected += 1
    if rejected:
        logger.warning("Left out %d of %d records that could not be read", rejected, len(items))
    return _Parsed(records, rejected, examples)


def _first_error(exc: pydantic.ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    if not errors:
        return "invalid record"
    first = errors[0]
    location = ".".join(str(part) for part in first["loc"]) or "record"
    return f"{location}: {first['msg']}"


def _path_segment(value: str, what: str) -> str:
    text = str(value).strip()
    if not text or any(char in text for char in "/?#\\") or text in (".", ".."):
        raise MalformedResponseError(f"The record's {what} id {text!r} is not usable in a URL.")
    return text


def _image_body(reply: Reply, url: str) -> bytes:
    if looks_like_html(reply):
        raise login_page_error(public_url(url))
    if not reply.body:
        raise MalformedResponseError(f"{public_url(url)} returned an empty image.")
    return reply.body
