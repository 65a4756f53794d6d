"""One row of a search result, whatever the search kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from alprdesk.scout import AlertHit, Candidate, PlateGroup, SearchKind
from alprdesk.search.matching import PlateMatch

Record = PlateGroup | Candidate | AlertHit


def record_time(record: Any) -> datetime | None:
    """Return a record's time: a read's first sighting, or a candidate's or hit's time."""
    if isinstance(record, PlateGroup):
        return record.first_seen
    moment = getattr(record, "epoch_time", None)
    return moment if isinstance(moment, datetime) else None


def record_span(record: Any) -> tuple[datetime | None, datetime | None]:
    """Return the first and last moment a record covers: a read's passage, else one moment."""
    if isinstance(record, PlateGroup):
        return record.first_seen, record.last_seen
    moment = record_time(record)
    return moment, moment


def group_id_of(record: Record) -> int | None:
    """Return the id of the plate group a record belongs to."""
    if isinstance(record, PlateGroup):
        return record.id
    return record.plate_group_id


@dataclass(eq=False)
class ResultRow:
    """A record of the search, with its plate group once resolved.

    ``reads`` contains the records folded into this row, the shown one first.
    ``group`` is the record itself for plate reads; for candidates and alert
    hits it arrives later, or ``group_problem`` says why it could not.
    """

    record: Record
    kind: SearchKind
    match: PlateMatch | None = None
    reads: tuple[Record, ...] = ()
    group: PlateGroup | None = None
    group_problem: str = ""
    plate_match: PlateMatch | None = None  # how the best reading itself matched, if it did

    def __post_init__(self) -> None:
        # Stored, not computed on access: tables of 100,000 rows index by it.
        self.group_id: int | None = group_id_of(self.record)
        if not self.reads:
            self.reads = (self.record,)
        if self.group is None and isinstance(self.record, PlateGroup):
            self.group = self.record
        if self.group is None and self.group_id is None and not self.group_problem:
            self.group_problem = "The record names no plate group, so it has no read or image."
        if self.plate_match is None and self.match is not None and not self.match.via_candidate:
            self.plate_match = self.match

    @property
    def time(self) -> datetime | None:
        return record_time(self.record)

    @property
    def confidence(self) -> float | None:
        return self.record.confidence

    @property
    def repeats(self) -> int:
        return len(self.reads)

    @property
    def read_plate(self) -> str:
        """The plate as read: the group's best plate once known."""
        if self.group is not None:
            return self.group.best_plate
        return "" if isinstance(self.record, AlertHit) else self.record.plate

    def explanation(self) -> str:
        """Why the row matched the typed plate, for example "position 3: 0 read as O"."""
        if self.match is None:
            return ""
        if not self.match.via_candidate:
            return self.match.explanation()
        reading = self.match.explanation()
        if self.match.is_exact and not self.match.pattern:
            reading += " matches"
        if self.plate_match is not None:
            return f"{self.plate_match.explanation()}; {reading}"
        return f"{reading}; best reading {self.read_plate}" if self.read_plate else reading
