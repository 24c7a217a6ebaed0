"""The week-by-executive heat map: done customer visits per executive per week, painted.

Each cell shows its count as a number as well as a shade, so colour never carries the meaning
alone. The map takes keyboard focus: arrow keys move a cursor cell whose words ("Dana Chief, week
of 6 Apr: 2 visits") become the accessible description and tooltip; `text_alternative()` gives
the whole map as lines of text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from fieldvisit.ui import style
from fieldvisit.ui.plain_text import as_text


@dataclass(frozen=True)
class HeatLine:
    """One executive's weekly counts (oldest week first) and a note for the right margin."""

    name: str
    counts: tuple[int, ...]
    note: str = ""


class HeatMap(QWidget):
    """Rows of executives, columns of weeks; shade and number show visits that week."""

    cell_focused = Signal(str)  # the words of the cursor cell

    ROW_H = 24
    CELL_W = 30
    HEADER_H = 26
    GAP = 3

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Visits per executive per week, last 12 weeks")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.weeks: tuple[date, ...] = ()
        self.lines: list[HeatLine] = []
        self.cursor = (0, 0)
        self._name_w = 160
        self._note_w = 0
        self._peak = 1
        self.note_title = "Last visit"

    def show_map(self, weeks: Sequence[date], lines: Sequence[HeatLine]) -> None:
        """Show these weeks (Mondays, oldest first) and executives' lines."""
        self.weeks = tuple(weeks)
        self.lines = list(lines)
        self._peak = max([c for line in self.lines for c in line.counts] + [1])
        metrics = QFontMetrics(self.font())
        names = [metrics.horizontalAdvance(line.name) for line in self.lines] or [80]
        self._name_w = min(220, max(names) + style.SPACE_L)
        notes = [metrics.horizontalAdvance(line.note) for line in self.lines if line.note]
        title_w = metrics.horizontalAdvance(self.note_title)
        self._note_w = (max([*notes, title_w]) + style.SPACE_XL) if notes else 0
        self.cursor = (0, max(0, len(self.weeks) - 1))
        self.setFixedHeight(self.sizeHint().height())
        self._announce()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        width = self._name_w + len(self.weeks) * (self.CELL_W + self.GAP) + self._note_w
        return QSize(width, self.HEADER_H + max(1, len(self.lines)) * self.ROW_H + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def select_row(self, row: int) -> QRect:
        """Put the cursor on `row`'s latest week (an executive found with Ctrl+K); return the
        row's rectangle, to scroll to."""
        if 0 <= row < len(self.lines) and self.weeks:
            self.cursor = (row, len(self.weeks) - 1)
            self._announce()
            self.update()
        return QRect(0, self.HEADER_H + row * self.ROW_H, self.width(), self.ROW_H)

    # ----- words -------------------------------------------------------------------------

    def cell_text(self, row: int, col: int) -> str:
        """Return the words for one cell."""
        line = self.lines[row]
        count = line.counts[col]
        visits = style.plural(count, "visit") if count else "no visits"
        return f"{line.name}, week of {style.short_day(self.weeks[col])}: {visits}"

    def text_alternative(self) -> str:
        """Return the whole map as text, one executive per line."""
        header = "Weeks starting " + ", ".join(style.short_day(w) for w in self.weeks)
        rows = [
            f"{line.name}: {', '.join(str(c) for c in line.counts)}"
            + (f" ({line.note})" if line.note else "")
            for line in self.lines
        ]
        return "\n".join([header, *rows])

    def _announce(self) -> None:
        if not self.lines or not self.weeks:
            self.setAccessibleDescription("No executives yet.")
            return
        words = self.cell_text(*self.cursor)
        self.setAccessibleDescription(words)
        self.cell_focused.emit(words)

    # ----- geometry ----------------------------------------------------------------------

    def _cell_rect(self, row: int, col: int) -> QRect:
        x = self._name_w + col * (self.CELL_W + self.GAP)
        y = self.HEADER_H + row * self.ROW_H + 2
        return QRect(x, y, self.CELL_W, self.ROW_H - 4)

    def _cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        col = (pos.x() - self._name_w) // (self.CELL_W + self.GAP)
        row = (pos.y() - self.HEADER_H) // self.ROW_H
        if 0 <= row < len(self.lines) and 0 <= col < len(self.weeks):
            return int(row), int(col)
        return None

    # ----- painting ----------------------------------------------------------------------

    def _shade(self, count: int) -> QColor:
        if count <= 0:
            return self.palette().color(QPalette.ColorRole.AlternateBase)
        colour = QColor(style.tone("accent"))
        colour.setAlphaF(0.22 + 0.78 * min(1.0, count / self._peak))
        return colour

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        muted = style.muted_colour()
        small = style.font(style.SMALL_PT)
        p.setFont(small)
        p.setPen(muted)
        for col, week in enumerate(self.weeks):
            # Every other week is labelled: twelve dates side by side would crowd each other.
            if col % 2 == (len(self.weeks) - 1) % 2:
                r = self._cell_rect(0, col)
                p.drawText(
                    QRect(r.x() - 10, 0, self.CELL_W + 20, self.HEADER_H - 6),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    style.short_day(week),
                )
        if self._note_w:
            x = self._name_w + len(self.weeks) * (self.CELL_W + self.GAP) + style.SPACE_L
            p.drawText(
                QRect(x, 0, self._note_w, self.HEADER_H - 6),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                self.note_title,
            )
        for row, line in enumerate(self.lines):
            y = self.HEADER_H + row * self.ROW_H
            p.setFont(self.font())
            p.setPen(text)
            p.drawText(
                QRect(0, y, self._name_w - style.SPACE_M, self.ROW_H),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                QFontMetrics(self.font()).elidedText(
                    line.name, Qt.TextElideMode.ElideRight, self._name_w - style.SPACE_M
                ),
            )
            p.setFont(small)
            for col, count in enumerate(line.counts):
                r = self._cell_rect(row, col)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(self._shade(count))
                p.drawRoundedRect(r, 4, 4)
                if count:
                    strong = count / self._peak > 0.5
                    p.setPen(QColor("#ffffff") if strong else text)
                    p.drawText(r, Qt.AlignmentFlag.AlignCenter, str(count))
            if line.note:
                p.setPen(muted)
                x = self._name_w + len(self.weeks) * (self.CELL_W + self.GAP) + style.SPACE_L
                p.drawText(
                    QRect(x, y, self._note_w, self.ROW_H),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                    line.note,
                )
        if self.hasFocus() and self.lines and self.weeks:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(style.tone("accent"))
            p.drawRoundedRect(self._cell_rect(*self.cursor).adjusted(-1, -1, 1, 1), 5, 5)
        p.end()

    # ----- interaction -------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self.lines or not self.weeks:
            return super().keyPressEvent(event)
        row, col = self.cursor
        moves = {
            Qt.Key.Key_Up: (-1, 0),
            Qt.Key.Key_Down: (1, 0),
            Qt.Key.Key_Left: (0, -1),
            Qt.Key.Key_Right: (0, 1),
        }
        step = moves.get(Qt.Key(event.key()))
        if step is None:
            return super().keyPressEvent(event)
        row = max(0, min(len(self.lines) - 1, row + step[0]))
        col = max(0, min(len(self.weeks) - 1, col + step[1]))
        self.cursor = (row, col)
        self._announce()
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        cell = self._cell_at(event.position().toPoint())
        if cell is not None:
            self.cursor = cell
            self.setFocus()
            self._announce()
            self.update()
        super().mousePressEvent(event)

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QHelpEvent.Type.ToolTip:
            cell = self._cell_at(event.pos())
            if cell is not None:
                QToolTip.showText(event.globalPos(), as_text(self.cell_text(*cell)), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)  # type: ignore[arg-type]
