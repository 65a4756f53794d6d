"""Folding repeated reads: the same plate on the same camera within a gap.

A vehicle that stops at a light, or a camera that reports a preview and a final
group, gives several reads of one plate seconds apart. Folded, they show as one
row that counts its reads and keeps every one of them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Generic, TypeVar

RecordT = TypeVar("RecordT")
_EARLIEST = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class ReadRun(Generic[RecordT]):
    """Reads of one plate on one camera, each within the gap of the one before."""

    reads: tuple[RecordT, ...]

    @property
    def first(self) -> RecordT:
        return self.reads[0]

    def __len__(self) -> int:
        return len(self.reads)


def fold_repeats(
    records: Sequence[RecordT],
    gap: timedelta,
    *,
    key: Callable[[RecordT], Hashable],
    time_of: Callable[[RecordT], datetime | None],
) -> list[ReadRun[RecordT]]:
    """Group ``records`` into runs, in the order the records were given.

    Two reads share a run when ``key`` gives the same value and the later one
    follows the previous read of the run by at most ``gap``. Reads without a
    time never join a run.
    """
    if gap < timedelta(0):
        raise ValueError("gap must not be negative")
    chronological = sorted(
        range(len(records)), key=lambda index: time_of(records[index]) or _EARLIEST
    )
    run_of: dict[int, list[int]] = {}  # first index of a run -> member indexes
    open_runs: dict[Hashable, tuple[int, datetime]] = {}  # key -> (run's first, last time)
    for index in chronological:
        record = records[index]
        moment = time_of(record)
        identity = key(record)
        current = open_runs.get(identity) if moment is not None else None
        if current is not None and moment is not None and moment - current[1] <= gap:
            run_of[current[0]].append(index)
            open_runs[identity] = (current[0], moment)
            continue
        run_of[index] = [index]
        if moment is not None:
            open_runs[identity] = (index, moment)

    # Each run takes the place of its member that came first in the given order.
    leaders = sorted(run_of, key=lambda first: min(run_of[first]))
    return [ReadRun(tuple(records[i] for i in sorted(run_of[first]))) for first in leaders]
