"""Settings → Visit days: company closures, business hours, notice by distance, weekly maximum.

The labels, ranges and checks come from `planning.visit_days`; the Settings page saves the
section's values with the other rules. Keyboard: type a date and press Enter to add a closure;
Delete removes the selected one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QListWidget,
    QSpinBox,
    QWidget,
)
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError
from fieldvisit.planning.visit_days import (
    VISIT_DAY_SETTINGS,
    check_closures,
    check_visit_days,
    visit_day_values,
)
from fieldvisit.settings import Rules
from fieldvisit.ui import style
from fieldvisit.ui.pages.base import button
from fieldvisit.ui.pages.settings_forms import add_help, section_layout

INTRO = (
    "When suggestions propose a visit: a working day at the customer and at the executive's "
    "home (weekends and public holidays of both countries are left out, and the company "
    "closures below), within business hours at the customer, with more notice the farther the "
    "executive travels."
)


class VisitDaysSection(QWidget):
    """The visit-day rules, edited in place."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        col, form = section_layout(self, INTRO)
        self.numbers: dict[str, QSpinBox] = {}
        for spec in VISIT_DAY_SETTINGS:
            spin = QSpinBox(self)
            spin.setRange(spec.low, spec.high)
            spin.setSuffix(spec.suffix)
            if spec.suffix.endswith("days"):  # "1 working day", "3 working days"
                spin.valueChanged.connect(
                    lambda n, s=spin, words=spec.suffix: s.setSuffix(
                        words[:-1] if n == 1 else words
                    )
                )
            spin.setAccessibleName(spec.label)
            self.numbers[spec.key] = spin
            form.addRow(spec.label, spin)
            if spec.help:
                add_help(form, spec.help)
        col.addWidget(style.label("Company closures", bold=True))
        row = QHBoxLayout()
        self.closure_day = QDateEdit(self)
        self.closure_day.setCalendarPopup(True)
        self.closure_day.setDisplayFormat("yyyy-MM-dd")
        self.closure_day.setDate(QDate.currentDate())
        self.closure_day.setAccessibleName("Closure day to add")
        self.closure_day.setToolTip("Type a day and press Enter to add it")
        self.add_button = button("Add closure", self)
        self.add_button.clicked.connect(self.add_closure)
        self.remove_button = button("Remove", self)
        self.remove_button.clicked.connect(self.remove_closure)
        row.addWidget(self.closure_day)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        col.addLayout(row)
        self.closures = QListWidget(self)
        self.closures.setAccessibleName("Company closures")
        self.closures.setMaximumHeight(180)
        col.addWidget(self.closures)
        col.addStretch(1)
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.closure_day)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        enter.activated.connect(self.add_closure)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.closures)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_closure)

    def show_rules(self, rules: Rules, _conn: Connection | None = None) -> None:
        """Show the stored visit-day rules."""
        values = visit_day_values(rules)
        for key, spin in self.numbers.items():
            spin.setValue(int(values[key]))
        self.closures.clear()
        self.closures.addItems(check_closures(values["company_closures"]))

    def closure_days(self) -> list[str]:
        return [self.closures.item(i).text() for i in range(self.closures.count())]

    def add_closure(self) -> None:
        """Add the day in the date field to the closures (kept sorted, once each)."""
        day = self.closure_day.date().toPython()
        days = check_closures([*self.closure_days(), day])
        self.closures.clear()
        self.closures.addItems(days)
        found = self.closures.findItems(day.isoformat(), Qt.MatchFlag.MatchExactly)
        if found:
            self.closures.setCurrentItem(found[0])

    def remove_closure(self) -> None:
        """Remove the selected closure."""
        row = self.closures.currentRow()
        if row >= 0:
            self.closures.takeItem(row)

    def _values(self) -> dict[str, Any]:
        values: dict[str, Any] = {key: spin.value() for key, spin in self.numbers.items()}
        values["company_closures"] = self.closure_days()
        return values

    def problem(self) -> str | None:
        """Return why the rules on screen cannot be saved, or None."""
        try:
            check_visit_days(self._values())
        except FieldVisitError as exc:
            return str(exc)
        return None

    def edited(self) -> dict[str, Any]:
        """Return the rules on screen (as entered when they do not pass the check)."""
        try:
            return check_visit_days(self._values())
        except FieldVisitError:
            values = self._values()
            return {k: float(v) if k.endswith("_km") else v for k, v in values.items()}


__all__ = ["VisitDaysSection"]
