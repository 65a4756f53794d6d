"""Every search mode, look-alike, wildcard and windowed searches against the demo server."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from alprdesk.scout import AlertHit, Candidate, PlateGroup, ScoutClient, SearchKind, SearchQuery
from alprdesk.search.engine import SearchEngine
from alprdesk.search.lookalike import are_lookalikes
from alprdesk.search.request import SearchRequest
from alprdesk.search.resolver import GroupResolver, Resolution

NOW = datetime.now(UTC)
WEEK = SearchQuery(start=NOW - timedelta(days=8), end=NOW + timedelta(minutes=5), topn=5000)


@pytest.fixture
async def engine(client: ScoutClient) -> SearchEngine:
    resolved: list[Resolution] = []
    return SearchEngine(client, GroupResolver(client, resolved.append))


def request(kind: SearchKind = SearchKind.PLATES, **changes: object) -> SearchRequest:
    query_changes = {key: changes.pop(key) for key in ("plate", "topn", "order") if key in changes}
    return SearchRequest(kind, dataclasses.replace(WEEK, **query_changes), **changes)  # type: ignore[arg-type]


async def lookalike_hit(client: ScoutClient) -> tuple[AlertHit, PlateGroup]:
    hits = (await client.search_alerts(WEEK)).records
    for hit in hits:
        assert hit.plate_group_id is not None
        group = await client.plate_group(hit.plate_group_id)
        if group.best_plate != hit.plate:
            return hit, group
    raise AssertionError("the demo data set has no look-alike hit")


async def test_each_mode_returns_its_own_records(engine: SearchEngine) -> None:
    for kind, record_type in (
        (SearchKind.PLATES, PlateGroup),
        (SearchKind.CANDIDATES, Candidate),
        (SearchKind.ALERTS, AlertHit),
    ):
        outcome = await engine.run(request(kind))
        assert outcome.rows, kind
        assert all(isinstance(row.record, record_type) for row in outcome.rows)
        assert outcome.complete
        assert outcome.method == "exact"
        times = [row.time for row in outcome.rows]
        assert times == sorted(times, reverse=True)  # type: ignore[type-var]


async def test_lookalike_search_finds_the_misread_hit(
    engine: SearchEngine, client: ScoutClient
) -> None:
    hit, group = await lookalike_hit(client)

    plain = await engine.run(request(plate=hit.plate))
    assert group.id not in {row.record.id for row in plain.rows}

    outcome = await engine.run(request(plate=hit.plate, include_lookalikes=True))
    assert outcome.method == "variants"
    rows = {row.record.id: row for row in outcome.rows}
    assert group.id in rows
    row = rows[group.id]
    assert row.plate_match is not None
    assert not row.plate_match.is_exact
    position = next(
        index
        for index, (typed, read) in enumerate(zip(hit.plate, group.best_plate, strict=True))
        if typed != read
    )
    assert are_lookalikes(hit.plate[position], group.best_plate[position])
    assert row.explanation().startswith(
        f"position {position + 1}: {hit.plate[position]} read as {group.best_plate[position]}"
    )
    # The candidate reading that equals the hot-list plate ranks the read as exact.
    assert row.match is not None
    assert row.match.via_candidate
    assert row.match.is_exact
    assert row.explanation().endswith(f"candidate reading {hit.plate} matches")
    # Exact reads rank above the look-alike one.
    similarities = [row.match.similarity for row in outcome.rows if row.match]
    assert similarities == sorted(similarities, reverse=True)


async def test_lookalike_candidates_lead_to_their_plate_group(
    engine: SearchEngine, client: ScoutClient
) -> None:
    hit, group = await lookalike_hit(client)
    candidates = (
        await client.search_candidates(dataclasses.replace(WEEK, plate=hit.plate))
    ).records
    assert group.id in {candidate.plate_group_id for candidate in candidates}

    outcome = await engine.run(request(plate=group.best_plate, include_lookalikes=True, topn=5000))
    rows = {row.record.id: row for row in outcome.rows}
    assert rows[group.id].match is not None
    assert rows[group.id].match.is_exact  # type: ignore[union-attr]


async def test_wildcards_match_within_the_period(engine: SearchEngine, client: ScoutClient) -> None:
    everything = (await client.search_plates(WEEK)).records
    prefix = everything[0].plate[:2]
    outcome = await engine.run(request(plate=f"{prefix}*"))
    expected = {read.id for read in everything if read.plate.startswith(prefix)}
    assert outcome.method == "period"
    assert {row.record.id for row in outcome.rows} == expected
    assert outcome.complete

    plate = everything[0].plate
    single = await engine.run(request(plate=plate[:-1] + "?"))
    assert everything[0].id in {row.record.id for row in single.rows}
    assert all(len(row.record.plate) == len(plate) for row in single.rows)


async def test_long_period_split_into_windows(client: ScoutClient) -> None:
    everything = (await client.search_plates(WEEK)).records
    assert 100 < len(everything) < WEEK.topn
    engine = SearchEngine(client, GroupResolver(client, lambda _r: None), request_topn=60)
    progress: list[float] = []

    outcome = await engine.run(request(), lambda _text, share: progress.append(share))

    assert outcome.complete
    assert outcome.requests > len(everything) // 60
    assert [row.record.id for row in outcome.rows] == [read.id for read in everything]
    assert progress[-1] == pytest.approx(1.0)

    truncated = await engine.run(request(topn=100))
    assert not truncated.complete
    assert truncated.truncated
    assert [row.record.id for row in truncated.rows] == [read.id for read in everything[:100]]
    assert "truncated at 100," in truncated.summary()


async def test_alert_list_filter_by_name_or_id(engine: SearchEngine) -> None:
    every = await engine.run(request(SearchKind.ALERTS))
    lists = {(row.record.alert_group, row.record.alert_group_name) for row in every.rows}  # type: ignore[union-attr]
    assert len(lists) == 2
    list_id, name = sorted(lists)[0]
    by_name = await engine.run(request(SearchKind.ALERTS, alert_list=name.upper()))
    by_id = await engine.run(request(SearchKind.ALERTS, alert_list=str(list_id)))
    assert by_name.rows
    assert [row.record.id for row in by_name.rows] == [row.record.id for row in by_id.rows]
    assert by_name.filtered_out == len(every.rows) - len(by_name.rows)


async def test_minimum_confidence_leaves_out_weaker_reads(engine: SearchEngine) -> None:
    every = await engine.run(request())
    confident = await engine.run(request(min_confidence=90.0))
    assert 0 < len(confident.rows) < len(every.rows)
    assert all(row.confidence is None or row.confidence >= 90.0 for row in confident.rows)
    assert "left out by the minimum confidence" in confident.summary()


async def test_repeated_reads_fold_into_one_row(engine: SearchEngine) -> None:
    every = await engine.run(request())
    folded = await engine.run(request(group_gap=timedelta(seconds=60)))
    assert len(folded.rows) < len(every.rows)
    repeated = [row for row in folded.rows if row.repeats > 1]
    assert repeated
    for row in repeated:
        plates = {read.plate for read in row.reads}
        assert len(plates) == 1
        assert sum(r.repeats for r in folded.rows) == len(every.rows)
