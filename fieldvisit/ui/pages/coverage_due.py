"""The Coverage page's "Due for a visit" tab: accounts due for an executive, by their cadence.

Each tier's cadence (Settings → Visit cadence) gives every account a next due date: the last
executive visit plus the cadence, or now when no executive has met them. The list shows what is
overdue and what comes due in the next 30 days, for everyone or for one executive (the accounts
they met last), the earliest due first.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.planning.cadence import NEVER_MET, OVERDUE, Cadence
from fieldvisit.ui import style
from fieldvisit.ui.models.cadence import (
    COL_ACCOUNT,
    COL_DUE,
    COL_EXECS,
    COL_LAST,
    COL_PLANNED,
    EVERYONE,
    SHOW_CHOICES,
    UNASSIGNED,
    DueAccountsModel,
    due_sentence,
)
from fieldvisit.ui.widgets.list_table import list_table


class DueForVisit(QWidget):
    """Filters, the table of due accounts, and a line about the selected one."""

    counted = Signal(str)  # the tab's title, with how many are overdue
    account_opened = Signal(int)  # Enter or double-click on a row: the account's page

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.result: Cadence | None = None
        col = QVBoxLayout(self)
        col.setContentsMargins(0, style.SPACE_M, 0, 0)
        col.setSpacing(style.SPACE_M)
        filters = QHBoxLayout()
        self.show_choice = QComboBox(self)
        self.show_choice.setAccessibleName("Show accounts")
        for words, _statuses in SHOW_CHOICES:
            self.show_choice.addItem(words)
        self.executive = QComboBox(self)
        self.executive.setAccessibleName("Executive")
        self.executive.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.executive.setMinimumContentsLength(18)
        self.count = style.label("", role="muted")
        show_label = QLabel("&Show", self)
        show_label.setBuddy(self.show_choice)
        exec_label = QLabel("&Executive", self)
        exec_label.setBuddy(self.executive)
        filters.addWidget(show_label)
        filters.addWidget(self.show_choice)
        filters.addSpacing(style.SPACE_M)
        filters.addWidget(exec_label)
        filters.addWidget(self.executive)
        filters.addStretch(1)
        filters.addWidget(self.count)
        col.addLayout(filters)
        self.accounts = DueAccountsModel(self)
        self.table = list_table(
            self.accounts, "Accounts due for an executive visit", self, sort_column=COL_DUE
        )
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        for column in (COL_ACCOUNT, COL_EXECS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_LAST, 115), (COL_DUE, 215), (COL_PLANNED, 80)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        col.addWidget(self.table, 1)
        self.detail = style.label("", role="muted", wrap=True)
        self.detail.setAccessibleName("About the selected account's cadence")
        col.addWidget(self.detail)
        self.show_choice.currentIndexChanged.connect(self._filter)
        self.executive.currentIndexChanged.connect(self._filter)
        # The current row, not the selection: a keyboard user tabbing in gets a current row only.
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.table.activated.connect(self._open)

    def _open(self, index: QModelIndex) -> None:
        found = self.accounts.account_at(index.row()) if index.isValid() else None
        if found is not None:
            self.account_opened.emit(found.account_pk)

    def show_cadence(self, result: Cadence) -> None:
        """Show a new result, keeping the chosen executive when they are still in it."""
        self.result = result
        chosen = self.executive.currentData()
        self.executive.blockSignals(True)
        self.executive.clear()
        self.executive.addItem("Everyone", EVERYONE)
        for person in result.executives:
            self.executive.addItem(person.name, person.email)
        self.executive.addItem("Nobody yet (never met)", UNASSIGNED)
        found = self.executive.findData(chosen) if chosen is not None else -1
        self.executive.setCurrentIndex(max(found, 0))
        self.executive.blockSignals(False)
        self.accounts.show_cadence(result)
        self._filter()
        overdue = result.count(OVERDUE) + result.count(NEVER_MET)
        title = "Due for a visit"
        self.counted.emit(f"{title} ({style.number(overdue)} overdue)" if overdue else title)

    def _filter(self) -> None:
        statuses = SHOW_CHOICES[max(self.show_choice.currentIndex(), 0)][1]
        executive = self.executive.currentData()
        self.accounts.set_filter(
            statuses=statuses, executive=executive if executive is not None else EVERYONE
        )
        self.count.setText(style.plural(self.accounts.matching, "account"))
        if self.result is not None and not self.result.cadence_days:
            self.detail.setText(
                "No account tier has a visit cadence yet: set one in Settings → Visit cadence."
            )
        elif self.accounts.matching:
            self.detail.setText("Select an account to see its cadence. The earliest due first.")
        else:
            self.detail.setText("Nothing is due here: every account is within its cadence.")

    def _selected(self, index: QModelIndex, _previous: QModelIndex) -> None:
        found = self.accounts.account_at(index.row()) if index.isValid() else None
        if found is not None:
            self.detail.setText(f"{found.name}: {due_sentence(found)}")


__all__ = ["DueForVisit"]
