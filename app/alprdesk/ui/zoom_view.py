"""A picture view that fits the window and zooms and pans for close inspection of a plate."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QShowEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsPixmapItem,
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

OUTLINE_COLOR = QColor(255, 40, 40)
WARNING_STYLE = "color: #a15c00; font-weight: bold;"
OUTLINE_WIDTH = 2.0  # screen pixels at every zoom factor
ZOOM_STEP = 1.25
MAX_ZOOM = 32.0
# From this zoom factor on, each image pixel covers at least 2x2 screen pixels and is
# drawn as a block of one colour, because smoothing would invent detail the camera
# never recorded. Below it, smooth scaling keeps reduced frames readable.
SHARP_PIXELS_FROM = 2.0
WHEEL_NOTCH = 120  # angleDelta units of one mouse wheel step

_CENTER = QGraphicsView.ViewportAnchor.AnchorViewCenter
_POINTER = QGraphicsView.ViewportAnchor.AnchorUnderMouse


class ZoomView(QGraphicsView):
    """One picture, fitted to the view until the user zooms in, with an optional plate outline.

    Ctrl++ (or Ctrl+=) and Ctrl+- zoom while the view has focus, Ctrl+0 fits the picture
    to the view again, Ctrl with the mouse wheel zooms around the pointer, and
    dragging pans a zoomed picture.
    """

    zoom_changed = Signal(float)  # the new zoom_factor()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = QGraphicsScene(self)
        self._pixmap_item = QGraphicsPixmapItem()
        self._outline_item = QGraphicsPolygonItem()
        pen = QPen(OUTLINE_COLOR)
        pen.setCosmetic(True)
        pen.setWidthF(OUTLINE_WIDTH)
        self._outline_item.setPen(pen)
        self._outline_item.setZValue(1)
        self._outline_item.hide()
        self._scene.addItem(self._pixmap_item)
        self._scene.addItem(self._outline_item)
        self.setScene(self._scene)

        self._fitted = True
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(120, 60)
        self._apply_zoom(1.0)

    def sizeHint(self) -> QSize:
        return QSize(480, 240)

    # Picture

    def set_image(
        self, image: QImage | None, outline: Sequence[tuple[float, float]] | None = None
    ) -> None:
        """Show ``image`` fitted to the view, with ``outline`` drawn in image pixels.

        None clears the view. An outline with fewer than three corners is not drawn.
        """
        if image is None or image.isNull():
            self._pixmap_item.setPixmap(QPixmap())
            self._outline_item.hide()
            self._scene.setSceneRect(QRectF())
            self.reset_zoom()
            return
        self._pixmap_item.setPixmap(QPixmap.fromImage(image))
        if outline is not None and len(outline) >= 3:
            self._outline_item.setPolygon(QPolygonF([QPointF(x, y) for x, y in outline]))
            self._outline_item.show()
        else:
            self._outline_item.hide()
        self._scene.setSceneRect(QRectF(0, 0, image.width(), image.height()))
        self.reset_zoom()

    def has_image(self) -> bool:
        return not self._pixmap_item.pixmap().isNull()

    def image_size(self) -> tuple[int, int] | None:
        """Pixel size of the picture shown, before zooming, or None without one."""
        pixmap = self._pixmap_item.pixmap()
        if pixmap.isNull():
            return None
        return pixmap.width(), pixmap.height()

    def outline(self) -> list[tuple[float, float]] | None:
        """Plate outline drawn on the picture, in image pixels, or None."""
        if not self._outline_item.isVisible():
            return None
        polygon = self._outline_item.polygon()
        return [(polygon.at(index).x(), polygon.at(index).y()) for index in range(polygon.size())]

    # Zoom

    def zoom_factor(self) -> float:
        """Screen pixels per image pixel along each axis: 4.0 shows the picture at 400 %."""
        return self.transform().m11()

    def is_fitted(self) -> bool:
        """Return whether the picture follows the view's size, as it does until the user zooms."""
        return self._fitted

    def smooth_scaling(self) -> bool:
        """Return whether pixels are interpolated.

        They are not from a zoom factor of SHARP_PIXELS_FROM on.
        """
        return self._pixmap_item.transformationMode() == Qt.TransformationMode.SmoothTransformation

    def zoom_in(self) -> None:
        self._zoom_by(ZOOM_STEP, _CENTER)

    def zoom_out(self) -> None:
        self._zoom_by(1 / ZOOM_STEP, _CENTER)

    def reset_zoom(self) -> None:
        """Fit the whole picture into the view again."""
        self._fitted = True
        self._apply_zoom(self._fit_factor())
        self.centerOn(self._pixmap_item)

    def _fit_factor(self) -> float:
        size = self.image_size()
        viewport = self.viewport().size()
        if size is None or viewport.isEmpty():
            return 1.0
        width, height = size
        return min(viewport.width() / width, viewport.height() / height, MAX_ZOOM)

    def _zoom_by(self, step: float, anchor: QGraphicsView.ViewportAnchor) -> None:
        if not self.has_image():
            return
        fit = self._fit_factor()
        # Zooming out stops at whichever is smaller: the fitted size or 100 %.
        target = min(max(self.zoom_factor() * step, min(fit, 1.0)), MAX_ZOOM)
        if abs(target - fit) < 1e-6:
            self.reset_zoom()
            return
        self._fitted = False
        self.setTransformationAnchor(anchor)
        self._apply_zoom(target)
        self.setTransformationAnchor(_CENTER)

    def _apply_zoom(self, factor: float) -> None:
        previous = self.zoom_factor()
        self.setTransform(QTransform.fromScale(factor, factor))
        sharp = factor >= SHARP_PIXELS_FROM
        self._pixmap_item.setTransformationMode(
            Qt.TransformationMode.FastTransformation
            if sharp
            else Qt.TransformationMode.SmoothTransformation
        )
        # A fitted picture needs no scroll bars, and showing one would shrink the
        # viewport and change the fit.
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            if self._fitted
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        self.setHorizontalScrollBarPolicy(policy)
        self.setVerticalScrollBarPolicy(policy)
        self.setDragMode(
            QGraphicsView.DragMode.NoDrag if self._fitted else QGraphicsView.DragMode.ScrollHandDrag
        )
        if abs(previous - factor) > 1e-9:
            self.zoom_changed.emit(factor)

    # Events

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self.reset_zoom()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fitted:
            self.reset_zoom()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)
            return
        notches = event.angleDelta().y() / WHEEL_NOTCH
        if notches:
            self._zoom_by(ZOOM_STEP**notches, _POINTER)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        command = zoom_command(event)
        if command is None:
            super().keyPressEvent(event)
            return
        command(self)
        event.accept()


def zoom_command(event: QKeyEvent) -> Callable[[ZoomView], None] | None:
    """Return the ZoomView method that the zoom key ``event`` requests, or None for other keys.

    The keys are Ctrl++ (or Ctrl+=) to zoom in, Ctrl+- to zoom out and Ctrl+0 to fit.
    """
    control = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
    key = event.key()
    if event.matches(QKeySequence.StandardKey.ZoomIn) or (
        control and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal)
    ):
        return ZoomView.zoom_in
    if event.matches(QKeySequence.StandardKey.ZoomOut) or (control and key == Qt.Key.Key_Minus):
        return ZoomView.zoom_out
    if control and key == Qt.Key.Key_0:
        return ZoomView.reset_zoom
    return None


class ZoomPanel(QWidget):
    """A titled ZoomView that shows a message in the picture's place when there is none."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._shown_title = ""
        self._note = ""
        self.view = ZoomView()
        self.view.setToolTip(f"{title}: Ctrl++ and Ctrl+- zoom, Ctrl+0 fits, drag to pan")
        self.message = QLabel("")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setMinimumSize(120, 60)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.message)
        self.caption = QLabel(title)
        self.caption.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.stack, stretch=1)
        self.view.zoom_changed.connect(lambda _factor: self._update_caption())

    def show_image(
        self,
        image: QImage,
        outline: Sequence[tuple[float, float]] | None,
        note: str,
        *,
        title: str = "",
    ) -> None:
        """Show ``image``. A non-empty ``note`` describes what is unusual about it.

        A non-empty ``title`` names the picture in place of the panel's title.
        """
        self._note = note
        self._shown_title = title
        self.view.set_image(image, outline)
        self.stack.setCurrentWidget(self.view)
        self._update_caption()

    def show_message(self, text: str) -> None:
        """Clear the picture and show ``text`` in its place."""
        self._show_text(text, warning=False)

    def show_problem(self, text: str) -> None:
        """Clear the picture and show why there is none, highlighted."""
        self._show_text(text, warning=True)

    def message_text(self) -> str:
        """Return the message shown in place of the picture, or "" while a picture is shown."""
        return "" if self.stack.currentWidget() is self.view else self.message.text()

    def _show_text(self, text: str, *, warning: bool) -> None:
        self._note = ""
        self._shown_title = ""
        self.view.set_image(None)
        self.message.setText(text)
        self.message.setStyleSheet(WARNING_STYLE if warning else "")
        self.stack.setCurrentWidget(self.message)
        self._update_caption()

    def _update_caption(self) -> None:
        text = self._shown_title or self.title
        if self.view.has_image():
            text += f" · {self.view.zoom_factor():.0%}"
            if self.view.is_fitted():
                text += " (fitted)"
        if self._note:
            text += f" · {self._note[:1].upper()}{self._note[1:]}"
        self.caption.setText(text)
        self.caption.setStyleSheet(WARNING_STYLE if self._note else "")
