"""A scripted Scout server behind ``httpx.MockTransport`` for search and review attacks.

It serves the three search endpoints and the plate group detail endpoint from
records held in memory. Flags make it misbehave the ways real servers do:
ignore the time window, ignore ``topn``, sort the wrong way. Hooks let a test
hold requests until it releases them, or replace any answer. No socket is
opened, and the base URL points at 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from alprdesk.scout import ScoutClient, SearchKind, normalize_plate
from tests.hostile.hostile_servers import API_KEY, BASE_URL, PLATE_FIELDS

# Requests one test may send before the mock fails it. A bounded search needs far fewer.
REQUEST_BUDGET = 400

SearchHook = Callable[[httpx.Request, SearchKind, list[dict[str, Any]]], list[dict[str, Any]]]
Override = Callable[[httpx.Request], Awaitable[httpx.Response | None]]
_TIME_FIELD = {
    SearchKind.PLATES: "epoch_time_start",
    SearchKind.CANDIDATES: "epoch_time",
    SearchKind.ALERTS: "epoch_time",
}


class RequestBudgetExceededError(AssertionError):
    """The client kept sending requests after the test's budget was spent."""


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def plate_record(pk: int, plate: str, moment: datetime | None, **fields: Any) -> dict[str, Any]:
    """Return one serialized plate group read at ``moment`` (None sends no time)."""
    when = iso(moment) if moment is not None else None
    values = PLATE_FIELDS | {
        "best_plate": plate,
        "best_uuid": f"uuid-{pk}",
        "epoch_time_start": when,
        "epoch_time_end": when,
    }
    return {"pk": pk, "model": "openalpr.plategroup", "fields": values | fields}


def candidate_record(
    pk: int, plate: str, moment: datetime | None, group: Any, **fields: Any
) -> dict[str, Any]:
    values = {
        "plate_number": plate,
        "confidence": 80.0,
        "group": group,
        "agent_uid": "agent-1",
        "camera": 3,
        "site": "North gate",
        "epoch_time": iso(moment) if moment is not None else None,
    }
    return {"pk": pk, "model": "openalpr.platecandidate", "fields": values | fields}


def alert_record(
    pk: int, plate: str, moment: datetime | None, group: Any, **fields: Any
) -> dict[str, Any]:
    values = {
        "plate_number": plate,
        "confidence": 90.0,
        "plate_group": group,
        "agent_uid": "agent-1",
        "site": "North gate",
        "description": "Stolen car",
        "alert_group_name": "Stolen vehicles",
        "alert_group": 12,
        "epoch_time": iso(moment) if moment is not None else None,
    }
    return {"pk": pk, "model": "openalpr.alert", "fields": values | fields}


def record_moment(kind: SearchKind, item: dict[str, Any], field: str = "") -> datetime | None:
    text = item["fields"].get(field or _TIME_FIELD[kind])
    if not isinstance(text, str):
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass
class MockScout:
    """Serves searches from the record lists and detail requests from the plate reads.

    ``honor_window`` and ``honor_topn`` switch the server's filters off.
    ``window_field`` names the plate read time the window filters on.
    ``answer_order`` forces one sort order whatever the request contains.
    ``search_hook`` rewrites the records of an answer, ``override`` replaces a
    whole answer when it returns a response, and ``hold`` is awaited before
    every answer. Every request counts against ``budget``.
    """

    plates: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    honor_window: bool = True
    honor_topn: bool = True
    window_field: str = "epoch_time_start"
    answer_order: str = ""
    search_hook: SearchHook | None = None
    override: Override | None = None
    hold: Callable[[httpx.Request], Awaitable[None]] | None = None
    budget: int = REQUEST_BUDGET
    search_requests: list[httpx.Request] = field(default_factory=list)
    detail_requests: list[int] = field(default_factory=list)
    running: int = 0
    max_running: int = 0
    running_details: int = 0
    max_running_details: int = 0
    cancelled_details: int = 0

    def client(self, **options: Any) -> ScoutClient:
        return ScoutClient(BASE_URL, API_KEY, transport=httpx.MockTransport(self.handle), **options)

    @property
    def requests(self) -> int:
        return len(self.search_requests) + len(self.detail_requests)

    def records_of(self, kind: SearchKind) -> list[dict[str, Any]]:
        return {
            SearchKind.PLATES: self.plates,
            SearchKind.CANDIDATES: self.candidates,
            SearchKind.ALERTS: self.alerts,
        }[kind]

    async def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        detail = path.startswith("/api/detail/platecandidate/")
        group_id = 0
        if detail:
            group_id = int(path.rstrip("/").rsplit("/", 1)[1])
            self.detail_requests.append(group_id)
        elif path.startswith("/api/search/"):
            self.search_requests.append(request)
        if self.requests > self.budget:
            raise RequestBudgetExceededError(f"the client sent more than {self.budget} requests")

        self.running += 1
        self.max_running = max(self.max_running, self.running)
        if detail:
            self.running_details += 1
            self.max_running_details = max(self.max_running_details, self.running_details)
        try:
            if self.hold is not None:
                await self.hold(request)
            if self.override is not None:
                replaced = await self.override(request)
                if replaced is not None:
                    return replaced
            if detail:
                return self._detail(group_id)
            if path.startswith("/api/search/"):
                return self._search(request)
            return httpx.Response(404, text="no such endpoint")
        except asyncio.CancelledError:
            if detail:
                self.cancelled_details += 1
            raise
        finally:
            self.running -= 1
            if detail:
                self.running_details -= 1

    def _detail(self, group_id: int) -> httpx.Response:
        for item in self.plates:
            if item["pk"] == group_id:
                return httpx.Response(200, content=json.dumps(item))
        return httpx.Response(404, text="Not found")

    def _search(self, request: httpx.Request) -> httpx.Response:
        kind = SearchKind(request.url.path.rstrip("/").rsplit("/", 1)[1])
        params = request.url.params
        items = list(self.records_of(kind))
        if self.honor_window:
            start = _param_time(params.get("start"))
            end = _param_time(params.get("end"))
            field = self.window_field if kind is SearchKind.PLATES else ""
            items = [
                item for item in items if _inside(record_moment(kind, item, field), start, end)
            ]
        plate = params.get("plate")
        if plate:
            items = [item for item in items if _plate_of(kind, item) == normalize_plate(plate)]
        order = self.answer_order or params.get("order", "desc")
        earliest = datetime.min.replace(tzinfo=UTC)
        items.sort(
            key=lambda item: (record_moment(kind, item) or earliest, item["pk"]),
            reverse=order == "desc",
        )
        if self.honor_topn:
            items = items[: int(params["topn"])]
        if self.search_hook is not None:
            items = self.search_hook(request, kind, items)
        return httpx.Response(200, content=json.dumps(items))


def _param_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _inside(moment: datetime | None, start: datetime | None, end: datetime | None) -> bool:
    if moment is None:
        return False
    return (start is None or moment >= start) and (end is None or moment <= end)


def _plate_of(kind: SearchKind, item: dict[str, Any]) -> str:
    name = "best_plate" if kind is SearchKind.PLATES else "plate_number"
    return normalize_plate(str(item["fields"].get(name) or ""))
