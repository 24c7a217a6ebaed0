"""Columns that reflow: four side by side when there is room, two rows of two when the window is
narrower, one under the other when narrower still — so no column is squeezed until its text wraps
one word per line."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLayout, QSizePolicy, QWidget


class ReflowColumns(QWidget):
    """Hold a few column layouts; put as many side by side as fit at `column_px` each."""

    def __init__(self, column_px: int, spacing: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.column_px = column_px
        self._columns: list[QWidget] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(spacing)
        self._grid.setVerticalSpacing(spacing)
        # The grid's own minimum (all columns side by side) must not hold the window wide.
        self._grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._per_row = 0
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def add_column(self, layout: QLayout) -> QWidget:
        """Add one column (its layout is given a widget of its own) and return that widget."""
        box = QWidget(self)
        box.setLayout(layout)
        layout.setContentsMargins(0, 0, 0, 0)
        self._columns.append(box)
        self._place(self._fitting(self.width()) if self.width() > 0 else 1)
        return box

    def per_row(self) -> int:
        """How many columns stand side by side now."""
        return self._per_row

    def rows(self) -> list[list[QWidget]]:
        """The columns, row by row, as they are placed now."""
        n = max(1, self._per_row)
        return [self._columns[i : i + n] for i in range(0, len(self._columns), n)]

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._needed(), super().minimumSizeHint().height())

    def _needed(self) -> int:
        return max([self.column_px] + [c.minimumSizeHint().width() for c in self._columns])

    def _fitting(self, width: int) -> int:
        """The most columns per row (all, half, or one) that each get `column_px`."""
        count = len(self._columns)
        gap = self._grid.horizontalSpacing()
        need = self._needed()
        for n in (count, (count + 1) // 2):
            if n >= 1 and width >= n * need + (n - 1) * gap:
                return n
        return 1

    def _place(self, per_row: int) -> None:
        if per_row == self._per_row:
            return
        self._per_row = per_row
        for box in self._columns:
            self._grid.removeWidget(box)
        for column in range(len(self._columns)):
            self._grid.setColumnStretch(column, 1 if column < per_row else 0)
        for n, box in enumerate(self._columns):
            self._grid.addWidget(box, n // per_row, n % per_row)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place(self._fitting(event.size().width()))
