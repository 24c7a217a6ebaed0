"""One sync conflict side by side: each field that differs, the copy's and the team's version,
and Keep mine / Take theirs (the core's `travel.sync.resolve`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.ui import style

if TYPE_CHECKING:
    from fieldvisit.travel.pending import Conflict


class ConflictView(QWidget):
    """Both versions of a conflicting visit or debrief; `settled(visit, keep)` on a choice."""

    settled = Signal(str, str)  # visit external id, "mine" or "theirs"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.conflict: Conflict | None = None
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(style.SPACE_S)
        self.title = style.label("", bold=True, wrap=True)
        col.addWidget(self.title)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["Field", "Mine (this copy)", "Theirs (team)"])
        self.table.setAccessibleName("Both versions of the conflict")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        col.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.keep_mine = QPushButton("Keep &mine", self)
        self.keep_mine.setAccessibleName("Keep my version: it is sent at the next sync")
        self.take_theirs = QPushButton("Take t&heirs", self)
        self.take_theirs.setAccessibleName("Take the team's version into this copy")
        self.keep_mine.clicked.connect(lambda: self._settle("mine"))
        self.take_theirs.clicked.connect(lambda: self._settle("theirs"))
        row.addWidget(self.keep_mine)
        row.addWidget(self.take_theirs)
        col.addLayout(row)
        self.show_conflict(None)

    def show_conflict(self, conflict: Conflict | None) -> None:
        """Show a conflict's two versions (None: nothing chosen)."""
        from fieldvisit.travel.content import FIELD_WORDS, field_text

        self.conflict = conflict
        self.keep_mine.setEnabled(conflict is not None)
        self.take_theirs.setEnabled(conflict is not None)
        self.table.setRowCount(0)
        if conflict is None:
            self.title.setText("Choose a conflict to see both versions.")
            return
        who = f" (changed by {conflict.theirs_by})" if conflict.theirs_by else ""
        self.title.setText(
            f"The {conflict.entity} of visit {conflict.external_id} at {conflict.account} was "
            f"changed here and in the team workspace{who}."
        )
        for name in conflict.fields:
            at = self.table.rowCount()
            self.table.insertRow(at)
            self.table.setItem(at, 0, QTableWidgetItem(FIELD_WORDS.get(name, name)))
            mine = (conflict.mine or {}).get(name)
            theirs = (conflict.theirs or {}).get(name)
            self.table.setItem(at, 1, QTableWidgetItem(field_text(name, mine)))
            self.table.setItem(at, 2, QTableWidgetItem(field_text(name, theirs)))
        self.table.resizeRowsToContents()

    def _settle(self, keep: str) -> None:
        if self.conflict is not None:
            self.settled.emit(self.conflict.external_id, keep)
