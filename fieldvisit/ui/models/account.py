"""The account page's lists: the people at the account, and the timeline of visits.

`PeopleModel` is a table (name, title, seniority, decision maker, last engaged) read by column
name; `timeline_model` builds a tree: each visit, newest first, with its debrief's summary and
open next steps below it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from fieldvisit.planning.account_view import AccountPerson, TimelineVisit
from fieldvisit.seniority import SENIORITY_WORDS
from fieldvisit.ui import style
from fieldvisit.ui.models.deals_model import short_deal_name
from fieldvisit.ui.plain_text import as_text

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

SENTIMENT_WORDS = {"better": "going better", "same": "no change", "worse": "going worse"}
MODE_WORDS = {"video": "video call", "phone": "phone call"}

P_NAME, P_TITLE, P_SENIORITY, P_DECIDES, P_ENGAGED = range(5)
PEOPLE_HEADERS = ("Name", "Title", "Seniority", "Decision maker", "Last engaged")
T_WHEN, T_WHAT, T_STATUS = range(3)
TIMELINE_HEADERS = ("When", "What", "Status")
VISIT_ROLE = Qt.ItemDataRole.UserRole + 1  # a visit row's pk


class PeopleModel(QAbstractTableModel):
    """The contacts at one account: decision makers first, then by seniority."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.people: tuple[AccountPerson, ...] = ()
        self.as_of = date.today()

    def show_people(self, people: tuple[AccountPerson, ...], as_of: date) -> None:
        """Replace the people shown."""
        self.beginResetModel()
        self.people = people
        self.as_of = as_of
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(PEOPLE_HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return PEOPLE_HEADERS[section]
        return None

    def text(self, person: AccountPerson, column: int) -> str:
        """Return one cell's words."""
        if column == P_NAME:
            return person.name
        if column == P_TITLE:
            return person.title or ""
        if column == P_SENIORITY:
            return SENIORITY_WORDS.get(person.seniority or "", person.seniority or "")
        if column == P_DECIDES:
            return "Yes" if person.decision_maker else ""
        if person.last_engaged_on is None:
            return "Never engaged"
        return style.relative(person.last_engaged_on, self.as_of).capitalize()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.people):
            return None
        person = self.people[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.AccessibleTextRole and col == P_DECIDES:
            return "Decision maker" if person.decision_maker else "Not a decision maker"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(person, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == P_ENGAGED and person.last_engaged_on is not None:
                return f"Last engaged {style.day(person.last_engaged_on, with_year=True)}"
            return as_text(self.text(person, col)) or None
        if role == Qt.ItemDataRole.ForegroundRole and col == P_ENGAGED:
            return style.muted_colour() if person.last_engaged_on is None else None
        if role == Qt.ItemDataRole.FontRole and col == P_NAME and person.decision_maker:
            return style.font(style.BODY_PT, QFont.Weight.DemiBold)
        return None


def visit_status(visit: TimelineVisit, as_of: date) -> tuple[str, str]:
    """Return a visit's state in words and its tone ("Debrief due", amber)."""
    if visit.status == "cancelled":
        return "Cancelled", "muted"
    if visit.status == "planned":
        if visit.start.date() >= as_of:
            return "Planned", "accent"
        return "Did it happen?", "amber"
    if visit.debrief_written_at is not None:
        return "Debriefed", ""
    return "Debrief due", "amber"


def _item(words: str, tone: str = "") -> QStandardItem:
    item = QStandardItem(words)
    item.setEditable(False)
    item.setToolTip(as_text(words))
    if tone:
        item.setForeground(style.muted_colour() if tone == "muted" else style.tone(tone))
    return item


def timeline_model(
    visits: tuple[TimelineVisit, ...],
    as_of: date,
    tz: str | None,
    account: str = "",
    parent: Any = None,
) -> QStandardItemModel:
    """Return the timeline as a tree: visits newest first, debrief and next steps below each."""
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels(list(TIMELINE_HEADERS))
    bold = style.font(style.BODY_PT, QFont.Weight.DemiBold)
    for v in visits:
        local = style.local_day(v.start, tz)
        when = style.day(local, with_year=local.year != as_of.year)
        what = ["Visit", v.executives or "no executive"]
        if v.deal_name:
            what.append(short_deal_name(account, v.deal_name))
        if v.mode in MODE_WORDS:
            what.append(MODE_WORDS[v.mode])
        status, tone = visit_status(v, as_of)
        row = [_item(when), _item(" · ".join(what)), _item(status, tone)]
        row[0].setData(v.visit_pk, VISIT_ROLE)
        row[1].setFont(bold)
        if v.status == "cancelled":
            for cell in row:
                cell.setForeground(style.muted_colour())
        if v.debrief_written_at is not None:
            written = style.short_day(style.local_day(v.debrief_written_at, tz), as_of)
            words = v.summary or "No summary written."
            if v.sentiment:
                words += f" ({SENTIMENT_WORDS.get(v.sentiment, v.sentiment)})"
            row[0].appendRow([_item(f"Debrief, {written}", "muted"), _item(words), _item("")])
        for step in v.next_steps:
            words = step.text + (f" — {step.owner}" if step.owner else "")
            late = step.due_on is not None and step.due_on < as_of
            due = f"Due {style.short_day(step.due_on, as_of)}" if step.due_on else "Open"
            row[0].appendRow(
                [
                    _item("Next step", "muted"),
                    _item(words),
                    _item(("Overdue, " + due.lower()) if late else due, "amber" if late else ""),
                ]
            )
        model.appendRow(row)
    return model


def empty_row(can_plan: bool) -> list[QStandardItem]:
    """Return the timeline's one row when the account has no visit yet."""
    words = "No visits yet."
    if can_plan:
        words += " Plan visit (Ctrl+N) plans one for the most urgent open deal."
    return [_item(words, "muted"), _item(""), _item("")]
