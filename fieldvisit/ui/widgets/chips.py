"""Reason chips: a deal's signals as small labelled pills (the word always carries the meaning).

Stall signals are amber, risk signals muted; the colour only repeats what the word says.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from fieldvisit.ui import style

# What each signal code is called on screen.
SIGNAL_LABELS = {
    "stage_age": "Stuck in stage",
    "idle": "No recent activity",
    "close_slipped": "Close date slipped",
    "single_threaded": "One contact only",
    "no_decision_maker": "No decision maker",
    "no_exec_touch": "No executive visit",
}
# Shorter words for the deals table, where space is tight.
SIGNAL_SHORT = {
    "stage_age": "Stuck",
    "idle": "Quiet",
    "close_slipped": "Slipped",
    "single_threaded": "One contact",
    "no_decision_maker": "No decider",
    "no_exec_touch": "No exec visit",
}
STALL_CODES = ("stage_age", "idle", "close_slipped")
CHIP_H_PAD = 7
CHIP_GAP = 4


def signal_label(code: str, short: bool = False) -> str:
    """Return the words shown for a signal code (the code itself never reaches the screen)."""
    table = SIGNAL_SHORT if short else SIGNAL_LABELS
    return table.get(code, code.replace("_", " ").capitalize())


def signal_rank(code: str) -> int:
    """Return where a signal goes in a row of chips: stalls first, in the order of the rules."""
    order = list(SIGNAL_LABELS)
    return order.index(code) if code in order else len(order)


def chip_tone(code: str) -> str:
    """Return the tone of a chip: amber for a stall, muted for a risk."""
    return "amber" if code in STALL_CODES else "muted"


def _chip_colours(tone: str) -> tuple[QColor, QColor]:
    fg = style.tone(tone)
    bg = QColor(fg)
    bg.setAlpha(34 if tone == "amber" else 26)
    return fg, bg


class Chip(QLabel):
    """One pill with a word in it."""

    def __init__(self, text: str, tone: str = "muted", parent: QWidget | None = None):
        super().__init__(text, parent)
        fg, bg = _chip_colours(tone)
        self.setFont(style.font(style.SMALL_PT, QFont.Weight.DemiBold))
        self.setStyleSheet(
            f"QLabel {{ color: {fg.name()}; background: rgba({bg.red()},{bg.green()},"
            f"{bg.blue()},{bg.alpha()}); border-radius: 9px; padding: 1px {CHIP_H_PAD}px; }}"
        )
        self.setAccessibleName(text)


class ChipRow(QWidget):
    """Chips for a list of signal codes, left to right."""

    def __init__(self, codes: Sequence[str], parent: QWidget | None = None, short: bool = False):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(CHIP_GAP)
        for code in codes:
            row.addWidget(Chip(signal_label(code, short), chip_tone(code), self))
        row.addStretch(1)


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
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        chip_font = style.font(style.SMALL_PT - 0.5, QFont.Weight.DemiBold)
        painter.setFont(chip_font)
        metrics = QFontMetrics(chip_font)
        height = metrics.height() + 4
        x = float(option.rect.left() + 6)
        y = option.rect.top() + (option.rect.height() - height) / 2
        right = option.rect.right() - 4
        for n, code in enumerate(codes):
            text = signal_label(code, short=True)
            width = metrics.horizontalAdvance(text) + 2 * CHIP_H_PAD
            if x + width > right:
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
