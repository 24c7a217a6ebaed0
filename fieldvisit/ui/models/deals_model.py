"""The deals table: a QAbstractTableModel paging through the in-memory deal store with SQL.

Sorting is ORDER BY, filtering is WHERE, and rows arrive 200 at a time as the view scrolls
(`canFetchMore`/`fetchMore`), so 100,000 deals never become 100,000 Python objects at once.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from fieldvisit.signal_table import signal_label
from fieldvisit.store.times import to_date
from fieldvisit.ui import style
from fieldvisit.ui.plain_text import as_text

PAGE = 200
Index = QModelIndex | QPersistentModelIndex

# Column numbers, named, with their header, SQL sort key and alignment.
ACCOUNT, DEAL, STAGE, DAYS, AMOUNT, ACTIVITY, EXEC_TOUCH, SIGNALS = range(8)
HEADERS = (
    "Account",
    "Deal",
    "Stage",
    "Days in stage",
    "Amount",
    "Last activity",
    "Last exec visit",
    "Signals",
)
SORT_KEYS = (
    "account",
    "deal",
    "stage_pos",
    "days_in_stage",
    "amount",
    "last_activity",
    "last_exec",
    "score",
)
RIGHT = {DAYS, AMOUNT}
_SELECT = (
    "SELECT pk, account, account_city, deal, stage, days_in_stage, amount, currency, "
    "last_activity, last_exec, owner, strategic, stalled, score, signals FROM deal_row"
)

CODES_ROLE = Qt.ItemDataRole.UserRole + 1  # a cell's signal codes, for the chips delegate
PK_ROLE = Qt.ItemDataRole.UserRole + 2  # the deal's pk (any column)


@dataclass(frozen=True)
class DealFilter:
    """What the user narrowed the table to."""

    text: str = ""
    stalled_only: bool = False
    strategic_only: bool = True
    stage: str | None = None
    owner_pk: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        """Return the WHERE clause (possibly empty) and its parameters."""
        parts: list[str] = []
        params: list[Any] = []
        for word in self.text.lower().split():
            parts.append("search LIKE ? ESCAPE '\\'")
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
        if self.stalled_only:
            parts.append("stalled = 1")
        if self.strategic_only:
            parts.append("strategic = 1")
        if self.stage:
            parts.append("stage = ?")
            params.append(self.stage)
        if self.owner_pk is not None:
            parts.append("owner_pk = ?")
            params.append(self.owner_pk)
        return (" WHERE " + " AND ".join(parts) if parts else ""), params


def short_deal_name(account: str, deal: str) -> str:
    """Return a deal's name without a leading copy of its account's name.

    CRMs often name deals "Globex - Plant rollout"; next to the Account column the
    "Globex - " adds nothing.
    """
    head, sep, tail = deal.partition(" - ")
    if sep and tail and account.lower().startswith(head.lower().strip()):
        return tail
    return deal


_day = to_date  # the store's date text (`store.times`)


class DealsModel(QAbstractTableModel):
    """Open deals from the deal store, filtered and sorted in SQL, fetched in pages."""

    total_changed = Signal(int)

    def __init__(self, as_of: date, parent: Any = None):
        super().__init__(parent)
        self.as_of = as_of
        self.store: sqlite3.Connection | None = None
        self.filter = DealFilter()
        self.sort_column = SIGNALS
        self.sort_order = Qt.SortOrder.DescendingOrder
        self.total = 0
        self._rows: list[tuple[Any, ...]] = []

    # ----- feeding -----------------------------------------------------------------------------

    def set_store(self, store: sqlite3.Connection | None, as_of: date | None = None) -> None:
        """Show another store (a rebuilt one); the old one is closed."""
        old = self.store
        self.store = store
        if as_of is not None:
            self.as_of = as_of
        self.reload()
        if old is not None and old is not store:
            old.close()

    def set_filter(self, new: DealFilter) -> None:
        if new != self.filter:
            self.filter = new
            self.reload()

    def update_filter(self, **changes: Any) -> None:
        self.set_filter(replace(self.filter, **changes))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column in SQL (the view calls this on a header click)."""
        if 0 <= column < len(HEADERS):
            self.sort_column = column
            self.sort_order = order
            self.reload()

    def _order_by(self) -> str:
        direction = "DESC" if self.sort_order == Qt.SortOrder.DescendingOrder else "ASC"
        key = SORT_KEYS[self.sort_column]
        # Ties (and the score before signals arrive) fall back to the biggest deals first.
        tail = ", amount DESC, pk" if key not in ("amount",) else ", pk"
        return f" ORDER BY {key} {direction}{tail}"

    def reload(self) -> None:
        """Count the matching deals and fetch the first page."""
        self.beginResetModel()
        self._rows = []
        if self.store is None:
            self.total = 0
        else:
            where, params = self.filter.where()
            self.total = int(
                self.store.execute(f"SELECT count(*) FROM deal_row{where}", params).fetchone()[0]
            )
            self._rows = self._page(0)
        self.endResetModel()
        self.total_changed.emit(self.total)

    def _page(self, offset: int) -> list[tuple[Any, ...]]:
        assert self.store is not None
        where, params = self.filter.where()
        sql = f"{_SELECT}{where}{self._order_by()} LIMIT ? OFFSET ?"
        return list(self.store.execute(sql, [*params, PAGE, offset]))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or self.store is None:
            return
        rows = self._page(len(self._rows))
        if not rows:
            self.total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    # ----- reading -----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and section == SIGNALS:
            return (
                "Why the deal needs attention (worked out for strategic deals); sorts by priority"
            )
        return None

    def row(self, row: int) -> tuple[Any, ...]:
        return self._rows[row]

    def deal_pk(self, row: int) -> int:
        return int(self._rows[row][0])

    def row_of(self, deal_pk: int) -> int | None:
        """Return the row showing a deal among those fetched so far."""
        return next((n for n, r in enumerate(self._rows) if r[0] == deal_pk), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == CODES_ROLE and col == SIGNALS:
            return r[14]
        if role == PK_ROLE:
            return r[0]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in RIGHT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._tooltip(r, col)
            return as_text(tip) if tip else tip  # a tooltip guesses rich text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if col == SIGNALS:
                return ", ".join(signal_label(c) for c in r[14].split(",") if c) or "none"
            return self._display(r, col)
        return None

    def _display(self, r: tuple[Any, ...], col: int) -> str:
        if col == ACCOUNT:
            return str(r[1])
        if col == DEAL:
            return short_deal_name(str(r[1]), str(r[3]))
        if col == STAGE:
            return str(r[4])
        if col == DAYS:
            return "—" if r[5] is None else style.number(r[5])
        if col == AMOUNT:
            return style.money(r[6], r[7])
        if col == ACTIVITY:
            return style.relative(_day(r[8]), self.as_of)
        if col == EXEC_TOUCH:
            return style.relative(_day(r[9]), self.as_of)
        return ""

    def _tooltip(self, r: tuple[Any, ...], col: int) -> str | None:
        if col == ACCOUNT and r[2]:
            return f"{r[1]} · {r[2]}"
        if col == DEAL:
            return f"{r[3]} — owner {r[10]}"
        if col in (ACTIVITY, EXEC_TOUCH):
            value = _day(r[8] if col == ACTIVITY else r[9])
            return style.day(value, with_year=True) if value else "Never"
        if col == SIGNALS:
            codes = [c for c in r[14].split(",") if c]
            if not codes:
                return (
                    "Nothing stands out" if r[11] else "Signals are worked out for strategic deals"
                )
            return "\n".join(signal_label(c) for c in codes)
        return None
