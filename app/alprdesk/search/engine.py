"""Running a ``SearchRequest``: windows, look-alike variants, filters and folding.

The plain path sends the typed plate to the server and pages the period in time
windows. A plate with wildcards is matched here against every read of the
period. Including look-alike readings searches each look-alike spelling of the
plate, in the plate reads and in the candidate readings, and ranks the matches
by similarity; a plate with too many spellings is matched over the period instead.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from alprdesk.scout import (
    AlertHit,
    Candidate,
    ScoutClient,
    SearchKind,
    SearchQuery,
)
from alprdesk.search.grouping import fold_repeats
from alprdesk.search.lookalike import variant_count, variants
from alprdesk.search.matching import PlateMatch, PlatePattern, best_match
from alprdesk.search.request import SearchRequest
from alprdesk.search.resolver import GroupResolver
from alprdesk.search.rows import Record, ResultRow, record_time
from alprdesk.search.tasks import run_all
from alprdesk.search.windows import (
    REQUEST_TOPN,
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


@dataclass(frozen=True)
class SearchOutcome:
    """The rows of one search and how far they can be trusted to be complete."""

    request: SearchRequest
    rows: list[ResultRow]
    complete: bool
    limit: int
    reached_limit: bool = False
    dense_windows: int = 0
    rejected: int = 0
    requests: int = 0
    filtered_out: int = 0
    scanned: int = 0
    method: str = "exact"  # "exact", "variants" or "period"
    outside_period: int = 0
    gave_up: bool = False

    def summary(self) -> str:
        """The status line: how many rows, and whether the result is complete."""
        kind = self.request.kind
        shown = len(self.rows)
        noun = kind.label if shown != 1 else kind.label[:-1]
        reads = sum(row.repeats for row in self.rows)
        text = f"{shown:,} {noun} found"
        if reads != shown:
            text += f" ({reads:,} reads, repeats folded)"
        text += "."
        if self.method == "period":
            text += f" Matched within {self.scanned:,} records of the period."
        elif self.method == "variants" and kind is SearchKind.PLATES:
            text += " Look-alike spellings and candidate readings included."
        elif self.method == "variants":
            text += " Look-alike spellings included."
        if self.complete:
            text += " The result is complete."
        elif self.reached_limit:
            text += (
                f" Max results ({self.limit:,}) reached: truncated at {self.limit:,}, "
                "the period holds more. Raise Max results or narrow the period."
            )
        if self.dense_windows:
            text += (
                f" {self.dense_windows} stretch(es) of a few seconds held more than one "
                "answer can carry; reads there may be missing."
            )
        if self.outside_period:
            text += (
                f" The server sent {self.outside_period:,} records from outside the period;"
                " they were left out."
            )
        if self.gave_up:
            text += " The search stopped after too many requests; narrow the period."
        if self.filtered_out:
            text += f" {self.filtered_out:,} left out by the confidence or alert-list filter."
        if self.rejected:
            text += f" {self.rejected:,} records could not be read and were left out."
        return text


class SearchEngine:
    """Runs searches for one client; ``resolver`` supplies and caches plate groups."""

    def __init__(
        self, client: ScoutClient, resolver: GroupResolver, *, request_topn: int = REQUEST_TOPN
    ) -> None:
        self.client = client
        self.resolver = resolver
        self.request_topn = request_topn

    async def run(self, request: SearchRequest, progress: Progress | None = None) -> SearchOutcome:
        report = progress or (lambda _text, _fraction: None)
        query = request.query.validated()
        request = dataclasses.replace(request, query=query)
        pattern = PlatePattern(query.plate, lookalikes=request.include_lookalikes)

        if pattern.has_wildcards or (
            request.include_lookalikes and variant_count(query.plate) > MAX_VARIANT_SEARCHES
        ):
            return await self._by_period(request, pattern, report)
        if request.include_lookalikes and query.plate:
            return await self._by_variants(request, pattern, report)
        return await self._exact(request, report)

    # The three ways

    async def _exact(self, request: SearchRequest, report: Progress) -> SearchOutcome:
        query = request.query
        result = await self._windowed(request.kind, query, query.topn, report, "")
        rows = [ResultRow(record, request.kind) for record in result.records]
        return self._finish(request, rows, [result], method="exact")

    async def _by_period(
        self, request: SearchRequest, pattern: PlatePattern, report: Progress
    ) -> SearchOutcome:
        query = dataclasses.replace(request.query, plate="")
        limit = max(request.query.topn, SCAN_LIMIT)
        results = [await self._windowed(request.kind, query, limit, report, "the period")]
        rows = _matching_rows(request.kind, results[0].records, pattern)
        if request.kind is SearchKind.PLATES and request.include_lookalikes:
            candidates = await self._windowed(
                SearchKind.CANDIDATES, query, limit, report, "candidate readings"
            )
            results.append(candidates)
            rows = await self._merge_candidates(rows, candidates.records, pattern, report)
        outcome = self._finish(request, rows, results, method="period")
        return dataclasses.replace(outcome, scanned=sum(len(r.records) for r in results))

    async def _by_variants(
        self, request: SearchRequest, pattern: PlatePattern, report: Progress
    ) -> SearchOutcome:
        spellings = list(variants(request.query.plate))
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
                result = await self._windowed(kind, query, request.query.topn, None, "")
            done += 1
            report(f"Searched {done} of {len(jobs)} spellings and readings…", done / len(jobs))
            return kind, result

        report(f"Searching {len(spellings)} look-alike spellings…", 0.0)
        results = await run_all(one(kind, spelling) for kind, spelling in jobs)

        main = _unique(
            [r for kind, result in results if kind is request.kind for r in result.records]
        )
        rows = _matching_rows(request.kind, main, pattern)
        if request.kind is SearchKind.PLATES:
            candidates = _unique(
                [
                    r
                    for kind, result in results
                    if kind is SearchKind.CANDIDATES
                    for r in result.records
                ]
            )
            rows = await self._merge_candidates(rows, candidates, pattern, report)
        return self._finish(request, rows, [result for _kind, result in results], method="variants")

    # Pieces

    async def _windowed(
        self,
        kind: SearchKind,
        query: SearchQuery,
        limit: int,
        report: Progress | None,
        what: str,
    ) -> WindowedResult:
        async def fetch(window: SearchQuery) -> Any:
            return await self.client.search(kind, window)

        def progress(state: WindowProgress) -> None:
            if report is None:
                return
            label = what or kind.label
            report(
                f"Searching {label}: {state.records:,} found, "
                f"{state.covered:.0%} of the period, {state.requests} requests…",
                state.covered,
            )

        return await search_windowed(
            fetch,
            query,
            limit=limit,
            request_topn=self.request_topn,
            on_progress=progress,
            time_of=record_time,
        )

    async def _merge_candidates(
        self,
        rows: list[ResultRow],
        candidates: Sequence[Candidate],
        pattern: PlatePattern,
        report: Progress,
    ) -> list[ResultRow]:
        """Add the plate groups of matching candidate readings, each once, best match kept."""
        by_group = {row.record.id: row for row in rows}
        matched: dict[int, PlateMatch] = {}
        for candidate in candidates:
            group_id = candidate.plate_group_id
            match = pattern.match(candidate.plate, via_candidate=True)
            if group_id is None or match is None:
                continue
            matched[group_id] = best_match([matched.get(group_id), match]) or match
        for group_id, match in matched.items():
            row = by_group.get(group_id)
            if row is not None:
                row.match = best_match([row.match, match])
        missing = [group_id for group_id in matched if group_id not in by_group]
        if missing:
            report(f"Fetching {len(missing):,} reads found through candidate readings…", 0.95)
            resolved = await self.resolver.fetch_many(missing)
            for group_id in missing:
                group = resolved[group_id].group
                if group is not None:
                    rows.append(ResultRow(group, SearchKind.PLATES, match=matched[group_id]))
        return rows

    def _finish(
        self,
        request: SearchRequest,
        rows: list[ResultRow],
        results: Sequence[WindowedResult],
        *,
        method: str,
    ) -> SearchOutcome:
        query = request.query
        kept = [row for row in rows if _passes(row, request)]
        filtered_out = len(rows) - len(kept)
        descending = query.order == "desc"
        kept.sort(key=lambda row: _time_key(row), reverse=descending)
        if method != "exact":
            # Stable: equally similar rows stay in time order.
            kept.sort(key=lambda row: row.match.rank_key() if row.match else (0.0, False))
        if request.group_gap is not None:
            kept = _fold(kept, request)
        limit = query.topn
        over = len(kept) > limit
        reached = over or any(result.reached_limit for result in results)
        return SearchOutcome(
            request=request,
            rows=kept[:limit],
            complete=not reached and all(result.complete for result in results),
            limit=limit,
            reached_limit=reached,
            dense_windows=sum(result.dense_windows for result in results),
            rejected=sum(result.rejected for result in results),
            requests=sum(result.requests for result in results),
            filtered_out=filtered_out,
            method=method,
            outside_period=sum(result.outside_period for result in results),
            gave_up=any(result.gave_up for result in results),
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


def _unique(records: list[Any]) -> list[Any]:
    return list({record.id: record for record in records}.values())


def _passes(row: ResultRow, request: SearchRequest) -> bool:
    minimum = request.min_confidence
    if minimum is not None and row.confidence is not None and row.confidence < minimum:
        return False
    wanted = request.alert_list.strip()
    if wanted and isinstance(row.record, AlertHit):
        hit = row.record
        by_id = wanted.isdigit() and hit.alert_group == int(wanted)
        by_name = hit.alert_group_name.casefold() == wanted.casefold()
        return by_id or by_name
    return True


def _time_key(row: ResultRow) -> float:
    moment = row.time
    return moment.timestamp() if moment is not None else float("-inf")


def _fold(rows: list[ResultRow], request: SearchRequest) -> list[ResultRow]:
    assert request.group_gap is not None

    def identity(row: ResultRow) -> tuple[str, str, str]:
        record = row.record
        place = getattr(record, "camera", None)
        if isinstance(record, AlertHit):
            place = record.site
        return (row.read_plate or record.plate, record.agent_uid, str(place))

    runs = fold_repeats(rows, request.group_gap, key=identity, time_of=lambda row: row.time)
    folded = []
    for run in runs:
        first = run.first
        first.reads = tuple(read for row in run.reads for read in row.reads)
        folded.append(first)
    return folded
