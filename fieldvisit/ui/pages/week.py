"""This week: where our executives should be (suggestion cards) and what is owed (debriefs).

The suggestions are computed on a worker thread; the page shows a calm "finding…" line until
they arrive and never blocks the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.changes import Kind
from fieldvisit.settings import load_rules
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.capture_gone import cancel_not_happened
from fieldvisit.ui.dialogs.dismiss import DismissDialog
from fieldvisit.ui.dialogs.launch import open_debrief_editor, open_import_wizard
from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
from fieldvisit.ui.dialogs.snooze import SnoozeDialog
from fieldvisit.ui.dialogs.why import WhyDialog
from fieldvisit.ui.keep_place import hold_scroll, park_focus, unpark_focus
from fieldvisit.ui.pages.base import Page, empty_state
from fieldvisit.ui.pages.week_sections import (
    SideData,
    Suggested,
    fill_due,
    fill_upcoming,
    link_button,
    load_side,
    load_suggested,
    readiness_state,
    section_title,
)
from fieldvisit.ui.tasks import CancelledFn, ProgressFn
from fieldvisit.ui.undo_steps import watch_plan
from fieldvisit.ui.widgets.cards import DueCard, SuggestionCard

if TYPE_CHECKING:
    from fieldvisit.planning import Suggestion

FIRST_CARDS = 8
MORE_CARDS = 8
SIDE_WIDTH = 380
SIDE_MIN = 360


def _clear(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())  # type: ignore[arg-type]


def _scroll_column(parent: QWidget) -> tuple[QScrollArea, QVBoxLayout]:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    inner = QWidget(area)
    col = QVBoxLayout(inner)
    col.setContentsMargins(0, 0, style.SPACE_M, 0)
    col.setSpacing(style.SPACE_M + 4)
    holder = QVBoxLayout()
    holder.setSpacing(style.SPACE_M + 4)
    col.addLayout(holder)
    col.addStretch(1)
    area.setWidget(inner)
    return area, holder


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
        self.held_label = style.label("", role="muted")
        self.cards: list[SuggestionCard] = []
        self.due_cards: list[DueCard] = []
        row = QHBoxLayout()
        row.setSpacing(style.SPACE_L)
        left, self.left = _scroll_column(self)
        left.setAccessibleName("Suggested visits")
        self.suggestions_area = left
        right, self.right = _scroll_column(self)
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
            QTimer.singleShot(0, self, self._relayout_side)

    def _relayout_side(self) -> None:
        for card in self.side.findChildren(QFrame):
            card.updateGeometry()
        inner = self.side.widget()
        if inner is not None and inner.layout() is not None:
            inner.layout().invalidate()
            inner.layout().activate()

    # ----- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute suggestions and the side column in two background tasks.

        The suggestions come first, so the cards appear as soon as they are known; debriefs owed,
        upcoming visits and trips fill in beside them right after.
        """
        super().refresh()
        ws, as_of, limit = self.ctx.workspace, self.ctx.as_of, self.limit
        if self.suggested is None:
            _clear(self.left)
            self.left.addWidget(section_title("Suggested visits", None, self))
            self.left.addWidget(style.label("Finding the visits worth making…", role="muted"))
        self.set_busy(True)
        self._pending = 2

        def suggested(_progress: ProgressFn, _cancelled: CancelledFn) -> Suggested:
            # The rules are read here too, so the window thread never waits on the database.
            with ws.connect() as conn:
                return load_suggested(conn, as_of, load_rules(conn), limit)

        def side(_progress: ProgressFn, _cancelled: CancelledFn) -> SideData:
            with ws.connect() as conn:
                return load_side(conn, as_of, load_rules(conn))

        def side_next(data: Suggested) -> None:
            self._show_suggested(data)
            # One after the other: on a large workspace both walk every strategic deal, and
            # side by side they would double the memory and slow the cards down.
            self.ctx.tasks.run(
                side,
                title="Reading debriefs and upcoming visits",
                on_done=self._show_side,
                on_error=self._failed,
                cancellable=False,
                key=self.task_key(),  # both steps share it: a newer refresh drops either
            )

        def failed_first(exc: BaseException) -> None:
            self._failed(exc)
            self._one_done()

        self.ctx.tasks.run(
            suggested,
            title="Finding visits worth making",
            on_done=side_next,
            on_error=failed_first,
            cancellable=False,
            key=self.task_key(),
        )

    def _one_done(self) -> None:
        self._pending -= 1
        if self._pending <= 0:
            self.set_busy(False)

    def _failed(self, exc: BaseException) -> None:
        self.left.addWidget(
            style.label(f"Part of this page could not be worked out: {exc}", wrap=True)
        )
        self._one_done()

    def _show_suggested(self, data: Suggested) -> None:
        self.suggested = data
        self._fill_suggestions(data)
        self._one_done()

    def _show_side(self, data: SideData) -> None:
        self.data = data
        self._show_held()
        hold_scroll(self.side.verticalScrollBar())
        focused = park_focus(self.side)
        _clear(self.right)
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
        self._one_done()

    def _show_held(self) -> None:
        notes = []
        if self.suggested is not None and self.suggested.suggestions:
            top = "Top" if self.suggested.more_suggestions else "All"
            notes.append(
                f"{top} {style.number(len(self.suggested.suggestions))}, most urgent first"
            )
        if self.suggested is not None and self.suggested.held:
            notes.append(
                f"{style.plural(self.suggested.held, 'stalled deal')} already planned, snoozed "
                "or dismissed"
            )
        self.held_label.setText(" · ".join(notes))

    def _fill_suggestions(self, data: Suggested) -> None:
        hold_scroll(self.suggestions_area.verticalScrollBar())  # no jump after plan or snooze
        had = self.window().focusWidget()
        index = next((i for i, c in enumerate(self.cards) if c.isAncestorOf(had)), 0)
        focused = park_focus(self.suggestions_area)
        self._fill_cards(data)
        fallback = self.cards[min(index, len(self.cards) - 1)].plan_button if self.cards else None
        unpark_focus(self.suggestions_area, focused, fallback)

    def _fill_cards(self, data: Suggested) -> None:
        _clear(self.left)
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
        dialog = PlanVisitDialog.plan(self.ctx, suggestion=suggestion, parent=self)
        return watch_plan(self.ctx, dialog, self)

    def snooze(self, suggestion: Suggestion) -> SnoozeDialog:
        """Ask until when and why; the card goes away once snoozed."""
        deal = suggestion.deal
        dialog = SnoozeDialog.ask(self.ctx, deal.deal_pk, deal.account_name, deal.deal_name, self)
        dialog.snoozed.connect(self._remove_card)
        return dialog

    def dismiss(self, suggestion: Suggestion) -> DismissDialog:
        """Ask why a visit is not relevant; the card goes away once dismissed."""
        deal = suggestion.deal
        dialog = DismissDialog.ask(self.ctx, deal.deal_pk, deal.account_name, self)
        dialog.dismissed.connect(self._remove_card)
        return dialog

    def why(self, suggestion: Suggestion) -> WhyDialog:
        """Show the full breakdown behind the suggestion."""
        return WhyDialog.show_for(suggestion.deal, suggestion, self)

    def _remove_card(self, deal_pk: int) -> None:
        card = self.card_for(deal_pk)
        if card is not None:
            index = self.cards.index(card)
            self.cards.remove(card)
            remembered = self.window().focusWidget()
            if remembered is not None and card.isAncestorOf(remembered) and self.cards:
                # Hiding the card would send the focus down the chain (to the last link of the
                # list), scrolling the list to its bottom: the next card takes it instead.
                self.cards[min(index, len(self.cards) - 1)].plan_button.setFocus()
            card.hide()
            card.deleteLater()

    def did_not_happen(self, visit_pk: int, account: str, when: str) -> None:
        """Cancel a visit owed a debrief that never took place (the notice offers Undo)."""
        from fieldvisit.errors import FieldVisitError
        from fieldvisit.ui.plain_text import tell

        try:
            cancel_not_happened(self.ctx, visit_pk, account, when, self)
        except FieldVisitError as exc:
            tell(self, "It did not happen", str(exc), warn=True)

    def _write_debrief(self, visit_pk: int) -> None:
        open_debrief_editor(self.ctx, visit_pk, self)

    def plan_visit_target(self) -> int | None:
        """Ctrl+N plans the top suggestion's deal when nothing else is chosen."""
        return self.cards[0].suggestion.deal.deal_pk if self.cards else None

    def debrief_target(self) -> int | None:
        return self.due_cards[0].visit_pk if self.due_cards else None
