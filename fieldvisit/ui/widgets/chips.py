"""Reason chips: a deal's signals as small labelled pills (the word always carries the meaning).

Stall signals are amber, risk signals muted; the colour only repeats what the word says.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from fieldvisit.signal_table import is_stall, signal_label, signal_rank
from fieldvisit.ui import style

# Each code's words, short words, kind and order come from `fieldvisit.signal_table`.
CHIP_H_PAD = 7
CHIP_GAP = 4


def chip_tone(code: str) -> str:
    """Return the tone of a chip: amber for a stall, muted for a risk."""
    return "amber" if is_stall(code) else "muted"


def _chip_colours(tone: str) -> tuple[QColor, QColor]:
    fg = style.tone(tone)
    bg = QColor(fg)
    bg.setAlpha(34 if tone == "amber" else 26)
    return fg, bg


def chips_that_fit(widths: list[float], room: float, rest_width: Callable[[int], float]) -> int:
    """Return how many chips (of `widths`, in order) fit in `room` pixels together with the
    "+N" that counts the others (`rest_width(N)` wide): the count is never pushed out of the cell."""
    x = 0.0
    for n, width in enumerate(widths):
        after = len(widths) - n - 1  # chips still to come after this one
        need = width + (CHIP_GAP + rest_width(after) if after else 0)
        if x + need > room:
            return n
        x += width + CHIP_GAP
    return len(widths)


class ChipsDelegate(QStyledItemDelegate):
    """Paints a cell's signal codes (a list in `role`) as chips, stall signals first."""

    def __init__(self, role: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.role = role

    def _codes(self, index: QModelIndex | QPersistentModelIndex) -> list[str]:
        value = index.data(self.role)
        if not value:
            return []
        codes = list(value) if not isinstance(value, str) else value.split(",")
        return sorted((c for c in codes if c), key=signal_rank)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style_ = widget.style() if widget is not None else None
        if style_ is not None:
            style_.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        codes = self._codes(index)
        if not codes:
            return
        painter.save()
        painter.setClipRect(option.rect)  # a cell squeezed narrower than one chip cuts it
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        chip_font = style.font(style.SMALL_PT - 0.5, QFont.Weight.DemiBold)
        painter.setFont(chip_font)
        metrics = QFontMetrics(chip_font)
        height = metrics.height() + 4
        x = float(option.rect.left() + 6)
        y = option.rect.top() + (option.rect.height() - height) / 2
        right = option.rect.right() - 4
        texts = [signal_label(code, short=True) for code in codes]
        widths = [float(metrics.horizontalAdvance(text) + 2 * CHIP_H_PAD) for text in texts]
        shown = chips_that_fit(widths, right - x, lambda n: metrics.horizontalAdvance(f"+{n}"))
        for n, code in enumerate(codes):
            text, width = texts[n], widths[n]
            if n == shown:
                rest = f"+{len(codes) - n}"
                painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
                painter.drawText(QRectF(x, y, 40, height), Qt.AlignmentFlag.AlignVCenter, rest)
                break
            fg, bg = _chip_colours(chip_tone(code))
            rect = QRectF(x, y, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(bg)
            painter.drawRoundedRect(rect, height / 2, height / 2)
            painter.setPen(fg)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            x += width + CHIP_GAP
        painter.restore()

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = QFontMetrics(style.font(style.SMALL_PT - 0.5, QFont.Weight.DemiBold))
        codes = self._codes(index)
        width = sum(
            metrics.horizontalAdvance(signal_label(c, True)) + 2 * CHIP_H_PAD for c in codes
        )
        return QSize(width + CHIP_GAP * max(0, len(codes) - 1) + 12, metrics.height() + 12)
