"""Search queries and their validation before anything is sent."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from alprdesk.scout.errors import QueryError

MAX_TOPN = 1_000_000
_PLATE_SEPARATORS = re.compile(r"[\s\-]+")


class SearchKind(StrEnum):
    """The three search endpoints; the value is the endpoint's last path segment."""

    PLATES = "plate"
    CANDIDATES = "platecandidate"
    ALERTS = "alert"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    SearchKind.PLATES: "plate reads",
    SearchKind.CANDIDATES: "candidate readings",
    SearchKind.ALERTS: "alert hits",
}


def normalize_plate(text: str) -> str:
    """Return plate text as readers store it: upper case, without spaces or dashes.

    Invisible characters that come with pasted text (zero-width spaces, byte-order
    marks, soft hyphens, control characters) and dashes of any kind go too.
    """
    kept = "".join(
        char
        for char in text
        if unicodedata.category(char)[0] not in "CZ" and unicodedata.category(char) != "Pd"
    )
    return _PLATE_SEPARATORS.sub("", kept).upper()


@dataclass(frozen=True)
class SearchQuery:
    """The parameters shared by the plate, candidate and alert searches.

    ``camera`` is the camera number and ``site`` the site name or id as the
    server stores it. Naive datetimes are taken as the workstation's local time.
    """

    start: datetime | None = None
    end: datetime | None = None
    plate: str = ""
    site: str = ""
    camera: int | None = None
    topn: int = 1000
    order: str = "desc"

    def validated(self) -> SearchQuery:
        """Return a normalized copy, or raise ``QueryError`` naming the invalid field."""
        start = _aware(self.start)
        end = _aware(self.end)
        if start is None and end is None:
            raise QueryError("start", "Enter a start or an end time; the server needs one.")
        if start is not None and end is not None and start >= end:
            raise QueryError("end", "The end time must be after the start time.")
        if isinstance(self.topn, bool) or not isinstance(self.topn, int) or self.topn < 1:
            raise QueryError("topn", "Maximum results must be a whole number of at least 1.")
        if self.topn > MAX_TOPN:
            raise QueryError("topn", f"Maximum results cannot exceed {MAX_TOPN:,}.")
        order = self.order.strip().lower()
        if order not in ("asc", "desc"):
            raise QueryError("order", "Order must be 'asc' (oldest first) or 'desc' (newest).")
        plate = normalize_plate(self.plate)
        if any(not (char.isalnum() or char in "*?") for char in plate):
            raise QueryError(
                "plate",
                "A plate may contain letters, digits and the wildcards * and ? only.",
            )
        if self.camera is not None and self.camera < 0:
            raise QueryError("camera", "The camera number cannot be negative.")

        return dataclasses.replace(
            self,
            start=start,
            end=end,
            plate=normalize_plate(self.plate),
            site=self.site.strip(),
            order=order,
        )

    def to_params(self) -> dict[str, str]:
        """Return the query string parameters, times in ISO 8601 with an explicit offset."""
        query = self.validated()
        params: dict[str, str] = {"topn": str(query.topn), "order": query.order}
        if query.start is not None:
            params["start"] = query.start.isoformat(timespec="seconds")
        if query.end is not None:
            params["end"] = query.end.isoformat(timespec="seconds")
        if query.plate:
            params["plate"] = query.plate
        if query.site:
            params["site"] = query.site
        if query.camera is not None:
            params["camera"] = str(query.camera)
        return params


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.astimezone()
