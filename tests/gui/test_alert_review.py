"""Reviewing alert hits with the keyboard alone, and the other search modes in the window."""

from __future__ import annotations

import qasync
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from alprdesk.scout import AlertHit, Candidate, PlateGroup, SearchKind
from alprdesk.search.compare import CellKind
from alprdesk.ui.main_window import MainWindow
from tests.gui.conftest import run_scenario, until

ALERT_HEADERS = ["Hit time", "Plate", "Alert list", "Description", "Site", "Camera", "Confidence"]


def headers(window: MainWindow) -> list[str]:
    model = window.model
    return [
        model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())
    ]


def current_hit(window: MainWindow) -> AlertHit:
    row = window.selected_row()
    assert row is not None
    assert isinstance(row.record, AlertHit)
    return row.record


def press(
    qtbot: QtBot,
    window: MainWindow,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press a key where the focus is, as a user would; shortcuts are window-wide."""
    target = QGuiApplication.focusObject()
    widget = target if target is not None and target.isWidgetType() else window.table
    qtbot.keyClick(widget, key, modifier)  # type: ignore[arg-type]


def test_review_alert_hits_with_the_keyboard(
    window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def scenario() -> None:
        window.activateWindow()
        window.form.set_mode(SearchKind.ALERTS)
        window.form.plate.setFocus()
        press(qtbot, window, Qt.Key.Key_Return)
        await until(lambda: window.model.rowCount() > 0 and window.model.kind is SearchKind.ALERTS)

        assert [title for title in ALERT_HEADERS if title not in headers(window)] == []
        assert window.review.reviewing_hits
        assert window.table.hasFocus()
        count = window.model.rowCount()
        assert count >= 5

        # N and P step through the hits; the view follows each one.
        first = current_hit(window)
        press(qtbot, window, Qt.Key.Key_N)
        second = current_hit(window)
        assert second != first
        press(qtbot, window, Qt.Key.Key_P)
        assert current_hit(window) == first

        # Step to the hit whose read differs from the hot-list plate.
        lookalike_seen = False
        for _ in range(count):
            hit = current_hit(window)
            await until(
                lambda: (
                    window.selected_row() is not None and window.selected_row().group is not None
                )
            )  # type: ignore[union-attr]
            row = window.selected_row()
            assert row is not None
            group = row.group
            assert isinstance(group, PlateGroup)
            await until(lambda: window.verification.compare.comparison is not None)
            comparison = window.verification.compare.comparison
            assert comparison is not None
            kinds = {cell.kind for cell in comparison.cells}
            if group.best_plate != hit.plate:
                lookalike_seen = True
                assert CellKind.LOOKALIKE in kinds
                assert "look-alike" in comparison.summary().lower()
                read_as = window.model.column_of("read_as")
                index = window.table.currentIndex().siblingAtColumn(read_as)
                assert index.data() == f"≠ {group.best_plate}"
                assert "look-alike" in index.data(Qt.ItemDataRole.ToolTipRole)
                break
            assert kinds == {CellKind.SAME}
            press(qtbot, window, Qt.Key.Key_N)
        assert lookalike_seen

        await until(lambda: window.verification.crop_panel.view.has_image(), seconds=30)
        await until(lambda: window.verification.frame_panel.view.has_image(), seconds=30)
        assert window.verification.fields["Alert list"].text() == hit.alert_group_name
        assert hit.description in window.verification.fields["Description"].text()
        # The agents listing names the agent; its uid stays beside the name.
        agent = window.verification.fields["Agent"].text()
        assert agent.endswith(f" ({hit.agent_uid})")
        assert not agent.startswith("(")

        large_frame = window.verification.showing_full_frame
        press(qtbot, window, Qt.Key.Key_F)
        assert window.verification.showing_full_frame != large_frame

        zoom_view = window.verification._zoom_target()
        before = zoom_view.zoom_factor()
        press(qtbot, window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        assert zoom_view.zoom_factor() > before
        press(qtbot, window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
        assert zoom_view.zoom_factor() == before

        press(
            qtbot,
            window,
            Qt.Key.Key_C,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert QGuiApplication.clipboard().text() == hit.plate

    run_scenario(qloop, window, scenario)


def test_candidate_mode_resolves_best_readings(
    window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def scenario() -> None:
        window.form.set_mode(SearchKind.CANDIDATES)
        window.start_search()
        await until(
            lambda: window.model.rowCount() > 0 and window.model.kind is SearchKind.CANDIDATES
        )
        assert "Best reading" in headers(window)
        best = window.model.column_of("read_as")
        first, last = window.table.visible_row_range()
        assert last > first
        await until(
            lambda: all(
                window.model.index(row, best).data() != "…" for row in range(first, last + 1)
            )
        )
        row = window.selected_row()
        assert row is not None
        assert isinstance(row.record, Candidate)
        assert not window.review.reviewing_hits
        await until(lambda: "Loading" not in window.image_pane.note.text())
        assert row.group is not None
        assert row.group.best_plate in window.image_pane.title.text()

    run_scenario(qloop, window, scenario)


def test_lookalike_search_explains_each_match(
    window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def scenario() -> None:
        window.form.set_mode(SearchKind.ALERTS)
        window.start_search()
        await until(lambda: window.model.kind is SearchKind.ALERTS and window.model.rowCount() > 0)
        await window.wait_search()
        hits = [window.model.row_at(row) for row in range(window.model.rowCount())]
        assert window.searches.resolver is not None
        resolved = await window.searches.resolver.fetch_many(
            [h.group_id for h in hits if h and h.group_id]
        )
        target = next(
            h.record
            for h in hits
            if h
            and h.group_id
            and resolved[h.group_id].group
            and resolved[h.group_id].group.best_plate != h.record.plate  # type: ignore[union-attr]
        )

        window.form.set_mode(SearchKind.PLATES)
        window.form.plate.setText(target.plate)
        window.form.lookalike.setChecked(True)
        window.start_search()
        await until(lambda: window.model.kind is SearchKind.PLATES and window.model.rowCount() > 0)
        await window.wait_search()
        assert "Match" in headers(window)
        match = window.model.column_of("match")
        texts = [window.model.index(row, match).data() for row in range(window.model.rowCount())]
        assert any("read as" in text for text in texts), texts
        assert "Look-alike spellings" in window.status.message.text()

    run_scenario(qloop, window, scenario)


def test_utc_switch_changes_every_time(
    window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def scenario() -> None:
        window.start_search()
        await until(lambda: window.model.rowCount() > 0)
        column = window.model.column_of("first_seen")
        local = window.model.index(0, column).data()
        window.actions_by_name["Show times in UTC"].trigger()
        try:
            utc = window.model.index(0, column).data()
            assert utc.endswith(" Z")
            assert utc != local or local.endswith("+00:00")
            assert window.model.headerData(column, Qt.Orientation.Horizontal).endswith("(UTC)")
        finally:
            window.actions_by_name["Show times in UTC"].trigger()
        assert window.model.index(0, column).data() == local

    run_scenario(qloop, window, scenario)


def test_agents_and_users_window_opens_from_the_menu(
    window: MainWindow, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    async def scenario() -> None:
        window.actions_by_name["Agents, users and cameras…"].trigger()
        directory = window.directory
        assert directory is not None
        await directory.wait_loaded()
        assert directory.isVisible()

    run_scenario(qloop, window, scenario)
