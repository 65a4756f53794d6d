"""Filters and folding the app applies to search rows: confidence, alert list, repeats."""

from __future__ import annotations

from alprdesk.scout import AlertHit
from alprdesk.search.grouping import fold_repeats
from alprdesk.search.request import SearchRequest
from alprdesk.search.rows import ResultRow


def passes(row: ResultRow, request: SearchRequest) -> bool:
    """True when the row meets the minimum confidence and the chosen alert list.

    Rows without a confidence are kept, because nothing shows they are weak.
    """
    minimum = request.min_confidence
    if minimum is not None and row.confidence is not None and row.confidence < minimum:
        return False
    expected = " ".join(request.alert_list.split())
    if expected and isinstance(row.record, AlertHit):
        hit = row.record
        by_id = hit.alert_group is not None and str(hit.alert_group) == expected
        by_name = " ".join(hit.alert_group_name.split()).casefold() == expected.casefold()
        return by_id or by_name
    return True


def fold(rows: list[ResultRow], request: SearchRequest) -> list[ResultRow]:
    """Fold rows of one plate at one place within the request's gap into their first row."""
    if request.group_gap is None:
        return rows

    def identity(row: ResultRow) -> tuple[str, str, str]:
        record = row.record
        place = record.site if isinstance(record, AlertHit) else getattr(record, "camera", None)
        return (row.read_plate or record.plate, record.agent_uid, str(place))

    runs = fold_repeats(rows, request.group_gap, key=identity, time_of=lambda row: row.time)
    folded = []
    for run in runs:
        first = run.first
        first.reads = tuple(read for row in run.reads for read in row.reads)
        folded.append(first)
    return folded
