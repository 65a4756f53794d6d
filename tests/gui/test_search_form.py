"""The search form alone: modes, options, the request it builds and the server's choices."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest
import qasync
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from alprdesk.scout import ListedItem, QueryError, SearchKind
from alprdesk.ui.search_form import SearchForm

NOW = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)

CAMERAS = [
    {"pk": 1, "fields": {"camera": 101, "name": "North Gate inbound", "site": "North Precinct"}},
    {"pk": 2, "fields": {"camera": "102", "name": "North Gate outbound", "site": "North Precinct"}},
    {"pk": 4, "fields": {"camera": 201, "name": "Harbour Road eastbound", "site": "Harbour Road"}},
]
AGENTS = [{"agent_uid": "a-1", "name": "interstate-gate", "site": "Interstate Gate"}]
ALERT_LISTS = [{"id": 1, "name": "Stolen vehicles"}, {"id": 2, "name": "Amber alert"}]


def listed(raws: list[dict[str, object]]) -> list[ListedItem]:
    items = [ListedItem.from_item(raw) for raw in raws]
    return [item for item in items if item is not None]


@pytest.fixture
def form(qtbot: QtBot, qloop: qasync.QEventLoop) -> SearchForm:
    search_form = SearchForm()
    qtbot.addWidget(search_form)
    search_form.show()
    qtbot.waitExposed(search_form)
    return search_form


def run(loop: qasync.QEventLoop, steps: Callable[[], Awaitable[None]]) -> None:
    loop.run_until_complete(steps())


def fill_listings(form: SearchForm) -> None:
    form.set_listings(listed(CAMERAS), listed(AGENTS), listed(ALERT_LISTS))


def test_default_request(form: SearchForm, qloop: qasync.QEventLoop) -> None:
    async def steps() -> None:
        request = form.request(NOW)

        assert request.kind is SearchKind.PLATES
        assert request.query.start == NOW - timedelta(days=7)
        assert request.query.end == NOW
        assert request.query.plate == ""
        assert request.query.camera is None
        assert request.query.topn == 1000
        assert request.query.order == "desc"
        assert not request.include_lookalikes
        assert request.alert_list == ""
        assert request.min_confidence is None
        assert request.group_gap is None
        assert form.query(NOW) == request.query

    run(qloop, steps)


def test_modes_switch_alert_list_picker(
    form: SearchForm, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def steps() -> None:
        assert form.mode_box.objectName() == "modeInput"
        assert [form.mode_box.itemText(i) for i in range(form.mode_box.count())] == [
            "Plate reads",
            "Candidate readings",
            "Alert hits",
        ]
        assert not form.alert_list.isEnabled()

        with qtbot.waitSignal(form.mode_changed) as blocker:
            form.set_mode(SearchKind.ALERTS)
        assert blocker.args == [SearchKind.ALERTS]
        assert isinstance(blocker.args[0], SearchKind)
        assert form.mode() is SearchKind.ALERTS
        assert form.alert_list.isEnabled()
        assert form.alert_list_label.isEnabled()

        form.mode_box.setCurrentIndex(1)
        assert form.mode() is SearchKind.CANDIDATES
        assert not form.alert_list.isEnabled()
        assert form.request(NOW).kind is SearchKind.CANDIDATES

    run(qloop, steps)


def test_request_with_every_option(form: SearchForm, qloop: qasync.QEventLoop) -> None:
    async def steps() -> None:
        fill_listings(form)
        form.set_mode(SearchKind.ALERTS)
        form.plate.setText("ab-1*3 ?")
        form.lookalike.setChecked(True)
        form.site.setEditText("North Precinct")
        form.camera.setCurrentIndex(form.camera.findData(101))
        form.alert_list.setCurrentIndex(form.alert_list.findText("Stolen vehicles (id 1)"))
        form.min_confidence.setValue(80)
        form.group.setChecked(True)
        form.group_gap.setValue(30)
        form.topn.setValue(250)
        form.order.setCurrentIndex(form.order.findData("asc"))

        request = form.request(NOW)

        assert request.kind is SearchKind.ALERTS
        assert request.query.plate == "AB1*3?"
        assert request.has_wildcards
        assert request.include_lookalikes
        assert request.query.site == "North Precinct"
        assert request.query.camera == 101
        assert request.alert_list == "1"
        assert request.min_confidence == 80.0
        assert request.group_gap == timedelta(seconds=30)
        assert request.query.topn == 250
        assert request.query.order == "asc"

    run(qloop, steps)


def test_free_text_in_pickers(form: SearchForm, qloop: qasync.QEventLoop) -> None:
    async def steps() -> None:
        fill_listings(form)
        form.set_mode(SearchKind.ALERTS)

        form.camera.setEditText("harbour road EASTBOUND")
        form.alert_list.setEditText("amber alert")
        request = form.request(NOW)
        assert request.query.camera == 201
        assert request.alert_list == "2"

        form.camera.setEditText(" 7 ")
        form.alert_list.setEditText("Wanted persons")
        form.site.setEditText("  Depot ")
        request = form.request(NOW)
        assert request.query.camera == 7
        assert request.alert_list == "Wanted persons"
        assert request.query.site == "Depot"

    run(qloop, steps)


def test_alert_list_ignored_outside_alert_mode(form: SearchForm, qloop: qasync.QEventLoop) -> None:
    async def steps() -> None:
        fill_listings(form)
        form.set_mode(SearchKind.ALERTS)
        form.alert_list.setEditText("Amber alert")
        form.set_mode(SearchKind.PLATES)

        assert form.request(NOW).alert_list == ""

    run(qloop, steps)


def test_group_gap_follows_checkbox(form: SearchForm, qloop: qasync.QEventLoop) -> None:
    async def steps() -> None:
        assert form.group_gap.value() == 60
        assert not form.group_gap.isEnabled()
        assert "same plate on the same camera within the gap" in form.group.toolTip()

        form.group.setChecked(True)
        assert form.group_gap.isEnabled()
        assert form.request(NOW).group_gap == timedelta(seconds=60)

        form.group.setChecked(False)
        assert not form.group_gap.isEnabled()
        assert form.request(NOW).group_gap is None

    run(qloop, steps)


def test_min_confidence_zero_is_off(form: SearchForm, qloop: qasync.QEventLoop) -> None:
    async def steps() -> None:
        assert form.min_confidence.objectName() == "minConfidenceInput"
        assert (form.min_confidence.minimum(), form.min_confidence.maximum()) == (0, 100)
        assert form.min_confidence.text() == "Off"

        form.min_confidence.setValue(100)
        assert form.request(NOW).min_confidence == 100.0
        form.min_confidence.setValue(0)
        assert form.request(NOW).min_confidence is None

    run(qloop, steps)


@pytest.mark.parametrize("camera", ["front", "-1", "North"])
def test_invalid_camera_names_field(
    form: SearchForm, qloop: qasync.QEventLoop, camera: str
) -> None:
    async def steps() -> None:
        fill_listings(form)
        form.camera.setEditText(camera)

        with pytest.raises(QueryError) as caught:
            form.request(NOW)

        assert caught.value.field == "camera"
        with pytest.raises(QueryError):
            form.query(NOW)

    run(qloop, steps)


def test_reversed_period_names_end(form: SearchForm, qloop: qasync.QEventLoop) -> None:
    async def steps() -> None:
        form.period.setCurrentIndex(form.period.count() - 1)
        form.start.setDateTime(QDateTime(2026, 12, 4, 12, 0, 0))
        form.end.setDateTime(QDateTime(2026, 12, 4, 11, 0, 0))

        with pytest.raises(QueryError) as caught:
            form.request(NOW)

        assert caught.value.field == "end"

    run(qloop, steps)


def test_listings_fill_pickers(form: SearchForm, qloop: qasync.QEventLoop) -> None:
    async def steps() -> None:
        fill_listings(form)

        assert form.site.labels() == ["Harbour Road", "Interstate Gate", "North Precinct"]
        assert form.camera.labels() == [
            "101 — North Gate inbound",
            "102 — North Gate outbound",
            "201 — Harbour Road eastbound",
        ]
        assert [form.camera.itemData(i) for i in range(form.camera.count())] == [101, 102, 201]
        assert form.alert_list.labels() == ["Stolen vehicles (id 1)", "Amber alert (id 2)"]
        assert form.site.currentText() == ""
        assert form.camera.currentText() == ""
        assert form.alert_list.currentText() == ""

    run(qloop, steps)


def test_listings_keep_typed_text(form: SearchForm, qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    async def steps() -> None:
        site_edit = form.site.lineEdit()
        camera_edit = form.camera.lineEdit()
        assert site_edit is not None
        assert camera_edit is not None
        qtbot.keyClicks(site_edit, "Harb")
        qtbot.keyClicks(camera_edit, "1")
        form.set_mode(SearchKind.ALERTS)
        form.alert_list.setEditText("Wanted")

        fill_listings(form)

        assert form.site.currentText() == "Harb"
        assert form.camera.currentText() == "1"
        assert form.alert_list.currentText() == "Wanted"
        assert form.request(NOW).query.camera == 1

    run(qloop, steps)


def test_listings_keep_chosen_camera(form: SearchForm, qloop: qasync.QEventLoop) -> None:
    async def steps() -> None:
        fill_listings(form)
        form.camera.setCurrentIndex(form.camera.findData(102))

        renamed = [dict(raw) for raw in CAMERAS]
        renamed[1] = {"pk": 2, "fields": {"camera": 102, "name": "Gate out"}}
        form.set_listings(listed(renamed), [], [])

        assert form.camera.currentText() == "102 — Gate out"
        assert form.alert_list.count() == 0

        form.set_listings([], [], [])
        assert form.camera.currentText() == "102 — Gate out"
        assert form.request(NOW).query.camera == 102

    run(qloop, steps)


def test_set_sites_keeps_typed_site(form: SearchForm, qloop: qasync.QEventLoop) -> None:
    async def steps() -> None:
        form.site.setEditText("Depot")
        form.set_sites(["b", "A", "b"])

        assert form.site.labels() == ["A", "b"]
        assert form.site.currentText() == "Depot"

    run(qloop, steps)


def test_enter_searches_once_per_field(
    form: SearchForm, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def steps() -> None:
        fill_listings(form)
        form.set_mode(SearchKind.ALERTS)
        form.group.setChecked(True)
        requests: list[None] = []
        form.search_requested.connect(lambda: requests.append(None))
        fields: list[QWidget] = [
            form.mode_box,
            form.plate,
            form.lookalike,
            form.period,
            form.min_confidence,
            form.group,
            form.group_gap,
            form.topn,
            form.order,
        ]
        # An editable combo box keeps the focus itself and passes keys to its line edit.
        fields += [form.site, form.camera, form.alert_list]

        for field in fields:
            before = len(requests)
            qtbot.keyClick(field, Qt.Key.Key_Return)
            assert len(requests) == before + 1, field.objectName()

    run(qloop, steps)


def test_enter_on_suggestion_searches_once(
    form: SearchForm, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def steps() -> None:
        fill_listings(form)
        requests: list[None] = []
        form.search_requested.connect(lambda: requests.append(None))
        completer = form.camera.completer()
        assert completer is not None
        form.camera.setFocus()

        qtbot.keyClicks(form.camera, "harbour")
        popup = completer.popup()
        assert popup.isVisible()
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)

        assert form.camera.currentText() == "201 — Harbour Road eastbound"
        assert len(requests) == 1
        assert form.request(NOW).query.camera == 201

    run(qloop, steps)


def test_typed_number_is_not_completed(
    form: SearchForm, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def steps() -> None:
        fill_listings(form)
        form.camera.setFocus()

        qtbot.keyClicks(form.camera, "1")
        completer = form.camera.completer()
        assert completer is not None
        if completer.popup().isVisible():
            qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
        else:
            qtbot.keyClick(form.camera, Qt.Key.Key_Return)

        assert form.camera.currentText() == "1"
        assert form.request(NOW).query.camera == 1

    run(qloop, steps)


def test_focus_field_reaches_new_fields(
    form: SearchForm, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def steps() -> None:
        form.activateWindow()
        form.set_mode(SearchKind.ALERTS)
        form.group.setChecked(True)
        expected = {
            "kind": form.mode_box,
            "plate": form.plate,
            "include_lookalikes": form.lookalike,
            "site": form.site,
            "camera": form.camera,
            "alert_list": form.alert_list,
            "min_confidence": form.min_confidence,
            "group_gap": form.group_gap,
            "topn": form.topn,
        }
        for name, widget in expected.items():
            form.focus_field(name)
            focused = QApplication.focusWidget()
            assert focused is widget or widget.isAncestorOf(focused), name

    run(qloop, steps)


def test_every_field_has_a_mnemonic(form: SearchForm, qloop: qasync.QEventLoop) -> None:
    async def steps() -> None:
        buddies = {
            label.buddy(): label.text() for label in form.findChildren(QLabel) if label.buddy()
        }
        fields: list[QWidget] = [
            form.mode_box,
            form.plate,
            form.period,
            form.start,
            form.end,
            form.site,
            form.camera,
            form.alert_list,
            form.min_confidence,
            form.group_gap,
            form.topn,
            form.order,
        ]
        keys: list[str] = []
        for field in fields:
            text = buddies.get(field, "")
            assert "&" in text, field.objectName()
            keys.append(text[text.index("&") + 1].lower())
        for button in (form.lookalike, form.group):
            assert isinstance(button, QAbstractButton)
            text = button.text()
            assert "&" in text, button.objectName()
            keys.append(text[text.index("&") + 1].lower())

        assert len(keys) == len(set(keys)), keys
        # The main window's menus use Alt+S, Alt+R and Alt+H.
        assert not {"s", "r", "h"} & set(keys)

    run(qloop, steps)


def test_form_fits_a_1280_by_800_window(form: SearchForm, qloop: qasync.QEventLoop) -> None:
    async def steps() -> None:
        long_names = [
            {"pk": n, "fields": {"camera": n, "name": "A very long camera name " * 8}}
            for n in range(1, 40)
        ]
        form.set_listings(listed(long_names), [], listed(ALERT_LISTS))
        hint = form.minimumSizeHint()

        assert hint.width() <= 1200
        assert hint.height() <= 200

    run(qloop, steps)


def test_plate_field_explains_wildcards(form: SearchForm, qloop: qasync.QEventLoop) -> None:
    async def steps() -> None:
        assert "AB*12" in form.plate.placeholderText()
        assert "* matches any run of characters" in form.plate.toolTip()
        for pair in ("0/O/Q/D", "1/I/L", "8/B", "5/S", "2/Z", "6/G", "candidate readings"):
            assert pair in form.lookalike.toolTip()

    run(qloop, steps)


def test_show_period_keeps_quick_range(form: SearchForm, qloop: qasync.QEventLoop) -> None:
    async def steps() -> None:
        query = form.request(NOW).query
        index = form.period.currentIndex()

        form.show_period(query)

        assert form.period.currentIndex() == index
        start = form.start.dateTime().toPython()
        end = form.end.dateTime().toPython()
        assert isinstance(start, datetime)
        assert isinstance(end, datetime)
        assert start.astimezone() == NOW - timedelta(days=7)
        assert end.astimezone() == NOW

    run(qloop, steps)
