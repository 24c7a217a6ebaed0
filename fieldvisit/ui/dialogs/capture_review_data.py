"""The review list's data: the meetings waiting for review as a list model, in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

from fieldvisit.ui import style
from fieldvisit.ui.plain_text import as_text

if TYPE_CHECKING:
    from fieldvisit.calendar_sources import AccountName
    from fieldvisit.capture import ReviewItem

Index = QModelIndex | QPersistentModelIndex
HINTS = {
    "several_accounts": "Assign it to the account it was with, or map a domain to its account.",
    "no_account": "Assign it to an account, map its domain to one, or ignore the domain (a "
    "partner, an investor).",
    "tentative": "Assign it to its account if {exec} was there; dismiss it if not.",
    "needs_action": "Assign it to its account if {exec} was there; dismiss it if not.",
}
ATTENDANCE_REASONS = frozenset({"tentative", "needs_action"})


@dataclass(frozen=True)
class ReviewData:
    """What the dialog shows, read in one go."""

    items: tuple[ReviewItem, ...]
    zones: dict[int, str | None]  # executive pk -> home zone
    accounts: tuple[AccountName, ...]
    personal: frozenset[str]  # personal mail domains (never mapped or ignored)


def load_review(conn: Any) -> ReviewData:
    """Read the open review items, the executives' zones, the accounts and the personal domains."""
    from fieldvisit.calendar_sources import account_names
    from fieldvisit.capture import review_items
    from fieldvisit.reads.people import executive_zones
    from fieldvisit.settings import load_capture_settings

    zones = executive_zones(conn)
    personal = frozenset(load_capture_settings(conn).personal_mail_domains)
    return ReviewData(tuple(review_items(conn)), zones, tuple(account_names(conn)), personal)


def when_words(item: ReviewItem, tz: str | None) -> str:
    """Return "Fri 5 Jun, 13:00–14:00 New York" in the executive's home zone."""
    words = style.time_in_zones(item.start, tz, with_day=True)
    if item.end is not None:
        start_clock = style.clock(item.start, tz)
        words = words.replace(start_clock, f"{start_clock}–{style.clock(item.end, tz)}", 1)
    return words


def is_personal(domain: str, personal: frozenset[str]) -> bool:
    return any(domain == p or domain.endswith("." + p) for p in personal)


class ReviewModel(QAbstractListModel):
    """The meetings waiting for review, earliest first: when and whose, title, why."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.items: list[ReviewItem] = []
        self.zones: dict[int, str | None] = {}

    def show_items(self, items: list[ReviewItem], zones: dict[int, str | None]) -> None:
        self.beginResetModel()
        self.items, self.zones = items, zones
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            zone = self.zones.get(item.executive_pk)
            when = (
                f"{style.day(style.local_day(item.start, zone))}, {style.clock(item.start, zone)}"
            )
            title = item.title or "Private meeting"
            return f"{when} · {item.executive_name}\n{title}\n{item.reason_text.capitalize()}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return as_text(item.title or "Private meeting")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{item.title or 'Private meeting'}, {item.reason_text}"
        return None


def capture_core() -> Any:
    """Return the core's capture package (loaded on first use, off the app's first paint)."""
    from fieldvisit import capture

    return capture


def settled_words(settled: Any) -> str:
    """Return "1 meeting settled, 1 new visit" from the core's `Settled`."""
    items = getattr(settled, "items", 0)
    parts = [style.plural(items, "meeting") + " settled"]
    if getattr(settled, "new", 0):
        parts.append(style.plural(settled.new, "new visit"))
    if getattr(settled, "merged", 0):
        parts.append(f"{style.number(settled.merged)} merged into visits already there")
    return ", ".join(parts) + "."
