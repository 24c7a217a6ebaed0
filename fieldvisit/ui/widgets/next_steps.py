"""The next-steps grid of the debrief editor: what, owner, due date, done — one row per step.

Plain widgets in a grid (not a table view) so Tab walks every field in reading order and the
whole thing works without a mouse; a handful of rows is all a debrief ever has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDateEdit,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.debriefs import NextStepItem
from fieldvisit.ui import style

NO_DATE_TEXT = "No date"


class DueDateEdit(QDateEdit):
    """A date field that Tab leaves at once (arrows move between day, month and year)."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt's names
        # QDateEdit would walk its sections first, making Tab stop three times in one field.
        return QWidget.focusNextPrevChild(self, next)


@dataclass
class _Row:
    text: QLineEdit
    owner: QLineEdit
    due: QDateEdit
    done: QCheckBox
    remove: QPushButton


class NextStepsEditor(QWidget):
    """Editable next steps; `changed` fires on any edit."""

    changed = Signal()

    def __init__(self, first_day: date, owners: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Next steps")
        # The day before the first sensible due date stands for "no date" (QDateEdit has no
        # empty value); pressing Up from there lands on the first sensible day.
        self._no_date = QDate(first_day.year, first_day.month, first_day.day).addDays(-1)
        self._owners = owners
        self._rows: list[_Row] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(style.SPACE_S)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(style.SPACE_M)
        self._grid.setVerticalSpacing(style.SPACE_S)
        self._grid.setColumnStretch(0, 5)
        self._grid.setColumnStretch(1, 2)
        for col, heading in enumerate(("Next step", "Owner", "Due", "Done")):
            self._grid.addWidget(style.label(heading, role="muted"), 0, col)
        outer.addLayout(self._grid)
        self.add_button = QPushButton("Add next step", self)
        self.add_button.setAccessibleName("Add next step")
        self.add_button.setToolTip("Add another next step (Ctrl+Return)")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        outer.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    # ----- rows --------------------------------------------------------------------------

    def add_row(self, item: NextStepItem | None = None, *, focus: bool = False) -> None:
        """Append a row (filled from `item`), optionally putting the cursor in it."""
        n = len(self._rows) + 1
        text = QLineEdit(self)
        text.setPlaceholderText("What happens next")
        text.setAccessibleName(f"Next step {n}")
        owner = QLineEdit(self)
        owner.setPlaceholderText("Who")
        owner.setAccessibleName(f"Owner of next step {n}")
        completer = QCompleter(self._owners, owner)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        owner.setCompleter(completer)
        due = DueDateEdit(self)
        due.setCalendarPopup(True)
        due.setDisplayFormat(style.short_day_format(with_year=True))  # "17 Jun 2026"
        due.setMinimumDate(self._no_date)
        due.setSpecialValueText(NO_DATE_TEXT)
        due.setDate(self._no_date)
        due.setAccessibleName(f"Due date of next step {n}")
        due.setMinimumWidth(130)
        done = QCheckBox(self)
        done.setAccessibleName(f"Next step {n} done")
        remove = QPushButton("Remove", self)
        remove.setProperty("flat", True)
        remove.setAccessibleName(f"Remove next step {n}")
        row = _Row(text, owner, due, done, remove)
        if item is not None:
            text.setText(item.text)
            owner.setText(item.owner)
            if item.due_on is not None:
                due.setDate(QDate(item.due_on.year, item.due_on.month, item.due_on.day))
            done.setChecked(item.done)
        # The signals carry values; `changed` only says that something changed.
        text.textEdited.connect(lambda _t: self.changed.emit())
        owner.textEdited.connect(lambda _t: self.changed.emit())
        due.dateChanged.connect(lambda _d: self.changed.emit())
        done.toggled.connect(lambda _b: self.changed.emit())
        remove.clicked.connect(lambda: self._remove(row))
        grid_row = len(self._rows) + 1
        for col, widget in enumerate((text, owner, due, done, remove)):
            self._grid.addWidget(widget, grid_row, col)
        self._rows.append(row)
        self._chain_tabs()
        if focus:
            text.setFocus()
            self.changed.emit()

    def _remove(self, row: _Row) -> None:
        index = self._rows.index(row)
        self._rows.remove(row)
        for widget in (row.text, row.owner, row.due, row.done, row.remove):
            self._grid.removeWidget(widget)
            widget.deleteLater()
        # Re-seat the rows below so the grid has no hole.
        for i, later in enumerate(self._rows[index:], start=index + 1):
            for col, widget in enumerate(
                (later.text, later.owner, later.due, later.done, later.remove)
            ):
                self._grid.addWidget(widget, i, col)
        if not self._rows:
            self.add_row()
        target = self._rows[min(index, len(self._rows) - 1)].text
        target.setFocus()
        self._chain_tabs()
        self.changed.emit()

    def _chain_tabs(self) -> None:
        # The "Next steps" label's Alt+T lands in the first row.
        self.setFocusProxy(self._rows[0].text if self._rows else self.add_button)
        widgets = self.focus_chain()
        for first, second in zip(widgets, widgets[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # ----- data ----------------------------------------------------------------------------

    def set_steps(self, steps: list[NextStepItem]) -> None:
        """Show exactly these steps (one empty row when there are none)."""
        for row in list(self._rows):
            for widget in (row.text, row.owner, row.due, row.done, row.remove):
                self._grid.removeWidget(widget)
                widget.deleteLater()
        self._rows.clear()
        for step in steps:
            self.add_row(step)
        if not steps:
            self.add_row()

    def steps(self) -> list[NextStepItem]:
        """Return the rows that have text, as next steps."""
        result = []
        for row in self._rows:
            if not row.text.text().strip():
                continue
            qd = row.due.date()
            due = None if qd == self._no_date else date(qd.year(), qd.month(), qd.day())
            result.append(
                NextStepItem(
                    text=row.text.text().strip(),
                    owner=row.owner.text().strip(),
                    due_on=due,
                    done=row.done.isChecked(),
                )
            )
        return result

    def focus_chain(self) -> list[QWidget]:
        """Return the fields in tab order: each row left to right, then the Add button."""
        chain: list[QWidget] = []
        for row in self._rows:
            chain += [row.text, row.owner, row.due, row.done, row.remove]
        chain.append(self.add_button)
        return chain

    def row_widgets(self, index: int) -> tuple[QLineEdit, QLineEdit, QDateEdit, QCheckBox]:
        """Return the text, owner, due and done fields of row `index` (for tests and focus)."""
        row = self._rows[index]
        return row.text, row.owner, row.due, row.done
