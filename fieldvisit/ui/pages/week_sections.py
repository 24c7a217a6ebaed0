"""This week's side column (debriefs due and upcoming visits) and its section parts; the data
is read on a worker by `fieldvisit.reads.week_answers`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fieldvisit.reads.visit_lines import VisitLine
from fieldvisit.reads.week_answers import SideData, Suggested
from fieldvisit.ui import style
from fieldvisit.ui.pages.trip_add_ons import add_on_rows
from fieldvisit.ui.resources import pixmap
from fieldvisit.ui.widgets.cards import DueCard

if TYPE_CHECKING:
    from fieldvisit.planning.readiness import Readiness


def suggested_note(suggested: Suggested | None, *, updating: bool = False) -> str:
    """Return the line under "Suggested visits": how many, and how many are held back
    (`updating`: the cards are the last start's, being worked out again)."""
    notes = []
    if suggested is not None and suggested.suggestions:
        top = "Top" if suggested.more_suggestions else "All"
        notes.append(f"{top} {style.number(len(suggested.suggestions))}, most urgent first")
    if suggested is not None and suggested.held:
        notes.append(
            f"{style.plural(suggested.held, 'stalled deal')} already planned, snoozed or dismissed"
        )
    if updating:
        notes.append("updating…")
    return " · ".join(notes)


def section_title(text: str, count: int | None = None, parent: QWidget | None = None) -> QLabel:
    """Return a section heading, with its count in brackets when given."""
    words = f"{text} ({style.number(count)})" if count is not None else text
    lab = style.label(words, parent=parent)
    lab.setFont(style.section_font())
    lab.setAccessibleName(words)
    return lab


def link_button(
    text: str, on_click: Callable[[], None], parent: QWidget | None = None
) -> QPushButton:
    """Return a flat, accent-coloured button that reads like a link."""
    b = QPushButton(text, parent)
    b.setProperty("flat", True)
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    b.setAccessibleName(text)
    b.clicked.connect(on_click)
    return b


def fill_due(
    column: QVBoxLayout,
    data: SideData,
    as_of: date,
    on_write: Callable[[int], None],
    on_all: Callable[[], None],
    parent: QWidget,
    *,
    nothing_yet: bool = False,
    on_not_happened: Callable[[int, str, str], None] | None = None,
) -> list[DueCard]:
    """Add the debriefs-due section to `column`; return its cards (`nothing_yet`: the
    workspace lacks deals or executives, so no visit can have happened; `on_not_happened`:
    "It did not happen" on a card, acknowledged in the page's notice with Undo)."""
    column.addWidget(section_title("Debriefs due", data.due_total, parent))
    cards: list[DueCard] = []
    if not data.due:
        words = (
            "Debriefs appear here after visits."
            if nothing_yet
            else "Every visit that happened has its debrief."
        )
        column.addWidget(style.label(words, role="muted", wrap=True))
        return cards
    for due in data.due:
        when = style.short_day(due.visit_start.date(), as_of)
        card = DueCard(due.visit_id, due.account_name, when, due.executives, due.has_draft, parent)
        card.write_clicked.connect(on_write)
        if on_not_happened is not None:
            card.not_happened_clicked.connect(
                lambda pk, a=due.account_name, w=when: on_not_happened(pk, a, w)
            )
        else:
            card.not_happened_button.hide()
        column.addWidget(card)
        cards.append(card)
    if data.due_total > len(data.due):
        more = data.due_total - len(data.due)
        column.addWidget(link_button(f"{style.number(more)} more on Debriefs", on_all, parent))
    return cards


def _visit_row(visit: VisitLine, parent: QWidget) -> QWidget:
    row = QWidget(parent)
    row.setAccessibleName(f"Visit to {visit.account_name}")
    col = QVBoxLayout(row)
    col.setContentsMargins(0, 2, 0, 2)
    col.setSpacing(0)
    when = style.time_in_zones(
        visit.start, visit.account_tz, place=visit.account_city or None, with_day=True
    )
    top = QLabel(visit.account_name, row)
    top.setFont(style.font(style.BODY_PT, QFont.Weight.DemiBold))
    top.setTextFormat(Qt.TextFormat.PlainText)
    top.setWordWrap(True)
    col.addWidget(top)
    col.addWidget(style.label(when, wrap=True))
    people = visit.executives + (f" with {visit.reps}" if visit.reps else "")
    col.addWidget(style.label(people, role="muted", wrap=True))
    return row


def _trip_header(visit: VisitLine, add_ons: int, parent: QWidget) -> QWidget:
    head = QWidget(parent)
    row = QHBoxLayout(head)
    row.setContentsMargins(0, style.SPACE_S, 0, 0)
    row.setSpacing(style.SPACE_S + 2)
    pic = QLabel(head)
    pic.setPixmap(pixmap("trip", 16, style.tone("accent"), head.devicePixelRatioF()))
    row.addWidget(pic, 0, Qt.AlignmentFlag.AlignTop)
    # Two executives can be in the same city on the same days: name whose trip it is.
    words = f"Trip: {visit.trip_name or 'several visits'} · {visit.executives}"
    if add_ons:
        words += f" · {style.plural(add_ons, 'stalled deal')} nearby"
    lab = style.label(words, wrap=True)
    lab.setFont(style.font(style.BODY_PT, QFont.Weight.DemiBold))
    lab.setStyleSheet(f"color: {style.tone('accent').name()};")
    row.addWidget(lab, 1)
    return head


def grouped_by_trip(
    visits: Sequence[VisitLine],
) -> list[tuple[int | None, list[VisitLine]]]:
    """Return the visits as (trip, its visits) groups, each trip once, at its first visit.

    A visit outside any trip is a group of its own; trips that overlap in time (two executives
    travelling the same days, or a lone visit between a trip's days) no longer repeat a header.
    """
    groups: list[tuple[int | None, list[VisitLine]]] = []
    by_trip: dict[int, list[VisitLine]] = {}
    for visit in visits:
        if visit.trip_pk is None:
            groups.append((None, [visit]))
        elif visit.trip_pk in by_trip:
            by_trip[visit.trip_pk].append(visit)
        else:
            by_trip[visit.trip_pk] = [visit]
            groups.append((visit.trip_pk, by_trip[visit.trip_pk]))
    return groups


def fill_upcoming(
    column: QVBoxLayout,
    data: SideData,
    on_all: Callable[[], None],
    parent: QWidget,
    on_add: Callable[[str, int], None] | None = None,
    on_briefing: Callable[[], None] | None = None,
) -> int:
    """Add the upcoming visits, grouped by trip, to `column`; return how many were shown.

    Under each trip's header, its add-ons by name with "Add to trip" (`on_add(trip id, deal pk)`);
    under the title, "Briefing pack for the week…" (`on_briefing`) when the week has visits.
    """
    column.addWidget(section_title("Upcoming", None, parent))
    if on_briefing is not None and data.week_visits:
        pack = link_button("Briefing pack for the week…", on_briefing, parent)
        pack.setToolTip(
            f"Save a printable page (PDF) for each of the {style.plural(data.week_visits, 'visit')}"
            " planned in the next seven days"
        )
        column.addWidget(pack, 0, Qt.AlignmentFlag.AlignLeft)
    if not data.upcoming:
        column.addWidget(
            style.label(
                "No visits planned in the next four weeks. Plan one from a suggestion.",
                role="muted",
                wrap=True,
            )
        )
        return 0
    for trip_pk, visits in grouped_by_trip(data.upcoming):
        trip = data.trips.get(trip_pk) if trip_pk is not None else None
        if trip_pk is not None:
            column.addWidget(_trip_header(visits[0], len(trip.add_ons) if trip else 0, parent))
        for visit in visits:
            row = _visit_row(visit, parent)
            if trip_pk is not None:
                row.setContentsMargins(style.SPACE_L + 4, 0, 0, 0)
            column.addWidget(row)
        if trip is not None and on_add is not None:  # after a trip's visits: its add-ons
            for add_on in add_on_rows(trip, on_add, parent):
                column.addWidget(add_on)
    if data.upcoming_total > len(data.upcoming):
        more = data.upcoming_total - len(data.upcoming)
        column.addWidget(
            link_button(f"{style.plural(more, 'more visit')} on Visits", on_all, parent)
        )
    return len(data.upcoming)


NO_DATA_DETAIL = (
    "Import your CRM's export (Salesforce, HubSpot or Pipedrive, as downloaded) or a CSV file, "
    "and the stalled strategic deals worth a visit appear here with the executive to send. "
    "Capture the executives' calendars, and their customer meetings count too. "
    "You can also drop the export or a calendar on this window."
)


def no_executives_detail(ready: Readiness) -> str:
    """Return what to do when the workspace has deals but nobody to send."""
    return (
        f"The workspace holds {style.plural(ready.deals, 'deal')} "
        f"({style.number(ready.open_deals)} open), but Field Visit does not know who your "
        "executives are. Say who they are on the import's Executives page, or set the job "
        "titles that name them in Settings › Executive titles."
    )


def readiness_state(
    ready: Readiness,
    on_import: Callable[[], None],
    on_titles: Callable[[], None],
    parent: QWidget,
    on_capture: Callable[[], None] | None = None,
) -> QWidget | None:
    """Return the empty state for what the workspace lacks (None: it lacks nothing).

    The headline is the core's (`planning.readiness`), so `fieldvisit suggest` says the same.
    """
    from fieldvisit.ui.pages.base import empty_state

    if "deals" in ready.missing:
        box = empty_state(ready.headline, detail=NO_DATA_DETAIL, parent=parent)
        row = QHBoxLayout()
        row.addStretch(1)
        fixes = [("Import", "Import your CRM's export or a CSV file (Ctrl+I)", on_import)]
        if on_capture is not None:
            fixes.append(
                (
                    "Capture calendars",
                    "Capture the executives' customer meetings from their calendars (Ctrl+Shift+I)",
                    on_capture,
                )
            )
        for i, (words, tip, slot) in enumerate(fixes):
            fix = QPushButton(words, box)
            fix.setProperty("primary", i == 0)
            fix.setAccessibleName(words)
            fix.setToolTip(tip)
            fix.clicked.connect(slot)
            row.addWidget(fix)
        row.addStretch(1)
        column = box.layout()
        assert isinstance(column, QVBoxLayout)
        column.addLayout(row)
        return box
    if "executives" in ready.missing:
        box = empty_state(
            ready.headline,
            "Choose executives",
            on_import,
            detail=no_executives_detail(ready),
            icon_name="week",
            parent=parent,
        )
        titles = link_button("Executive titles in Settings", on_titles, box)
        box.layout().addWidget(titles, 0, Qt.AlignmentFlag.AlignHCenter)  # type: ignore[union-attr]
        return box
    return None
