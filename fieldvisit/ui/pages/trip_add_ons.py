"""A trip's add-ons on screen: each stalled deal nearby by name, with "Add to trip".

"Add to trip" is one action: the core's `add_to_trip` plans the deal's visit on the trip's days
(the trip's executive, the owner rep riding along) on a worker, then the pages refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.changes import VISIT_PLANNED
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.tasks import CancelledFn, ProgressFn

if TYPE_CHECKING:
    from fieldvisit.planning import AddOn, TripPlan

ADD_WORDS = "Add to trip"


def stalled_words(add_on: AddOn) -> str:
    """Return why the deal stalled, in the signals' own words."""
    return "; ".join(s.detail for s in add_on.deal.signals if s.stalls) or "Needs attention"


class AddOnRow(QFrame):
    """One add-on: account and deal, stage and why it stalled, where it is; "Add to trip"."""

    add_clicked = Signal(str, int)  # trip id, deal pk

    def __init__(self, trip_id: str, add_on: AddOn, parent: QWidget | None = None):
        super().__init__(parent)
        self.trip_id = trip_id
        self.add_on = add_on
        deal = add_on.deal
        self.setObjectName("add-on")
        self.setAccessibleName(f"Add-on: {deal.account_name}, {deal.deal_name}")
        row = QHBoxLayout(self)
        row.setContentsMargins(style.SPACE_L + 4, 2, 0, 2)
        row.setSpacing(style.SPACE_M)
        words = QVBoxLayout()
        words.setSpacing(0)
        top = style.label(f"{deal.account_name} · {deal.deal_name}", wrap=True, parent=self)
        top.setFont(style.font(style.BODY_PT, QFont.Weight.DemiBold))
        words.addWidget(top)
        words.addWidget(
            style.label(f"{deal.stage} · {stalled_words(add_on)}", wrap=True, parent=self)
        )
        words.addWidget(style.label(add_on.reason, role="muted", wrap=True, parent=self))
        row.addLayout(words, 1)
        self.add_button = QPushButton(ADD_WORDS, self)
        self.add_button.setProperty("flat", True)
        self.add_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.add_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.add_button.setAccessibleName(f"Add {deal.account_name} to trip {trip_id}")
        self.add_button.setToolTip(
            as_text(
                f"Plans a visit to {deal.account_name} on the trip's days, "
                "with the deal's rep riding along."
            )
        )
        self.add_button.clicked.connect(lambda: self.add_clicked.emit(trip_id, deal.deal_pk))
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)

    def set_busy(self) -> None:
        """Say the visit is being planned (the button cannot be pressed twice)."""
        self.add_button.setEnabled(False)
        self.add_button.setText("Adding…")


def add_on_rows(
    trip: TripPlan, on_add: Callable[[str, int], None], parent: QWidget
) -> list[AddOnRow]:
    """Return a row per add-on of the trip, each wired to `on_add(trip id, deal pk)`."""
    rows = []
    for add_on in trip.add_ons:
        row = AddOnRow(trip.trip_id, add_on, parent)
        row.add_clicked.connect(on_add)
        rows.append(row)
    return rows


def add_to_trip(
    ctx: AppContext,
    trip_id: str,
    deal_pk: int,
    on_done: Callable[[int], None],
    on_error: Callable[[BaseException], None],
) -> None:
    """Plan an add-on's visit on its trip in the background; the pages refresh when done."""
    from fieldvisit.planning.add_to_trip import add_to_trip as plan_on_trip
    from fieldvisit.settings import load_rules
    from fieldvisit.ui.operations import run_write

    as_of = ctx.as_of
    run_write(
        ctx,
        lambda conn: plan_on_trip(conn, trip_id, deal_pk, as_of, load_rules(conn)),
        title="Adding the visit to the trip",
        changes=VISIT_PLANNED,
        on_done=on_done,
        on_error=on_error,
    )


def add_from_page(ctx: AppContext, page: QWidget, trip_id: str, deal_pk: int) -> None:
    """Add to trip, pressed on a page: its row says "Adding…"; a refusal is told, and the
    page is read again (it refreshes anyway once the visit is planned)."""
    from fieldvisit.ui.plain_text import tell

    for row in page.findChildren(AddOnRow):
        if (row.trip_id, row.add_on.deal.deal_pk) == (trip_id, deal_pk):
            row.set_busy()

    def refused(exc: BaseException) -> None:
        tell(page, ADD_WORDS, f"Not added: {exc}", warn=True)
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()

    add_to_trip(ctx, trip_id, deal_pk, on_done=lambda _visit_pk: None, on_error=refused)


def show_trip_add_ons(
    ctx: AppContext, pane: QScrollArea, trip_id: str, on_add: Callable[[str, int], None]
) -> None:
    """Read a trip's add-ons in the background and list them in `pane` (a trip's detail),
    unless the pane shows something else by then."""
    inner = pane.widget()
    ws, as_of = ctx.workspace, ctx.as_of

    def work(_progress: ProgressFn, _cancelled: CancelledFn) -> TripPlan | None:
        from fieldvisit import planning
        from fieldvisit.settings import load_rules

        with ws.connect() as conn:
            found = planning.trips(conn, as_of, load_rules(conn))
        return next((t for t in found if t.trip_id == trip_id), None)

    def done(trip: TripPlan | None) -> None:
        column = inner.layout() if pane.widget() is inner else None
        if trip is None or not isinstance(column, QVBoxLayout):
            return
        head = style.label(
            f"Stalled deals nearby ({style.number(len(trip.add_ons))})"
            if trip.add_ons
            else "No other stalled strategic deal nearby.",
            role="" if trip.add_ons else "muted",
            wrap=True,
            parent=inner,
        )
        if trip.add_ons:
            head.setFont(style.font(style.BODY_PT, QFont.Weight.DemiBold))
        at = max(column.count() - 1, 0)  # before the closing stretch
        for widget in [head, *add_on_rows(trip, on_add, inner)]:
            column.insertWidget(at, widget)
            at += 1

    ctx.tasks.run(
        work,
        title="Finding stalled deals near the trip",
        on_done=done,
        on_error=lambda _exc: None,  # the trip's own details stay; add-ons are a bonus
        cancellable=False,
    )
