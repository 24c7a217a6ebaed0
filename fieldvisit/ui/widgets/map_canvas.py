"""The Map page's drawing: country outlines, trips' routes and pins, painted offline.

Pins (`map_pins`) differ by shape and mark as well as colour; a trip's stops carry their number
and are joined in visit order, with an arrow on each leg.

Mouse: wheel zooms about the pointer, drag pans, a click picks a pin, a double click opens its
account. Keyboard (when the map has focus): + and − zoom, arrows pan, 0 or Home fits the week.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from fieldvisit.planning.map_geometry import WORLD, Box, Projection, outlines_in, spread
from fieldvisit.planning.map_view import MapPoint, MapRoute
from fieldvisit.ui import style
from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.widgets.map_pins import Colours, draw_pin

PIN_R = 7.0
STOP_R = 9.5  # a numbered stop is larger so its number fits
ZOOM_STEP = 1.4
PAN_STEP = 60


class MapCanvas(QWidget):
    """Draws the outlines, routes and pins; picks, zooms and pans."""

    pin_picked = Signal(int)  # index into `points`
    pin_opened = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Map of the week's visits, trips and stalled deals nearby")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(260, 220)
        self.points: list[MapPoint] = []
        self.routes: list[MapRoute] = []
        self.tips: list[str] = []
        self.highlighted: int | None = None
        self.projection = Projection.fit(WORLD, 400, 300)
        self._fit_box = WORLD
        self._screen: list[tuple[float, float]] = []
        self._drag: QPointF | None = None
        self._dragged = False

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(520, 420)

    # ----- content --------------------------------------------------------------------------

    def show_points(
        self, points: Sequence[MapPoint], routes: Sequence[MapRoute], tips: Sequence[str]
    ) -> None:
        """Show these pins (each with its tooltip words) and routes, zoomed to fit them (the
        world when there are none)."""
        self.points, self.routes, self.tips = list(points), list(routes), list(tips)
        self.highlighted = None
        box = Box.around((p.lat, p.lon) for p in self.points)
        self._fit_box = box.padded() if box else WORLD
        self.fit()

    def fit(self) -> None:
        """Zoom to the week's pins."""
        self.projection = Projection.fit(self._fit_box, self.width(), self.height())
        self._place()

    def highlight(self, index: int | None) -> None:
        """Ring the pin at `index` (None: no pin), bringing it into view."""
        self.highlighted = index
        chosen = index is not None and 0 <= index < len(self.tips)
        self.setAccessibleDescription(self.tips[index] if chosen and index is not None else "")
        if index is not None and 0 <= index < len(self.points):
            x, y = self._screen[index] if self._screen else (0.0, 0.0)
            if not (0 <= x <= self.width() and 0 <= y <= self.height()):
                p = self.points[index]
                cx, cy = self.projection.to_screen(p.lat, p.lon)
                self.projection = self.projection.panned(
                    cx - self.width() / 2, cy - self.height() / 2
                )
                self._place()
        self.update()

    def pin_at(self, x: float, y: float) -> int | None:
        """Return the index of the pin drawn at (x, y), the nearest within reach."""
        best: tuple[float, int] | None = None
        for i, (px, py) in enumerate(self._screen):
            d = math.dist((x, y), (px, py))
            if d <= STOP_R + 3 and (best is None or d < best[0]):
                best = (d, i)
        return best[1] if best else None

    def screen_point(self, index: int) -> QPointF:
        """Return where the pin at `index` is drawn (tests click it)."""
        x, y = self._screen[index]
        return QPointF(x, y)

    def _place(self) -> None:
        raw = [self.projection.to_screen(p.lat, p.lon) for p in self.points]
        self._screen = spread(raw, 2 * PIN_R + 3)
        self.update()

    # ----- painting -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), Colours.water())
        self._paint_outlines(painter)
        self._paint_routes(painter)
        self._paint_pins(painter)
        painter.setPen(Colours.border())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        if self.hasFocus():
            painter.setPen(QPen(style.tone("accent"), 2))
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()

    def _paint_outlines(self, painter: QPainter) -> None:
        view = self.projection
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.OddEvenFill)
        for polygon in outlines_in(view.visible()):
            for ring in polygon:
                pts = [QPointF(*view.to_screen(lat, lon)) for lon, lat in ring]
                path.addPolygon(QPolygonF(pts))
                path.closeSubpath()
        painter.setPen(QPen(Colours.border(), 1.0))
        painter.setBrush(Colours.base())
        painter.drawPath(path)

    def _paint_routes(self, painter: QPainter) -> None:
        by_ref = {(p.ref, p.kind): i for i, p in enumerate(self.points)}
        colour = QColor(style.tone("accent"))
        colour.setAlphaF(0.75)
        painter.setPen(QPen(colour, 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for route in self.routes:
            spots = []
            for stop in route.stops:
                i = by_ref.get((stop.ref, stop.kind))
                if i is not None:
                    spots.append(QPointF(*self._screen[i]))
            for a, b in zip(spots, spots[1:], strict=False):
                painter.drawLine(a, b)
                self._arrow(painter, a, b, colour)

    @staticmethod
    def _arrow(painter: QPainter, a: QPointF, b: QPointF, colour: QColor) -> None:
        """A small arrowhead halfway along a leg: the direction of travel."""
        dx, dy = b.x() - a.x(), b.y() - a.y()
        length = math.hypot(dx, dy)
        if length < 4 * STOP_R:
            return
        ux, uy = dx / length, dy / length
        tip = QPointF(a.x() + dx * 0.55, a.y() + dy * 0.55)
        side = QPointF(-uy * 4.5, ux * 4.5)
        back = QPointF(tip.x() - ux * 9, tip.y() - uy * 9)
        painter.save()
        painter.setBrush(colour)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawPolygon(QPolygonF([tip, back + side, back - side]))
        painter.restore()

    def _paint_pins(self, painter: QPainter) -> None:
        order = sorted(range(len(self.points)), key=lambda i: i == self.highlighted)
        for i in order:
            p, (x, y) = self.points[i], self._screen[i]
            radius = STOP_R if p.stop is not None else PIN_R
            if i == self.highlighted:
                painter.save()
                painter.setPen(QPen(style.tone("accent"), 2.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(x, y), radius + 6, radius + 6)
                painter.restore()
            draw_pin(painter, p.status, QPointF(x, y), radius, p.stop)
        if self.highlighted is not None and self.highlighted < len(self.points):
            self._paint_label(painter, self.highlighted)

    def _paint_label(self, painter: QPainter, i: int) -> None:
        x, y = self._screen[i]
        text = self.points[i].label
        painter.save()
        painter.setFont(style.font(style.SMALL_PT, QFont.Weight.DemiBold))
        metrics = painter.fontMetrics()
        w, h = metrics.horizontalAdvance(text) + 12, metrics.height() + 6
        left = x + STOP_R + 8 if x + STOP_R + 8 + w < self.width() else x - STOP_R - 8 - w
        box = QRectF(left, y - h / 2, w, h)
        painter.setPen(QPen(Colours.border(), 1))
        painter.setBrush(Colours.base())
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    # ----- mouse and keyboard ---------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        old = event.oldSize()
        if old.width() <= 0 or old.height() <= 0:
            self.fit()
        else:
            self.projection = self.projection.resized(self.width(), self.height())
            self._place()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        steps = event.angleDelta().y() / 120
        if steps:
            pos = event.position()
            self.projection = self.projection.zoomed(ZOOM_STEP**steps, pos.x(), pos.y())
            self._place()
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag, self._dragged = event.position(), False
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._drag is not None:
            delta = event.position() - self._drag
            if self._dragged or abs(delta.x()) + abs(delta.y()) > 3:
                self._dragged = True
                self.projection = self.projection.panned(-delta.x(), -delta.y())
                self._drag = event.position()
                self._place()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._drag is not None and not self._dragged:
            hit = self.pin_at(event.position().x(), event.position().y())
            if hit is not None:
                self.pin_picked.emit(hit)
        self._drag = None
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        hit = self.pin_at(event.position().x(), event.position().y())
        if hit is not None:
            self.pin_opened.emit(hit)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if not self.handle_key(event.key()):
            super().keyPressEvent(event)
            return
        event.accept()

    def handle_key(self, key: int) -> bool:
        """Zoom or pan for a key (+, −, arrows, 0/Home); False when the key is not the map's."""
        k = Qt.Key
        pans = {
            k.Key_Left: (-PAN_STEP, 0),
            k.Key_Right: (PAN_STEP, 0),
            k.Key_Up: (0, -PAN_STEP),
            k.Key_Down: (0, PAN_STEP),
        }
        if key in (k.Key_Plus, k.Key_Equal):
            self.projection = self.projection.zoomed(ZOOM_STEP)
        elif key in (k.Key_Minus, k.Key_Underscore):
            self.projection = self.projection.zoomed(1 / ZOOM_STEP)
        elif key in pans:
            self.projection = self.projection.panned(*pans[k(key)])
        elif key in (k.Key_0, k.Key_Home):
            self.fit()
            return True
        else:
            return False
        self._place()
        return True

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.pin_at(event.pos().x(), event.pos().y())
            if hit is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), as_text(self.tips[hit]), self)
            return True
        return super().event(event)
