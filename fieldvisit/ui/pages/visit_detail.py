"""The chosen visit (or trip): when in both time zones, who, where, the agenda, and its actions."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from fieldvisit.reads import visit_form
from fieldvisit.reads.audit_lines import trail_sentence, visit_trail
from fieldvisit.reads.people import visit_contacts
from fieldvisit.reads.visit_lines import VisitLine
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.plan_form import contact_text
from fieldvisit.ui.pages.base import button, primary_button
from fieldvisit.ui.pages.visit_actions import VisitActions, publish_words
from fieldvisit.ui.widgets.account_link import account_link

MIN_WIDTH = 390
MODE_WORDS = {"in_person": "In person", "video": "Video call", "phone": "Phone call"}


def _rich(html: str, parent: QWidget) -> QLabel:
    lab = QLabel(parent)
    lab.setTextFormat(Qt.TextFormat.RichText)
    lab.setWordWrap(True)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    lab.setText(html)
    return lab


def status_words(visit: VisitLine, as_of: date) -> str:
    """Return the visit's state in words ("Debrief due", "Cancelled")."""
    if visit.status == "planned":
        return "Planned" if visit.start.date() >= as_of else "Did it happen?"
    if visit.status == "cancelled":
        return "Cancelled"
    return "Debriefed" if visit.has_debrief else "Debrief due"


class VisitDetailPane(QScrollArea):
    """Shows one visit or trip, with the buttons that act on it."""

    reschedule_requested = Signal(int)
    debrief_requested = Signal(int)
    account_requested = Signal(int)  # the account name's link: open the account page

    # Buttons whose effect the label alone does not tell: which version goes where.
    TIPS = {
        "publish": publish_words,
        "export": lambda: (
            "Saves the team's invite (with the internal briefing) and the "
            "customer's invite as two .ics files, readable by you only."
        ),
        "briefing": lambda: (
            "Saves a printable page (PDF) of what to know before walking in: people, the "
            "deal and why it stalls, earlier visits, open next steps. Internal only."
        ),
    }

    def __init__(self, ctx: AppContext, actions: VisitActions, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.actions = actions
        self.visit: VisitLine | None = None
        self.buttons: dict[str, Any] = {}
        self.columns = 2  # buttons side by side; more when the pane is below the list
        self._grid: QGridLayout | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Visit details")
        self.setMinimumWidth(MIN_WIDTH)
        self.show_message("Choose a visit to see who goes, when and where.")

    def _fresh(self) -> QVBoxLayout:
        inner = QWidget(self)
        col = QVBoxLayout(inner)
        col.setContentsMargins(style.SPACE_L, 0, style.SPACE_M, style.SPACE_L)
        col.setSpacing(style.SPACE_S + 2)
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        self.setWidget(inner)
        self.buttons = {}
        self._grid = None
        return col

    def set_columns(self, columns: int) -> None:
        """Lay the buttons out `columns` side by side (2 beside the list, 3 below it)."""
        self.columns = columns
        if self._grid is not None:
            self._place(self._grid)
            self.widget().layout().activate()  # measured with the new columns
        self._fit()

    def _place(self, grid: QGridLayout) -> None:
        for b in self.buttons.values():
            grid.removeWidget(b)
        for n, b in enumerate(self.buttons.values()):
            grid.addWidget(b, n // self.columns, n % self.columns)
        for c in range(max(grid.columnCount(), self.columns)):  # equal columns, a lone button too
            grid.setColumnStretch(c, 1 if c < self.columns else 0)

    def _fit(self) -> None:
        """Be as wide as the content needs (its buttons side by side) plus a scroll bar, so
        nothing is cut at the right whether or not the scroll bar shows."""
        inner = self.widget()
        need = inner.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(max(MIN_WIDTH, need + 2 * self.frameWidth()))

    def show_message(self, words: str) -> None:
        col = self._fresh()
        col.addWidget(style.label(words, role="muted", wrap=True))
        col.addStretch(1)
        QTimer.singleShot(0, self, self._fit)  # once the new buttons show (on the next pass)
        self.visit = None

    def _actions(self, col: QVBoxLayout, items: list[tuple[str, str, str, Any, bool]]) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(style.SPACE_M)
        grid.setVerticalSpacing(style.SPACE_M)
        for key, words, icon_name, slot, primary in items:
            b = (primary_button if primary else button)(words, self.widget(), icon_name)
            b.clicked.connect(slot)
            if key in self.TIPS:
                b.setToolTip(self.TIPS[key]())
            self.buttons[key] = b
        self._place(grid)
        self._grid = grid
        col.addSpacing(style.SPACE_S)
        col.addLayout(grid)

    def show_trip(self, trip_id: str, name: str, visits: int) -> None:
        """Show a trip and the button that exports it for the executive's calendar."""
        self.visit = None
        col = self._fresh()
        title = style.label(f"Trip: {name}", wrap=True, parent=self.widget())
        title.setFont(style.section_font())
        col.addWidget(title)
        col.addWidget(
            style.label(
                f"{style.plural(visits, 'visit')} close in place and time. Export them as one "
                "calendar file for the executive's own calendar.",
                role="muted",
                wrap=True,
            )
        )
        self._actions(
            col,
            [
                (
                    "export_trip",
                    "Export trip",
                    "export",
                    lambda: self.actions.export_trip(trip_id, name),
                    True,
                )
            ],
        )
        col.addStretch(1)
        QTimer.singleShot(0, self, self._fit)  # once the new buttons show (on the next pass)

    def show_visit(self, visit: VisitLine) -> None:
        """Show one visit: time in both zones, people, place, agenda, and its actions."""
        self.visit = visit
        with self.ctx.workspace.connect() as conn:
            extra = visit_form.visit_notes(conn, visit.pk)
            contacts = visit_contacts(conn, visit.pk)
            trail = trail_sentence(visit_trail(conn, visit.pk))  # who planned, who changed what
        col = self._fresh()
        parent = self.widget()
        title = account_link(visit.account_name, "", parent)
        title.linkActivated.connect(lambda _h: self.account_requested.emit(visit.account_pk))
        title.setFont(style.section_font())
        col.addWidget(title)
        if visit.deal_name:
            col.addWidget(style.label(visit.deal_name, role="muted", wrap=True))
        when = style.time_in_zones(
            visit.start,
            visit.account_tz,
            visit.executive_tz,
            place=visit.account_city or None,
            other_place=visit.executive_city or None,
            with_day=True,
        )
        muted = style.muted_colour().name()
        rows = [
            ("When", f"{escape(when)} · {style.plural(visit.minutes, 'minute')}"),
            (
                "Where",
                escape(
                    f"{MODE_WORDS.get(visit.mode, visit.mode)}"
                    f"{' · ' + visit.location if visit.location else ''}"
                ),
            ),
            (
                "Who goes",
                escape(visit.executives or "nobody yet")
                + (f"<br>with {escape(visit.reps)}" if visit.reps else ""),
            ),
            (
                "They meet",
                "<br>".join(escape(contact_text(c)) for c in contacts)
                or f"<span style='color:{muted}'>nobody chosen</span>",
            ),
        ]
        if extra.agenda:
            rows.append(("Agenda", escape(extra.agenda).replace("\n", "<br>")))
        if extra.objective:
            rows.append(("Our objective", escape(extra.objective).replace("\n", "<br>")))
        if visit.trip_name:
            rows.append(("Trip", escape(visit.trip_name)))
        rows.append(("Status", escape(status_words(visit, self.ctx.as_of))))
        if trail:
            rows.append(("Changes", escape(trail)))
        table = "".join(
            f"<tr><td style='color:{muted}; padding-right:12px' valign='top'>{k}</td>"
            f"<td valign='top'>{v}</td></tr>"
            for k, v in rows
        )
        col.addWidget(_rich(f"<table cellpadding='3'>{table}</table>", parent))
        self._actions(col, self._visit_actions(visit))
        col.addStretch(1)
        QTimer.singleShot(0, self, self._fit)  # once the new buttons show (on the next pass)

    def _visit_actions(self, v: VisitLine) -> list[tuple[str, str, str, Any, bool]]:
        a = self.actions
        if v.status == "done":
            words = "Open debrief" if v.has_debrief else "Write debrief"
            return [("debrief", words, "write", lambda: self.debrief_requested.emit(v.pk), True)]
        items: list[tuple[str, str, str, Any, bool]] = [
            ("email", "E-mail invites", "email", lambda: a.email(v), v.status == "planned"),
            ("export", "Export invites", "export", lambda: a.export_invites(v), False),
            ("publish", "Publish to calendar", "publish", lambda: a.publish(v), False),
        ]
        if v.status == "planned":
            items += [
                (
                    "reschedule",
                    "Edit or reschedule",
                    "reschedule",
                    lambda: self.reschedule_requested.emit(v.pk),
                    False,
                ),
                ("cancel", "Cancel visit", "cancel", lambda: a.cancel(v), False),
                ("briefing", "Briefing pack…", "export", lambda: a.briefing(v), False),
            ]
            if v.start.date() <= self.ctx.as_of:
                items.append(
                    ("done", "Mark as done", "check", lambda: a.set_status(v, "done"), False)
                )
        return items
