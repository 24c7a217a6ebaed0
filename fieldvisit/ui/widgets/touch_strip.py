"""A strip of months: done executive visits at one account, shade and number per month.

Each cell shows its count as a number as well as a shade (colour never carries the meaning
alone); every third month is labelled below. The cells stretch to the width they are given, so
two years fit from 1024 px up. Hovering a month, or `text_alternative()`, gives it in words.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QDate, QEvent, QRect, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from fieldvisit.planning.account_view import MonthTouches
from fieldvisit.ui import style
from fieldvisit.ui.plain_text import as_text

CELL_H = 26
LABEL_H = 18
GAP = 3
MIN_CELL_W = 16
LABEL_W = 64


def month_words(m: MonthTouches) -> str:
    """Return one month in words: "Apr 2026: 3 executive visits (Dana Chief, Rob Revenue)"."""
    when = style.locale().toString(_qdate(m), "MMM yyyy")
    if not m.visits:
        return f"{when}: no executive visit"
    who = f" ({', '.join(m.executives)})" if m.executives else ""
    return f"{when}: {style.plural(m.visits, 'executive visit')}{who}"


def _qdate(m: MonthTouches) -> QDate:
    return QDate(m.month.year, m.month.month, 1)


class TouchStrip(QWidget):
    """Months, oldest on the left; shade and number show the executive visits in each."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Executive visits per month")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.months: tuple[MonthTouches, ...] = ()
        self._peak = 1

    def show_months(self, months: Sequence[MonthTouches]) -> None:
        """Show these months (oldest first)."""
        self.months = tuple(months)
        self._peak = max([m.visits for m in self.months] + [1])
        self.setAccessibleDescription(self.text_alternative())
        self.updateGeometry()
        self.update()

    def text_alternative(self) -> str:
        """Return the months with visits as words (all of them when none had one)."""
        shown = [month_words(m) for m in self.months if m.visits]
        return "; ".join(shown) if shown else "No executive visit in these months."

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(max(1, len(self.months)) * (22 + GAP), CELL_H + LABEL_H + 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(max(1, len(self.months)) * (MIN_CELL_W + GAP), CELL_H + LABEL_H + 2)

    def _cell_w(self) -> float:
        n = max(1, len(self.months))
        return max(float(MIN_CELL_W), (self.width() - GAP * (n - 1)) / n)

    def _cell_rect(self, col: int) -> QRect:
        w = self._cell_w()
        return QRect(round(col * (w + GAP)), 0, round(w), CELL_H)

    def _shade(self, count: int) -> QColor:
        if count <= 0:
            return self.palette().color(QPalette.ColorRole.AlternateBase)
        colour = QColor(style.tone("accent"))
        colour.setAlphaF(0.22 + 0.78 * min(1.0, count / self._peak))
        return colour

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        p.setFont(style.font(style.SMALL_PT))
        last = len(self.months) - 1
        for col, m in enumerate(self.months):
            r = self._cell_rect(col)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self._shade(m.visits))
            p.drawRoundedRect(r, 4, 4)
            if m.visits:
                p.setPen(QColor("#ffffff") if m.visits / self._peak > 0.5 else text)
                p.drawText(r, Qt.AlignmentFlag.AlignCenter, str(m.visits))
            if (last - col) % 3 == 0:  # the current month and every third before it
                p.setPen(style.muted_colour())
                words = style.locale().toString(_qdate(m), "MMM yy")
                # Centred under its month, but kept inside the strip at both ends.
                x = min(max(0, r.center().x() - LABEL_W // 2), self.width() - LABEL_W)
                box = QRect(x, CELL_H + 2, LABEL_W, LABEL_H)
                align = Qt.AlignmentFlag.AlignHCenter
                if x == 0 or x == self.width() - LABEL_W:
                    align = Qt.AlignmentFlag.AlignLeft if x == 0 else Qt.AlignmentFlag.AlignRight
                p.drawText(box, align | Qt.AlignmentFlag.AlignTop, words)
        p.end()

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            for col, m in enumerate(self.months):
                if self._cell_rect(col).contains(e.pos()):
                    QToolTip.showText(e.globalPos(), as_text(month_words(m)), self)
                    return True
            QToolTip.hideText()
            e.ignore()
            return True
        return super().event(e)
