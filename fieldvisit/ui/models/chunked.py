"""A table over rows held in memory: kept, sorted and handed to the view in chunks.

Coverage's strategic accounts and its accounts due for a visit are worked out once in the
background; their models only say which rows a filter keeps (`kept`) and each column's sort key
(`sort_key`). This class orders the rows and gives the view CHUNK at a time (`fetchMore`), so
thousands of accounts never cost a long layout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
# The root index, shared as the default argument (an invalid index is immutable).
ROOT = QModelIndex()
CHUNK = 200

Row = TypeVar("Row")


class ChunkedTableModel(QAbstractTableModel, Generic[Row]):
    """Rows kept by a filter, sorted by a column, shown CHUNK at a time."""

    def __init__(self, headers: tuple[str, ...], sort_column: int, parent: Any = None):
        super().__init__(parent)
        self.headers = headers
        self._rows: list[Row] = []
        self._shown = 0
        self._sort = (sort_column, Qt.SortOrder.AscendingOrder)

    def kept(self) -> list[Row]:
        """Return the rows the filter keeps, in any order."""
        raise NotImplementedError

    def sort_key(self, column: int) -> Callable[[Row], Any]:
        """Return the key that sorts rows by `column`, ascending."""
        raise NotImplementedError

    def _apply(self) -> None:
        self.beginResetModel()
        column, order = self._sort
        self._rows = sorted(self.kept(), key=self.sort_key(column))
        if order == Qt.SortOrder.DescendingOrder:
            self._rows.reverse()
        self._shown = min(CHUNK, len(self._rows))
        self.endResetModel()

    def row_at(self, row: int) -> Row | None:
        """Return the row shown at `row`, or None."""
        return self._rows[row] if 0 <= row < self._shown else None

    @property
    def matching(self) -> int:
        """How many rows pass the filter (shown or not yet fetched)."""
        return len(self._rows)

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def canFetchMore(self, parent: Index = ROOT) -> bool:  # noqa: N802
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: Index = ROOT) -> None:  # noqa: N802
        more = 0 if parent.isValid() else min(CHUNK, len(self._rows) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self._apply()

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None
