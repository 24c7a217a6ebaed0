"""The deals table: a QAbstractTableModel paging through the in-memory deal store with SQL.

Sorting is ORDER BY, filtering is WHERE, and rows arrive 200 at a time as the view scrolls
(`canFetchMore`/`fetchMore`), so 100,000 deals never become 100,000 Python objects at once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from fieldvisit.planning.wording import short_deal_name  # the rule lives in the core
from fieldvisit.reads.deal_table import (
    SORT_KEYS,
    DealFilter,
    DealRow,
    DealStore,
    count_rows,
    page_rows,
)
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
# What a long header says when its column is too narrow for it (the whole name is its tooltip):
# a word that fits reads better than "Days in s…".
SHORT_HEADERS = {DAYS: "Days", ACTIVITY: "Activity", EXEC_TOUCH: "Exec visit"}
RIGHT = {DAYS, AMOUNT}
CODES_ROLE = Qt.ItemDataRole.UserRole + 1  # a cell's signal codes, for the chips delegate
PK_ROLE = Qt.ItemDataRole.UserRole + 2  # the deal's pk (any column)


_day = to_date  # the store's date text (`store.times`)


class DealsModel(QAbstractTableModel):
    """Open deals from the deal store, filtered and sorted in SQL, fetched in pages."""

    total_changed = Signal(int)

    def __init__(self, as_of: date, parent: Any = None):
        super().__init__(parent)
        self.as_of = as_of
        self.store: DealStore | None = None
        self.filter = DealFilter()
        self.sort_column = SIGNALS
        self.sort_order = Qt.SortOrder.DescendingOrder
        self.total = 0
        self._rows: list[DealRow] = []
        self.short_headers: frozenset[int] = frozenset()  # columns showing SHORT_HEADERS

    # ----- feeding -----------------------------------------------------------------------------

    def set_store(self, store: DealStore | None, as_of: date | None = None) -> None:
        """Show another store (a rebuilt one); the old one is closed."""
        old = self.store
        self.store = store
        if as_of is not None:
            self.as_of = as_of
        self.reload()
        if old is not None and old is not store:
            old.close()

    def swap_store(self, store: DealStore) -> bool:
        """Put a store holding the same rows for this view (and more) in place of the shown one,
        without a reset; False when this view's rows differ there (the caller reloads)."""
        old, self.store = self.store, store
        if old is not None and old is not store:
            old.close()
        return self.filter.strategic_only and count_rows(store, self.filter) == self.total

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

    def reload(self) -> None:
        """Count the matching deals and fetch the first page."""
        self.beginResetModel()
        self._rows = []
        if self.store is None:
            self.total = 0
        else:
            self.total = count_rows(self.store, self.filter)
            self._rows = self._page(0)
        self.endResetModel()
        self.total_changed.emit(self.total)

    def _page(self, offset: int) -> list[DealRow]:
        assert self.store is not None
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        return page_rows(
            self.store, self.filter, SORT_KEYS[self.sort_column], descending, PAGE, offset
        )

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
            if section in self.short_headers:
                return SHORT_HEADERS[section]
            return HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and section == SIGNALS:
            return (
                "Why the deal needs attention (worked out for strategic deals); sorts by priority"
            )
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return HEADERS[section]  # the whole name of a shortened or elided header
        return None

    def shorten_headers(self, columns: frozenset[int]) -> None:
        """Show the short header of `columns` (those too narrow for the whole name)."""
        columns = columns & frozenset(SHORT_HEADERS)
        if columns != self.short_headers:
            self.short_headers = columns
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)

    def row(self, row: int) -> DealRow:
        return self._rows[row]

    def deal_pk(self, row: int) -> int:
        return self._rows[row].pk

    def row_of(self, deal_pk: int) -> int | None:
        """Return the row showing a deal among those fetched so far."""
        return next((n for n, r in enumerate(self._rows) if r.pk == deal_pk), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == CODES_ROLE and col == SIGNALS:
            return r.signals
        if role == PK_ROLE:
            return r.pk
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in RIGHT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._tooltip(r, col)
            return as_text(tip) if tip else tip  # a tooltip guesses rich text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if col == SIGNALS:
                return ", ".join(signal_label(c) for c in r.signals.split(",") if c) or "none"
            return self._display(r, col)
        return None

    def _display(self, r: DealRow, col: int) -> str:
        if col == ACCOUNT:
            return r.account
        if col == DEAL:
            return short_deal_name(r.account, r.deal)
        if col == STAGE:
            return r.stage
        if col == DAYS:
            return "—" if r.days_in_stage is None else style.number(r.days_in_stage)
        if col == AMOUNT:
            return style.money(r.amount, r.currency)
        if col == ACTIVITY:
            return style.relative(_day(r.last_activity), self.as_of)
        if col == EXEC_TOUCH:
            return style.relative(_day(r.last_exec), self.as_of)
        return ""

    def _tooltip(self, r: DealRow, col: int) -> str | None:
        if col == ACCOUNT and r.account_city:
            return f"{r.account} · {r.account_city}"
        if col == DEAL:
            return f"{r.deal} — owner {r.owner}"
        if col in (ACTIVITY, EXEC_TOUCH):
            value = _day(r.last_activity if col == ACTIVITY else r.last_exec)
            return style.day(value, with_year=True) if value else "Never"
        if col == SIGNALS:
            codes = [c for c in r.signals.split(",") if c]
            if not codes:
                return (
                    "Nothing stands out"
                    if r.strategic
                    else "Signals are worked out for strategic deals"
                )
            return "\n".join(signal_label(c) for c in codes)
        return None
