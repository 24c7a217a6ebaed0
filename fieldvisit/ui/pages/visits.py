"""Visits & trips: what is planned, where, with whom — and what happened.

A timeline list (overdue, coming up grouped by trip, past) on the left; the chosen visit with its
actions (invites, reschedule, cancel, debrief) on the right, or below the list in a narrow window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)
from sqlalchemy.engine import Connection

from fieldvisit.changes import Kind
from fieldvisit.reads import visit_lines as readers
from fieldvisit.reads.visit_lines import VisitLine
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.launch import open_debrief_editor
from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
from fieldvisit.ui.keep_place import hold_scroll
from fieldvisit.ui.pages.base import Page, empty_state
from fieldvisit.ui.pages.trip_add_ons import add_from_page, show_trip_add_ons
from fieldvisit.ui.pages.visit_actions import VisitActions
from fieldvisit.ui.pages.visit_detail import VisitDetailPane, status_words
from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.resources import icon
from fieldvisit.ui.tasks import CancelledFn, ProgressFn
from fieldvisit.ui.widgets.fit_columns import ColumnFitter, text_width
from fieldvisit.ui.widgets.turning_splitter import TurningSplitter

PAST_PAGE = 100
VISIT_ROLE = Qt.ItemDataRole.UserRole + 1  # the VisitLine of a visit row
TRIP_ROLE = Qt.ItemDataRole.UserRole + 2  # (trip external id, name) of a trip row
MORE_ROLE = Qt.ItemDataRole.UserRole + 3  # the "show older visits" row
WHEN, VISIT, WHO, STATUS = range(4)
SIDE_BY_SIDE_PX = 880  # the list and the detail side by side from this width of the page body


@dataclass(frozen=True)
class VisitsData:
    """The timeline's content, read on a worker."""

    overdue: tuple[VisitLine, ...]
    planned: tuple[VisitLine, ...]
    past: tuple[VisitLine, ...]
    past_total: int
    trip_ids: dict[int, str]


def newest_first(visits: Sequence[VisitLine]) -> list[VisitLine]:
    """Return past visits newest first by the day and time the list shows (the account's).

    Each row shows its account's local time; ordered by the UTC instant, a day's rows in
    several zones would read 11:30, 10:00, 13:00. Ties keep the newest instant first.
    """

    def shown(visit: VisitLine) -> tuple[datetime, datetime]:
        wall = visit.start.astimezone(style.zone(visit.account_tz)).replace(tzinfo=None)
        return wall, visit.start

    return sorted(visits, key=shown, reverse=True)


def load_visits(conn: Connection, as_of: date, past_limit: int) -> VisitsData:
    """Read overdue, planned and (one page of) past visits."""
    _planned, past_total = readers.count_visits(conn, as_of)
    trips = readers.trip_ids(conn)
    return VisitsData(
        overdue=tuple(readers.overdue_visits(conn, as_of)),
        planned=tuple(readers.planned_visits(conn, as_of)),
        past=tuple(newest_first(readers.past_visits(conn, as_of, limit=past_limit))),
        past_total=past_total,
        trip_ids=trips,
    )


class VisitsPage(Page):
    """Planned and past visits grouped by trip, with invite actions."""

    key = "visits"
    title = "Visits"
    icon = "visits"
    question = "What is planned, where, with whom?"
    shows = frozenset({Kind.VISITS, Kind.DEBRIEFS, Kind.DEALS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.actions = VisitActions(ctx, self)
        self.data: VisitsData | None = None
        self.past_limit = PAST_PAGE
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Visits by trip")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["When", "Visit", "Who goes", "Status"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setIndentation(14)  # three levels deep, the day still shows at 1024 px
        # The columns fit the list (no sideways scrolling at 1024 px): the day and the status
        # keep their width, the account and who goes share the rest and elide (tooltips).
        indent = 3 * self.tree.indentation()  # a visit inside a trip inside a section
        self.columns = ColumnFitter(
            self.tree,
            natural={
                WHEN: text_width(self.tree, "Wed 30 Sep, 10:00", extra=indent + 20),
                STATUS: text_width(self.tree, "Did it happen?"),
            },
            shares={VISIT: 3, WHO: 2},
            minimum={
                # The time stays whole on a visit of a section (a trip's are a step deeper).
                WHEN: text_width(self.tree, "Wed 30 Sep, 10:00", extra=indent * 2 // 3 + 8),
                STATUS: text_width(self.tree, "Planned", extra=16),
                VISIT: 63,
                WHO: 52,
            },
        )
        self.tree.currentItemChanged.connect(self._chosen)
        self.tree.itemActivated.connect(self._activated)
        self.detail = VisitDetailPane(ctx, self.actions, self)
        self.detail.reschedule_requested.connect(self.reschedule)
        self.detail.account_requested.connect(
            lambda pk: self.navigate_requested.emit(f"account#{pk}")
        )
        self.detail.debrief_requested.connect(lambda pk: open_debrief_editor(self.ctx, pk, self))
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tree)
        self.empty = empty_state(
            "No visits planned yet.",
            "Go to This week",
            lambda: self.navigate_requested.emit("week"),
            icon_name="visits",
            detail="Plan one from a suggestion on This week; planned and past visits, grouped "
            "into trips, show up here.",
        )
        self.stack.addWidget(self.empty)
        # Side by side from a window about 1150 px wide; below that the detail goes under the
        # list, or the list is too narrow to read ("Ben…", "Debri…") beside a 390 px pane.
        splitter = TurningSplitter(SIDE_BY_SIDE_PX, (790, 400), (4, 5), self)
        self.splitter = splitter
        splitter.turned.connect(lambda across: self.detail.set_columns(2 if across else 3))
        splitter.addWidget(self.stack)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([790, 400])
        self.body.addWidget(splitter, 1)
        # Meetings from executives' calendars that capture was unsure about: the visits they may
        # be are missing from this list until settled, so the way to them is here.
        from fieldvisit.ui.dialogs.capture_review_banner import ReviewBanner

        self.review_banner = ReviewBanner(ctx, self)
        self.body.insertWidget(0, self.review_banner)

    # ----- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the visits in the background and rebuild the list."""
        super().refresh()
        ws, as_of, limit = self.ctx.workspace, self.ctx.as_of, self.past_limit
        self.set_busy(True)

        def work(_p: ProgressFn, _c: CancelledFn) -> VisitsData:
            with ws.connect() as conn:
                return load_visits(conn, as_of, limit)

        def done(data: VisitsData) -> None:
            self._fill(data)
            self.set_busy(False)

        def failed(exc: BaseException) -> None:
            self.detail.show_message(f"The visits could not be read: {exc}")
            self.set_busy(False)

        self.ctx.tasks.run(
            work,
            title="Reading visits",
            on_done=done,
            on_error=failed,
            cancellable=False,
            key=self.task_key(),  # a newer read answers instead
        )

    def _fill(self, data: VisitsData) -> None:
        chosen = self.selected_visit()
        self.data = data
        hold_scroll(self.tree.verticalScrollBar())  # the list keeps its place after a change
        self.tree.clear()
        if not (data.overdue or data.planned or data.past):
            self.stack.setCurrentWidget(self.empty)
            self.detail.show_message("")
            return
        self.stack.setCurrentWidget(self.tree)
        if data.overdue:
            section = self._section(f"Did these happen? ({style.number(len(data.overdue))})")
            for visit in data.overdue:
                self._visit_item(section, visit)
        coming = self._section(f"Coming up ({style.number(len(data.planned))})")
        if not data.planned:
            note = QTreeWidgetItem(coming, ["No visits planned. Plan one from This week."])
            note.setFirstColumnSpanned(True)
        trip_items: dict[int, QTreeWidgetItem] = {}
        for visit in data.planned:
            parent = coming
            if visit.trip_pk is not None:
                parent = trip_items.get(visit.trip_pk) or self._trip_item(coming, visit, data)
                trip_items[visit.trip_pk] = parent
            self._visit_item(parent, visit)
        past = self._section(f"Past, newest first ({style.number(data.past_total)})")
        for visit in data.past:
            self._visit_item(past, visit)
        if data.past_total > len(data.past):
            more = QTreeWidgetItem(past, [f"Show {PAST_PAGE} older visits…"])
            more.setFirstColumnSpanned(True)
            more.setData(WHEN, MORE_ROLE, True)
            more.setForeground(WHEN, style.tone("accent"))
        self.tree.expandAll()
        if chosen is None or not self.select_visit(chosen.pk):
            first = data.planned[0] if data.planned else (data.overdue or data.past)[0]
            self.select_visit(first.pk)

    def _section(self, words: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [words])
        item.setFirstColumnSpanned(True)
        item.setFont(WHEN, style.font(style.BODY_PT + 1, QFont.Weight.DemiBold))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    def _trip_item(
        self, parent: QTreeWidgetItem, visit: VisitLine, data: VisitsData
    ) -> QTreeWidgetItem:
        count = sum(1 for v in data.planned if v.trip_pk == visit.trip_pk)
        words = f"Trip: {visit.trip_name or 'several visits'} · {visit.executives} · "
        words += style.plural(count, "visit")
        item = QTreeWidgetItem(parent, [words])
        item.setFirstColumnSpanned(True)
        item.setToolTip(WHEN, as_text(words))  # the whole line, when a narrow list cuts it
        item.setIcon(WHEN, icon("trip", style.tone("accent")))
        item.setFont(WHEN, style.font(style.BODY_PT, QFont.Weight.DemiBold))
        trip_id = data.trip_ids.get(visit.trip_pk or -1, "")
        item.setData(WHEN, TRIP_ROLE, (trip_id, visit.trip_name or "trip"))
        return item

    def _visit_item(self, parent: QTreeWidgetItem, visit: VisitLine) -> QTreeWidgetItem:
        local = style.local_day(visit.start, visit.account_tz)
        when = f"{style.day(local, with_year=local.year != self.ctx.as_of.year)}, "
        when += style.clock(visit.start, visit.account_tz)
        what = visit.account_name + (f" · {visit.account_city}" if visit.account_city else "")
        who = visit.executives + (f" with {visit.reps}" if visit.reps else "")
        item = QTreeWidgetItem(parent, [when, what, who, status_words(visit, self.ctx.as_of)])
        item.setData(WHEN, VISIT_ROLE, visit)
        item.setToolTip(VISIT, as_text(what + (f" — {visit.deal_name}" if visit.deal_name else "")))
        item.setToolTip(WHO, as_text(who))
        item.setToolTip(WHEN, when)  # a narrow list (1024 px, inside a trip) cuts the time
        if visit.status == "cancelled":
            for col in range(4):
                item.setForeground(col, style.muted_colour())
        elif visit.status == "done" and not visit.has_debrief:
            item.setForeground(STATUS, style.tone("amber"))
        return item

    # ----- selection ---------------------------------------------------------------------------

    def selected_visit(self) -> VisitLine | None:
        item = self.tree.currentItem()
        value = item.data(WHEN, VISIT_ROLE) if item is not None else None
        return value if isinstance(value, VisitLine) else None

    def select_visit(self, visit_pk: int) -> bool:
        """Select a visit's row; True when it is in the list."""
        for item in self._items():
            value = item.data(WHEN, VISIT_ROLE)
            if isinstance(value, VisitLine) and value.pk == visit_pk:
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return True
        return False

    def visit_rows(self) -> list[VisitLine]:
        """Return every visit listed, top to bottom."""
        rows = [item.data(WHEN, VISIT_ROLE) for item in self._items()]
        return [r for r in rows if isinstance(r, VisitLine)]

    def _items(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            found.append(item)
            stack[0:0] = [item.child(i) for i in range(item.childCount())]
        return found

    def _chosen(self, item: QTreeWidgetItem | None, _old: Any) -> None:
        if item is None:
            return
        visit = item.data(WHEN, VISIT_ROLE)
        trip = item.data(WHEN, TRIP_ROLE)
        if isinstance(visit, VisitLine):
            self.detail.show_visit(visit)
        elif trip:
            self.detail.show_trip(trip[0], trip[1], item.childCount())
            show_trip_add_ons(self.ctx, self.detail, trip[0], self.add_to_trip)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(WHEN, MORE_ROLE):
            self.past_limit += PAST_PAGE
            self.refresh()

    # ----- actions -----------------------------------------------------------------------------

    def add_to_trip(self, trip_id: str, deal_pk: int) -> None:
        """Plan one of the chosen trip's add-ons on the trip's days."""
        add_from_page(self.ctx, self, trip_id, deal_pk)

    def reschedule(self, visit_pk: int) -> PlanVisitDialog:
        return PlanVisitDialog.plan(self.ctx, visit_pk=visit_pk, parent=self)

    def debrief_target(self) -> int | None:
        visit = self.selected_visit()
        return visit.pk if visit is not None and visit.status == "done" else None

    def prepare_screenshot(self) -> None:
        """Keep the first coming visit selected (done on load)."""

    def show_hit(self, hit: Any) -> None:
        if getattr(hit, "kind", "") == "visit":
            self.select_visit(hit.pk)
