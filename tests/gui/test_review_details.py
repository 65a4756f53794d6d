"""Details a reviewer relies on: folded rows' times, marked differences, offsets, wording."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QDateTime, Qt
from pytestqt.qtbot import QtBot

from alprdesk.scout import AlertHit, Candidate, PlateGroup, QueryError, SearchKind
from alprdesk.search.rows import ResultRow
from alprdesk.ui.results_model import ResultsModel
from alprdesk.ui.search_form import SearchForm

T0 = datetime(2026, 12, 1, 14, 2, 19, tzinfo=UTC)


def group(group_id: int, plate: str, start: datetime, seconds: int) -> PlateGroup:
    return PlateGroup.from_serialized(
        {
            "pk": group_id,
            "fields": {
                "best_plate": plate,
                "epoch_time_start": start.isoformat(),
                "epoch_time_end": (start + timedelta(seconds=seconds)).isoformat(),
                "camera": 101,
            },
        }
    )


def test_folded_row_spans_all_its_reads(qtbot: QtBot) -> None:
    first = group(1, "6133GD", T0, 1)
    second = group(2, "6133GD", T0, 5)
    row = ResultRow(first, SearchKind.PLATES, reads=(first, second))
    model = ResultsModel()
    model.set_rows(SearchKind.PLATES, [row], show_repeats=True)

    first_seen = model.index(0, model.column_of("first_seen")).data()
    last_seen = model.index(0, model.column_of("last_seen")).data()

    assert first_seen.startswith(T0.astimezone().strftime("%Y-%m-%d %H:%M:%S"))
    later = (T0 + timedelta(seconds=5)).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert last_seen.startswith(later)
    assert model.index(0, model.column_of("reads")).data() == "2"


def test_differing_read_is_marked_in_the_alert_table(qtbot: QtBot) -> None:
    hit = AlertHit.from_serialized(
        {
            "pk": 9,
            "fields": {"plate_number": "5PJA544", "plate_group": 3, "epoch_time": T0.isoformat()},
        }
    )
    read = group(3, "5PJAS44", T0, 2)
    same = AlertHit.from_serialized(
        {"pk": 10, "fields": {"plate_number": "5PJAS44", "plate_group": 3}}
    )
    rows = [
        ResultRow(hit, SearchKind.ALERTS, group=read),
        ResultRow(same, SearchKind.ALERTS, group=read),
    ]
    model = ResultsModel()
    model.set_rows(SearchKind.ALERTS, rows)
    column = model.column_of("read_as")

    assert model.index(0, column).data() == "≠ 5PJAS44"
    tooltip = model.index(0, column).data(Qt.ItemDataRole.ToolTipRole)
    assert "position 5: 5 read as S" in tooltip
    assert model.index(0, column).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(1, column).data() == "5PJAS44"
    assert model.index(1, column).data(Qt.ItemDataRole.ForegroundRole) is None


def test_candidate_without_group_says_so(qtbot: QtBot) -> None:
    reading = Candidate.from_serialized({"pk": 4, "fields": {"plate_number": "AB1234"}})
    row = ResultRow(reading, SearchKind.CANDIDATES)
    model = ResultsModel()
    model.set_rows(SearchKind.CANDIDATES, [row])

    assert row.group_problem
    assert model.index(0, model.column_of("read_as")).data() == "not available"


@pytest.mark.usefixtures("berlin")
def test_zone_label_names_both_offsets_across_a_change(qtbot: QtBot) -> None:
    form = SearchForm()
    qtbot.addWidget(form)
    form.period.setCurrentIndex(form.period.count() - 1)

    form.start.setDateTime(QDateTime(2026, 10, 20, 12, 0, 0))
    form.end.setDateTime(QDateTime(2026, 10, 30, 12, 0, 0))
    assert form.zone.text() == "UTC+02:00 to UTC+01:00"

    form.start.setDateTime(QDateTime(2026, 10, 28, 12, 0, 0))
    assert form.zone.text() == "UTC+01:00"


def test_plate_with_other_characters_is_rejected(qtbot: QtBot) -> None:
    form = SearchForm()
    qtbot.addWidget(form)
    form.plate.setText("A#B")

    with pytest.raises(QueryError, match="letters, digits") as caught:
        form.request()
    assert caught.value.field == "plate"
