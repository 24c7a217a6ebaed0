"""Deals: which strategic deals are stuck, and why — a lean table with a detail pane.

The table reads from an in-memory deal store built on a worker (see reads/deal_table.py and
deal_loading.py): the strategic deals with their signals first, shown in their final order, then
the other open deals. Sorting and filtering are SQL on that store; the view fetches 200 rows at
a time as it scrolls.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QWidget,
)

from fieldvisit.changes import Kind
from fieldvisit.reads import deal_table
from fieldvisit.reads.deal_detail import load_detail
from fieldvisit.settings import load_rules
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.launch import open_import_wizard
from fieldvisit.ui.models.deals_model import (
    ACCOUNT,
    ACTIVITY,
    AMOUNT,
    CODES_ROLE,
    DAYS,
    DEAL,
    EXEC_TOUCH,
    HEADERS,
    SHORT_HEADERS,
    SIGNALS,
    STAGE,
    DealsModel,
)
from fieldvisit.ui.pages.base import Page, empty_state
from fieldvisit.ui.pages.deal_actions import DealActions
from fieldvisit.ui.pages.deal_detail import DealDetail, DealDetailPane
from fieldvisit.ui.pages.deal_loading import DealLoading
from fieldvisit.ui.tasks import CancelledFn, ProgressFn
from fieldvisit.ui.widgets.chips import ChipsDelegate
from fieldvisit.ui.widgets.fit_columns import ColumnFitter, text_width
from fieldvisit.ui.widgets.flow import FlowLayout

# The widest text the short columns show; the others share what is left.
COLUMN_SAMPLES = {
    STAGE: "Negotiation",
    DAYS: "1,000",
    AMOUNT: "$999K",
    ACTIVITY: "5 months ago",
    EXEC_TOUCH: "5 months ago",
}
WIDE_SAMPLES = {STAGE: "Qualification"}  # shown whole when there is room
SEARCH_DELAY_MS = 200
DETAIL_SPLIT = (45, 55)  # table and detail, in % of the height, once a deal is chosen


class DealsPage(DealActions, DealLoading, Page):
    """Open deals, strategic ones first, with their signals and a detail pane."""

    key = "deals"
    title = "Deals"
    icon = "deals"
    question = "Which strategic deals are stuck, and why?"
    shows = frozenset({Kind.DEALS, Kind.SNOOZES, Kind.VISITS, Kind.RULES})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.model = DealsModel(ctx.as_of, self)
        self.signals_ready = False
        self.all_deals_ready = False
        self._build_filters()
        self._build_table()
        self.model.total_changed.connect(self._show_count)

    # ----- building ----------------------------------------------------------------------------

    def _build_filters(self) -> None:
        # A flow layout: at 1024 px the filters wrap onto a second row instead of overlapping.
        self.filter_bar = QWidget(self)
        self.filter_bar.setAccessibleName("Deal filters")
        row = FlowLayout(self.filter_bar, spacing=style.SPACE_M + 4)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Filter by account, deal, owner or city")
        self.search.setAccessibleName("Filter deals")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(280)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.stalled_only = QCheckBox("Stalled only", self)
        self.stalled_only.setAccessibleName("Show stalled deals only")
        self.stalled_only.toggled.connect(lambda on: self.model.update_filter(stalled_only=on))
        self.strategic_only = QCheckBox("Strategic only", self)
        self.strategic_only.setChecked(True)
        self.strategic_only.setAccessibleName("Show strategic deals only")
        self.strategic_only.toggled.connect(lambda on: self.model.update_filter(strategic_only=on))
        self.stage = QComboBox(self)
        self.stage.setAccessibleName("Stage")
        self.stage.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.stage.currentIndexChanged.connect(
            lambda _i: self.model.update_filter(stage=self.stage.currentData())
        )
        self.owner = QComboBox(self)
        self.owner.setAccessibleName("Owner")
        self.owner.setMinimumWidth(170)
        self.owner.currentIndexChanged.connect(
            lambda _i: self.model.update_filter(owner_pk=self.owner.currentData())
        )
        self.count = style.label("", role="muted")
        self.count.setAccessibleName("How many deals match")
        for widget in (
            self.search,
            self.stalled_only,
            self.strategic_only,
            self.stage,
            self.owner,
            self.count,
        ):
            row.addWidget(widget)
        self.body.addWidget(self.filter_bar)

    def _build_table(self) -> None:
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Deals")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        self._fit_columns()
        header.setSortIndicator(SIGNALS, Qt.SortOrder.DescendingOrder)
        self.table.setItemDelegateForColumn(SIGNALS, ChipsDelegate(CODES_ROLE, self.table))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.detail = DealDetailPane(self)
        self.detail.setMinimumHeight(200)
        self.detail.plan_requested.connect(self.plan)
        self.detail.snooze_requested.connect(self.snooze)
        self.detail.unsnooze_requested.connect(self.unsnooze)
        self.detail.bring_back_requested.connect(self.bring_back)
        self.detail.why_requested.connect(self.why)
        self.detail.account_requested.connect(
            lambda pk: self.navigate_requested.emit(f"account#{pk}")
        )

        self.empty = QStackedWidget(self)
        self.empty.addWidget(self.table)
        self.placeholder = QWidget(self)
        self.empty.addWidget(self.placeholder)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.empty)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([420, 300])
        splitter.setChildrenCollapsible(False)
        # Once a deal is chosen its detail gets the larger part; a split the user drags stays.
        self.splitter, self.split_by_user = splitter, False
        splitter.splitterMoved.connect(lambda _pos, _i: setattr(self, "split_by_user", True))
        self.body.addWidget(splitter, 1)

    def _fit_columns(self) -> None:
        """Fit the columns to the table (no sideways scrolling at 1024 px): the short ones keep
        their text's width and give up only their header's, the account, the deal and the
        signals share the rest and elide (each cell has its whole text as a tooltip)."""
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        natural, narrowest = {}, {}
        for col, sample in COLUMN_SAMPLES.items():
            header_words = SHORT_HEADERS.get(col, HEADERS[col])  # the short one, when narrow
            narrowest[col] = max(text_width(self.table, s) for s in (sample, header_words))
            wide = text_width(self.table, WIDE_SAMPLES.get(col, sample))
            natural[col] = max(narrowest[col], wide)  # or the header's, when wider
        self.columns = ColumnFitter(
            self.table,
            natural=natural,
            shares={ACCOUNT: 4, DEAL: 3, SIGNALS: 2},
            minimum={**narrowest, ACCOUNT: 110, DEAL: 80, SIGNALS: 96},
            comfort={ACCOUNT: 200, DEAL: 140, SIGNALS: 110},
            # A column narrower than its whole header shows the short one ("Days", not "Days i…").
            narrowed=self.model.shorten_headers,
        )

    def _set_placeholder(self, widget: QWidget | None) -> None:
        """Show an empty state instead of the table (None shows the table)."""
        if widget is None:
            self.empty.setCurrentWidget(self.table)
            return
        self.empty.removeWidget(self.placeholder)
        self.placeholder.deleteLater()
        self.placeholder = widget
        self.empty.addWidget(widget)
        self.empty.setCurrentWidget(widget)

    # ----- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Rebuild the deal store in the background (`DealLoading`: strategic deals first)."""
        super().refresh()
        self.load_deals()

    def _fill_choices(self, pipeline: list[str], owners: list[tuple[int, str]]) -> None:
        for combo, first, items in (
            (self.stage, "All stages", [(s, s) for s in pipeline if not s.startswith("Closed")]),
            (self.owner, "All owners", [(pk, name) for pk, name in owners]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for data, words in items:
                combo.addItem(words, data)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
            combo.blockSignals(False)

    def _after_load(self, select_pk: int | None = None) -> None:
        if self.model.store is not None and self.model.total == 0 and not self._filtered():
            self._set_placeholder(
                empty_state(
                    "No open deals yet.",
                    "Import CSV files",
                    lambda: open_import_wizard(self.ctx, self),
                    icon_name="deals",
                    detail="Import your CRM's accounts and deals; the strategic ones that "
                    "stall show up here with the reasons why.",
                )
            )
            return
        self._set_placeholder(None)
        if select_pk is not None:
            self.select_deal(select_pk)

    def _fetch_to(self, rows: int) -> None:
        """Fetch as many rows as were shown before a reload (the place in the list stays)."""
        while self.model.rowCount() < rows and self.model.canFetchMore():
            self.model.fetchMore()

    def _filtered(self) -> bool:
        f = self.model.filter
        return bool(f.text or f.stalled_only or f.stage or f.owner_pk is not None)

    def _apply_search(self) -> None:
        self.model.update_filter(text=self.search.text().strip())

    def _show_count(self, total: int) -> None:
        what = "strategic deal" if self.model.filter.strategic_only else "open deal"
        words = style.plural(total, what)
        if total == 0 and self._filtered():
            words = "No deal matches these filters"
        self.count.setText(words)

    # ----- selection and detail ----------------------------------------------------------------

    def selected_deal(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.deal_pk(rows[0].row()) if rows else None

    def select_deal(self, deal_pk: int) -> bool:
        """Select a deal if it is among the rows fetched; True when found."""
        row = self.model.row_of(deal_pk)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        pk = self.selected_deal()
        if pk is not None:
            self.show_deal(pk)

    def show_deal(self, deal_pk: int) -> None:
        """Load the deal's detail on a worker and show it in the pane."""
        codes = deal_table.stored_signals(self.model.store, deal_pk)
        ws, as_of = self.ctx.workspace, self.ctx.as_of

        def work(_p: ProgressFn, _c: CancelledFn) -> DealDetail:
            with ws.connect() as conn:
                words = deal_table.signal_details(conn, deal_pk, as_of, load_rules(conn), codes)
                return load_detail(conn, deal_pk, as_of, words)

        def done(detail: DealDetail) -> None:
            self.detail.show_detail(detail, as_of)
            self._split_for_detail()

        self.ctx.tasks.run(
            work,
            title="Reading the deal",
            on_done=done,
            cancellable=False,
            key=self.task_key("detail"),  # the deal selected last answers
        )

    def _split_for_detail(self) -> None:
        """Give the detail 55 % of the height (the table keeps 45 %) unless the user chose."""
        total = sum(self.splitter.sizes())
        if not self.split_by_user and total > 0:
            table = total * DETAIL_SPLIT[0] // 100
            self.splitter.setSizes([table, total - table])

    def show_hit(self, hit: Any) -> None:
        """Show a deal (or an account's deals) found with Ctrl+K."""
        if getattr(hit, "kind", "") == "deal":
            self.strategic_only.setChecked(False)
            self.search.setText(hit.label)
            self._apply_search()
            if not self.select_deal(hit.pk):
                self.show_deal(hit.pk)
        elif getattr(hit, "kind", "") == "rep":  # the owner filter: visible, one choice clears it
            from fieldvisit.ui.search_routes import show_rep

            show_rep(self, hit.pk, hit.label)
        else:
            self.search.setText(getattr(hit, "label", ""))
            self._apply_search()

    def prepare_screenshot(self) -> None:
        """Select the most urgent deal so the picture shows its detail."""
        if self.model.rowCount() > 0:
            self.table.selectRow(0)
