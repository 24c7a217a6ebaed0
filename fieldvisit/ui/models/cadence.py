"""Accounts due for an executive visit (the Coverage page's "Due for a visit" tab).

The cadence is worked out once in the background (`planning.cadence`); this model only filters
(overdue, due soon, by executive) and orders the result in memory, and hands rows to the view
in chunks (`fetchMore`), so thousands of accounts never cost a long layout.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from fieldvisit.planning.cadence import (
    DUE_SOON,
    LATER,
    NEVER_MET,
    OVERDUE,
    Cadence,
    DueAccount,
    due_order,
)
from fieldvisit.ui import style
from fieldvisit.ui.models.chunked import ChunkedTableModel, Index
from fieldvisit.ui.plain_text import as_text

# The tier is in each row's tooltip and the detail line: at 1024 pixels the due date needs room.
COL_ACCOUNT, COL_LAST, COL_DUE, COL_EXECS, COL_PLANNED = range(5)
HEADERS = ("Account", "Last visit", "Next visit due", "Executive", "Planned")

# What the "Show" choice keeps: (label, statuses).
SHOW_CHOICES = (
    ("Overdue and due in the next 30 days", (NEVER_MET, OVERDUE, DUE_SOON)),
    ("Overdue", (NEVER_MET, OVERDUE)),
    ("Due in the next 30 days", (DUE_SOON,)),
    ("Every account with a cadence", (NEVER_MET, OVERDUE, DUE_SOON, LATER)),
)
EVERYONE = ""
UNASSIGNED = "\0unassigned"  # accounts no executive has met yet


def _when(a: DueAccount) -> str:
    days = a.days_until_due or 0
    if days < 0:
        return f"{style.plural(-days, 'day')} overdue"
    return "today" if days == 0 else f"in {style.plural(days, 'day')}"


def due_words(a: DueAccount, as_of: date) -> tuple[str, str]:
    """Return when the next visit is due, in words, and its tone (red/amber/green)."""
    if a.due_on is None:
        return "Now: never met", "red"
    tone = {OVERDUE: "red", DUE_SOON: "amber"}.get(a.status, "green")
    return f"{style.short_day(a.due_on, as_of)}, {_when(a)}", tone


def due_sentence(a: DueAccount) -> str:
    """Return the account's cadence as a sentence (tooltips, screen readers)."""
    every = f"{a.tier.capitalize()} accounts get an executive visit every {a.cadence_days} days"
    if a.last_touch_on is None:
        sentence = f"{every}; no executive has met this one yet, so a visit is due now."
    else:
        sentence = (
            f"{every}; the last was on {style.day(a.last_touch_on, with_year=True)}, so the "
            f"next is due {style.day(a.due_on, with_year=True)} ({_when(a)})."
        )
    if a.planned_on is not None:
        sentence += f" A visit is planned for {style.day(a.planned_on, with_year=True)}."
    return sentence


class DueAccountsModel(ChunkedTableModel[DueAccount]):
    """Accounts with an executive-touch cadence, the ones due first."""

    def __init__(self, parent: Any = None):
        super().__init__(HEADERS, COL_DUE, parent)
        self._all: list[DueAccount] = []
        self._as_of = date.today()
        self._statuses: tuple[str, ...] = SHOW_CHOICES[0][1]
        self._executive = EVERYONE

    def show_cadence(self, result: Cadence) -> None:
        """Replace the accounts with a new result."""
        self._all = list(result.accounts)
        self._as_of = result.as_of
        self._apply()

    def set_filter(
        self, *, statuses: tuple[str, ...] | None = None, executive: str | None = None
    ) -> None:
        """Keep the accounts of these statuses, met last by this executive (e-mail)."""
        if statuses is not None:
            self._statuses = statuses
        if executive is not None:
            self._executive = executive
        self._apply()

    def _keeps(self, a: DueAccount) -> bool:
        if a.status not in self._statuses:
            return False
        if self._executive == EVERYONE:
            return True
        if self._executive == UNASSIGNED:
            return not a.executives
        return any(e.email == self._executive for e in a.executives)

    def kept(self) -> list[DueAccount]:
        return [a for a in self._all if self._keeps(a)]

    def sort_key(self, column: int) -> Callable[[DueAccount], Any]:
        keys: dict[int, Callable[[DueAccount], Any]] = {
            COL_ACCOUNT: lambda a: a.name.casefold(),
            COL_LAST: lambda a: (a.last_touch_on is not None, a.last_touch_on or date.min),
            COL_EXECS: lambda a: (
                tuple(e.name.casefold() for e in a.executives) or ("\uffff",),
                due_order(a),
            ),
            COL_PLANNED: lambda a: (a.planned_on is None, a.planned_on or date.max),
        }
        return keys.get(column, due_order)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._shown:
            return None
        a = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text_of(a, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_DUE:
            return style.tone(due_words(a, self._as_of)[1])
        if role == Qt.ItemDataRole.ToolTipRole:
            # A tooltip guesses rich text: names from the CRM are shown as typed.
            return as_text(due_sentence(a))
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and col == COL_DUE:
            return due_sentence(a)
        return None

    def _text_of(self, a: DueAccount, col: int) -> str:
        if col == COL_ACCOUNT:
            return f"{a.name} · {a.city}" if a.city else a.name
        if col == COL_LAST:
            if a.last_touch_on is None:
                return "Never met"
            return style.short_day(a.last_touch_on, self._as_of)
        if col == COL_DUE:
            return due_words(a, self._as_of)[0]
        if col == COL_EXECS:
            return ", ".join(e.name for e in a.executives) or "Nobody yet"
        return style.short_day(a.planned_on, self._as_of) if a.planned_on else "—"

    def account_at(self, row: int) -> DueAccount | None:
        """Return the account on a row, or None."""
        return self.row_at(row)
