"""Folding repeated reads of one plate on one camera."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from alprdesk.search.grouping import fold_repeats

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Read:
    plate: str
    camera: int
    seconds: float | None

    @property
    def time(self) -> datetime | None:
        return None if self.seconds is None else T0 + timedelta(seconds=self.seconds)


def fold(reads: list[Read], gap: float = 60) -> list[list[Read]]:
    runs = fold_repeats(
        reads,
        timedelta(seconds=gap),
        key=lambda read: (read.plate, read.camera),
        time_of=lambda read: read.time,
    )
    return [list(run.reads) for run in runs]


def test_reads_within_the_gap_on_one_camera_fold() -> None:
    a, b, c = Read("AB1", 1, 0), Read("AB1", 1, 30), Read("AB1", 1, 85)
    assert fold([a, b, c]) == [[a, b, c]]


def test_gap_from_previous_read() -> None:
    a, b = Read("AB1", 1, 0), Read("AB1", 1, 61)
    assert fold([a, b]) == [[a], [b]]


def test_other_cameras_and_plates_stay_apart() -> None:
    reads = [Read("AB1", 1, 0), Read("AB1", 2, 5), Read("XY9", 1, 10)]
    assert fold(reads) == [[read] for read in reads]


def test_runs_keep_the_given_order() -> None:
    newest_first = [Read("AB1", 1, 50), Read("XY9", 1, 40), Read("AB1", 1, 20)]
    runs = fold(newest_first)
    assert runs == [[newest_first[0], newest_first[2]], [newest_first[1]]]


def test_reads_without_a_time_never_fold() -> None:
    reads = [Read("AB1", 1, None), Read("AB1", 1, None), Read("AB1", 1, 0)]
    assert len(fold(reads)) == 3


def test_zero_gap_folds_simultaneous_reads() -> None:
    a, b, c = Read("AB1", 1, 0), Read("AB1", 1, 0), Read("AB1", 1, 1)
    assert fold([a, b, c], gap=0) == [[a, b], [c]]


def test_negative_gap_rejected() -> None:
    with pytest.raises(ValueError, match="negative"):
        fold([], gap=-1)
