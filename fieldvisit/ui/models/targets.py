"""Executives' monthly visit targets, editable in a table; edits are kept until saved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass
class TargetRow:
    """An executive and their monthly visit target (None: the default applies)."""

    executive_pk: int
    name: str
    title: str
    target: int | None


class TargetsModel(QAbstractTableModel):
    """Executives with an editable monthly visit target; edits are kept until saved."""

    edited = Signal()

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.rows: list[TargetRow] = []
        self.default_target = 4
        self.changes: dict[int, int] = {}

    def show_rows(self, rows: list[TargetRow], default_target: int) -> None:
        """Show executives (drops unsaved edits)."""
        self.beginResetModel()
        self.rows = rows
        self.default_target = default_target
        self.changes = {}
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else 2

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Executive", "Visits per month")[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == 1 else base

    def target_of(self, row: TargetRow) -> int | None:
        """Return the row's target including unsaved edits."""
        return self.changes.get(row.executive_pk, row.target)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if index.column() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return f"{row.name} · {row.title}" if row.title else row.name
            return None
        target = self.target_of(row)
        if role == Qt.ItemDataRole.EditRole:
            return target if target is not None else self.default_target
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if target is None:
                return f"{self.default_target} (the default)"
            return str(target)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or index.column() != 1:
            return False
        try:
            target = max(0, min(100, int(value)))
        except (TypeError, ValueError):
            return False
        row = self.rows[index.row()]
        if target == row.target:
            self.changes.pop(row.executive_pk, None)
        else:
            self.changes[row.executive_pk] = target
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True
