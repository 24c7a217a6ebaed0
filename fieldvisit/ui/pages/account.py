"""The account page: what an executive reads before walking in.

Not in the navigation: search (Ctrl+K), Coverage's strategic accounts, a deal's detail and a
visit's detail open it ("account#PK" through `navigate_requested`). It shows who the account is,
executive touches month by month with the next one due, the circle of influence, the open deals
with their signals in words, the people there, and a timeline of visits, debriefs and open next
steps. Everything is read in one go on a worker (`planning.account_view`). Back (Alt+Left) returns
to the page it was opened from; Plan visit (Ctrl+N) plans for the most urgent open deal.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.changes import Kind
from fieldvisit.planning.account_view import AccountView, account_view
from fieldvisit.reads.audit_lines import AccountChange, account_changes
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
from fieldvisit.ui.models.account import (
    P_DECIDES,
    P_ENGAGED,
    P_NAME,
    P_SENIORITY,
    P_TITLE,
    T_STATUS,
    T_WHAT,
    T_WHEN,
    PeopleModel,
    empty_row,
    timeline_model,
)
from fieldvisit.ui.models.deals_model import short_deal_name
from fieldvisit.ui.pages.account_changes import ChangesList
from fieldvisit.ui.pages.account_words import (
    circle_html,
    deal_html,
    facts_line,
    muted,
    touch_line,
)
from fieldvisit.ui.pages.base import Page, button, primary_button
from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.tasks import CancelledFn, ProgressFn
from fieldvisit.ui.widgets.section_card import card
from fieldvisit.ui.widgets.touch_strip import TouchStrip

NOTHING_OPEN = "Open an account from search (Ctrl+K), Coverage, Deals or Visits."


def _rich(parent: QWidget) -> QLabel:
    lab = QLabel(parent)
    lab.setTextFormat(Qt.TextFormat.RichText)
    lab.setWordWrap(True)
    lab.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


def _scrolled(inner: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(inner)
    return area


class AccountPage(Page):
    """One account, everything an executive reads before walking in."""

    key = "account"
    title = "Account"
    icon = "account"
    question = "What should I know before walking in?"
    shows = frozenset({Kind.VISITS, Kind.DEALS, Kind.SNOOZES, Kind.DEBRIEFS, Kind.RULES})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.account_pk: int | None = None
        self.view: AccountView | None = None
        self.back_to = "week"
        self.highlight: int | None = None  # a contact to pick out once the account shows
        # A long name wraps; the facts and the buttons share the line below it (in the header,
        # the buttons made the page ask for more than 1024 px).
        self.title_label.setWordWrap(True)
        self.question_label.hide()
        self.facts = style.label("", role="muted", wrap=True)
        self.facts.setAccessibleName("About the account")
        self._build_actions()
        self.message = style.label(NOTHING_OPEN, role="muted", wrap=True)
        self.message.setAccessibleName("Account page status")
        self.body.addWidget(self.message)
        self.content = QWidget(self)
        col = QVBoxLayout(self.content)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(style.SPACE_M)
        col.addWidget(self._build_touches())
        splitter = QSplitter(Qt.Orientation.Vertical, self.content)
        splitter.addWidget(self._build_cards())
        splitter.addWidget(self._build_tabs())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        col.addWidget(splitter, 1)
        self.body.addWidget(self.content, 1)
        self.content.hide()

    # ----- building ----------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.back_button = button("Back", self, "back")
        self.back_button.setToolTip("Back to where you came from (Alt+Left; View › Back)")
        self.back_button.clicked.connect(self.go_back)
        self.plan_button = primary_button("Plan visit", self, "plan")
        self.plan_button.clicked.connect(self.plan)
        self.plan_button.setEnabled(False)
        row = QHBoxLayout()
        row.setSpacing(style.SPACE_M)
        row.addWidget(self.facts, 1)
        row.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.plan_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(row)

    def _build_touches(self) -> QWidget:
        frame, col = card(self, "Executive visits, last 24 months")
        col.setContentsMargins(style.SPACE_L, style.SPACE_M, style.SPACE_L, style.SPACE_M)
        col.setSpacing(style.SPACE_S)
        self.strip = TouchStrip(frame)
        col.addWidget(self.strip)
        self.touch_words = style.label("", role="muted", wrap=True)
        self.touch_words.setAccessibleName("Last executive visit and the next one due")
        col.addWidget(self.touch_words)
        return frame

    def _build_cards(self) -> QWidget:
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(style.SPACE_L)
        frame, col = card(holder, "Open deals")
        self.deals_heading: QLabel = frame.property("heading")
        inner = QWidget(frame)
        inner_col = QVBoxLayout(inner)
        inner_col.setContentsMargins(0, 0, style.SPACE_S, 0)
        self.deals_text = _rich(inner)
        self.deals_text.setAccessibleName("Open deals and their signals")
        inner_col.addWidget(self.deals_text)
        inner_col.addStretch(1)
        col.addWidget(_scrolled(inner, frame), 1)
        row.addWidget(frame, 1)
        frame, col = card(holder, "Circle of influence")
        inner = QWidget(frame)
        inner_col = QVBoxLayout(inner)
        inner_col.setContentsMargins(0, 0, style.SPACE_S, 0)
        self.circle_text = _rich(inner)
        self.circle_text.setAccessibleName("Circle of influence")
        inner_col.addWidget(self.circle_text)
        inner_col.addStretch(1)
        col.addWidget(_scrolled(inner, frame), 1)
        row.addWidget(frame, 1)
        return holder

    def _build_tabs(self) -> QWidget:
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Timeline and people")
        self.timeline = QTreeView(self.tabs)
        self.timeline.setAccessibleName("Timeline of visits, debriefs and next steps")
        self.timeline.setUniformRowHeights(True)
        self.timeline.setAlternatingRowColors(False)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.addTab(self.timeline, "Timeline")
        self.people_model = PeopleModel(self)
        self.people = QTableView(self.tabs)
        self.people.setModel(self.people_model)
        self.people.setAccessibleName("People at the account")
        self.people.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.people.verticalHeader().hide()
        self.people.verticalHeader().setDefaultSectionSize(30)
        self.people.setShowGrid(False)
        self.people.setWordWrap(False)
        self.people.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.people.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, mode in (
            (P_NAME, QHeaderView.ResizeMode.Stretch),
            (P_TITLE, QHeaderView.ResizeMode.Stretch),
            (P_SENIORITY, QHeaderView.ResizeMode.ResizeToContents),
            (P_DECIDES, QHeaderView.ResizeMode.ResizeToContents),
            (P_ENGAGED, QHeaderView.ResizeMode.ResizeToContents),
        ):
            header.setSectionResizeMode(column, mode)
        self.tabs.addTab(self.people, "People")
        self.changes = ChangesList(self.tabs)  # the audit trail: who changed what here
        self.tabs.addTab(self.changes, "Recent changes")
        return self.tabs

    # ----- opening -----------------------------------------------------------------------------

    def opened_from(self, key: str) -> None:
        """Remember the page the user came from, for Back."""
        if key and key != self.key:
            self.back_to = key

    def show_section(self, section: str) -> None:
        """Show the account whose key is `section` ("account#42" opens account 42)."""
        if section.isdigit():
            self.show_account(int(section))

    def show_hit(self, hit: Any) -> None:
        """Show the account found with Ctrl+K; for a contact, their account with them picked
        out in the People tab."""
        kind = getattr(hit, "kind", "")
        if kind == "account":
            self.show_account(int(hit.pk))
        elif kind == "contact" and getattr(hit, "account_pk", None) is not None:
            self.highlight = int(hit.pk)
            self.show_account(int(hit.account_pk))

    def show_account(self, account_pk: int) -> None:
        """Read the account in the background and show it."""
        self.account_pk = account_pk
        self._stale = False
        self._load()

    def workspace_opened(self) -> None:
        self.forget()  # its accounts are another workspace's

    def forget(self) -> None:
        """Show no account (another workspace was opened): say how to open one."""
        self.ctx.tasks.drop_answers(self.task_key())  # a read under way is for the old one
        self.account_pk = None
        self.view = None
        self.title_label.setText(self.title)
        self.content.hide()
        self.facts.clear()
        self.message.setText(NOTHING_OPEN)
        self.message.show()
        self.plan_button.setEnabled(False)
        self.set_busy(False)

    def refresh(self) -> None:
        super().refresh()
        if self.account_pk is None:
            self.message.setText(NOTHING_OPEN)
            self.message.show()
            self.content.hide()
            return
        self._load()

    def _load(self) -> None:
        ws, as_of, rules, pk = self.ctx.workspace, self.ctx.as_of, self.ctx.rules(), self.account_pk
        assert pk is not None
        self.set_busy(True)
        if self.view is None or self.view.account_pk != pk:
            self.content.hide()
            self.message.setText("Reading the account…")
            self.message.show()

        def work(_p: ProgressFn, _c: CancelledFn) -> tuple[AccountView, list[AccountChange]]:
            with ws.connect() as conn:
                return account_view(conn, pk, as_of, rules), account_changes(conn, pk)

        def done(found: tuple[AccountView, list[AccountChange]]) -> None:
            self._show(found[0])
            self.changes.show_changes(found[1])
            self.tabs.setTabText(2, self.changes.tab_words())
            self.set_busy(False)

        def failed(exc: BaseException) -> None:
            self.view = None
            self.content.hide()
            self.message.setText(f"The account could not be read: {exc}")
            self.message.show()
            self.plan_button.setEnabled(False)
            self.set_busy(False)

        self.ctx.tasks.run(
            work,
            title="Reading the account",
            on_done=done,
            on_error=failed,
            cancellable=False,
            key=self.task_key(),  # another account chosen meanwhile answers instead
        )

    def _show(self, v: AccountView) -> None:
        self.view = v
        self.title_label.setText(v.name)
        self.title_label.setAccessibleName(f"Account {v.name}")
        self.facts.setText(facts_line(v))
        self.message.hide()
        self.content.show()
        self.strip.show_months(v.touches)
        self.touch_words.setText(touch_line(v))
        self.deals_heading.setText(f"Open deals ({style.number(len(v.deals))})")
        self.deals_text.setText(
            "<br><br>".join(deal_html(d, v) for d in v.deals)
            or muted("No open deals at this account.")
        )
        self.circle_text.setText(circle_html(v.circle, v))
        model = timeline_model(v.timeline, v.as_of, v.tz, v.name, self.timeline)
        old = self.timeline.model()
        self.timeline.setModel(model)
        if old is not None:
            old.deleteLater()
        if not v.timeline:
            model.appendRow(empty_row(bool(v.deals)))
            self.timeline.setFirstColumnSpanned(0, QModelIndex(), True)
        self.timeline.expandAll()
        header = self.timeline.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(T_WHAT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(T_WHEN, 170)
        header.resizeSection(T_STATUS, 150)
        shown = len(v.timeline)
        count = style.number(v.visits_total)
        steps = v.open_next_steps
        title = (
            f"Timeline ({count} visits"
            if shown == v.visits_total
            else f"Timeline ({shown} of {count} visits"
        )
        self.tabs.setTabText(
            0, title + (f", {style.plural(steps, 'open next step')})" if steps else ")")
        )
        self.people_model.show_people(v.people, v.as_of)
        self.tabs.setTabText(1, f"People ({style.number(len(v.people))})")
        self._pick_out_person()
        target = v.deals[0].signals if v.deals else None
        self.plan_button.setEnabled(target is not None)
        self.plan_button.setToolTip(
            as_text(
                f"Plan a visit for {short_deal_name(v.name, target.deal_name)}, the most urgent "
                "open deal here (Ctrl+N)"
            )
            if target is not None
            else "No open deal to plan a visit for"
        )

    def _pick_out_person(self) -> None:
        """Select the contact found with search in the People tab, and give it the focus."""
        pk, self.highlight = self.highlight, None
        rows = [n for n, p in enumerate(self.people_model.people) if p.contact_pk == pk]
        if not rows:
            return
        self.tabs.setCurrentWidget(self.people)
        self.people.selectRow(rows[0])
        self.people.scrollTo(self.people_model.index(rows[0], P_NAME))
        self.people.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----- actions -----------------------------------------------------------------------------

    def go_back(self) -> None:
        """Return to the page the account was opened from."""
        self.navigate_requested.emit(self.back_to)

    def plan_visit_target(self) -> int | None:
        """Return the most urgent open deal (Ctrl+N plans a visit for it)."""
        return self.view.most_urgent_deal_pk if self.view is not None else None

    def plan(self) -> PlanVisitDialog | None:
        """Plan a visit for the account's most urgent open deal."""
        deal_pk = self.plan_visit_target()
        if deal_pk is None:
            return None
        from fieldvisit.ui.undo_steps import watch_plan  # the notice offers Undo

        return watch_plan(
            self.ctx, PlanVisitDialog.plan(self.ctx, deal_pk=deal_pk, parent=self), self
        )
