"""Running a ``SearchRequest``: windows, look-alike spellings, filters and folding.

The plain path sends the typed plate to the server and pages the period in time
windows. A plate with wildcards is matched here against every read of the
period. Including look-alike readings searches each look-alike spelling of the
plate, in the plate reads and in the candidate readings, and ranks the matches
by similarity. A plate with too many spellings is matched over the period instead.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from alprdesk.scout import Candidate, ScoutClient, SearchKind, SearchQuery
from alprdesk.search.filters import fold, passes
from alprdesk.search.lookalike import variant_count, variants
from alprdesk.search.matching import PlateMatch, PlatePattern, best_match
from alprdesk.search.outcome import SearchOutcome
from alprdesk.search.request import SearchRequest
from alprdesk.search.resolver import GroupResolver
from alprdesk.search.rows import Record, ResultRow, record_span, record_time
from alprdesk.search.tasks import run_all
from alprdesk.search.windows import (
    REQUEST_TOPN,
    RequestBudget,
    WindowedResult,
    WindowProgress,
    search_windowed,
)

# Look-alike spellings searched one by one; beyond this the period is scanned.
MAX_VARIANT_SEARCHES = 16
# Records read from the server when matching a plate within the period.
SCAN_LIMIT = 100_000
# Searches of look-alike spellings run at the same time.
PARALLEL_SEARCHES = 3

Progress = Callable[[str, float], None]


@dataclass
class _Run:
    """One search's request, progress report, request budget and findings."""

    request: SearchRequest
    report: Progress
    budget: RequestBudget = field(default_factory=RequestBudget)
    results: list[WindowedResult] = field(default_factory=list)
    unresolved: int = 0


class SearchEngine:
    """Runs searches for one client; ``resolver`` supplies and caches plate groups."""

    def __init__(
        self, client: ScoutClient, resolver: GroupResolver, *, request_topn: int = REQUEST_TOPN
    ) -> None:
        self.client = client
        self.resolver = resolver
        self.request_topn = request_topn

    async def run(self, request: SearchRequest, progress: Progress | None = None) -> SearchOutcome:
        query = request.query.validated()
        request = dataclasses.replace(request, query=query)
        run = _Run(request, progress or (lambda _text, _share: None))
        pattern = PlatePattern(query.plate, lookalikes=request.include_lookalikes)

        if pattern.has_wildcards or (
            request.include_lookalikes and variant_count(pattern.typed) > MAX_VARIANT_SEARCHES
        ):
            rows = await self._by_period(run, pattern)
            method = "period"
        elif request.include_lookalikes and pattern.typed:
            rows = await self._by_variants(run, pattern)
            method = "variants"
        else:
            result = await self._windowed(run, request.kind, query, query.topn, "")
            rows = [ResultRow(record, request.kind) for record in result.records]
            method = "exact"
        # Filtering, sorting and folding 100,000 rows takes a good part of a second,
        # which the event loop's thread, the GUI thread, must not spend.
        return await asyncio.to_thread(self._finish, run, rows, method=method)

    # The ways to search

    async def _by_period(self, run: _Run, pattern: PlatePattern) -> list[ResultRow]:
        kind = run.request.kind
        query = dataclasses.replace(run.request.query, plate="")
        limit = max(run.request.query.topn, SCAN_LIMIT)
        result = await self._windowed(run, kind, query, limit, "the period")
        rows = await asyncio.to_thread(_matching_rows, kind, result.records, pattern)
        if kind is SearchKind.PLATES and run.request.include_lookalikes:
            candidates = await self._windowed(
                run, SearchKind.CANDIDATES, query, limit, "candidate readings"
            )
            rows = await self._merge_candidates(run, rows, candidates.records, pattern)
        return rows

    async def _by_variants(self, run: _Run, pattern: PlatePattern) -> list[ResultRow]:
        request = run.request
        spellings = list(variants(pattern.typed))
        kinds = [request.kind]
        if request.kind is SearchKind.PLATES:
            kinds.append(SearchKind.CANDIDATES)
        jobs = [(kind, spelling) for kind in kinds for spelling in spellings]
        done = 0
        gate = asyncio.Semaphore(PARALLEL_SEARCHES)

        async def one(kind: SearchKind, spelling: str) -> tuple[SearchKind, WindowedResult]:
            nonlocal done
            async with gate:
                query = dataclasses.replace(request.query, plate=spelling)
                result = await self._windowed(run, kind, query, request.query.topn, None)
            done += 1
            run.report(f"Searched {done} of {len(jobs)} spellings and readings…", done / len(jobs))
            return kind, result

        run.report(f"Searching {len(spellings)} look-alike spellings…", 0.0)
        results = await run_all(one(kind, spelling) for kind, spelling in jobs)

        def records_of(expected: SearchKind) -> list[Any]:
            found = (
                record for kind, result in results if kind is expected for record in result.records
            )
            return list({record.id: record for record in found}.values())

        rows = _matching_rows(request.kind, records_of(request.kind), pattern)
        if request.kind is SearchKind.PLATES:
            candidates = records_of(SearchKind.CANDIDATES)
            rows = await self._merge_candidates(run, rows, candidates, pattern)
        return rows

    # Pieces

    async def _windowed(
        self,
        run: _Run,
        kind: SearchKind,
        query: SearchQuery,
        limit: int,
        label: str | None,
    ) -> WindowedResult:
        """Search ``kind`` in windows; ``label`` names it in progress, and None reports none."""

        async def fetch(window: SearchQuery) -> Any:
            return await self.client.search(kind, window)

        def progress(state: WindowProgress) -> None:
            if label is None:
                return
            run.report(
                f"Searching {label or kind.label}: {state.records:,} found, "
                f"{state.covered:.0%} of the period, {state.requests} requests…",
                state.covered,
            )

        result = await search_windowed(
            fetch,
            query,
            limit=limit,
            time_of=record_time,
            span_of=record_span,
            request_topn=self.request_topn,
            budget=run.budget,
            on_progress=progress,
        )
        run.results.append(result)
        return result

    async def _merge_candidates(
        self,
        run: _Run,
        rows: list[ResultRow],
        candidates: Sequence[Candidate],
        pattern: PlatePattern,
    ) -> list[ResultRow]:
        """Add the plate groups of matching candidate readings, each once, best match kept."""
        by_group = {row.record.id: row for row in rows}
        matched, without_group = await asyncio.to_thread(_candidate_matches, candidates, pattern)
        run.unresolved += without_group
        for group_id, match in matched.items():
            row = by_group.get(group_id)
            if row is not None:
                row.match = best_match([row.match, match])
        missing = [group_id for group_id in matched if group_id not in by_group]
        if missing:
            run.report(f"Fetching {len(missing):,} reads found through candidate readings…", 0.95)
            resolved = await self.resolver.fetch_many(missing)
            for group_id in missing:
                group = resolved[group_id].group
                if group is None:
                    run.unresolved += 1
                else:
                    rows.append(ResultRow(group, SearchKind.PLATES, match=matched[group_id]))
        return rows

    def _finish(self, run: _Run, rows: list[ResultRow], *, method: str) -> SearchOutcome:
        request, results = run.request, run.results
        matching = [row for row in rows if passes(row, request)]
        filtered_out = len(rows) - len(matching)
        matching.sort(key=_time_key, reverse=request.query.order == "desc")
        if method != "exact":
            # Stable: equally similar rows stay in time order. Rows matched through
            # equally good candidate readings rank by how close their best reading is.
            matching.sort(key=_rank_key)
        shown = fold(matching, request)
        limit = request.query.topn
        # A scan reads more records than it shows; its limit is not Max results.
        scanning = method == "period"
        truncated = len(shown) > limit or (
            not scanning and any(result.reached_limit for result in results)
        )
        scan_stopped = scanning and any(result.reached_limit for result in results)
        return SearchOutcome(
            request=request,
            rows=shown[:limit],
            complete=not (truncated or run.unresolved)
            and all(result.complete for result in results),
            limit=limit,
            method=method,
            truncated=truncated,
            scan_stopped=scan_stopped,
            scanned=sum(len(result.records) for result in results) if scanning else 0,
            dense_windows=sum(result.dense_windows for result in results),
            ignored_windows=sum(result.ignored_windows for result in results),
            outside_period=sum(result.outside_period for result in results),
            gave_up=any(result.gave_up for result in results),
            unresolved=run.unresolved,
            rejected=sum(result.rejected for result in results),
            requests=sum(result.requests for result in results),
            filtered_out=filtered_out,
        )


def _matching_rows(
    kind: SearchKind, records: Sequence[Record], pattern: PlatePattern
) -> list[ResultRow]:
    rows = []
    for record in records:
        match = pattern.match(record.plate)
        if match is not None:
            rows.append(ResultRow(record, kind, match=match))
    return rows


def _candidate_matches(
    candidates: Sequence[Candidate], pattern: PlatePattern
) -> tuple[dict[int, PlateMatch], int]:
    """Return the best matching reading per plate group, and how many name no group."""
    matched: dict[int, PlateMatch] = {}
    without_group = 0
    for candidate in candidates:
        match = pattern.match(candidate.plate, via_candidate=True)
        if match is None:
            continue
        group_id = candidate.plate_group_id
        if group_id is None:
            without_group += 1
            continue
        matched[group_id] = best_match([matched.get(group_id), match]) or match
    return matched, without_group


def _rank_key(row: ResultRow) -> tuple[float, bool, float]:
    if row.match is None:
        return (0.0, False, 0.0)
    similarity, via_candidate = row.match.rank_key()
    best_reading = row.plate_match.similarity if row.plate_match is not None else 0.0
    return (similarity, via_candidate, -best_reading)


def _time_key(row: ResultRow) -> float:
    moment = row.time
    return moment.timestamp() if moment is not None else float("-inf")
