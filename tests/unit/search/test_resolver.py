"""Resolving plate groups: bounded concurrency, visible rows first, cache and cancel."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from alprdesk.scout import ScoutClient
from alprdesk.search.resolver import GroupResolver, Resolution

BASE_URL = "https://scout.example.test"


def group_body(group_id: int) -> dict[str, object]:
    return {
        "pk": group_id,
        "model": "openalpr.plategroup",
        "fields": {"best_plate": f"P{group_id}"},
    }


class SlowServer:
    """Respond to detail requests when released, recording how many run at once."""

    def __init__(
        self, missing: frozenset[int] = frozenset(), failing: frozenset[int] = frozenset()
    ):
        self.missing = missing
        self.failing = failing
        self.asked: list[int] = []
        self.running = 0
        self.max_running = 0
        self.release = asyncio.Event()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        group_id = int(request.url.path.rstrip("/").rsplit("/", 1)[1])
        self.asked.append(group_id)
        self.running += 1
        self.max_running = max(self.max_running, self.running)
        try:
            await self.release.wait()
        finally:
            self.running -= 1
        if group_id in self.missing:
            return httpx.Response(404, text="not found")
        if group_id in self.failing:
            return httpx.Response(503, text="agent offline")
        return httpx.Response(200, content=json.dumps(group_body(group_id)))


def resolver_for(server: SlowServer) -> tuple[GroupResolver, list[Resolution], ScoutClient]:
    client = ScoutClient(BASE_URL, "key-abc123", transport=httpx.MockTransport(server))
    seen: list[Resolution] = []
    return GroupResolver(client, seen.append, max_in_flight=3), seen, client


async def test_at_most_a_few_requests_are_in_flight() -> None:
    server = SlowServer()
    resolver, seen, client = resolver_for(server)
    resolver.want(range(1, 11))
    await asyncio.sleep(0.05)
    assert server.running == 3
    server.release.set()
    await resolver.wait_idle()
    await client.aclose()
    assert server.max_running == 3
    assert sorted(item.group_id for item in seen) == list(range(1, 11))
    assert all(
        item.group is not None and item.group.best_plate == f"P{item.group_id}" for item in seen
    )


async def test_visible_rows_jump_the_queue() -> None:
    server = SlowServer()
    resolver, _seen, client = resolver_for(server)
    resolver.want(range(1, 21))
    resolver.want([15, 16], first=True)
    server.release.set()
    await resolver.wait_idle()
    await client.aclose()
    assert server.asked[:5] == [1, 2, 3, 15, 16]


async def test_cached_groups_are_reported_without_a_request() -> None:
    server = SlowServer()
    server.release.set()
    resolver, seen, client = resolver_for(server)
    resolver.want([7])
    await resolver.wait_idle()
    resolver.want([7])
    await resolver.wait_idle()
    await client.aclose()
    assert server.asked == [7]
    assert [item.group_id for item in seen] == [7, 7]
    assert resolver.cached(7) is seen[0]


async def test_clear_cancels_the_work_of_a_left_search() -> None:
    server = SlowServer()
    resolver, seen, client = resolver_for(server)
    resolver.want(range(1, 11))
    await asyncio.sleep(0.05)
    resolver.clear()
    assert resolver.pending == 0
    server.release.set()
    await asyncio.sleep(0.05)
    await resolver.wait_idle()
    await client.aclose()
    assert seen == []
    assert server.asked == [1, 2, 3]


async def test_failures_say_why_and_retry_asks_again() -> None:
    server = SlowServer(missing=frozenset({4}), failing=frozenset({5}))
    server.release.set()
    resolver, seen, client = resolver_for(server)
    resolver.want([4, 5])
    await resolver.wait_idle()
    problems = {item.group_id: item for item in seen}
    assert problems[4].group is None
    assert not problems[4].retryable
    assert "no longer has" in problems[4].problem
    assert problems[5].retryable
    assert problems[5].problem

    server.failing = frozenset()
    resolver.retry(5)
    await resolver.wait_idle()
    await client.aclose()
    assert seen[-1].group is not None
    assert server.asked.count(5) == 2


async def test_fetch_many_returns_every_group() -> None:
    server = SlowServer(missing=frozenset({2}))
    server.release.set()
    resolver, _seen, client = resolver_for(server)
    found = await resolver.fetch_many([1, 2, 3])
    await client.aclose()
    assert found[1].group is not None
    assert found[2].group is None
    assert resolver.cached(3) is found[3]


@pytest.mark.parametrize("first", [True, False])
async def test_id_in_flight_requested_once(first: bool) -> None:
    server = SlowServer()
    resolver, _seen, client = resolver_for(server)
    resolver.want([1])
    resolver.want([1], first=first)
    server.release.set()
    await resolver.wait_idle()
    await client.aclose()
    assert server.asked == [1]
