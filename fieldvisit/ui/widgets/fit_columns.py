"""Columns that fit their view: no sideways scrolling in a list or table.

Some columns keep the width their text needs (a date, a number, a status); the others share what
is left by weight, never narrower than their minimum. When even that does not fit, every column
gives way in proportion and the long texts are elided (the view's elide mode; rows carry the
whole text as a tooltip). Widths follow the view's width as the window is resized; a column the
user drags keeps the width they gave it until the view's width changes again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView


class ColumnFitter(QObject):
    """Keeps a view's columns inside its viewport.

    `natural` maps a column to the widest it needs (its content's width, given by the page: a
    sample text measured with the view's font is steadier than the rows loaded so far; its
    header's width when that is wider);
    `shares` maps the flexible columns to their weight, `comfort` to the width they keep before
    a short column's header is elided, and `minimum` to their narrowest (`minimum` also gives
    how narrow a short column may become). After each fit, `narrowed` is told which short
    columns are narrower than their whole header (a page may show a shorter one).
    """

    def __init__(
        self,
        view: QTableView | QTreeView,
        natural: Mapping[int, int],
        shares: Mapping[int, int],
        minimum: Mapping[int, int] | None = None,
        comfort: Mapping[int, int] | None = None,
        narrowed: Callable[[frozenset[int]], None] | None = None,
    ):
        super().__init__(view)
        self.narrowed = narrowed
        self.view = view
        self.natural = dict(natural)
        self.shares = dict(shares)
        self.minimum = dict(minimum or {})
        self.comfort = dict(comfort or {})
        self._width = -1
        header = self._header()
        # The theme draws headers semibold: the header's own font says so too, or a narrow
        # header's "…" is worked out for thinner letters and its ends are cut off instead.
        # (The theme's `QHeaderView { font-weight }` rule keeps it so under a style sheet, which
        # would otherwise reset this font; tests/ui/test_header_eliding.py.)
        header.ensurePolished()
        bold = QFont(header.font())
        bold.setWeight(QFont.Weight.DemiBold)
        header.setFont(bold)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        # A short column also shows its header whole when there is room.
        self.header_widths = {c: header.sectionSizeHint(c) for c in self.natural}
        self.natural = {c: max(w, self.header_widths[c]) for c, w in self.natural.items()}
        if narrowed is not None:  # a column the user drags wider gets its whole header back
            header.sectionResized.connect(lambda *_: self._tell_narrowed())
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)
        self.fit()

    def _header(self) -> QHeaderView:
        view = self.view
        return view.horizontalHeader() if isinstance(view, QTableView) else view.header()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and watched is self._viewport:
            self.fit()
        return False

    def widths(self, room: int) -> dict[int, int]:
        """Return each column's width for `room` pixels of viewport.

        Short of room, the short columns give up what they have above their text's width
        first (a header ends in "…"), then the shared ones down to their minimum, then
        everyone in proportion; spare room goes to the shared columns by weight.
        """
        out = {c: w for c, w in self.natural.items() if c not in self.shares}
        out.update({c: self.comfort.get(c, self._floor(c)) for c in self.shares})
        steps = (
            {c: min(out[c], self.minimum.get(c, out[c])) for c in out if c not in self.shares},
            {c: min(out[c], self._floor(c)) for c in self.shares},
        )
        for floor in steps:
            short = sum(out.values()) - room
            give = sum(out[c] - floor[c] for c in floor)
            if short <= 0 or give <= 0:
                continue
            for c in floor:  # rounded up: the total never ends wider than the room
                out[c] -= -(-(out[c] - floor[c]) * min(short, give) // give)
        short = sum(out.values()) - room
        if short > 0:  # too narrow even for the minimums: everyone gives way in proportion
            scale = room / sum(out.values())
            return {c: max(16, int(w * scale)) for c, w in out.items()}
        spare, weights = -short, dict(self.shares)
        for c in list(weights):
            part = spare * weights[c] // sum(weights.values())
            out[c] += part
            spare -= part
            del weights[c]
        return out

    def _floor(self, column: int) -> int:
        return self.minimum.get(column, 60)

    def fit(self) -> None:
        """Set the widths for the viewport's current width (only when it changed)."""
        room = self.view.viewport().width()
        if room <= 0 or room == self._width:
            return
        self._width = room
        for column, width in self.widths(room).items():
            self.view.setColumnWidth(column, width)
        self._tell_narrowed()

    def _tell_narrowed(self) -> None:
        """Tell `narrowed` which short columns are narrower than their whole header."""
        if self.narrowed is None:
            return
        header = self._header()
        short = (c for c in self.header_widths if c not in self.shares)
        self.narrowed(frozenset(c for c in short if header.sectionSize(c) < self.header_widths[c]))

    def refit(self) -> None:
        """Fit again even at the same width (new content, a new font)."""
        self._width = -1
        self.fit()


def text_width(view: QAbstractItemView, sample: str, extra: int = 24) -> int:
    """Return the width a column needs for `sample` in the view's font, with cell padding."""
    return view.fontMetrics().horizontalAdvance(sample) + extra
