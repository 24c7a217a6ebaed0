"""An editable, ordered list of names with Add, Rename, Move and Remove (keyboard-friendly)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class OrderedListEditor(QWidget):
    """An editable, ordered list of names (pipeline stages, friction categories)."""

    changed = Signal()

    def __init__(self, noun: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.noun = noun
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget(self)
        self.list.setAccessibleName(f"{noun.capitalize()}s")
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.list.setMinimumHeight(240)
        self.list.itemChanged.connect(lambda _i: self.changed.emit())
        row.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        for text, slot in (
            (f"Add {noun}", self.add),
            ("Rename", self.rename),
            ("Move up", lambda: self.move(-1)),
            ("Move down", lambda: self.move(1)),
            ("Remove", self.remove),
        ):
            button = QPushButton(text, self)
            button.setAccessibleName(f"{text} ({noun})" if text != f"Add {noun}" else text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        row.addLayout(buttons)

    def set_names(self, names: list[str]) -> None:
        """Show these names, in order."""
        self.list.blockSignals(True)
        self.list.clear()
        for name in names:
            self._append(name)
        self.list.blockSignals(False)

    def names(self) -> list[str]:
        """Return the names in order (blank ones left out)."""
        texts = (self.list.item(i).text().strip() for i in range(self.list.count()))
        return [t for t in texts if t]

    def _append(self, name: str) -> QListWidgetItem:
        item = QListWidgetItem(name, self.list)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def add(self) -> None:
        """Add a new entry after the current one and start editing it."""
        item = QListWidgetItem(f"New {self.noun}")
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        row = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else self.list.count()
        self.list.insertItem(row, item)
        self.list.setCurrentItem(item)
        self.list.setFocus()
        self.list.editItem(item)
        self.changed.emit()

    def rename(self) -> None:
        """Start editing the current entry."""
        item = self.list.currentItem()
        if item is not None:
            self.list.setFocus()
            self.list.editItem(item)

    def move(self, step: int) -> None:
        """Move the current entry up (-1) or down (+1)."""
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.changed.emit()

    def remove(self) -> None:
        """Remove the current entry."""
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()
