"""Benchmarks of the work a large search puts on the GUI thread and the search engine.

Run with ``make bench``. Each line reports the median of several runs in
milliseconds and as a share of one 60 Hz frame (16.7 ms), because any step on
the GUI thread that takes longer than a frame makes the window stutter.
Numbers depend on the machine; compare them on one machine only.
"""

from __future__ import annotations

import asyncio
import bisect
import json
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from alprdesk.scout import PlateGroup, SearchKind, SearchQuery, SearchResult
from alprdesk.scout.client import _parse_search
from alprdesk.search.filters import fold, passes
from alprdesk.search.grouping import fold_repeats
from alprdesk.search.matching import PlatePattern
from alprdesk.search.request import SearchRequest
from alprdesk.search.resolver import Resolution
from alprdesk.search.rows import ResultRow, record_span, record_time
from alprdesk.search.windows import search_windowed
from alprdesk.ui.results_model import ResultsModel

FRAME_MS = 1000 / 60
READS = 100_000
START = datetime(2026, 11, 1, tzinfo=UTC)
PLATE_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def serialized_reads(count: int, rng: random.Random) -> list[dict[str, Any]]:
    """Plate groups as a Scout server serializes them, one every few seconds."""
    records = []
    for index in range(count):
        begin = START + timedelta(seconds=index * 7)
        records.append(
            {
                "pk": index + 1,
                "model": "openalpr.plategroup",
                "fields": {
                    "best_plate": "".join(rng.choices(PLATE_CHARS, k=7)),
                    "best_confidence": round(rng.uniform(70, 99), 1),
                    "epoch_time_start": begin.isoformat(),
                    "epoch_time_end": (begin + timedelta(seconds=2)).isoformat(),
                    "camera": rng.choice([101, 102, 201, 301]),
                    "agent_uid": "AGENT" + str(index % 4),
                    "site": "North Precinct",
                    "best_uuid": f"AGENT{index % 4}-101-{index}",
                    "img_width": 1280,
                    "img_height": 720,
                    "plate_x1": 600, "plate_y1": 400, "plate_x2": 700, "plate_y2": 400,
                    "plate_x3": 700, "plate_y3": 430, "plate_x4": 600, "plate_y4": 430,
                },
            }
        )  # fmt: skip
    return records


def measure(runs: int, step: Callable[[], object]) -> float:
    """Return the median time of ``step`` in milliseconds."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        step()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def report(name: str, milliseconds: float, where: str) -> None:
    frames = milliseconds / FRAME_MS
    print(f"{name:<52} {milliseconds:>10.1f} ms {frames:>8.2f} frames  {where}")


def engine_finish(rows: list[ResultRow]) -> None:
    """Filter, sort and fold rows as a search's last step does."""
    request = SearchRequest(
        SearchKind.PLATES,
        SearchQuery(start=START, end=START + timedelta(days=30), topn=READS),
        min_confidence=80.0,
        group_gap=timedelta(seconds=60),
    )
    kept = [row for row in rows if passes(row, request)]
    kept.sort(key=lambda row: row.time or START)
    fold(kept, request)


def main() -> None:
    rng = random.Random(7)
    app = QApplication.instance() or QApplication([])
    print(f"ALPR Desk benchmarks: {READS:,} plate reads, Python {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} CPUs")  # fmt: skip
    print(f"{'step':<52} {'median':>13} {'per frame':>15}  runs on")

    raw = serialized_reads(READS, rng)
    body = json.dumps(raw).encode()
    print(f"(one response of {READS:,} reads is {len(body) / 1e6:.1f} MB of JSON)")
    report("decode JSON response", measure(3, lambda: json.loads(body)), "worker thread")
    payload = json.loads(body)
    parsed = _parse_search(payload, PlateGroup)
    report(
        "validate records (pydantic)",
        measure(3, lambda: _parse_search(payload, PlateGroup)),
        "worker thread",
    )
    reads = parsed.records

    rows = [ResultRow(read, SearchKind.PLATES) for read in reads]
    model = ResultsModel()
    report(
        "show rows in the table model",
        measure(5, lambda: model.set_rows(SearchKind.PLATES, rows)),
        "GUI thread",
    )
    report(
        "sort table by plate",
        measure(5, lambda: model.sort(0, Qt.SortOrder.AscendingOrder)),
        "GUI thread",
    )
    resolution = Resolution(reads[50_000].id, group=reads[50_000])
    report(
        "show one resolved plate group",
        measure(50, lambda: model.group_resolved(resolution)),
        "GUI thread",
    )
    report(
        "draw one screen of cells (30 rows x 7 columns)",
        measure(
            20,
            lambda: [
                model.index(row, column).data()
                for row in range(30)
                for column in range(model.columnCount())
            ],
        ),
        "GUI thread",
    )

    report(
        "filter, sort and fold the rows of a search",
        measure(3, lambda: engine_finish([ResultRow(read, SearchKind.PLATES) for read in reads])),
        "worker thread",
    )
    pattern = PlatePattern("AB*1?", lookalikes=True)
    report(
        "match a wildcard with look-alikes against all reads",
        measure(3, lambda: [pattern.match(read.plate) for read in reads]),
        "worker thread",
    )
    report(
        "fold repeated reads alone (60 s gap)",
        measure(
            3,
            lambda: fold_repeats(
                reads,
                timedelta(seconds=60),
                key=lambda read: (read.plate, read.camera),
                time_of=record_time,
            ),
        ),
        "worker thread",
    )

    requests = 0
    by_time = sorted(reads, key=lambda read: read.first_seen)  # type: ignore[arg-type, return-value]
    times = [read.first_seen for read in by_time]

    async def fetch(query: SearchQuery) -> SearchResult[Any]:
        """Respond like a server with an index on time, in a few microseconds."""
        nonlocal requests
        requests += 1
        assert query.start is not None
        assert query.end is not None
        low = bisect.bisect_left(times, query.start)  # type: ignore[arg-type]
        high = bisect.bisect_right(times, query.end)  # type: ignore[arg-type]
        page = by_time[max(low, high - query.topn) : high][::-1]
        return SearchResult(page, may_be_truncated=len(page) >= query.topn)

    period = SearchQuery(start=START, end=START + timedelta(seconds=READS * 7 + 10))

    def windowed() -> None:
        # Not asyncio.run: on return it formats the finished task, which here means
        # the repr of 100,000 records and seconds that the app never spends.
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(
                search_windowed(
                    fetch,
                    period,
                    limit=READS,
                    request_topn=10_000,
                    time_of=record_time,
                    span_of=record_span,
                )
            )
        finally:
            loop.close()

    report("split the period into windows, all steps added", measure(1, windowed), "event loop")
    print(f"(the windowed search needed {requests} requests of at most 10,000 reads)")
    app.quit()


if __name__ == "__main__":
    main()
