"""This week: where our executives should be (suggestion cards) and what is owed (debriefs).

Everything is read on worker threads, so the window never waits: the last start's answers
(`week_memory`), else a calm "finding…" line, show until the suggestions arrive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from fieldvisit.changes import Kind
from fieldvisit.reads.week_answers import (
    AddOns,
    KeyedAddOns,
    SideData,
    Suggested,
    WeekAnswers,
    load_side,
    load_suggested,
    with_add_ons,
)
from fieldvisit.settings import load_rules
from fieldvisit.ui import style
from fieldvisit.ui.after_paint import after_paint
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.keep_place import hold_scroll, park_focus, unpark_focus
from fieldvisit.ui.pages import week_actions
from fieldvisit.ui.pages.base import Page, empty_state
from fieldvisit.ui.pages.week_columns import clear, relayout, scroll_column
from fieldvisit.ui.pages.week_memory import WeekMemory, keyed_add_ons
from fieldvisit.ui.pages.week_sections import (
    fill_due,
    fill_upcoming,
    link_button,
    readiness_state,
    section_title,
    suggested_note,
)
from fieldvisit.ui.tasks import CancelledFn, ProgressFn
from fieldvisit.ui.widgets.cards import DueCard, SuggestionCard
from fieldvisit.ui.workspaces import describe

if TYPE_CHECKING:  # the dialogs load the store's models: imported when first opened
    from fieldvisit.planning import Suggestion
    from fieldvisit.ui.dialogs.dismiss import DismissDialog
    from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
    from fieldvisit.ui.dialogs.snooze import SnoozeDialog
    from fieldvisit.ui.dialogs.why import WhyDialog

FIRST_CARDS = 8
MORE_CARDS = 8
SIDE_WIDTH = 380
SIDE_MIN = 360


class WeekPage(Page):
    """Suggested visits with their reasons; debriefs due; upcoming visits grouped by trip."""

    key = "week"
    title = "This week"
    icon = "week"
    question = "Where should our executives be, and what is owed?"
    shows = frozenset({Kind.VISITS, Kind.DEALS, Kind.SNOOZES, Kind.DEBRIEFS, Kind.RULES})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.limit = FIRST_CARDS
        self.data: SideData | None = None
        self.suggested: Suggested | None = None
        self._pending = 0
        self._add_ons: AddOns | None = None  # trip pk → add-ons, when they came before the side
        self._failures = 0
        self._from_last = False  # showing the last start's answers while they are worked out
        self.memory = WeekMemory(ctx)
        self.held_label = style.label("", role="muted")
        self.cards: list[SuggestionCard] = []
        self.due_cards: list[DueCard] = []
        row = QHBoxLayout()
        row.setSpacing(style.SPACE_L)
        left, self.left = scroll_column(self)
        left.setAccessibleName("Suggested visits")
        self.suggestions_area = left
        right, self.right = scroll_column(self)
        right.setAccessibleName("Debriefs due and upcoming visits")
        right.setFixedWidth(SIDE_WIDTH)
        self.side = right
        row.addWidget(left, 1)
        row.addWidget(right)
        self.body.addLayout(row, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Give the side column a third of the page, between SIDE_MIN and SIDE_WIDTH pixels, so
        the suggestion cards keep room at 1024×768."""
        super().resizeEvent(event)
        width = max(SIDE_MIN, min(SIDE_WIDTH, int(self.width() * 0.32)))
        if width != self.side.width():
            self.side.setFixedWidth(width)
            # Wrapped card text needs its heights worked out again at the new width.
            QTimer.singleShot(0, self, lambda: relayout(self.side))

    # ----- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute suggestions, the side column and the trips' add-ons in background tasks.

        The cards and the side column (debriefs owed, upcoming visits, trips: a few quick reads)
        load side by side, so each appears as soon as it is known; the trips' add-ons (stalled
        deals nearby) follow the cards, as they walk the stalled deals again.
        """
        super().refresh()
        if self.suggested is None:  # the first load, or another workspace's
            clear(self.left)
            self.cards, self.held_label = [], style.label("", role="muted")
            self.left.addWidget(section_title("Suggested visits", None, self))
            self.left.addWidget(style.label("Finding the visits worth making…", role="muted"))
        self.set_busy(True)
        # At the first load, what the last start kept paints first; the work starts after it.
        if not self.memory.recall(self._show_kept, then=self._after_kept):
            self._work_out()

    def _after_kept(self) -> None:
        # Shown: worked out once they are on screen (beside their painting, later); else now.
        after_paint(self.suggestions_area.viewport() if self._from_last else None, self._work_out)

    def _work_out(self) -> None:
        ws, as_of, limit = self.ctx.workspace, self.ctx.as_of, self.limit
        self.set_busy(True)
        self._pending = 3
        self._add_ons = None
        self._failures = 0

        def suggested(_progress: ProgressFn, _cancelled: CancelledFn) -> Suggested:
            # The rules are read here too, so the window thread never waits on the database.
            with ws.connect() as conn:
                return load_suggested(conn, as_of, load_rules(conn), limit)

        def side(_progress: ProgressFn, _cancelled: CancelledFn) -> SideData:
            with ws.connect() as conn:
                return load_side(conn, as_of, load_rules(conn), with_add_ons=False)

        def add_ons(_progress: ProgressFn, _cancelled: CancelledFn) -> KeyedAddOns:
            with ws.connect() as conn:
                return keyed_add_ons(conn, ws, as_of, load_rules(conn))

        def add_ons_next(data: Suggested) -> None:
            self._show_suggested(data)
            # After the cards, not beside them: on a large workspace both walk every stalled
            # deal, and side by side they would double the memory and slow the cards down.
            self.ctx.tasks.run(
                add_ons,
                title="Finding stalled deals near trips",
                on_done=self._show_add_ons,
                on_error=self._failed,
                cancellable=False,
                key=self.task_key("add_ons"),
            )

        def failed_first(exc: BaseException) -> None:
            self._failed(exc)
            self._one_done()  # the add-ons never start

        self.ctx.tasks.run(
            suggested,
            title="Finding visits worth making",
            on_done=add_ons_next,
            on_error=failed_first,
            cancellable=False,
            key=self.task_key(),
        )
        self.ctx.tasks.run(
            side,
            title="Reading debriefs and upcoming visits",
            on_done=self._show_side,
            on_error=lambda exc: self._failed(exc, side=True),
            cancellable=False,
            key=self.task_key("side"),
        )

    def _show_kept(self, kept: WeekAnswers) -> None:
        # What the last start showed, on this very data: on screen while the suggestions are
        # worked out again ("updating…" beside the count until they answer).
        if self.suggested is None:
            self._from_last = True
            self.suggested = kept.suggested
            self._fill_suggestions(kept.suggested)
        if self.data is None:
            self._fill_side(kept.side)

    def _show_add_ons(self, got: KeyedAddOns) -> None:
        self._add_ons = found = got[0]
        if got[1] is not None:  # the Map takes them while the data stays the same
            self.ctx.trip_add_ons = (got[1], found)
        if self.data is not None:
            self._fill_side(with_add_ons(self.data, found))
        self._one_done()

    def _one_done(self) -> None:
        self._pending -= 1
        if self._pending <= 0:
            self.set_busy(False)
            whole = not self._failures and self.limit == FIRST_CARDS
            if whole and self.suggested is not None and self.data is not None:
                self.memory.keep(self.suggested, self.data, self.task_key("keep"))

    def _failed(self, exc: BaseException, side: bool = False) -> None:
        self._failures += 1  # the side's failure in its own column: the cards clear theirs
        self.data = None if side else self.data  # and no refill with older data clears it
        said = f"Part of this page could not be worked out: {describe(exc)}"  # never SQL
        (self.right if side else self.left).addWidget(style.label(said, wrap=True))
        self._one_done()

    def _show_suggested(self, data: Suggested) -> None:
        self.suggested = data
        self._from_last = False
        self.memory.settled()
        self._fill_suggestions(data)
        self._one_done()

    def _show_side(self, data: SideData) -> None:
        if self._add_ons is not None:  # they came first
            data = with_add_ons(data, self._add_ons)
        elif self.data is not None:  # until they come, the trips keep the ones shown
            shown = {pk: t.add_ons for pk, t in self.data.trips.items()}
            data = with_add_ons(data, shown)
        self._fill_side(data)
        self._one_done()

    def _fill_side(self, data: SideData) -> None:
        self.data = data
        self._show_held()
        hold_scroll(self.side.verticalScrollBar())
        focused = park_focus(self.side)
        clear(self.right)
        ready = self.suggested.readiness if self.suggested is not None else None
        self.due_cards = fill_due(
            self.right,
            data,
            self.ctx.as_of,
            self._write_debrief,
            lambda: self.navigate_requested.emit("debriefs"),
            self,
            nothing_yet=ready is not None and not ready.ready,
            on_not_happened=self.did_not_happen,
        )
        self.right.addSpacing(style.SPACE_L)
        fill_upcoming(
            self.right,
            data,
            lambda: self.navigate_requested.emit("visits"),
            self,
            self.add_to_trip,
            on_briefing=self.briefing_pack,
        )
        unpark_focus(self.side, focused, self.due_cards[0].write_button if self.due_cards else None)

    def _show_held(self) -> None:
        self.held_label.setText(suggested_note(self.suggested, updating=self._from_last))

    def _fill_suggestions(self, data: Suggested) -> None:
        hold_scroll(self.suggestions_area.verticalScrollBar())  # no jump after plan or snooze
        had = self.window().focusWidget()
        index = next((i for i, c in enumerate(self.cards) if c.isAncestorOf(had)), 0)
        focused = park_focus(self.suggestions_area)
        self._fill_cards(data)
        fallback = self.cards[min(index, len(self.cards) - 1)].plan_button if self.cards else None
        unpark_focus(self.suggestions_area, focused, fallback)

    def _fill_cards(self, data: Suggested) -> None:
        clear(self.left)
        self.cards = []
        head = QVBoxLayout()
        head.setSpacing(2)
        head.addWidget(section_title("Suggested visits", None, self))
        # Its own line, wrapping, and never widening the column: beside the heading, at 1280×800
        # it pushed every card past the column's edge.
        self.held_label = style.label("", role="muted", wrap=True)
        self.held_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        head.addWidget(self.held_label)
        self._show_held()
        self.left.addLayout(head)
        ready = data.readiness
        if not data.suggestions and ready is not None and not ready.ready:
            # No deals, or nobody to send: say so, never "nothing needs a visit".
            self.left.addWidget(
                readiness_state(
                    ready, self.open_import, self.open_titles, self, self.capture_calendars
                )
            )
            return
        if not data.suggestions:
            self.left.addWidget(
                empty_state(
                    "No stalled strategic deal needs a visit right now.",
                    detail="When a strategic deal stalls, it appears here with the executive "
                    "to send, the rep to take along and a week that fits their plans.",
                    icon_name="check",
                    parent=self,
                )
            )
            return
        for suggestion in data.suggestions:
            card = SuggestionCard(suggestion, self.ctx.as_of, self)
            card.plan_clicked.connect(self.plan)
            card.snooze_clicked.connect(self.snooze)
            card.why_clicked.connect(self.why)
            card.dismiss_clicked.connect(self.dismiss)
            self.left.addWidget(card)
            self.cards.append(card)
        if data.more_suggestions:
            more = link_button("Show more suggestions", self._show_more, self)
            self.left.addWidget(more, 0, Qt.AlignmentFlag.AlignLeft)

    def _show_more(self) -> None:
        self.limit += MORE_CARDS
        self.refresh()

    # ----- actions -----------------------------------------------------------------------------

    def open_import(self) -> None:
        """Open the import wizard (it remembers the last export, to choose executives again)."""
        from fieldvisit.ui.dialogs.launch import open_import_wizard

        open_import_wizard(self.ctx, self)

    def open_titles(self) -> None:
        """Show Settings › Executive titles."""
        self.navigate_requested.emit("settings#titles")

    def capture_calendars(self) -> None:
        """Show Settings › Executives' calendars (as Ctrl+Shift+I does)."""
        self.navigate_requested.emit("settings#calendars")

    def add_to_trip(self, trip_id: str, deal_pk: int) -> None:
        """Plan an add-on's visit on its trip's days (the page refreshes when it is planned)."""
        from fieldvisit.ui.pages.trip_add_ons import add_from_page

        add_from_page(self.ctx, self, trip_id, deal_pk)

    def briefing_pack(self) -> None:
        """Save the briefing pack (PDF) of the visits planned in the next seven days."""
        from fieldvisit.ui.briefing_save import save_week_briefing

        save_week_briefing(self.ctx, self)

    def card_for(self, deal_pk: int) -> SuggestionCard | None:
        """Return the card suggesting a visit on this deal, if shown."""
        return next((c for c in self.cards if c.suggestion.deal.deal_pk == deal_pk), None)

    def plan(self, suggestion: Suggestion) -> PlanVisitDialog:
        """Open the plan dialog filled from the suggestion (a new visit is acknowledged with Undo)."""
        return week_actions.plan(self.ctx, suggestion, self)

    def snooze(self, suggestion: Suggestion) -> SnoozeDialog:
        """Ask until when and why; the card goes away once snoozed."""
        return week_actions.snooze(self.ctx, suggestion, self, self._remove_card)

    def dismiss(self, suggestion: Suggestion) -> DismissDialog:
        """Ask why a visit is not relevant; the card goes away once dismissed."""
        return week_actions.dismiss(self.ctx, suggestion, self, self._remove_card)

    def why(self, suggestion: Suggestion) -> WhyDialog:
        """Show the full breakdown behind the suggestion."""
        return week_actions.why(suggestion, self)

    def _remove_card(self, deal_pk: int) -> None:
        card = self.card_for(deal_pk)
        if card is not None:
            week_actions.remove_card(self.cards, card, self.window().focusWidget())

    def did_not_happen(self, visit_pk: int, account: str, when: str) -> None:
        """Cancel a visit owed a debrief that never took place (the notice offers Undo)."""
        week_actions.did_not_happen(self.ctx, visit_pk, account, when, self)

    def _write_debrief(self, visit_pk: int) -> None:
        from fieldvisit.ui.dialogs.launch import open_debrief_editor

        open_debrief_editor(self.ctx, visit_pk, self)

    def workspace_opened(self) -> None:
        """Forget the old workspace's answers; the new one's kept answers show at its first load."""
        self.suggested, self.data = None, None
        self.memory = WeekMemory(self.ctx)

    def plan_visit_target(self) -> int | None:
        """Ctrl+N plans the top suggestion's deal when nothing else is chosen."""
        return self.cards[0].suggestion.deal.deal_pk if self.cards else None

    def debrief_target(self) -> int | None:
        return self.due_cards[0].visit_pk if self.due_cards else None
