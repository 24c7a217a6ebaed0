"""Impact: are visits moving deals? Stalled deals with and without an executive visit, compared."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fieldvisit import planning
from fieldvisit.changes import Kind
from fieldvisit.planning import Impact
from fieldvisit.planning.impact import suggestion_impact
from fieldvisit.planning.outcomes import SuggestionImpact
from fieldvisit.planning.results import Cohort
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.pages.base import Page, empty_state
from fieldvisit.ui.widgets.charts import ImpactBar, ImpactChart
from fieldvisit.ui.widgets.flow import scrolling
from fieldvisit.ui.widgets.section_card import card

# Below this many deals in a group, a difference in shares is a hint, not evidence.
SMALL_GROUP = 30
# Differences smaller than this (in share points) read as "about the same".
SAME_BAND = 0.05


def _pct(rate: float | None) -> str:
    return f"{style.number((rate or 0.0) * 100)}%"


def conclusion(result: Impact) -> tuple[str, str]:
    """Return the finding in plain words, and the caveat (empty when the groups are big enough)."""
    v, nv = result.visited, result.not_visited
    if v.n == 0 or nv.n == 0:
        missing = "got an executive visit" if v.n == 0 else "went without a visit"
        return (
            f"Not enough to compare yet: no stalled strategic deal {missing} in the period.",
            "Plan visits on stalled deals from This week; the comparison appears once both "
            "groups have deals.",
        )
    rv, rn = v.rate or 0.0, nv.rate or 0.0
    if abs(rv - rn) < SAME_BAND:
        finding = (
            f"Visited and unvisited stalled deals advanced about as often: {_pct(rv)} "
            f"against {_pct(rn)}."
        )
    elif rv > rn:
        times = f" ({style.number(rv / rn, 1)}× as often)" if rn > 0 else ""
        finding = (
            f"Stalled deals that got an executive visit advanced more often: {_pct(rv)} "
            f"against {_pct(rn)} without a visit{times}."
        )
    else:
        finding = (
            f"Stalled deals that got an executive visit advanced less often: {_pct(rv)} "
            f"against {_pct(rn)} without a visit."
        )
    smallest = min(v.n, nv.n)
    caveat = ""
    if smallest < SMALL_GROUP:
        group = "visited" if v.n <= nv.n else "unvisited"
        caveat = (
            f"Only {style.plural(smallest, 'deal')} in the {group} group: treat this as a hint, "
            "not proof. Deals also move for reasons a visit does not explain."
        )
    return finding, caveat


class ImpactPage(Page):
    key = "impact"
    title = "Impact"
    icon = "impact"
    question = "Are visits moving deals?"
    shows = frozenset({Kind.VISITS, Kind.DEALS, Kind.SNOOZES, Kind.RULES})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.result: Impact | None = None
        self.acted_result: SuggestionImpact | None = None
        self.content = QWidget(self)
        col = QVBoxLayout(self.content)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(style.SPACE_L)
        self.finding = style.label(wrap=True, parent=self.content)
        self.finding.setFont(style.font(style.SECTION_PT + 2, QFont.Weight.DemiBold))
        self.finding.setAccessibleName("What the comparison shows")
        col.addWidget(self.finding)
        self.caveat = style.label("", wrap=True)
        self.caveat.setAccessibleName("How far to trust it")
        col.addWidget(self.caveat)

        figures = QHBoxLayout()
        figures.setSpacing(style.SPACE_L)
        self.visited_big, self.visited_words = self._figure(figures, "Visited deals")
        self.unvisited_big, self.unvisited_words = self._figure(figures, "Unvisited deals")
        self.acted_big, self.acted = self._figure(
            figures, "Suggestions acted on against not acted on"
        )
        col.addLayout(figures)
        # The chart above the method, each the page's full width: at 1024 px side by side the
        # chart's labels were cut and the method text ran past its card. The page scrolls.
        row = QVBoxLayout()
        row.setSpacing(style.SPACE_L)
        chart_card, chart_col = card(self.content, "Stalled deals that advanced a stage")
        self.window_note = style.label("", role="muted", wrap=True)
        chart_col.addWidget(self.window_note)
        self.chart = ImpactChart(chart_card)
        self.chart.setFixedHeight(220)
        chart_col.addWidget(self.chart)
        row.addWidget(chart_card)
        method_card, method_col = card(self.content, "How this is counted")
        self.method = style.label("", wrap=True)
        self.method.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        method_col.addWidget(self.method)
        method_col.addStretch(1)
        row.addWidget(method_card)
        col.addLayout(row)
        col.addStretch(1)
        self.scroll = scrolling(self.content, self, "Impact")
        self.body.addWidget(self.scroll, 1)

        self.empty = empty_state(
            "No stalled strategic deals to compare yet.",
            detail="When deals stall and executives visit some of them, this page shows whether "
            "the visited ones moved more often. Import your deals and visits (Ctrl+I) or open "
            "the demo workspace.",
            icon_name="impact",
            parent=self,
        )
        self.empty.hide()
        self.body.addWidget(self.empty)
        self.body.addStretch(0)
        self.status = style.label("Comparing visited and unvisited deals…", role="muted")
        self.status.hide()
        self.body.addWidget(self.status)

    def _figure(self, row: QHBoxLayout, accessible: str) -> tuple[QLabel, QLabel]:
        frame, col = card(self.content, "")
        frame.property("heading").hide()
        frame.setAccessibleName(accessible)
        inner = QHBoxLayout()
        inner.setSpacing(style.SPACE_M)
        big = style.label(parent=frame)
        big.setFont(style.font(26, QFont.Weight.DemiBold))
        words = style.label("", wrap=True)
        inner.addWidget(big, 0, Qt.AlignmentFlag.AlignVCenter)
        inner.addWidget(words, 1, Qt.AlignmentFlag.AlignVCenter)
        col.addLayout(inner)
        row.addWidget(frame, 1)
        return big, words

    def refresh(self) -> None:
        super().refresh()
        ws, as_of, rules = self.ctx.workspace, self.ctx.as_of, self.ctx.rules()

        def work(_progress: Any, _cancelled: Any) -> tuple[Impact, SuggestionImpact]:
            with ws.connect() as conn:
                return planning.impact(conn, as_of, rules), suggestion_impact(conn, as_of, rules)

        self.set_busy(True)
        if self.result is None:
            self.status.setText("Comparing visited and unvisited deals…")
            self.status.show()
        self.ctx.tasks.run(
            work,
            title="Comparing visited and unvisited deals",
            on_done=self._loaded,
            on_error=self._failed,
            cancellable=False,
            key=self.task_key(),
        )

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(f"The comparison could not be made: {exc}")
        self.status.show()
        self.set_busy(False)

    def _loaded(self, results: tuple[Impact, SuggestionImpact]) -> None:
        result, acted = results
        self.result, self.acted_result = result, acted
        self._show_acted(acted)
        self.status.hide()
        nothing = result.visited.n == 0 and result.not_visited.n == 0
        self.scroll.setVisible(not nothing)
        self.empty.setVisible(nothing)
        if not nothing:
            finding, caveat = conclusion(result)
            self.finding.setText(finding)
            self.caveat.setText(caveat)
            self.caveat.setVisible(bool(caveat))
            if caveat:
                self.caveat.setStyleSheet(f"color: {style.tone('amber').name()};")
            self.chart.show_groups(
                [
                    ImpactBar("Visited by an executive", result.visited.n, result.visited.advanced),
                    ImpactBar("Not visited", result.not_visited.n, result.not_visited.advanced),
                ]
            )
            period = (
                f"{style.short_day(result.period_start, result.as_of)} to "
                f"{style.short_day(result.period_end, result.as_of)}"
            )
            self.window_note.setText(
                f"Stalled strategic deals from {period}; advanced within "
                f"{style.plural(result.window_days, 'day')}."
            )
            self.method.setText(
                self._method_text(result, period)
                + "\n\nSuggestions: the same deals, grouped by what became of their suggestion. "
                "Acted on: a visit was planned from it in the period (measured from that day). Not "
                f"acted on: {style.number(acted.snoozed)} snoozed, "
                f"{style.number(acted.dismissed)} dismissed as not relevant, "
                f"{style.number(acted.ignored)} ignored."
            )
            days = style.plural(result.window_days, "day")
            for big, words, cohort, who in (
                (self.visited_big, self.visited_words, result.visited, "visited by an executive"),
                (self.unvisited_big, self.unvisited_words, result.not_visited, "not visited"),
            ):
                big.setText(_pct(cohort.rate) if cohort.n else "—")
                words.setText(
                    f"{style.number(cohort.advanced)} of {style.plural(cohort.n, 'stalled deal')} "
                    f"{who} advanced a stage within {days}"
                )
            self.visited_big.setStyleSheet(f"color: {style.tone('accent').name()};")
        self.set_busy(False)

    def _show_acted(self, s: SuggestionImpact) -> None:
        """Say how deals whose suggestion was acted on moved, against the rest."""
        days = style.plural(s.window_days, "day")

        def share(c: Cohort) -> str:
            rate = _pct(c.rate) if c.n else "none"
            return f"{rate} ({style.number(c.advanced)} of {style.plural(c.n, 'deal')})"

        self.acted_big.setText(_pct(s.acted.rate) if s.acted.n else "—")
        self.acted.setText(
            f"{style.number(s.acted.advanced)} of {style.plural(s.acted.n, 'stalled deal')} whose "
            f"suggestion was acted on advanced within {days}; {share(s.not_acted)} of the rest"
        )
        self.acted.setToolTip(
            f"Not acted on: {style.number(s.snoozed)} snoozed, {style.number(s.dismissed)} "
            f"dismissed as not relevant, {style.number(s.ignored)} ignored."
        )

    @staticmethod
    def _method_text(result: Impact, period: str) -> str:
        days = style.plural(result.window_days, "day")
        return (
            f"We look at strategic deals that were stalled from {period}: in their stage "
            "too long, idle, or with a close date pushed out again and again.\n\n"
            f"Visited: an executive was in the room (a done visit on the deal). We count it as "
            f"advanced when the deal entered a later stage within {days} after the first visit.\n\n"
            f"Not visited: no executive visit in the period. We count it as advanced when it "
            f"entered a later stage within {days} after the period began.\n\n"
            "The period ends early enough that every deal had its full "
            f"{days} to move. Moving to Closed Lost does not count as advancing."
        )
