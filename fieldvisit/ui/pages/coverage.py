"""Coverage: are our leaders in front of the customers that matter?

Three key figures on top; executives' visits against target and the 12-week heat map; below, two
tabs: the strategic accounts, uncovered ones first, with each account's circle of influence, and
the accounts due for an executive visit by their tier's cadence (`coverage_due`). Worked out in
the background in three steps, each shown as it comes (`coverage_load`): the figures, chart and
heat map first (executive visits only), then the strategic accounts (the circle of influence
reaches into activities), then the cadence; a date's answers are kept until the data changes.
The lists only order and filter.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.changes import Changes, Kind
from fieldvisit.planning.cadence import Cadence
from fieldvisit.planning.coverage import CoverageHead
from fieldvisit.planning.results import Coverage, ExecutiveCoverage
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.models.coverage import (
    COL_ACCOUNT,
    COL_CIRCLE,
    COL_EXECS,
    COL_LAST,
    COL_SENIOR,
    StrategicAccountsModel,
    circle_sentence,
)
from fieldvisit.ui.pages.base import Page, empty_state
from fieldvisit.ui.pages.coverage_due import DueForVisit
from fieldvisit.ui.pages.coverage_load import CoverageLoader, Steps
from fieldvisit.ui.widgets.charts import TargetBar, TargetBarChart
from fieldvisit.ui.widgets.flow import scrolling
from fieldvisit.ui.widgets.heatmap import HeatLine, HeatMap
from fieldvisit.ui.widgets.list_table import list_table
from fieldvisit.ui.widgets.section_card import card

CHART_MAX_BARS = 10
HEAT_MIN_PX = 220
HEAT_MAX_PX = 480
TABLE_CARD_MIN_PX = 420
COLUMN_PX = {COL_ACCOUNT: 240, COL_LAST: 170, COL_EXECS: 170, COL_SENIOR: 150, COL_CIRCLE: 220}


def _figure(parent: QWidget, accessible: str) -> tuple[QFrame, QLabel, QLabel]:
    frame = QFrame(parent)
    frame.setObjectName("card")
    row = QHBoxLayout(frame)
    row.setContentsMargins(style.SPACE_L, style.SPACE_M, style.SPACE_L, style.SPACE_M)
    row.setSpacing(style.SPACE_M)
    big = style.label(parent=frame)
    big.setFont(style.font(22, QFont.Weight.DemiBold))
    words = style.label("", wrap=True)
    row.addWidget(big, 0, Qt.AlignmentFlag.AlignVCenter)
    row.addWidget(words, 1, Qt.AlignmentFlag.AlignVCenter)
    frame.setAccessibleName(accessible)
    return frame, big, words


def chart_bars(executives: tuple[ExecutiveCoverage, ...], limit: int) -> list[TargetBar]:
    """Return the executives furthest behind their target first (at most `limit`)."""
    ordered = sorted(
        executives,
        key=lambda e: (e.visits_30d / e.monthly_target if e.monthly_target else 9.0, e.name),
    )
    return [TargetBar(e.name, e.visits_30d, e.monthly_target) for e in ordered[:limit]]


class CoveragePage(Page):
    key = "coverage"
    title = "Coverage"
    icon = "coverage"
    question = "Are our leaders in front of the customers that matter?"
    shows = frozenset({Kind.VISITS, Kind.DEALS, Kind.RULES})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.coverage: Coverage | None = None
        self.cadence: Cadence | None = None
        self.loader = CoverageLoader(ctx.tasks, self.task_key)
        self.content = QWidget(self)
        col = QVBoxLayout(self.content)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(style.SPACE_L)
        col.addLayout(self._build_figures())
        # One column that scrolls: the chart gets a row per executive (every name shows) and
        # the heat map and the table their full width, at 1024×768 as at 1440×900.
        col.addWidget(self._build_chart_card())
        col.addWidget(self._build_heat_card())
        col.addWidget(self._build_tabs())
        self.scroll = scrolling(self.content, self, "Coverage")
        self.body.addWidget(self.scroll, 1)
        self.empty = empty_state(
            "No executives or strategic accounts yet.",
            detail="Import your executives, accounts and visits (Ctrl+I), or open the demo "
            "workspace, and coverage appears here.",
            icon_name="coverage",
            parent=self,
        )
        self.empty.hide()
        self.body.addWidget(self.empty)
        self.loading = style.label("Working out coverage…", role="muted")
        self.body.addWidget(self.loading)
        self.loading.hide()

    # ----- building ------------------------------------------------------------------------

    def _build_figures(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(style.SPACE_L)
        box, self.covered_big, self.covered_words = _figure(self, "Strategic accounts covered")
        row.addWidget(box, 1)
        box, self.uncovered_big, self.uncovered_words = _figure(
            self, "Strategic accounts uncovered"
        )
        row.addWidget(box, 1)
        box, self.target_big, self.target_words = _figure(self, "Executives on target")
        row.addWidget(box, 1)
        return row

    def _build_chart_card(self) -> QWidget:
        frame, col = card(self, "Visits in the last 30 days, against target")
        self.chart_note = style.label("", role="muted", wrap=True)
        col.addWidget(self.chart_note)
        self.chart = TargetBarChart(frame)
        col.addWidget(self.chart, 1)
        return frame

    def _build_heat_card(self) -> QWidget:
        frame, col = card(self, "Customer visits per week")
        col.addWidget(
            style.label("Done visits with each executive in the room, last 12 weeks", role="muted")
        )
        self.heat = HeatMap(frame)
        scroll = self._heat_scroll = QScrollArea(frame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.heat)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumHeight(HEAT_MIN_PX)
        col.addWidget(scroll, 1)
        return frame

    def _build_tabs(self) -> QWidget:
        frame = QFrame(self)
        frame.setObjectName("card")
        col = QVBoxLayout(frame)
        col.setContentsMargins(style.SPACE_L, style.SPACE_M, style.SPACE_L, style.SPACE_L)
        self.tabs = QTabWidget(frame)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Accounts")
        self.tabs.addTab(self._build_accounts_tab(), "Strategic accounts")
        self.due = DueForVisit(self.tabs)
        self.tabs.addTab(self.due, "Due for a visit")
        self.due.counted.connect(lambda title: self.tabs.setTabText(1, title))
        self.due.account_opened.connect(lambda pk: self.navigate_requested.emit(f"account#{pk}"))
        col.addWidget(self.tabs)
        frame.setMinimumHeight(TABLE_CARD_MIN_PX)
        return frame

    def _build_accounts_tab(self) -> QWidget:
        frame = QWidget(self)
        col = QVBoxLayout(frame)
        col.setContentsMargins(0, style.SPACE_M, 0, 0)
        col.setSpacing(style.SPACE_M)
        filters = QHBoxLayout()
        self.account_search = QLineEdit(frame)
        self.account_search.setPlaceholderText("Find an account or city")
        self.account_search.setAccessibleName("Find a strategic account")
        self.account_search.setClearButtonEnabled(True)
        self.account_search.setMinimumWidth(240)
        self.only_uncovered = QCheckBox("Only those without an executive in 90 days", frame)
        self.only_uncovered.setAccessibleName("Show only accounts without an executive in 90 days")
        self.account_count = style.label("", role="muted")
        filters.addWidget(self.account_search)
        filters.addWidget(self.only_uncovered)
        filters.addStretch(1)
        filters.addWidget(self.account_count)
        col.addLayout(filters)
        self.accounts = StrategicAccountsModel(self)
        self.table = list_table(self.accounts, "Strategic accounts", frame, sort_column=COL_LAST)
        header = self.table.horizontalHeader()
        # Fixed starting widths (a narrow window scrolls sideways rather than squeezing the
        # account names to "Atla…"); the last column takes what is left.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in COLUMN_PX.items():
            header.resizeSection(column, width)
        col.addWidget(self.table, 1)
        self.account_detail = style.label("", role="muted", wrap=True)
        self.account_detail.setAccessibleName("About the selected account")
        col.addWidget(self.account_detail)
        self.account_search.textChanged.connect(self._filter)
        self.only_uncovered.toggled.connect(self._filter)
        self.table.selectionModel().selectionChanged.connect(self._account_selected)
        self.table.activated.connect(self._open_account)  # Enter or double-click
        return frame

    # ----- loading ---------------------------------------------------------------------------

    def _changed(self, changes: Changes) -> None:
        if changes.touches(self.shows):
            self.loader.forget()  # another date alone keeps what each date found
        super()._changed(changes)

    def refresh(self) -> None:
        super().refresh()
        self.set_busy(True)
        if self.coverage is None:
            self.loading.show()
        steps = Steps(self._head_loaded, self._loaded, self._due_loaded, self._failed)
        self.loader.load(self.ctx.workspace, self.ctx.as_of, self.ctx.rules(), steps)

    def _failed(self, exc: BaseException) -> None:
        self.loading.setText(f"Coverage could not be worked out: {exc}")
        self.loading.show()
        self.set_busy(False)

    def _head_loaded(self, head: CoverageHead) -> None:
        """The first step: figures, chart and heat map; the accounts follow."""
        self.loading.hide()
        nothing = not head.executives and not head.strategic_total
        self.scroll.setVisible(not nothing)
        self.empty.setVisible(nothing)
        if nothing:
            return
        self._show_figures(head)
        self._show_chart(head)
        self._show_heat(head)
        if self.coverage is None:
            self.account_count.setText("Working out the accounts…")

    def _loaded(self, cov: Coverage) -> None:
        self.coverage = cov
        if cov.executives or cov.strategic_accounts:
            names = {e.email: e.name for e in cov.executives}
            window = self.ctx.rules().no_exec_touch_days
            self.accounts.show_accounts(list(cov.strategic_accounts), names, cov.as_of, window)
            self._show_account_count()

    def _due_loaded(self, due: Cadence) -> None:
        self.cadence = due
        self.due.show_cadence(due)
        self.set_busy(False)

    def _show_figures(self, head: CoverageHead) -> None:
        total, never = head.strategic_total, head.never_visited
        uncovered = head.uncovered_90d
        self.covered_big.setText(f"{style.number(head.strategic_covered_90d_pct)}%")
        self.covered_words.setText(
            f"of {style.plural(total, 'strategic account')} had an executive in the room "
            "in the last 90 days"
        )
        self.uncovered_big.setText(style.number(uncovered))
        tone = style.tone("red" if never else "amber" if uncovered else "green")
        self.uncovered_big.setStyleSheet(f"color: {tone.name()};")
        words = "strategic accounts with no executive visit in 90 days"
        if never:
            words += f" ({style.number(never)} never visited)"
        self.uncovered_words.setText(words if uncovered else "Every strategic account is covered.")
        execs = head.executives
        on_target = sum(1 for e in execs if e.visits_30d >= e.monthly_target)
        self.target_big.setText(f"{style.number(on_target)} of {style.number(len(execs))}")
        self.target_words.setText("executives at or above their monthly visit target")

    def _show_chart(self, cov: CoverageHead) -> None:
        bars = chart_bars(cov.executives, CHART_MAX_BARS)
        self.chart.show_bars(bars)  # asks for a row per executive: every name is labelled
        behind = sum(1 for e in cov.executives if e.visits_30d < e.monthly_target)
        if len(cov.executives) > CHART_MAX_BARS:
            self.chart_note.setText(
                f"The {CHART_MAX_BARS} furthest behind of {style.number(len(cov.executives))} "
                f"executives ({style.number(behind)} below target). The mark is the target."
            )
        else:
            self.chart_note.setText("Furthest behind first. The mark on each bar is the target.")

    def _show_heat(self, cov: CoverageHead) -> None:
        last = {e.executive_pk: e for e in cov.executives}
        lines = []
        for row in cov.heat_map.rows:
            ex = last.get(row.executive_pk)
            note = ""
            if ex is not None:
                note = (
                    style.relative(ex.last_visit_on, cov.as_of)
                    if ex.last_visit_on
                    else "no visit yet"
                )
            lines.append(HeatLine(row.name, row.counts, note))
        self.heat.show_map(cov.heat_map.weeks, lines)
        # No horizontal scrolling: ask the layout for the map's full width (and the scroll bar's,
        # which a long list of executives brings), so the "Last visit" column is never cut.
        bar = self._heat_scroll.verticalScrollBar().sizeHint().width()
        self._heat_scroll.setMinimumWidth(self.heat.sizeHint().width() + bar + 2)
        # The page scrolls, so the map shows every executive (up to a long list) without its own.
        self._heat_scroll.setMinimumHeight(min(self.heat.sizeHint().height() + 2, HEAT_MAX_PX))

    def show_hit(self, hit: Any) -> None:
        """An executive found with Ctrl+K: their row of the weekly map, picked out and named."""
        from fieldvisit.ui.search_routes import show_executive

        show_executive(self, hit.pk, hit.label)

    # ----- accounts --------------------------------------------------------------------------

    def _filter(self) -> None:
        self.accounts.set_filter(
            only_uncovered=self.only_uncovered.isChecked(), text=self.account_search.text()
        )
        self._show_account_count()

    def _show_account_count(self) -> None:
        total = len(self.coverage.strategic_accounts) if self.coverage else 0
        shown = self.accounts.matching
        self.account_count.setText(
            f"{style.number(shown)} of {style.number(total)}"
            if shown != total
            else style.plural(total, "account")
        )
        self.account_detail.setText(
            "Select an account to see whom we met and how our circle of influence changes."
        )

    def _account_selected(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        index = self.table.currentIndex()
        acc = self.accounts.account_at(index.row()) if index.isValid() else None
        if acc is None:
            return
        execs = self.accounts.executive_names(acc)
        who = f"Executives there: {', '.join(execs)}. " if execs else "No executive has visited. "
        self.account_detail.setText(
            f"{acc.name}: {who}{circle_sentence(acc)} Enter opens the account."
        )

    def _open_account(self, index: Any) -> None:
        acc = self.accounts.account_at(index.row()) if index.isValid() else None
        if acc is not None:
            self.navigate_requested.emit(f"account#{acc.account_pk}")


__all__ = ["CoveragePage", "chart_bars"]
