"""Runs the window's searches on the engine and resolves plate groups for the rows."""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QObject, Signal

from alprdesk.scout import ScoutClient, ScoutError
from alprdesk.search.engine import SearchEngine
from alprdesk.search.outcome import SearchOutcome
from alprdesk.search.request import SearchRequest
from alprdesk.search.resolver import GroupResolver, Resolution
from alprdesk.ui.async_tools import start_task

logger = logging.getLogger(__name__)


class SearchController(QObject):
    """One search at a time for the connected server.

    A new search, a cancel or a change of server cancels the running search
    and the group requests queued for its rows. Resolved groups stay cached
    for the session.
    """

    progress = Signal(str, float)
    finished = Signal(object)  # SearchOutcome
    failed = Signal(str, str)  # title, message
    cancelled = Signal()
    crashed = Signal()
    group_resolved = Signal(object)  # Resolution

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine: SearchEngine | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def connected(self) -> bool:
        return self._engine is not None

    @property
    def resolver(self) -> GroupResolver | None:
        return self._engine.resolver if self._engine is not None else None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def set_client(self, client: ScoutClient | None) -> None:
        self.forget()
        if self._engine is not None:
            self._engine.resolver.clear()
        self._engine = None
        if client is not None:
            resolver = GroupResolver(client, self._resolved)
            self._engine = SearchEngine(client, resolver)

    def start(self, request: SearchRequest) -> None:
        """Run ``request``, replacing a running search."""
        assert self._engine is not None, "start() needs a connected server"
        self.forget()
        self._engine.resolver.clear()
        self._task = start_task(self._run(self._engine, request))
        self._task.add_done_callback(self._done)

    def cancel(self) -> None:
        """Cancel the running search; ``cancelled`` is emitted."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        if self._engine is not None:
            self._engine.resolver.clear()

    def forget(self) -> None:
        """Cancel the running search without a signal, as when the server changes."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()

    def want_groups(self, group_ids: list[int], *, first: bool = False) -> None:
        if self._engine is not None and group_ids:
            self._engine.resolver.want(group_ids, first=first)

    def retry_group(self, group_id: int) -> None:
        if self._engine is not None:
            self._engine.resolver.retry(group_id)

    async def wait(self) -> None:
        """Wait for the running search and its group requests, for tests and shutdown."""
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)
        if self._engine is not None:
            await self._engine.resolver.wait_idle()

    async def _run(self, engine: SearchEngine, request: SearchRequest) -> None:
        try:
            outcome: SearchOutcome = await engine.run(request, self.progress.emit)
        except ScoutError as exc:
            self.failed.emit(exc.title, exc.message)
            return
        self.finished.emit(outcome)

    def _done(self, task: asyncio.Task[None]) -> None:
        # Runs even for a task cancelled before its first step; a replaced
        # search leaves the status to the newer one.
        if task is not self._task:
            return
        if task.cancelled():
            self.cancelled.emit()
        elif task.exception() is not None:
            self.crashed.emit()

    def _resolved(self, resolution: Resolution) -> None:
        self.group_resolved.emit(resolution)
