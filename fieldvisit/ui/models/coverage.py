"""Strategic accounts for the Coverage page: a table model that filters, sorts and shows lazily.

The coverage result is computed once in the background; this model only orders and filters it
in memory and hands rows to the view in chunks (`fetchMore`), so a large organisation's
thousands of strategic accounts never cost a long layout.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from fieldvisit.planning import AccountCoverage
from fieldvisit.seniority import SENIORITY_WORDS, seniority_rank
from fieldvisit.ui import style
from fieldvisit.ui.models.chunked import ChunkedTableModel, Index
from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.resources import icon

COL_ACCOUNT, COL_LAST, COL_EXECS, COL_SENIOR, COL_CIRCLE = range(5)
HEADERS = (
    "Account",
    "Last executive visit",
    "Executives",
    "Most senior met",
    "Circle of influence",
)


def touch_words(acc: AccountCoverage, as_of: date, window_days: int) -> tuple[str, str]:
    """Return how recently an executive was there, in words, and its tone (red/amber/green)."""
    if acc.last_exec_visit_on is None:
        return "Never visited", "red"
    days = acc.days_since_exec_visit or (as_of - acc.last_exec_visit_on).days
    if days > window_days:
        return f"{style.plural(days, 'day')} ago", "amber"
    return style.relative(acc.last_exec_visit_on, as_of).capitalize(), "green"


def touch_sentence(acc: AccountCoverage, as_of: date, window_days: int) -> str:
    """Return the coverage of an account as a sentence (tooltips, screen readers)."""
    words, tone = touch_words(acc, as_of, window_days)
    if tone == "red":
        return "No executive has ever visited this account."
    if tone == "amber":
        return f"Not covered: the last executive visit was {words}, over {window_days} days."
    return f"Covered: an executive visited {words.lower()}."


def circle_words(acc: AccountCoverage) -> str:
    """Return the circle of influence in a few words ("8 people, 3 VP+, widening")."""
    c = acc.circle
    now = f"{style.plural(c.contacts, 'person', 'people')}, {c.vp_plus} VP+"
    return f"{now}, {c.trend if c.trend != 'same' else 'steady'}"


def circle_sentence(acc: AccountCoverage) -> str:
    """Return the circle of influence as a full sentence, for tooltips and the detail line."""
    c = acc.circle
    trend = {
        "widening": "We are widening our reach.",
        "narrowing": "We are talking to fewer people than before.",
        "same": "Reach is unchanged.",
    }[c.trend]
    return (
        f"Last 90 days: {style.plural(c.contacts, 'person', 'people')} engaged, "
        f"{c.vp_plus} of them VP or above. The 90 days before: {c.contacts_before}, "
        f"{c.vp_plus_before} VP or above. {trend}"
    )


class StrategicAccountsModel(ChunkedTableModel[AccountCoverage]):
    """Strategic accounts with their executive coverage and circle of influence."""

    def __init__(self, parent: Any = None):
        super().__init__(HEADERS, COL_LAST, parent)
        self._accounts: list[AccountCoverage] = []
        self._names: dict[str, str] = {}
        self._as_of = date.today()
        self._window = 90
        self._only_uncovered = False
        self._text = ""
        self._icons: dict[str, Any] = {}

    def show_accounts(
        self,
        accounts: list[AccountCoverage],
        exec_names: dict[str, str],
        as_of: date,
        window_days: int,
    ) -> None:
        """Replace the accounts (email → name map for the executives column)."""
        self._accounts = list(accounts)
        self._names = dict(exec_names)
        self._as_of = as_of
        self._window = window_days
        self._apply()

    def set_filter(self, *, only_uncovered: bool | None = None, text: str | None = None) -> None:
        """Show only uncovered accounts and/or those whose name or city contains `text`."""
        if only_uncovered is not None:
            self._only_uncovered = only_uncovered
        if text is not None:
            self._text = text.strip().casefold()
        self._apply()

    def kept(self) -> list[AccountCoverage]:
        rows = self._accounts
        if self._only_uncovered:
            rows = [a for a in rows if not a.covered_90d]
        if self._text:
            rows = [
                a
                for a in rows
                if self._text in a.name.casefold() or self._text in (a.city or "").casefold()
            ]
        return rows

    def sort_key(self, column: int) -> Any:
        if column == COL_ACCOUNT:
            return lambda a: a.name.casefold()
        if column == COL_LAST:
            # Never visited first, then the longest ago: the ones to worry about on top.
            return lambda a: (a.last_exec_visit_on is not None, a.last_exec_visit_on or date.min)
        if column == COL_EXECS:
            return lambda a: len(a.executives)
        if column == COL_SENIOR:
            return lambda a: (
                seniority_rank(a.most_senior_met.seniority) if a.most_senior_met else 10
            )
        return lambda a: (a.circle.contacts - a.circle.contacts_before, a.circle.contacts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._shown:
            return None
        acc = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text_of(acc, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_LAST:
            return style.tone(touch_words(acc, self._as_of, self._window)[1])
        if role == Qt.ItemDataRole.DecorationRole and col == COL_LAST:
            tone = touch_words(acc, self._as_of, self._window)[1]
            if tone not in self._icons:
                self._icons[tone] = icon(
                    "check" if tone == "green" else "warning", style.tone(tone)
                )
            return self._icons[tone]
        if role == Qt.ItemDataRole.ToolTipRole or (
            role == Qt.ItemDataRole.AccessibleDescriptionRole and col in (COL_LAST, COL_CIRCLE)
        ):
            if col == COL_CIRCLE:
                words = circle_sentence(acc)
            elif col == COL_LAST:
                words = touch_sentence(acc, self._as_of, self._window)
            else:
                words = self._text_of(acc, col)
            # A tooltip guesses rich text: names from the CRM are shown as typed.
            return as_text(words) if role == Qt.ItemDataRole.ToolTipRole else words
        return None

    def _text_of(self, acc: AccountCoverage, col: int) -> str:
        if col == COL_ACCOUNT:
            return f"{acc.name} · {acc.city}" if acc.city else acc.name
        if col == COL_LAST:
            return touch_words(acc, self._as_of, self._window)[0]
        if col == COL_EXECS:
            names = self.executive_names(acc)
            if not names:
                return "—"
            return ", ".join(names[:2]) + (f" +{len(names) - 2}" if len(names) > 2 else "")
        if col == COL_SENIOR:
            person = acc.most_senior_met
            if person is None:
                return "—"
            role = person.title or SENIORITY_WORDS.get(person.seniority or "", "")
            return f"{person.name}, {role}" if role else person.name
        return circle_words(acc)

    def executive_names(self, acc: AccountCoverage) -> list[str]:
        """Return the names of the executives who visited an account, most recent first."""
        return [self._names.get(e, e) for e in acc.executives]

    def account_at(self, row: int) -> AccountCoverage | None:
        """Return the account on a row, or None."""
        return self.row_at(row)
