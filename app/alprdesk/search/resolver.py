"""Resolving candidate readings and alert hits to their plate groups.

Candidates and alert hits carry only their plate group's id. The crop, the
frame, the camera and the full reading come from the group, which the detail
endpoint returns one at a time. The resolver keeps a few requests in flight,
serves the ids the user can see first, caches groups for the session, and drops
the work of a search the user has left.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from alprdesk.scout import NotFoundError, PlateGroup, ScoutClient, ScoutError
from alprdesk.search.tasks import run_all

logger = logging.getLogger(__name__)

MAX_IN_FLIGHT = 4


@dataclass(frozen=True)
class Resolution:
    """A plate group, or the reason it could not be fetched."""

    group_id: int
    group: PlateGroup | None = None
    problem: str = ""
    retryable: bool = False


Listener = Callable[[Resolution], None]


class GroupResolver:
    """Fetches plate groups by id for one client, at most ``max_in_flight`` at once.

    ``want`` queues ids; ids asked for with ``first=True`` (the rows in view)
    jump the queue. Each finished id is reported to the listener. ``clear``
    empties the queue and cancels requests in flight, keeping the cache.
    """

    def __init__(
        self,
        client: ScoutClient,
        listener: Listener,
        *,
        max_in_flight: int = MAX_IN_FLIGHT,
    ) -> None:
        self._client = client
        self._listener = listener
        self._max_in_flight = max_in_flight
        self._queue: OrderedDict[int, None] = OrderedDict()
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._cache: dict[int, Resolution] = {}
        self._idle = asyncio.Event()
        self._idle.set()
        # Shared by the queue's tasks and fetch_many, so together they keep the limit.
        self._requests = asyncio.Semaphore(max_in_flight)

    @property
    def client(self) -> ScoutClient:
        return self._client

    def cached(self, group_id: int) -> Resolution | None:
        return self._cache.get(group_id)

    def want(self, group_ids: Iterable[int], *, first: bool = False) -> None:
        """Queue ids that are neither cached nor in flight; cached ones are reported now."""
        queued = []
        for group_id in group_ids:
            known = self._cache.get(group_id)
            if known is not None:
                self._listener(known)
            elif group_id not in self._in_flight:
                self._queue[group_id] = None
                queued.append(group_id)
        if first:
            for group_id in reversed(queued):
                self._queue.move_to_end(group_id, last=False)
        self._pump()

    async def fetch_many(self, group_ids: Sequence[int]) -> dict[int, Resolution]:
        """Fetch groups now and cache them, sharing the limit of requests in flight."""

        async def one(group_id: int) -> Resolution:
            known = self._cache.get(group_id)
            if known is not None and known.group is not None:
                return known
            resolution = await self._fetch(group_id)
            self._cache[group_id] = resolution
            return resolution

        ids = list(dict.fromkeys(group_ids))
        return dict(zip(ids, await run_all(one(group_id) for group_id in ids), strict=True))

    def retry(self, group_id: int) -> None:
        """Forget a failed resolution and fetch the group again, ahead of the queue."""
        known = self._cache.get(group_id)
        if known is not None and known.group is None:
            del self._cache[group_id]
        self.want([group_id], first=True)

    def clear(self) -> None:
        """Drop queued ids and cancel requests in flight; finished groups stay cached."""
        self._queue.clear()
        for task in list(self._in_flight.values()):
            task.cancel()
        self._in_flight.clear()
        self._idle.set()

    @property
    def pending(self) -> int:
        return len(self._queue) + len(self._in_flight)

    async def wait_idle(self) -> None:
        """Wait until the queue is empty and nothing is in flight."""
        await self._idle.wait()

    def _pump(self) -> None:
        while self._queue and len(self._in_flight) < self._max_in_flight:
            group_id, _ = self._queue.popitem(last=False)
            self._in_flight[group_id] = asyncio.create_task(self._resolve(group_id))
        if self.pending:
            self._idle.clear()
        else:
            self._idle.set()

    async def _resolve(self, group_id: int) -> None:
        try:
            resolution = await self._fetch(group_id)
        except asyncio.CancelledError:
            return
        finally:
            current = self._in_flight.get(group_id)
            if current is asyncio.current_task():
                del self._in_flight[group_id]
        # Failures are cached too, so scrolling past a row sends no new request.
        # retry() removes them.
        self._cache[group_id] = resolution
        try:
            self._listener(resolution)
        except Exception:
            logger.exception("Listener failed for plate group %d", group_id)
        self._pump()

    async def _fetch(self, group_id: int) -> Resolution:
        try:
            async with self._requests:
                group = await self._client.plate_group(group_id)
        except NotFoundError:
            return Resolution(group_id, problem="The server no longer has this read.")
        except ScoutError as exc:
            logger.info("Plate group %d not resolved: %s", group_id, exc.title)
            return Resolution(group_id, problem=f"{exc.title}: {exc.message}", retryable=True)
        return Resolution(group_id, group=group)
