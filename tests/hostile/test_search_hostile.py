"""Search attacks: window splitting, look-alikes, wildcards, the resolver and filters.

Every search runs through the real ``ScoutClient`` and ``SearchEngine`` against
``MockScout``, which misbehaves the ways real Scout servers do.
"""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from alprdesk.scout import (
    AlertHit,
    BadRequestError,
    PlateGroup,
    QueryError,
    RequestTimeoutError,
    ScoutClient,
    ScoutError,
    SearchKind,
    SearchQuery,
    ServerError,
)
from alprdesk.search import engine as engine_module
from alprdesk.search import windows as windows_module
from alprdesk.search.engine import SearchEngine
from alprdesk.search.outcome import SearchOutcome
from alprdesk.search.request import SearchRequest
from alprdesk.search.resolver import GroupResolver, Resolution
from tests.hostile.hostile_servers import API_KEY, has_control_characters
from tests.hostile.search_mock import (
    REQUEST_BUDGET,
    MockScout,
    alert_record,
    candidate_record,
    iso,
    plate_record,
)

START = datetime(2026, 11, 1, tzinfo=UTC)
END = START + timedelta(days=1)


def request(
    kind: SearchKind = SearchKind.PLATES,
    plate: str = "",
    *,
    topn: int = 20,
    order: str = "desc",
    **options: Any,
) -> SearchRequest:
    query = SearchQuery(start=START, end=END, plate=plate, topn=topn, order=order)
    return SearchRequest(kind, query, **options)


def engine_for(client: ScoutClient, request_topn: int = 5) -> SearchEngine:
    resolved: list[Resolution] = []
    return SearchEngine(client, GroupResolver(client, resolved.append), request_topn=request_topn)


async def run_search(
    server: MockScout, search: SearchRequest, request_topn: int = 5
) -> SearchOutcome:
    async with server.client() as client:
        return await engine_for(client, request_topn).run(search)


def spread_reads(count: int, plate: str = "AB{index:04d}") -> list[dict[str, Any]]:
    """Return ``count`` plate reads spread evenly over the period, ids 1 to ``count``."""
    step = (END - START) / (count + 1)
    return [
        plate_record(index, plate.format(index=index), START + step * index)
        for index in range(1, count + 1)
    ]


def ids(outcome: SearchOutcome) -> list[int]:
    return [row.record.id for row in outcome.rows]


def window_of(search: httpx.Request) -> tuple[datetime, datetime]:
    return (
        datetime.fromisoformat(search.url.params["start"]),
        datetime.fromisoformat(search.url.params["end"]),
    )


# Window splitting


async def test_window_ignoring_server_is_bounded() -> None:
    # The server returns the same five reads, a month before the period, for every window.
    stale = START - timedelta(days=30)
    server = MockScout(
        plates=[plate_record(index, f"AB{index:04d}", stale) for index in range(1, 6)],
        honor_window=False,
    )

    outcome = await run_search(server, request(topn=50))

    assert server.requests <= REQUEST_BUDGET
    assert not outcome.complete
    assert "The result is complete." not in outcome.summary()


async def test_server_filtering_on_end_time_loses_nothing() -> None:
    # Which read time a server's window filters plate groups on is unconfirmed,
    # and this server filters on the end time. Each group lasts ten seconds and
    # they overlap, so window boundaries cut through them.
    first = START + timedelta(hours=3)
    reads = []
    for index in range(1, 25):
        begin = first + timedelta(seconds=5 * index)
        reads.append(
            plate_record(
                index,
                f"AB{index:04d}",
                begin,
                epoch_time_end=iso(begin + timedelta(seconds=10)),
            )
        )
    server = MockScout(plates=reads, window_field="epoch_time_end")

    outcome = await run_search(server, request(topn=100))

    assert sorted(ids(outcome)) == list(range(1, 25))
    assert outcome.complete
    assert "outside the period" not in outcome.summary()


async def test_ignored_window_inside_period_summary() -> None:
    # Every read lies in the period, but each response contains the newest five
    # reads of the whole period, whatever window was requested.
    server = MockScout(plates=spread_reads(30), honor_window=False)

    outcome = await run_search(server, request(topn=100))

    assert not outcome.complete
    assert len(server.search_requests) < 50
    # The windows cut short were hours long, so "a few seconds" blames dense traffic.
    assert "of a few seconds" not in outcome.summary()


async def test_lookalike_search_bounded_for_ignoring_server() -> None:
    # Every response is full of reads without times, whatever the window or
    # spelling. Nothing shows that the window was ignored, so only a request cap ends it.
    def timeless_answer(
        search: httpx.Request, kind: SearchKind, _items: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        count = int(search.url.params["topn"])
        if kind is SearchKind.PLATES:
            return [plate_record(index, "AB1234", None) for index in range(1, count + 1)]
        return [
            candidate_record(500 + index, "AB1234", None, group=index)
            for index in range(1, count + 1)
        ]

    server = MockScout(
        honor_window=False, search_hook=timeless_answer, budget=2 * windows_module.MAX_REQUESTS
    )

    outcome = await run_search(server, request(plate="AB1234", include_lookalikes=True))

    assert server.requests <= 2 * windows_module.MAX_REQUESTS
    assert not outcome.complete


async def test_records_outside_period_kept_and_named() -> None:
    # Times without an offset may be the server's local time, so a record that
    # looks outside the period is shown as sent and counted, never dropped.
    inside = spread_reads(3)
    outside = [
        plate_record(90, "OLD0001", START - timedelta(days=400)),
        plate_record(91, "NEW0001", END + timedelta(days=2)),
    ]
    server = MockScout(plates=inside + outside, honor_window=False)

    outcome = await run_search(server, request(topn=50), request_topn=1000)

    assert len(server.search_requests) == 1
    assert sorted(ids(outcome)) == [1, 2, 3, 90, 91]
    assert outcome.outside_period == 2
    assert "2 records the server sent carry times outside the period" in outcome.summary()


async def test_timeless_record_in_every_window_kept_once() -> None:
    timeless = plate_record(77, "NOTIME1", None)

    def add_timeless(
        _request: httpx.Request, _kind: SearchKind, items: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        return [*items, timeless]

    server = MockScout(plates=spread_reads(12), search_hook=add_timeless)

    outcome = await run_search(server, request(topn=50))

    assert len(server.search_requests) > 1
    assert ids(outcome).count(77) == 1
    assert ids(outcome)[-1] == 77
    assert sorted(ids(outcome)) == [*range(1, 13), 77]


async def test_topn_ignored_rows_unique_and_newest() -> None:
    server = MockScout(plates=spread_reads(40), honor_topn=False)

    outcome = await run_search(server, request(topn=10))

    assert ids(outcome) == list(range(40, 30, -1))
    assert outcome.truncated
    assert not outcome.complete
    assert "Max results (10) reached" in outcome.summary()


async def test_topn_ignored_complete_period_found() -> None:
    server = MockScout(plates=spread_reads(12), honor_topn=False)

    outcome = await run_search(server, request(topn=50))

    assert ids(outcome) == list(range(12, 0, -1))
    assert outcome.complete
    assert outcome.summary().endswith("The result is complete.")


async def test_dense_server_stops_at_limit() -> None:
    # Every response contains exactly topn new reads inside the window, down to
    # the smallest window. This is a burst the server can never page through.
    fresh_ids = itertools.count(1000)

    def always_full(
        search: httpx.Request, _kind: SearchKind, _items: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        start, end = window_of(search)
        count = int(search.url.params["topn"])
        middle = start + (end - start) / 2
        return [plate_record(next(fresh_ids), "AB1234", middle) for _ in range(count)]

    server = MockScout(search_hook=always_full)

    outcome = await run_search(server, request(topn=30))

    assert server.requests <= REQUEST_BUDGET
    assert len(outcome.rows) == 30
    assert len(set(ids(outcome))) == 30
    assert not outcome.complete
    assert outcome.dense_windows >= 1
    summary = outcome.summary()
    assert "Max results (30) reached" in summary
    assert "held more reads than one answer can carry" in summary
    for search in server.search_requests:
        start, end = window_of(search)
        assert end - start >= timedelta(seconds=1)


async def test_same_id_different_content_kept_once() -> None:
    # Read 7 comes back in every window, each time with another plate and time.
    versions = itertools.count()

    def repeat_seven(
        search: httpx.Request, _kind: SearchKind, items: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        start, _end = window_of(search)
        version = next(versions)
        return [*items, plate_record(7, f"ZZ{version:04d}", start + timedelta(seconds=1))]

    server = MockScout(plates=spread_reads(20), search_hook=repeat_seven)

    outcome = await run_search(server, request(topn=100))

    assert len(server.search_requests) > 2
    assert ids(outcome).count(7) == 1
    assert len(ids(outcome)) == len(set(ids(outcome)))
    assert outcome.complete


async def test_ascending_answer_to_descending_request() -> None:
    server = MockScout(plates=spread_reads(30), answer_order="asc")

    outcome = await run_search(server, request(topn=10, order="desc"))

    assert ids(outcome) == list(range(30, 20, -1))


async def test_naive_and_offset_times_sorted_as_instants() -> None:
    server = MockScout(
        plates=[
            plate_record(1, "AB0001", None, epoch_time_start="2026-11-01T10:00:00"),
            plate_record(2, "AB0002", None, epoch_time_start="2026-11-01T11:30:00+02:00"),
            plate_record(3, "AB0003", None, epoch_time_start="2026-11-01T09:45:00.123456Z"),
            plate_record(4, "AB0004", None, epoch_time_start="2026-11-01T09:59:59.5-00:30"),
        ]
    )

    outcome = await run_search(server, request(topn=50))

    # In UTC: 1 is 10:00, 2 is 09:30, 3 is 09:45 and 4 is 10:29:59.5.
    assert ids(outcome) == [4, 1, 3, 2]
    assert all(row.time is not None and row.time.tzinfo is not None for row in outcome.rows)


ERRORS: list[tuple[str, type[ScoutError]]] = [
    ("400", BadRequestError),
    ("500", ServerError),
    ("timeout", RequestTimeoutError),
]
MODES = {
    "exact": request(topn=50),
    "variants": request(plate="AB1234", topn=50, include_lookalikes=True),
    "period": request(plate="AB*", topn=50, include_lookalikes=True),
}


@pytest.mark.parametrize(("failure", "expected"), ERRORS, ids=[name for name, _ in ERRORS])
@pytest.mark.parametrize("mode", list(MODES))
async def test_error_mid_split_raises_scout_error(
    failure: str, expected: type[ScoutError], mode: str
) -> None:
    async def fail_third(search: httpx.Request) -> httpx.Response | None:
        if len(server.search_requests) != 3:
            return None
        if failure == "timeout":
            raise httpx.ReadTimeout("read timed out", request=search)
        if failure == "400":
            return httpx.Response(400, text="Invalid parameter: start")
        return httpx.Response(500, text="Internal Server Error")

    server = MockScout(plates=spread_reads(40, plate="AB1234"), override=fail_third)

    with pytest.raises(ScoutError) as caught:
        await run_search(server, MODES[mode])

    assert type(caught.value) is expected
    assert not isinstance(caught.value, BaseExceptionGroup)
    assert server.running == 0
    if failure == "400":
        assert "Invalid parameter: start" in caught.value.message
    assert API_KEY not in str(caught.value)


@pytest.mark.parametrize("mode", list(MODES))
async def test_cancel_stops_requests_promptly(mode: str) -> None:
    # The server ignores the window, so only cancelling ends this search.
    tenth_request = asyncio.Event()

    async def count(_request: httpx.Request) -> None:
        await asyncio.sleep(0)
        if server.requests >= 10:
            tenth_request.set()

    server = MockScout(
        plates=[plate_record(index, "AB1234", START) for index in range(1, 6)],
        honor_window=False,
        hold=count,
    )
    async with server.client() as client:
        task = asyncio.ensure_future(engine_for(client).run(MODES[mode]))
        await tenth_request.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        sent = server.requests
        for _ in range(50):
            await asyncio.sleep(0)

    assert server.requests == sent
    assert server.running == 0


async def test_scan_limit_summary_is_honest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "SCAN_LIMIT", 20)
    reads = spread_reads(60, plate="XY{index:04d}")
    for index in (55, 58, 59):
        reads[index - 1]["fields"]["best_plate"] = f"AB{index:04d}"
    server = MockScout(plates=reads)

    outcome = await run_search(server, request(plate="AB*", topn=10))

    assert outcome.method == "period"
    assert len(outcome.rows) < 10
    assert not outcome.complete
    # Only a few rows are shown, so "truncated at 10" would be false.
    assert "truncated at 10" not in outcome.summary()


# Look-alikes and wildcards


async def test_typed_separators_and_case_normalized() -> None:
    server = MockScout(plates=spread_reads(5, plate="AB1234"))

    outcome = await run_search(server, request(plate="ab-12 34"))

    assert {search.url.params["plate"] for search in server.search_requests} == {"AB1234"}
    assert len(outcome.rows) == 5


@pytest.mark.parametrize(
    "typed",
    [
        "AB\u200b1234",  # zero-width space
        "\ufeffAB1234",  # byte order mark pasted from a file
        "AB\u00ad1234",  # soft hyphen
        "AB\x001234",  # NUL
        "AB\x1b1234",  # escape
        "AB\u00a01234",  # no-break space
    ],
    ids=["zero-width", "bom", "soft-hyphen", "nul", "escape", "no-break-space"],
)
async def test_invisible_characters_in_typed_plate(typed: str) -> None:
    server = MockScout(plates=spread_reads(3, plate="AB1234"))

    rejected: QueryError | None = None
    try:
        outcome = await run_search(server, request(plate=typed))
    except QueryError as exc:
        rejected = exc
    if rejected is not None:
        assert rejected.field == "plate"
        assert server.requests == 0
        return

    sent = {search.url.params["plate"] for search in server.search_requests}
    assert sent == {"AB1234"}
    assert len(outcome.rows) == 3


async def test_lookalike_only_plate_scans_period() -> None:
    server = MockScout(
        plates=[
            plate_record(1, "0O0O0O", START + timedelta(hours=1)),
            plate_record(2, "DQ0O00", START + timedelta(hours=2)),
            plate_record(3, "OOOOOO", START + timedelta(hours=3)),
            plate_record(4, "0O0O0", START + timedelta(hours=4)),
            plate_record(5, "X00000", START + timedelta(hours=5)),
            plate_record(6, "ZZ9999", START + timedelta(hours=6)),
        ],
        candidates=[candidate_record(50, "Q0Q0Q0", START + timedelta(hours=6), group=6)],
    )

    outcome = await run_search(
        server, request(plate="0O0O0O", include_lookalikes=True), request_topn=1000
    )

    assert outcome.method == "period"
    assert len(server.search_requests) == 2
    assert all("plate" not in search.url.params for search in server.search_requests)
    assert ids(outcome)[0] == 1
    assert sorted(ids(outcome)) == [1, 2, 3, 6]
    by_id = {row.record.id: row for row in outcome.rows}
    assert by_id[1].explanation() == "exact"
    assert "position 1: 0 read as D" in by_id[2].explanation()
    assert "candidate reading Q0Q0Q0" in by_id[6].explanation()
    assert "best reading ZZ9999" in by_id[6].explanation()


async def test_empty_plate_with_lookalikes_is_plain() -> None:
    server = MockScout(plates=spread_reads(4))

    outcome = await run_search(server, request(plate=" - ", include_lookalikes=True))

    assert outcome.method == "exact"
    assert len(server.search_requests) == 1
    assert all(search.url.params["order"] == "desc" for search in server.search_requests)
    assert ids(outcome) == [4, 3, 2, 1]
    assert "Look-alike" not in outcome.summary()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("*", [1, 2, 3, 4]), ("**", [1, 2, 3, 4]), ("?", [2]), ("??", [3]), ("*?*", [1, 2, 3, 4])],
)
async def test_bare_wildcards(typed: str, expected: list[int]) -> None:
    server = MockScout(
        plates=[
            plate_record(1, "AB1234", START + timedelta(hours=1)),
            plate_record(2, "A", START + timedelta(hours=2)),
            plate_record(3, "AB", START + timedelta(hours=3)),
            plate_record(4, "0123", START + timedelta(hours=4)),
        ]
    )

    outcome = await run_search(server, request(plate=typed), request_topn=1000)

    assert outcome.method == "period"
    assert sorted(ids(outcome)) == expected


async def test_wildcard_match_not_called_exact() -> None:
    server = MockScout(plates=[plate_record(1, "AB9999", START + timedelta(hours=1))])

    outcome = await run_search(server, request(plate="AB*"), request_topn=1000)

    assert ids(outcome) == [1]
    # AB9999 only fits the pattern AB*, so calling it "exact" misleads the reader.
    assert outcome.rows[0].explanation() != "exact"


@pytest.mark.parametrize("typed", ["A.B1", "A[B1", "A(B1", "A\\B1", "A^B1", "A$B1", "A|B1", "A+B1"])
@pytest.mark.parametrize("lookalikes", [False, True], ids=["plain", "lookalikes"])
async def test_regex_metacharacters_are_rejected(typed: str, lookalikes: bool) -> None:
    # No plate contains these characters, so the typed plate is rejected with a
    # reason rather than searched for nothing; nothing reaches the server.
    server = MockScout(plates=[plate_record(1, typed, START + timedelta(hours=1))])

    with pytest.raises(QueryError) as caught:
        await run_search(
            server, request(plate=typed + "*", include_lookalikes=lookalikes), request_topn=1000
        )

    assert caught.value.field == "plate"
    assert "letters, digits" in caught.value.message
    assert server.search_requests == []


async def test_server_plates_with_control_characters() -> None:
    server = MockScout(
        plates=[
            plate_record(1, "ab\t1234", START + timedelta(hours=1)),
            plate_record(2, "AB\x001234", START + timedelta(hours=2)),
            plate_record(3, "AB\x1b[2J1234", START + timedelta(hours=3)),
            plate_record(4, "ÄB1234", START + timedelta(hours=4)),
        ]
    )

    outcome = await run_search(server, request(plate="AB12*"), request_topn=1000)

    assert sorted(ids(outcome)) == [1, 2]
    for row in outcome.rows:
        assert not has_control_characters(row.record.plate)
        assert not has_control_characters(row.explanation())


async def test_unresolvable_candidates_make_result_incomplete() -> None:
    async def wrong_group(request: httpx.Request) -> httpx.Response | None:
        if request.url.path.endswith("/platecandidate/3"):
            body = plate_record(4, "AB1234", START + timedelta(hours=1))
            return httpx.Response(200, json=body)
        return None

    server = MockScout(
        plates=[plate_record(1, "AB1234", START + timedelta(hours=1))],
        candidates=[
            candidate_record(20, "AB1234", START + timedelta(hours=2), group=2),  # 404
            candidate_record(21, "AB1234", START + timedelta(hours=3), group=None),
            candidate_record(22, "AB1234", START + timedelta(hours=4), group=3),  # id 4
        ],
        override=wrong_group,
    )

    outcome = await run_search(server, request(plate="AB1234", include_lookalikes=True))

    assert ids(outcome) == [1]
    assert sorted(set(server.detail_requests)) == [2, 3]
    # Two matching readings lead to reads that could not be fetched.
    assert not outcome.complete
    assert "The result is complete." not in outcome.summary()


async def test_ranking_exact_candidate_then_lookalikes() -> None:
    server = MockScout(
        plates=[
            plate_record(1, "AB1234", START + timedelta(hours=1)),
            plate_record(2, "A81234", START + timedelta(hours=2)),
            plate_record(3, "A8I234", START + timedelta(hours=3)),
            plate_record(4, "XX0000", START + timedelta(hours=4)),
        ],
        candidates=[candidate_record(40, "AB1234", START + timedelta(hours=4), group=4)],
    )

    outcome = await run_search(server, request(plate="AB1234", include_lookalikes=True))

    assert outcome.method == "variants"
    assert ids(outcome) == [1, 4, 2, 3]
    explanations = [row.explanation() for row in outcome.rows]
    assert explanations[0] == "exact"
    assert explanations[1] == "candidate reading AB1234 matches; best reading XX0000"
    assert explanations[2] == "position 2: B read as 8"
    assert explanations[3] == "position 2: B read as 8; position 3: 1 read as I"
    assert "Look-alike spellings and candidate readings included." in outcome.summary()


# Resolver


def resolver_with(server: MockScout, client: ScoutClient) -> tuple[GroupResolver, list[Resolution]]:
    seen: list[Resolution] = []
    return GroupResolver(client, seen.append), seen


async def spin(steps: int = 50) -> None:
    for _ in range(steps):
        await asyncio.sleep(0)


async def test_flood_of_ids_keeps_four_in_flight() -> None:
    release = asyncio.Event()

    async def wait_for_release(_request: httpx.Request) -> None:
        await release.wait()

    server = MockScout(plates=spread_reads(300), hold=wait_for_release)
    async with server.client() as client:
        resolver, seen = resolver_with(server, client)
        resolver.want(range(1, 201))
        await spin()
        assert server.max_running_details == 4
        assert resolver.pending == 200

        # A new search: the old ids are dropped and their requests cancelled.
        resolver.clear()
        await spin()
        assert server.cancelled_details == 4
        assert server.running_details == 0
        resolver.want([250, 251])
        await spin()
        release.set()
        await resolver.wait_idle()

    assert sorted(resolution.group_id for resolution in seen) == [250, 251]
    assert all(resolution.group is not None for resolution in seen)
    assert server.max_running_details == 4


async def test_want_and_fetch_many_share_the_limit() -> None:
    release = asyncio.Event()

    async def wait_for_release(_request: httpx.Request) -> None:
        await release.wait()

    server = MockScout(plates=spread_reads(60), hold=wait_for_release)
    async with server.client() as client:
        resolver, _seen = resolver_with(server, client)
        resolver.want(range(1, 21))
        fetching = asyncio.ensure_future(resolver.fetch_many(list(range(21, 41))))
        await spin()
        in_flight = server.running_details
        release.set()
        await fetching
        await resolver.wait_idle()

    assert in_flight <= 4
    assert server.max_running_details <= 4


BAD_DETAILS = {
    "html": httpx.Response(200, html="<html><body>Log in</body></html>"),
    "invalid-json": httpx.Response(200, text="{not json"),
    "list": httpx.Response(200, json=[{"pk": 5, "fields": {}}]),
    "null": httpx.Response(200, json=None),
    "string-id": httpx.Response(200, json={"pk": "five", "fields": {}}),
}


@pytest.mark.parametrize("body", list(BAD_DETAILS))
async def test_bad_detail_cached_until_retry(body: str) -> None:
    broken = True

    async def bad_detail(_request: httpx.Request) -> httpx.Response | None:
        return BAD_DETAILS[body] if broken else None

    server = MockScout(plates=spread_reads(5), override=bad_detail)
    async with server.client() as client:
        resolver, seen = resolver_with(server, client)
        resolver.want([5])
        await resolver.wait_idle()
        failed = seen[-1]
        assert failed.group is None
        assert failed.retryable
        assert failed.problem
        assert API_KEY not in failed.problem

        # Scrolling past the row again reports the cached failure without a request.
        resolver.want([5])
        await resolver.wait_idle()
        assert server.detail_requests == [5]
        assert seen[-1] == failed

        broken = False
        resolver.retry(5)
        await resolver.wait_idle()

    assert server.detail_requests == [5, 5]
    assert isinstance(seen[-1].group, PlateGroup)
    assert seen[-1].group.id == 5


async def test_fetch_many_retries_after_failure() -> None:
    broken = True

    async def failing(_request: httpx.Request) -> httpx.Response | None:
        return httpx.Response(502, text="Bad gateway") if broken else None

    server = MockScout(plates=spread_reads(3), override=failing)
    async with server.client() as client:
        resolver, _seen = resolver_with(server, client)
        first = await resolver.fetch_many([1, 2, 2, 1])
        broken = False
        second = await resolver.fetch_many([1, 2])

    assert all(resolution.group is None for resolution in first.values())
    assert all(resolution.group is not None for resolution in second.values())
    assert sorted(server.detail_requests) == [1, 1, 2, 2]


# Filters and folding


async def test_confidence_filter_reads_text_numbers() -> None:
    server = MockScout(
        plates=[
            plate_record(1, "AB0001", START + timedelta(hours=1), best_confidence="87,5"),
            plate_record(2, "AB0002", START + timedelta(hours=2), best_confidence="12.0"),
            plate_record(3, "AB0003", START + timedelta(hours=3), best_confidence=None),
            plate_record(4, "AB0004", START + timedelta(hours=4), best_confidence="n/a"),
            plate_record(5, "AB0005", START + timedelta(hours=5), best_confidence=95),
            plate_record(6, "AB0006", START + timedelta(hours=6), best_confidence=" 50 "),
        ]
    )

    outcome = await run_search(server, request(min_confidence=50.0))

    assert 2 not in ids(outcome)
    assert {1, 5, 6} <= set(ids(outcome))
    assert outcome.filtered_out == 1
    assert "1 left out by the minimum confidence." in outcome.summary()


HITS = [
    alert_record(1, "AB0001", START + timedelta(hours=1), group=101),
    alert_record(
        2, "AB0002", START + timedelta(hours=2), group=102,
        alert_group=" 12 ", alert_group_name="  STOLEN VEHICLES ",
    ),
    alert_record(
        3, "AB0003", START + timedelta(hours=3), group=103,
        alert_group="13", alert_group_name="Wanted",
    ),
    alert_record(
        4, "AB0004", START + timedelta(hours=4), group=None,
        alert_group=None, alert_group_name=None,
    ),
    alert_record(
        5, "AB0005", START + timedelta(hours=5), group=105,
        alert_group=12.0, alert_group_name="Stolen\tvehicles",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ("12", [5, 2, 1]),
        (" 12 ", [5, 2, 1]),
        ("stolen vehicles", [5, 2, 1]),
        ("  Stolen Vehicles  ", [5, 2, 1]),
        ("13", [3]),
        ("wanted", [3]),
        ("99", []),
    ],
)
async def test_alert_list_filter_odd_values(wanted: str, expected: list[int]) -> None:
    server = MockScout(alerts=HITS)

    outcome = await run_search(server, request(SearchKind.ALERTS, alert_list=wanted))

    assert ids(outcome) == expected
    assert all(isinstance(row.record, AlertHit) for row in outcome.rows)


@pytest.mark.parametrize("wanted", ["²", "¹²", "٣"])
async def test_alert_list_filter_unicode_digits(wanted: str) -> None:
    server = MockScout(alerts=HITS)

    outcome = await run_search(server, request(SearchKind.ALERTS, alert_list=wanted))

    assert ids(outcome) == []
    assert outcome.filtered_out == len(HITS)


async def test_folding_odd_times_and_cameras() -> None:
    first = START + timedelta(hours=1)
    timeless = plate_record(4, "AB1234", None, camera=3)

    def add_timeless(
        _request: httpx.Request, _kind: SearchKind, items: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        return [*items, timeless]

    server = MockScout(
        plates=[
            plate_record(1, "AB1234", first, camera=3),
            plate_record(2, "AB1234", first + timedelta(seconds=30), camera="3"),
            plate_record(3, "AB1234", first + timedelta(seconds=80), camera=" 3 "),
            plate_record(5, "AB1234", first + timedelta(seconds=100), camera=4),
            plate_record(6, "AB1234", first + timedelta(hours=2), camera=3),
        ],
        search_hook=add_timeless,
    )

    outcome = await run_search(server, request(group_gap=timedelta(seconds=60)))

    rows = {row.record.id: row for row in outcome.rows}
    assert sorted(rows) == [3, 4, 5, 6]
    assert sorted(read.id for read in rows[3].reads) == [1, 2, 3]
    assert rows[4].repeats == 1
    assert rows[5].repeats == 1
    assert rows[6].repeats == 1
    assert "(6 reads, repeats folded)" in outcome.summary()


async def test_variant_searches_share_the_record_budget() -> None:
    # The server returns the same reads for every spelling, and they are counted once.
    reads = [plate_record(index, "AB1234", START + timedelta(hours=index)) for index in (1, 2, 3)]

    def same_for_every_spelling(
        _request: httpx.Request, _kind: SearchKind, _items: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        return list(reads) if _kind is SearchKind.PLATES else []

    server = MockScout(search_hook=same_for_every_spelling)

    outcome = await run_search(server, request(plate="AB1234", include_lookalikes=True))

    assert ids(outcome) == [3, 2, 1]
    assert outcome.complete
