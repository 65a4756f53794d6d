"""Search requests: a Scout query plus the options the app applies itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from alprdesk.scout import SearchKind, SearchQuery

WILDCARDS = "*?"


@dataclass(frozen=True)
class SearchRequest:
    """One search of the main window.

    ``query.plate`` may contain the wildcards ``*`` (any run of characters) and
    ``?`` (one character). The server matches whole plates only, so such a plate
    is matched by the app within the period. ``alert_list`` is an alert list's
    id or name and applies to alert hits. ``min_confidence`` is in percent.
    ``group_gap`` folds reads of the same plate on the same camera that follow
    each other within that gap into one row; None keeps every read.
    """

    kind: SearchKind
    query: SearchQuery
    include_lookalikes: bool = False
    alert_list: str = ""
    min_confidence: float | None = None
    group_gap: timedelta | None = None

    @property
    def has_wildcards(self) -> bool:
        return any(char in self.query.plate for char in WILDCARDS)
