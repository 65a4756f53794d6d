"""Searching a long period in time windows when one answer's ``topn`` cannot hold it.

The server returns at most ``topn`` records per request. A window whose response
is full may contain more, so it is split in halves and each half searched again,
down to a window of ``MIN_WINDOW``. Windows are searched in the query's order
(newest first for "desc"), so the search can stop as soon as it has ``limit``
records, and those are the ``limit`` records the user would have seen first.
Records that two windows share at their boundary are kept once, by id.

Which of a plate group's times a server's window applies to is not documented,
so a record counts as inside a window when any part of its time span is. A
full answer with records outside its window shows a server that ignores the
window: splitting it would only repeat the same answer, so it is kept as it is
and the result is marked incomplete. Records are never dropped for their
times, since a server that sends times without an offset may mean local time.
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from alprdesk.scout import SearchQuery, SearchResult

# Times travel in whole seconds, so a window cannot usefully be shorter.
MIN_WINDOW = timedelta(seconds=2)
# Records requested per request, because the server's responses grow slow past this.
REQUEST_TOPN = 10_000
# Requests one search may make over all its windows. Without a cap, a server whose
# responses never fall below topn would be queried for every two seconds of the period.
MAX_REQUESTS = 2_000
# Times travel in whole seconds, so a record may sit this far outside its window.
_SLACK = timedelta(seconds=1)

Fetch = Callable[[SearchQuery], Awaitable[SearchResult[Any]]]
Span = tuple[datetime | None, datetime | None]


class RequestBudget:
    """Requests left for one search; several windowed searches may share it."""

    def __init__(self, requests: int = MAX_REQUESTS) -> None:
        self.left = requests

    def take(self) -> bool:
        """Use one request; False when none is left."""
        if self.left <= 0:
            return False
        self.left -= 1
        return True


@dataclass(frozen=True)
class WindowProgress:
    """How far a windowed search has come."""

    covered: float  # share of the period searched, 0 to 1
    records: int
    requests: int
    splits: int


@dataclass(frozen=True)
class WindowedResult:
    """Records of a windowed search, in the query's order, at most ``limit`` of them.

    ``complete`` is true when every window's response was below its ``topn`` and
    no record was left out for the limit. ``dense_windows`` counts windows of
    ``MIN_WINDOW`` that still came back full: reads there may be missing.
    ``ignored_windows`` counts full answers with records from outside their
    window, which were not split. ``outside_period`` counts records whose time
    lies outside the whole period. ``gave_up`` is true when the request budget
    ran out.
    """

    records: list[Any]
    complete: bool
    limit: int
    requests: int
    rejected: int = 0
    rejected_examples: tuple[str, ...] = ()
    dense_windows: int = 0
    reached_limit: bool = False
    ignored_windows: int = 0
    outside_period: int = 0
    gave_up: bool = False


async def search_windowed(
    fetch: Fetch,
    query: SearchQuery,
    *,
    limit: int,
    time_of: Callable[[Any], datetime | None],
    span_of: Callable[[Any], Span] | None = None,
    request_topn: int = REQUEST_TOPN,
    budget: RequestBudget | None = None,
    now: datetime | None = None,
    on_progress: Callable[[WindowProgress], None] | None = None,
) -> WindowedResult:
    """Run ``fetch`` over ``query``'s period in as many windows as the responses need.

    ``query.topn`` is ignored in favour of ``limit`` (records in all) and
    ``request_topn`` (records per request). ``time_of`` gives the time records
    are ordered by and ``span_of`` the first and last time of a record, by
    default ``time_of`` alone. A query without an end ends ``now``; one without
    a start is searched as one window, since its extent is unknown.
    """
    query = query.validated()
    budget = budget or RequestBudget()
    span = span_of or (lambda record: (time_of(record), time_of(record)))
    start, end = query.start, query.end
    topn = max(1, min(request_topn, limit))
    if start is None:
        if not budget.take():
            return WindowedResult([], complete=False, limit=limit, requests=0, gave_up=True)
        single = await _one_window(fetch, dataclasses.replace(query, topn=topn), limit, time_of)
        if on_progress is not None:
            on_progress(WindowProgress(1.0, len(single.records), 1, 0))
        return single
    if end is None:
        end = (now or datetime.now(UTC)).astimezone(start.tzinfo)
    start, end = _floor_second(start), _ceil_second(end)
    total = max((end - start).total_seconds(), 1.0)

    newest_first = query.order == "desc"
    pending: list[tuple[datetime, datetime]] = [(start, end)]  # a stack; the next one is last
    seen: dict[Any, Any] = {}
    requests = splits = rejected = dense = ignored = 0
    examples: list[str] = []
    covered = 0.0
    stopped_at_limit = gave_up = False

    while pending:
        if not budget.take():
            gave_up = True
            break
        window_start, window_end = pending.pop()
        result = await fetch(
            dataclasses.replace(query, start=window_start, end=window_end, topn=topn)
        )
        requests += 1
        length = window_end - window_start
        strays = any(
            not _overlaps(span(record), window_start, window_end) for record in result.records
        )
        if result.may_be_truncated and length > MIN_WINDOW and not strays:
            middle = _floor_second(window_start + length / 2)
            older, newer = (window_start, middle), (middle, window_end)
            # The stack pops the last entry first.
            pending += [older, newer] if newest_first else [newer, older]
            splits += 1
        else:
            if result.may_be_truncated and strays:
                ignored += 1
            elif result.may_be_truncated:
                dense += 1
            for record in result.records:
                seen.setdefault(record.id, record)
            rejected += result.rejected
            examples += result.rejected_examples[: max(0, 3 - len(examples))]
            covered += length.total_seconds()
        if on_progress is not None:
            on_progress(WindowProgress(min(covered / total, 1.0), len(seen), requests, splits))
        if len(seen) >= limit and pending:
            stopped_at_limit = True
            break

    # Sorting 100,000 records takes several frames, so it runs off the event loop.
    records = await asyncio.to_thread(_sorted, list(seen.values()), query.order, time_of)
    over_limit = len(records) > limit
    outside = sum(1 for record in records[:limit] if not _overlaps(span(record), start, end))
    return WindowedResult(
        records[:limit],
        complete=not (stopped_at_limit or over_limit or dense or ignored or gave_up),
        limit=limit,
        requests=requests,
        rejected=rejected,
        rejected_examples=tuple(examples),
        dense_windows=dense,
        reached_limit=stopped_at_limit or over_limit,
        ignored_windows=ignored,
        outside_period=outside,
        gave_up=gave_up,
    )


async def _one_window(
    fetch: Fetch, query: SearchQuery, limit: int, time_of: Callable[[Any], datetime | None]
) -> WindowedResult:
    result = await fetch(query)
    records = _sorted(_unique(result.records), query.order, time_of)[:limit]
    full = result.may_be_truncated
    return WindowedResult(
        records,
        complete=not full,
        limit=limit,
        requests=1,
        rejected=result.rejected,
        rejected_examples=tuple(result.rejected_examples),
        reached_limit=full,
    )


def _overlaps(span: Span, start: datetime, end: datetime) -> bool:
    """True when a record's time span meets [start, end], give or take a second.

    A record without a time cannot be placed, so it counts as inside.
    """
    first, last = span
    first = first or last
    last = last or first
    if first is None or last is None:
        return True
    return first <= end + _SLACK and last >= start - _SLACK


def _unique(records: list[Any]) -> list[Any]:
    return list({record.id: record for record in reversed(records)}.values())[::-1]


def _sorted(records: list[Any], order: str, time_of: Callable[[Any], datetime | None]) -> list[Any]:
    earliest = datetime.min.replace(tzinfo=UTC)
    return sorted(
        records,
        key=lambda record: (time_of(record) or earliest, record.id),
        reverse=order == "desc",
    )


def _floor_second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def _ceil_second(moment: datetime) -> datetime:
    if moment.microsecond == 0:
        return moment
    return moment.replace(microsecond=0) + timedelta(seconds=math.ceil(moment.microsecond / 1e6))
