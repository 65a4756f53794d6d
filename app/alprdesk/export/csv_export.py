"""Headless export of a search to ``results.csv`` and, optionally, plate crops."""

from __future__ import annotations

import asyncio
import csv
import logging
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alprdesk.plate_images import AGENT_OFFLINE, CropOutcome, fetch_plate_crop
from alprdesk.redaction import redact
from alprdesk.scout import (
    AlertHit,
    Candidate,
    NotFoundError,
    PlateGroup,
    ScoutClient,
    ScoutError,
    SearchKind,
    SearchQuery,
    SearchResult,
)
from alprdesk.search.rows import record_span, record_time
from alprdesk.search.tasks import run_all
from alprdesk.search.windows import search_windowed

logger = logging.getLogger(__name__)

COLUMNS = (
    "id",
    "plate_group_id",
    "plate",
    "confidence",
    "first_seen",
    "last_seen",
    "site",
    "camera",
    "camera_id",
    "agent_uid",
    "image_uuid",
    "alert_list",
    "description",
    "crop_file",
    "crop_x",
    "crop_y",
    "crop_width",
    "crop_height",
    "crop_note",
)
CROPS_FOLDER = "crops"
MAX_CONCURRENT_REQUESTS = 4
# Images of an agent that failed this often are not requested again, because
# each request to an offline agent can take the whole image timeout.
OFFLINE_AGENT_SKIP_AFTER = 3
# Spreadsheet programs run cells that start with these as formulas.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportSummary:
    rows: int
    crops_written: int
    crops_missing: int
    rejected: int
    may_be_truncated: bool
    csv_path: Path
    reached_topn: bool = False


async def export_search(
    client: ScoutClient,
    kind: SearchKind,
    query: SearchQuery,
    out_dir: Path,
    *,
    with_crops: bool = False,
    progress: Progress | None = None,
) -> ExportSummary:
    """Run one search and write its records, resolved to their plate groups.

    The period is searched in time windows, as in the window, so ``query.topn``
    caps the rows written rather than one response; records come out once
    each, in time order. Raises ``ScoutError`` when the search itself fails. A
    record whose plate group or image cannot be had is written with the reason
    in ``crop_note``.
    """

    async def fetch(window: SearchQuery) -> SearchResult[Any]:
        return await client.search(kind, window)

    result = await search_windowed(
        fetch, query, limit=query.topn, time_of=record_time, span_of=record_span
    )
    records: list[Any] = result.records
    if not result.complete:
        logger.warning(
            "Search of %s incomplete: topn reached %s, %d dense windows, "
            "%d windows the server ignored, request budget spent %s",
            kind.label,
            result.reached_limit,
            result.dense_windows,
            result.ignored_windows,
            result.gave_up,
        )
    groups = await _resolve_groups(client, records)

    outcomes: dict[int, CropOutcome] = {}
    if with_crops:
        await asyncio.to_thread((out_dir / CROPS_FOLDER).mkdir, parents=True, exist_ok=True)
        outcomes = await _fetch_crops(client, groups, out_dir, progress)

    rows = [_row(record, groups, outcomes, with_crops) for record in records]
    csv_path = out_dir / "results.csv"
    await asyncio.to_thread(_write_csv, csv_path, rows)

    written = sum(1 for outcome in outcomes.values() if outcome.ok)
    logger.info("Exported %d %s to %s", len(rows), kind.label, out_dir)
    return ExportSummary(
        rows=len(rows),
        crops_written=written,
        crops_missing=len(outcomes) - written,
        rejected=result.rejected,
        may_be_truncated=not result.complete,
        reached_topn=result.reached_limit,
        csv_path=csv_path,
    )


async def _resolve_groups(
    client: ScoutClient, records: Iterable[PlateGroup | Candidate | AlertHit]
) -> dict[int, PlateGroup | str]:
    """Map each plate group id to its record, or to the reason it could not be fetched."""
    groups: dict[int, PlateGroup | str] = {}
    wanted: set[int] = set()
    for record in records:
        if isinstance(record, PlateGroup):
            groups[record.id] = record
        elif record.plate_group_id is not None:
            wanted.add(record.plate_group_id)
    wanted -= groups.keys()

    limit = asyncio.Semaphore(MAX_CONCURRENT_REQUESTS)

    async def resolve(group_id: int) -> None:
        async with limit:
            try:
                groups[group_id] = await client.plate_group(group_id)
            except NotFoundError:
                groups[group_id] = "plate group not found on the server"
            except ScoutError as exc:
                groups[group_id] = f"plate group unavailable: {exc.message}"

    await run_all(resolve(group_id) for group_id in sorted(wanted))
    return groups


async def _fetch_crops(
    client: ScoutClient,
    groups: dict[int, PlateGroup | str],
    out_dir: Path,
    progress: Progress | None,
) -> dict[int, CropOutcome]:
    outcomes: dict[int, CropOutcome] = {}
    plate_groups = [group for group in groups.values() if isinstance(group, PlateGroup)]
    limit = asyncio.Semaphore(MAX_CONCURRENT_REQUESTS)
    offline_failures: Counter[str] = Counter()

    async def fetch(group: PlateGroup) -> None:
        async with limit:
            # Checked once a slot is free, so earlier failures are counted.
            failures = offline_failures[group.agent_uid]
            if failures >= OFFLINE_AGENT_SKIP_AFTER:
                outcome = CropOutcome(
                    None, None, f"{AGENT_OFFLINE}; not asked again after {failures} failures"
                )
            else:
                outcome = await fetch_plate_crop(client, group)
                if outcome.reason == AGENT_OFFLINE:
                    offline_failures[group.agent_uid] += 1
        if outcome.image is not None:
            path = out_dir / CROPS_FOLDER / f"{group.id}.jpg"
            await asyncio.to_thread(path.write_bytes, outcome.image.jpeg)
        outcomes[group.id] = outcome
        if progress is not None:
            progress(len(outcomes), len(plate_groups))

    await run_all(fetch(group) for group in plate_groups)
    return outcomes


def _row(
    record: PlateGroup | Candidate | AlertHit,
    groups: dict[int, PlateGroup | str],
    outcomes: dict[int, CropOutcome],
    with_crops: bool,
) -> dict[str, str]:
    group_id = record.id if isinstance(record, PlateGroup) else record.plate_group_id
    group = groups.get(group_id) if group_id is not None else None
    plate_group = group if isinstance(group, PlateGroup) else None

    if isinstance(record, PlateGroup):
        first_seen, last_seen = record.first_seen, record.last_seen
    else:
        first_seen = last_seen = record.epoch_time

    row = {
        "id": str(record.id),
        "plate_group_id": "" if group_id is None else str(group_id),
        "plate": record.plate,
        "confidence": _number(record.confidence),
        "first_seen": _utc(first_seen),
        "last_seen": _utc(last_seen),
        "site": record.site,
        "camera": _text(getattr(record, "camera", None) or _group_value(plate_group, "camera")),
        "camera_id": _text(
            getattr(record, "camera_id", None) or _group_value(plate_group, "camera_id")
        ),
        "agent_uid": record.agent_uid or (plate_group.agent_uid if plate_group else ""),
        "image_uuid": plate_group.best_uuid if plate_group else getattr(record, "uuid", ""),
        "alert_list": record.alert_group_name if isinstance(record, AlertHit) else "",
        "description": record.description if isinstance(record, AlertHit) else "",
    }
    row |= _crop_columns(group_id, group, outcomes, with_crops)
    return {key: _spreadsheet_safe(redact(value)) for key, value in row.items()}


def _crop_columns(
    group_id: int | None,
    group: PlateGroup | str | None,
    outcomes: dict[int, CropOutcome],
    with_crops: bool,
) -> dict[str, str]:
    columns = dict.fromkeys(("crop_file", "crop_x", "crop_y", "crop_width", "crop_height"), "")
    if group_id is None:
        return columns | {"crop_note": "the record names no plate group"}
    if isinstance(group, str) or group is None:
        return columns | {"crop_note": group or "plate group unavailable"}
    if not with_crops:
        return columns | {"crop_note": "crops not requested"}

    outcome = outcomes[group_id]
    if outcome.image is None:
        return columns | {"crop_note": outcome.reason}
    columns["crop_file"] = f"{CROPS_FOLDER}/{group_id}.jpg"
    if outcome.rect is not None:
        columns |= {
            "crop_x": str(outcome.rect.x),
            "crop_y": str(outcome.rect.y),
            "crop_width": str(outcome.rect.width),
            "crop_height": str(outcome.rect.height),
        }
    return columns | {"crop_note": outcome.reason}


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _group_value(group: PlateGroup | None, name: str) -> Any:
    return getattr(group, name, None) if group is not None else None


def _utc(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _spreadsheet_safe(value: str) -> str:
    if value.startswith(_FORMULA_PREFIXES) and not _is_number(value):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
