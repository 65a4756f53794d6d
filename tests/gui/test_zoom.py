"""The zoomable picture view on its own: fit, keys, wheel, panning and sharp pixels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from alprdesk.imaging import DecodedImage
from alprdesk.ui.image_pane import ImagePane
from alprdesk.ui.zoom_view import MAX_ZOOM, ZOOM_STEP, ZoomView

BLACK = QColor(0, 0, 0).rgb()
WHITE = QColor(255, 255, 255).rgb()


def checkerboard(width: int, height: int) -> QImage:
    """Return a picture of alternating black and white pixels."""
    rgb = bytes(
        value
        for y in range(height)
        for x in range(width)
        for value in ((0, 0, 0) if (x + y) % 2 else (255, 255, 255))
    )
    return QImage(rgb, width, height, width * 3, QImage.Format.Format_RGB888).copy()


@pytest.fixture
def view(qtbot: QtBot) -> ZoomView:
    zoom_view = ZoomView()
    qtbot.addWidget(zoom_view)
    zoom_view.resize(400, 300)
    zoom_view.show()
    qtbot.waitExposed(zoom_view)
    return zoom_view


def wheel(view: ZoomView, steps: int, modifiers: Qt.KeyboardModifier) -> None:
    position = QPointF(view.viewport().rect().center())
    event = QWheelEvent(
        position,
        QPointF(view.viewport().mapToGlobal(position.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def picture_colours(view: ZoomView) -> set[int]:
    """Return the colours the viewport shows inside the picture's area."""
    screenshot = view.viewport().grab().toImage()
    area = view.mapFromScene(view.sceneRect()).boundingRect().adjusted(2, 2, -2, -2)
    area = area.intersected(screenshot.rect())
    return {
        screenshot.pixel(x, y)
        for y in range(area.top(), area.bottom(), 3)
        for x in range(area.left(), area.right(), 3)
    }


def test_picture_fits_by_default(view: ZoomView) -> None:
    view.set_image(checkerboard(200, 50))

    viewport = view.viewport().size()
    assert view.is_fitted()
    assert view.zoom_factor() == pytest.approx(min(viewport.width() / 200, viewport.height() / 50))
    assert view.image_size() == (200, 50)
    assert view.has_image()


def test_fit_follows_resize(view: ZoomView, qtbot: QtBot) -> None:
    view.set_image(checkerboard(200, 50))
    before = view.zoom_factor()

    view.resize(800, 600)
    qtbot.waitUntil(lambda: view.viewport().width() == 800)

    assert view.zoom_factor() == pytest.approx(2 * before)


def test_zoom_keys(view: ZoomView, qtbot: QtBot) -> None:
    view.set_image(checkerboard(800, 600))
    fit = view.zoom_factor()

    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom_factor() == pytest.approx(fit * ZOOM_STEP)
    assert not view.is_fitted()

    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom_factor() == pytest.approx(fit * ZOOM_STEP**2)

    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom_factor() == pytest.approx(fit * ZOOM_STEP)

    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom_factor() == pytest.approx(fit)
    assert view.is_fitted()


def test_plus_without_control_ignored(view: ZoomView, qtbot: QtBot) -> None:
    view.set_image(checkerboard(800, 600))
    fit = view.zoom_factor()

    qtbot.keyClick(view, Qt.Key.Key_Plus)

    assert view.zoom_factor() == pytest.approx(fit)


def test_control_wheel_zooms(view: ZoomView) -> None:
    view.set_image(checkerboard(800, 600))
    fit = view.zoom_factor()

    wheel(view, 2, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom_factor() == pytest.approx(fit * ZOOM_STEP**2)

    wheel(view, -1, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom_factor() == pytest.approx(fit * ZOOM_STEP)


def test_plain_wheel_does_not_zoom(view: ZoomView) -> None:
    view.set_image(checkerboard(800, 600))
    fit = view.zoom_factor()

    wheel(view, 2, Qt.KeyboardModifier.NoModifier)

    assert view.zoom_factor() == pytest.approx(fit)


def test_zoom_limits(view: ZoomView) -> None:
    view.set_image(checkerboard(800, 600))
    fit = view.zoom_factor()
    assert fit < 1

    view.zoom_out()
    assert view.zoom_factor() == pytest.approx(fit)
    assert view.is_fitted()

    for _ in range(60):
        view.zoom_in()
    assert view.zoom_factor() == pytest.approx(MAX_ZOOM)


def test_small_crop_zooms_out_to_actual_size(view: ZoomView) -> None:
    view.set_image(checkerboard(40, 10))
    assert view.zoom_factor() > 1

    for _ in range(30):
        view.zoom_out()

    assert view.zoom_factor() == pytest.approx(1.0)


def test_zoomed_crop_shows_real_pixels(view: ZoomView) -> None:
    view.set_image(checkerboard(50, 20))
    while view.zoom_factor() < 4:
        view.zoom_in()

    assert not view.smooth_scaling()
    assert picture_colours(view) <= {BLACK, WHITE}


def test_reduced_frame_is_smoothed(view: ZoomView) -> None:
    view.set_image(checkerboard(1600, 1200))

    assert view.zoom_factor() < 1
    assert view.smooth_scaling()
    assert len(picture_colours(view) - {BLACK, WHITE}) > 0


def test_outline_drawn_in_red(view: ZoomView) -> None:
    image = QImage(400, 300, QImage.Format.Format_RGB888)
    image.fill(QColor(90, 90, 90))
    corners = [(100.0, 100.0), (300.0, 100.0), (300.0, 200.0), (100.0, 200.0)]

    view.set_image(image, corners)

    assert view.outline() == corners
    screenshot = view.viewport().grab().toImage()
    top_edge = view.mapFromScene(QPointF(200, 100))
    colours = {
        QColor(screenshot.pixel(top_edge.x(), top_edge.y() + dy)).name() for dy in range(-2, 3)
    }
    assert "#ff2828" in colours


def test_short_outline_not_drawn(view: ZoomView) -> None:
    view.set_image(checkerboard(100, 50), [(1.0, 1.0), (5.0, 5.0)])

    assert view.outline() is None


def test_drag_pans_zoomed_picture(view: ZoomView, qtbot: QtBot) -> None:
    view.set_image(checkerboard(800, 600))
    for _ in range(6):
        view.zoom_in()
    scroll_bar = view.horizontalScrollBar()
    start = scroll_bar.value()
    centre = view.viewport().rect().center()

    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(view.viewport(), centre + QPoint(-60, 0))
    qtbot.mouseMove(view.viewport(), centre + QPoint(-120, 0))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=centre + QPoint(-120, 0))

    assert scroll_bar.value() > start


def test_clearing_removes_picture(view: ZoomView) -> None:
    view.set_image(checkerboard(100, 50), [(1.0, 1.0), (50.0, 1.0), (50.0, 20.0)])

    view.set_image(None)

    assert not view.has_image()
    assert view.image_size() is None
    assert view.outline() is None


def test_new_picture_resets_zoom(view: ZoomView) -> None:
    view.set_image(checkerboard(800, 600))
    view.zoom_in()

    view.set_image(checkerboard(400, 300))

    assert view.is_fitted()


def test_image_pane_frame_zooms(qtbot: QtBot) -> None:
    pane = ImagePane()
    qtbot.addWidget(pane)
    pane.resize(500, 400)
    pane.show()
    qtbot.waitExposed(pane)
    frame = DecodedImage(320, 180, bytes(320 * 180 * 3), "JPEG")
    corners = [(100.0, 80.0), (200.0, 80.0), (200.0, 110.0), (100.0, 110.0)]

    pane.show_loading("AB1234", "full frame")
    pane.show_frame(frame, corners, "")

    assert pane.image_size() == (320, 180)
    assert pane.image.outline() == corners
    assert pane.note.text() == "Full frame, plate outlined in red"
    fitted = pane.image.zoom_factor()
    pane.zoom_in()
    assert pane.image.zoom_factor() == pytest.approx(fitted * ZOOM_STEP)
    pane.reset_zoom()
    assert pane.image.zoom_factor() == pytest.approx(fitted)
