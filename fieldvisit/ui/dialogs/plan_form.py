"""The fields of the plan-visit dialog and the plain-words checks on them.

Times are entered in the account's local time zone; a line under the time repeats it in the
executive's zone ("Tue 23 Jun, 10:00 Chicago (16:00 London)").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from fieldvisit.reads.people import Person
from fieldvisit.seniority import SENIORITY_WORDS
from fieldvisit.ui import style
from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.widgets.checklist import show_whole_rows

MODES = (("in_person", "In person"), ("video", "Video call"), ("phone", "Phone call"))
AGENDA_MAX = 1000
CHOOSE_EXECUTIVE = "Choose the executive who goes."
PK_ROLE = Qt.ItemDataRole.UserRole + 1
REASONS_ROLE = Qt.ItemDataRole.UserRole + 2  # why an executive is suggested, as words


@dataclass(frozen=True)
class PlanValues:
    """What the form holds, checked and ready for `plan_visit`."""

    executive_pk: int
    rep_pk: int | None
    contact_pks: list[int]
    start: datetime
    minutes: int
    mode: str
    location: str | None
    agenda: str | None
    objective: str | None


def contact_text(person: Person) -> str:
    """Return "Ana Ortiz — CFO · C-level · decision maker"."""
    bits = [b for b in (person.title, SENIORITY_WORDS.get(person.detail or "", "")) if b]
    if person.decision_maker:
        bits.append("decision maker")
    return f"{person.name} — {' · '.join(bits)}" if bits else person.name


def _row(form: QFormLayout, words: str, field: QWidget | QLayout, buddy: QWidget) -> QLabel:
    """Add a row whose label's Alt+letter moves the focus to `buddy`."""
    label = QLabel(words, form.parentWidget())
    label.setBuddy(buddy)
    if isinstance(field, QWidget):
        form.addRow(label, field)
    else:
        form.addRow(label, field)
    return label


class PlanForm(QWidget):
    """Executive, rep, contacts, day and time, length, mode, place, agenda, objective."""

    def __init__(self, as_of: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.as_of = as_of
        self.account_tz: str | None = None
        self.account_city: str | None = None
        self._executives: list[Person] = []
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(style.SPACE_L)
        form.setVerticalSpacing(style.SPACE_M + 2)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.executive = QComboBox(self)
        self.executive.setAccessibleName("Executive")
        _row(form, "&Executive", self.executive, self.executive)
        self.executive_reasons = style.label("", role="muted", wrap=True)
        form.addRow("", self.executive_reasons)
        self.rep = QComboBox(self)
        self.rep.setAccessibleName("Rep riding along")
        _row(form, "&Rep riding along", self.rep, self.rep)

        self.contacts = QListWidget(self)
        self.contacts.setAccessibleName("Customer contacts")
        self.contacts.setFixedHeight(150)
        show_whole_rows(self.contacts, 5)  # five whole rows once shown, no sixth peeking out
        _row(form, "Customer &contacts", self.contacts, self.contacts)

        when = QHBoxLayout()
        when.setSpacing(style.SPACE_M)
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setAccessibleName("Day")
        self.clock = QTimeEdit(self)
        self.clock.setDisplayFormat("HH:mm")
        self.clock.setAccessibleName("Start time (the customer's local time)")
        self.length = QSpinBox(self)
        self.length.setRange(15, 600)
        self.length.setSingleStep(15)
        self.length.setSuffix(" min")
        self.length.setAccessibleName("Length in minutes")
        when.addWidget(self.day, 2)
        when.addWidget(self.clock, 1)
        when.addWidget(style.label("for", parent=self))
        when.addWidget(self.length, 1)
        _row(form, "&When", when, self.day)
        self.zones = style.label("", role="muted", wrap=True)
        self.zones.setAccessibleName("Time in both zones")
        form.addRow("", self.zones)
        # A weekend or holiday is the user's call: said here before saving, never blocking.
        self.day_note = style.label("", wrap=True)
        self.day_note.setAccessibleName("About this day")
        self.day_note.setStyleSheet(f"color: {style.tone('amber').name()};")
        self.day_note.hide()
        form.addRow("", self.day_note)
        self.day_rule: Callable[[date, int | None], str | None] | None = None

        self.mode = QComboBox(self)
        for key, words in MODES:
            self.mode.addItem(words, key)
        self.mode.setAccessibleName("How you meet")
        self.place = QLineEdit(self)
        self.place.setAccessibleName("Place")
        self.place.setPlaceholderText("Address, office or meeting link")
        how = QHBoxLayout()
        how.setSpacing(style.SPACE_M)
        how.addWidget(self.mode, 1)
        how.addWidget(self.place, 3)
        _row(form, "W&here", how, self.mode)

        self.agenda = QPlainTextEdit(self)
        self.agenda.setAccessibleName("Agenda for the customer")
        self.agenda.setPlaceholderText(
            "What the customer sees in their invite, e.g. “Roll-out plan and next steps”"
        )
        self.agenda.setTabChangesFocus(True)
        self.agenda.setFixedHeight(64)
        _row(form, "&Agenda (customer sees it)", self.agenda, self.agenda)
        self.objective = QPlainTextEdit(self)
        self.objective.setAccessibleName("Our objective, internal only")
        self.objective.setPlaceholderText("Only our people see this, e.g. “Unblock legal review”")
        self.objective.setTabChangesFocus(True)
        self.objective.setFixedHeight(64)
        _row(form, "Our &objective (internal)", self.objective, self.objective)

        for signal in (
            self.day.dateChanged,
            self.clock.timeChanged,
            self.executive.currentIndexChanged,
        ):
            signal.connect(self._show_zones)
        self.day.dateChanged.connect(self._show_day_note)
        self.executive.currentIndexChanged.connect(self._show_day_note)
        self.mode.currentIndexChanged.connect(self._mode_changed)

    # ----- filling -----------------------------------------------------------------------------

    def set_people(
        self,
        executives: list[Person],
        reps: list[Person],
        suggested: list[tuple[int, str]] | None = None,
    ) -> None:
        """Offer the executives (suggested ones first, with their reasons) and the reps."""
        self._executives = executives
        self.executive.clear()
        first = {pk: why for pk, why in suggested or []}
        ordered = [p for pk in first for p in executives if p.pk == pk]
        ordered += [p for p in executives if p.pk not in first]
        for n, person in enumerate(ordered):
            label = f"{person.name} ({person.title})" if person.title else person.name
            if person.pk in first and n == 0:
                label += " — suggested"
            self.executive.addItem(label, person.pk)
            why = first.get(person.pk, "")
            self.executive.setItemData(n, why, REASONS_ROLE)
            self.executive.setItemData(n, as_text(why), Qt.ItemDataRole.ToolTipRole)
        self.executive.setCurrentIndex(0 if ordered else -1)
        self.executive.currentIndexChanged.connect(self._show_reasons)
        self._show_reasons()
        self.rep.clear()
        self.rep.addItem("No rep", None)
        for person in reps:
            self.rep.addItem(person.name, person.pk)

    def set_contacts(self, contacts: list[Person], checked: set[int]) -> None:
        """List the account's contacts; tick `checked`."""
        self.contacts.clear()
        for person in contacts:
            item = QListWidgetItem(contact_text(person))
            item.setData(PK_ROLE, person.pk)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if person.pk in checked else Qt.CheckState.Unchecked
            )
            self.contacts.addItem(item)
        if not contacts:
            item = QListWidgetItem("No contacts at this account yet: import them from your CRM.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.contacts.addItem(item)

    def set_account(self, tz: str | None, city: str | None) -> None:
        self.account_tz = tz
        self.account_city = city
        self._show_zones()

    def set_when(self, start: datetime, minutes: int) -> None:
        """Show a start (aware) in the account's local time."""
        local = start.astimezone(style.zone(self.account_tz))
        self.day.setDate(QDate(local.year, local.month, local.day))
        self.clock.setTime(QTime(local.hour, local.minute))
        self.length.setValue(minutes)
        self._show_zones()

    def select_executive(self, pk: int) -> None:
        i = self.executive.findData(pk)
        if i >= 0:
            self.executive.setCurrentIndex(i)

    def select_rep(self, pk: int | None) -> None:
        i = self.rep.findData(pk)
        self.rep.setCurrentIndex(max(0, i))

    def select_mode(self, mode: str) -> None:
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))

    # ----- reading -----------------------------------------------------------------------------

    def start(self) -> datetime:
        """Return the chosen start as an aware datetime in the account's zone."""
        d = self.day.date().toPython()
        t = self.clock.time().toPython()
        return datetime.combine(d, time(t.hour, t.minute), tzinfo=style.zone(self.account_tz))

    def checked_contacts(self) -> list[int]:
        return [
            int(self.contacts.item(i).data(PK_ROLE))
            for i in range(self.contacts.count())
            if self.contacts.item(i).checkState() == Qt.CheckState.Checked
            and self.contacts.item(i).data(PK_ROLE) is not None
        ]

    def executive_person(self) -> Person | None:
        pk = self.executive.currentData()
        return next((p for p in self._executives if p.pk == pk), None)

    def values(self, accept: frozenset[str] = frozenset()) -> tuple[PlanValues | None, list[str]]:
        """Return the checked values, or None and what to fix in plain words.

        Problems listed in `accept` do not count (an edited visit keeps what it already had);
        an executive is always needed.
        """
        problems: list[str] = []
        exec_pk = self.executive.currentData()
        if exec_pk is None:
            problems.append(CHOOSE_EXECUTIVE)
        contacts = self.checked_contacts()
        if not contacts:
            problems.append("Tick at least one customer contact to meet.")
        start = self.start()
        if start.date() < self.as_of:
            problems.append(
                f"{style.day(start.date())} has already passed (today is "
                f"{style.day(self.as_of)}). Choose a later day."
            )
        mode = str(self.mode.currentData())
        place = self.place.text().strip()
        if mode == "in_person" and not place:
            problems.append("Say where you meet (an address or the office).")
        agenda = self.agenda.toPlainText().strip()
        if len(agenda) > AGENDA_MAX:
            problems.append(
                f"Keep the agenda under {style.number(AGENDA_MAX)} characters "
                f"(it has {style.number(len(agenda))}); it goes into the customer's calendar."
            )
        problems = [p for p in problems if p not in accept - {CHOOSE_EXECUTIVE}]
        if problems:
            return None, problems
        return (
            PlanValues(
                executive_pk=int(exec_pk),
                rep_pk=self.rep.currentData(),
                contact_pks=contacts,
                start=start,
                minutes=self.length.value(),
                mode=mode,
                location=place or None,
                agenda=agenda or None,
                objective=self.objective.toPlainText().strip() or None,
            ),
            [],
        )

    # ----- live hints --------------------------------------------------------------------------

    def _show_zones(self, *_args: object) -> None:
        person = self.executive_person()
        start = self.start()
        end = start + timedelta(minutes=self.length.value())
        words = style.time_in_zones(
            start,
            self.account_tz,
            person.tz if person else None,
            place=self.account_city,
            other_place=person.city if person else None,
            with_day=True,
        )
        self.zones.setText(f"{words} · ends {style.clock(end, self.account_tz)}")

    def set_day_rule(self, rule: Callable[[date, int | None], str | None]) -> None:
        """Say under the time when the chosen day is a weekend or holiday (`rule(day, executive
        pk)` gives the words, from `planning.visit_checks.day_warning`)."""
        self.day_rule = rule
        self._show_day_note()

    def _show_day_note(self, *_args: object) -> None:
        rule = self.day_rule
        words = rule(self.day.date().toPython(), self.executive.currentData()) if rule else None
        self.day_note.setText(f"{words} You can still plan the visit." if words else "")
        self.day_note.setVisible(bool(words))

    def _show_reasons(self, *_args: object) -> None:
        why = self.executive.currentData(REASONS_ROLE)
        self.executive_reasons.setText(f"Why: {why}" if why else "")
        self.executive_reasons.setVisible(bool(why))

    def _mode_changed(self, *_args: object) -> None:
        mode = self.mode.currentData()
        self.place.setPlaceholderText(
            "Meeting link"
            if mode == "video"
            else "Dial-in number"
            if mode == "phone"
            else "Address, office or meeting room"
        )
