"""The Map page's pins and colours, shared by the map, its legend and the list of pins.

A pin's shape and mark say its status, its colour repeats it: a planned visit is a ring with a
dot, a confirmed one (invites sent) a filled disc, a done one a disc with a tick, a cancelled one
a muted ring with a cross, a stalled deal nearby a diamond. A trip's stop carries its number.
The colours come from the application palette (light or dark, `ui/theme.py`).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)

from fieldvisit.planning.map_view import CANCELLED, CONFIRMED, DONE, PLANNED, STALLED
from fieldvisit.ui import style


def status_colour(status: str) -> QColor:
    """Return the colour of a pin of `status` in the current palette."""
    if status == STALLED:
        return style.tone("amber")
    if status == DONE:
        return style.tone("green")
    if status == CANCELLED:
        return style.tone("muted")
    return style.tone("accent")


def draw_pin(
    painter: QPainter, status: str, centre: QPointF, radius: float, number: int | None = None
) -> None:
    """Draw one pin: its shape and mark say its status, its colour repeats it."""
    colour = status_colour(status)
    base = Colours.base()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, 2.0))
    x, y, r = centre.x(), centre.y(), radius
    if status == STALLED:
        diamond = QPolygonF(
            [QPointF(x, y - r * 1.2), QPointF(x + r * 1.2, y), QPointF(x, y + r * 1.2),
             QPointF(x - r * 1.2, y)]
        )  # fmt: skip
        painter.setBrush(colour)
        painter.setPen(QPen(base, 1.5))
        painter.drawPolygon(diamond)
    elif status in (CONFIRMED, DONE):
        painter.setBrush(colour)
        painter.setPen(QPen(base, 1.5))
        painter.drawEllipse(centre, r, r)
    else:  # planned, cancelled: a ring
        painter.setBrush(base)
        painter.drawEllipse(centre, r - 1, r - 1)
    on_fill = base if status in (CONFIRMED, DONE, STALLED) else colour
    if number is not None:
        painter.setPen(on_fill)
        painter.setFont(style.font(style.SMALL_PT - 0.5, QFont.Weight.Bold))
        painter.drawText(
            QRectF(x - r, y - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, str(number)
        )
    elif status == DONE:
        painter.setPen(QPen(on_fill, 1.8))
        painter.drawPolyline(
            QPolygonF([QPointF(x - r * 0.45, y), QPointF(x - r * 0.1, y + r * 0.4),
                       QPointF(x + r * 0.5, y - r * 0.4)])
        )  # fmt: skip
    elif status == CANCELLED:
        painter.setPen(QPen(colour, 1.8))
        d = r * 0.45
        painter.drawLine(QPointF(x - d, y - d), QPointF(x + d, y + d))
        painter.drawLine(QPointF(x - d, y + d), QPointF(x + d, y - d))
    elif status == PLANNED:
        painter.setBrush(colour)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(centre, r * 0.3, r * 0.3)
    painter.restore()


def pin_pixmap(status: str, size: int, ratio: float = 1.0) -> QPixmap:
    """Return a pin of `status` as a pixmap (the legend's and the list's icons)."""
    pix = QPixmap(round(size * ratio), round(size * ratio))
    pix.setDevicePixelRatio(ratio)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    draw_pin(painter, status, QPointF(size / 2, size / 2), size / 2 - 2)
    painter.end()
    return pix


class Colours:
    """The map's colours from the application palette (light or dark, see ui/theme.py)."""

    @staticmethod
    def base() -> QColor:
        return QGuiApplication.palette().color(QPalette.ColorRole.Base)

    @staticmethod
    def water() -> QColor:
        pal = QGuiApplication.palette()
        window, accent = pal.color(QPalette.ColorRole.Window), style.tone("accent")
        share = 0.16 if style.is_dark() else 0.10
        return QColor(
            round(window.red() * (1 - share) + accent.red() * share),
            round(window.green() * (1 - share) + accent.green() * share),
            round(window.blue() * (1 - share) + accent.blue() * share),
        )

    @staticmethod
    def border() -> QColor:
        return QGuiApplication.palette().color(QPalette.ColorRole.Mid)
