"""Splitting a long period into time windows when responses come back full."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alprdesk.scout import SearchQuery, SearchResult
from alprdesk.search.windows import MIN_WINDOW, RequestBudget, WindowProgress, search_windowed

START = datetime(2026, 11, 1, tzinfo=UTC)
END = START + timedelta(days=4)


@dataclass(frozen=True)
class Read:
    id: int
    time: datetime


class FakeServer:
    """Respond like Scout: reads within [start, end], ordered, at most topn of them."""

    def __init__(self, reads: list[Read]) -> None:
        self.reads = reads
        self.queries: list[SearchQuery] = []

    async def fetch(self, query: SearchQuery) -> SearchResult[Any]:
        self.queries.append(query)
        assert query.start is not None
        assert query.end is not None
        inside = [read for read in self.reads if query.start <= read.time <= query.end]
        inside.sort(key=lambda read: (read.time, read.id), reverse=query.order == "desc")
        records = inside[: query.topn]
        return SearchResult(records, may_be_truncated=len(records) >= query.topn)


def spread(count: int, start: datetime = START, span: timedelta = END - START) -> list[Read]:
    step = span / count
    return [Read(index, start + step * index) for index in range(count)]


def query(order: str = "desc", topn: int = 1000) -> SearchQuery:
    return SearchQuery(start=START, end=END, order=order, topn=topn)


def time_of(read: Read) -> datetime:
    return read.time


async def test_short_period_one_request() -> None:
    server = FakeServer(spread(50))
    result = await search_windowed(
        server.fetch, query(), limit=1000, request_topn=100, time_of=time_of
    )
    assert len(server.queries) == 1
    assert result.complete
    assert [read.id for read in result.records] == list(range(49, -1, -1))


async def test_full_windows_halved_until_complete() -> None:
    server = FakeServer(spread(1000))
    progress: list[WindowProgress] = []
    result = await search_windowed(
        server.fetch,
        query(),
        limit=5000,
        request_topn=100,
        time_of=time_of,
        on_progress=progress.append,
    )
    assert result.complete
    assert not result.reached_limit
    assert sorted(read.id for read in result.records) == list(range(1000))
    assert [read.id for read in result.records] == sorted(range(1000), reverse=True)
    assert result.requests == len(server.queries) > 10
    assert all(query.topn == 100 for query in server.queries)
    assert progress[-1].covered == pytest.approx(1.0)
    assert [state.covered for state in progress] == sorted(state.covered for state in progress)


async def test_window_of_exactly_topn_split() -> None:
    reads = spread(100)
    server = FakeServer(reads)
    result = await search_windowed(
        server.fetch, query(), limit=1000, request_topn=100, time_of=time_of
    )
    # The first response is full, so the period is halved: three requests in all.
    assert len(server.queries) == 3
    assert result.complete
    assert len(result.records) == 100


async def test_limit_keeps_newest_reads() -> None:
    server = FakeServer(spread(1000))
    result = await search_windowed(
        server.fetch, query(), limit=250, request_topn=100, time_of=time_of
    )
    assert not result.complete
    assert result.reached_limit
    assert [read.id for read in result.records] == list(range(999, 749, -1))


async def test_ascending_order_walks_from_the_oldest_window() -> None:
    server = FakeServer(spread(1000))
    result = await search_windowed(
        server.fetch, query("asc"), limit=250, request_topn=100, time_of=time_of
    )
    assert [read.id for read in result.records] == list(range(250))
    assert server.queries[1].start == START


async def test_reads_on_a_boundary_are_kept_once() -> None:
    middle = START + (END - START) / 2
    reads = [Read(index, middle) for index in range(3)] + spread(200)[100:]
    server = FakeServer(reads)
    result = await search_windowed(
        server.fetch, query(), limit=1000, request_topn=50, time_of=time_of
    )
    ids = [read.id for read in result.records]
    assert len(ids) == len(set(ids))
    assert set(ids) == {read.id for read in reads}


async def test_dense_burst_reported() -> None:
    burst = START + timedelta(seconds=100_003)
    reads = [Read(index, burst) for index in range(30)] + spread(40)
    server = FakeServer(reads)
    result = await search_windowed(
        server.fetch, query(), limit=1000, request_topn=20, time_of=time_of
    )
    assert not result.complete
    assert result.dense_windows >= 1
    assert not result.reached_limit
    spans = [q.end - q.start for q in server.queries if q.start and q.end]
    assert min(spans) >= timedelta(seconds=1)
    assert any(span <= MIN_WINDOW for span in spans)


async def test_windows_are_whole_seconds() -> None:
    server = FakeServer(spread(300))
    odd = SearchQuery(
        start=START + timedelta(microseconds=250_000),
        end=END - timedelta(microseconds=250_000),
        topn=10,
    )
    await search_windowed(server.fetch, odd, limit=1000, request_topn=100, time_of=time_of)
    for sent in server.queries:
        assert sent.start is not None
        assert sent.end is not None
        assert sent.start.microsecond == sent.end.microsecond == 0
    assert server.queries[0].start == START
    assert server.queries[0].end == END


async def test_without_a_start_one_request_is_made() -> None:
    server = FakeServer(spread(10))

    async def fetch(sent: SearchQuery) -> SearchResult[Any]:
        assert sent.start is None
        return await server.fetch(sent.__class__(start=START, end=sent.end, topn=sent.topn))

    result = await search_windowed(
        fetch, SearchQuery(end=END), limit=5, request_topn=100, time_of=time_of
    )
    assert len(result.records) == 5
    assert not result.complete


@settings(max_examples=40, deadline=None)
@given(
    offsets=st.lists(st.integers(0, 4 * 24 * 3600), max_size=300),
    request_topn=st.integers(5, 60),
    order=st.sampled_from(["asc", "desc"]),
)
async def test_every_read_is_found_once_in_order(
    offsets: list[int], request_topn: int, order: str
) -> None:
    reads = [Read(index, START + timedelta(seconds=offset)) for index, offset in enumerate(offsets)]
    server = FakeServer(reads)
    result = await search_windowed(
        server.fetch, query(order), limit=10_000, request_topn=request_topn, time_of=time_of
    )
    found = [read.id for read in result.records]
    assert len(found) == len(set(found))
    if result.dense_windows == 0:
        assert set(found) == set(range(len(reads)))
        assert result.complete
    times = [read.time for read in result.records]
    assert times == sorted(times, reverse=order == "desc")


class PeriodIgnoringServer(FakeServer):
    """Respond to every window with the same newest reads, whatever the period requested."""

    async def fetch(self, query: SearchQuery) -> SearchResult[Any]:
        self.queries.append(query)
        records = sorted(self.reads, key=lambda read: read.time, reverse=True)[: query.topn]
        return SearchResult(records, may_be_truncated=len(records) >= query.topn)


async def test_period_ignoring_server_not_split() -> None:
    before = [Read(1000 + index, START - timedelta(days=1, seconds=index)) for index in range(50)]
    server = PeriodIgnoringServer(spread(200) + before)
    odd = SearchQuery(start=START - timedelta(days=3), end=START + timedelta(hours=1))
    result = await search_windowed(server.fetch, odd, limit=1000, request_topn=100, time_of=time_of)
    assert len(server.queries) == 1
    assert not result.complete
    assert result.ignored_windows == 1
    assert result.outside_period == 100


async def test_always_full_server_stops_at_cap() -> None:
    dense = [Read(index, START + timedelta(seconds=index % 5)) for index in range(50)]

    async def fetch(sent: SearchQuery) -> SearchResult[Any]:
        server.queries.append(sent)
        return SearchResult(dense[: sent.topn], may_be_truncated=True)

    server = FakeServer(dense)
    week = SearchQuery(start=START, end=START + timedelta(seconds=6))
    result = await search_windowed(
        fetch, week, limit=1000, request_topn=10, budget=RequestBudget(3), time_of=time_of
    )
    assert len(server.queries) == 3
    assert result.gave_up
    assert not result.complete
