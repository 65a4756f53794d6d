"""Search outcomes: the rows found and how far the result can be trusted to be complete."""

from __future__ import annotations

from dataclasses import dataclass

from alprdesk.scout import SearchKind
from alprdesk.search.request import SearchRequest
from alprdesk.search.rows import ResultRow


@dataclass(frozen=True)
class SearchOutcome:
    """The rows of one search and every reason they may not be all there is.

    ``truncated`` means more rows matched than ``limit`` (Max results).
    ``scan_stopped`` means a period scan stopped after ``scanned`` records, so
    matches later in the period were not looked at.
    """

    request: SearchRequest
    rows: list[ResultRow]
    complete: bool
    limit: int
    method: str = "exact"  # "exact", "variants" or "period"
    truncated: bool = False
    scan_stopped: bool = False
    scanned: int = 0
    dense_windows: int = 0
    ignored_windows: int = 0
    outside_period: int = 0
    gave_up: bool = False
    unresolved: int = 0
    rejected: int = 0
    requests: int = 0
    filtered_out: int = 0

    def summary(self) -> str:
        """Return the status line: how many rows, and whether the result is complete."""
        kind = self.request.kind
        shown = len(self.rows)
        noun = kind.label if shown != 1 else kind.label[:-1]
        reads = sum(row.repeats for row in self.rows)
        parts = [f"{shown:,} {noun} found"]
        if reads != shown:
            parts[0] += f" ({reads:,} reads, repeats folded)"
        parts[0] += "."
        if self.method == "period":
            parts.append(f"Matched within {self.scanned:,} records of the period.")
        elif self.method == "variants" and kind is SearchKind.PLATES:
            parts.append("Look-alike spellings and candidate readings included.")
        elif self.method == "variants":
            parts.append("Look-alike spellings included.")
        if self.complete:
            parts.append("The result is complete.")
        parts += self._gaps()
        if self.filtered_out:
            parts.append(f"{self.filtered_out:,} left out by {self._filters()}.")
        if self.rejected:
            parts.append(f"{self.rejected:,} records could not be read and were left out.")
        return " ".join(parts)

    def _filters(self) -> str:
        names = []
        if self.request.min_confidence is not None:
            names.append("the minimum confidence")
        if self.request.alert_list.strip() and self.request.kind is SearchKind.ALERTS:
            names.append("the alert-list filter")
        return " and ".join(names) or "the filters"

    def _gaps(self) -> list[str]:
        """Why the result is not complete, one sentence per reason."""
        gaps = []
        if self.truncated:
            gaps.append(
                f"Max results ({self.limit:,}) reached: truncated at {self.limit:,}, "
                "the period holds more. Raise Max results or narrow the period."
            )
        if self.scan_stopped:
            gaps.append(
                f"Stopped after reading {self.scanned:,} records of the period; "
                "later matches were not looked at. Narrow the period."
            )
        if self.dense_windows:
            gaps.append(
                f"{self.dense_windows} stretch(es) of two seconds held more reads than one "
                "answer can carry; reads there may be missing."
            )
        if self.ignored_windows:
            gaps.append(
                f"The server answered {self.ignored_windows} full time window(s) with reads "
                "from outside them, so the period could not be split; reads may be missing."
            )
        if self.gave_up:
            gaps.append("The search stopped after too many requests; narrow the period.")
        if self.unresolved:
            gaps.append(
                f"{self.unresolved:,} matching candidate readings point to reads the server "
                "could not return."
            )
        if self.outside_period:
            gaps.append(
                f"{self.outside_period:,} records the server sent carry times outside the "
                "period; they are shown as sent."
            )
        return gaps
