"""The deal detail pane: signals, stage history, the people at the account, visits and debriefs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget
from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.planning import outcomes
from fieldvisit.seniority import SENIORITY_WORDS
from fieldvisit.signal_table import signal_label
from fieldvisit.store.times import to_date
from fieldvisit.ui import style
from fieldvisit.ui.models.deals_model import short_deal_name
from fieldvisit.ui.pages.base import button, primary_button
from fieldvisit.ui.readers import SENIORITY_ORDER
from fieldvisit.ui.widgets.account_link import account_link

SENTIMENT_WORDS = {"better": "going better", "same": "no change", "worse": "going worse"}
VISITS_SHOWN = 8
CONTACTS_SHOWN = 12


@dataclass(frozen=True)
class DealDetail:
    """What the pane shows about one deal (plain data from a worker)."""

    pk: int
    account: str
    city: str | None
    deal: str
    stage: str
    amount: float | None
    currency: str | None
    owner: str
    close_date: date | None
    strategic: bool
    signals: tuple[tuple[str, str, bool], ...]  # (code, words, stalls)
    history: tuple[tuple[str, date], ...]  # (stage, entered on), oldest first
    contacts: tuple[tuple[str, str | None, str | None, bool, date | None], ...]
    visits: tuple[tuple[date, str, str, str, str | None], ...]  # day, status, execs, summary, mood
    snoozed: tuple[date, str] | None
    planned: date | None
    dismissed: tuple[date, str] | None = None  # a running "not relevant": day and reason
    account_pk: int | None = None  # the account's page opens from the name


def load_detail(conn: Connection, deal_pk: int, as_of: date, signals_json: str) -> DealDetail:
    """Read one deal's history, people and visits; signals come from the deal store."""
    head = conn.execute(
        text(
            "SELECT a.name, a.city, d.name, d.stage, d.amount, d.currency, r.name, d.close_date, "
            "d.strategic, a.id FROM deal d JOIN account a ON a.id = d.account_id "
            "JOIN rep r ON r.id = d.owner_rep_id WHERE d.id = :d"
        ),
        {"d": deal_pk},
    ).one()
    history = conn.execute(
        text("SELECT stage, entered_on FROM stage_change WHERE deal_id = :d ORDER BY entered_on"),
        {"d": deal_pk},
    ).all()
    contacts = conn.execute(
        text(
            "SELECT c.name, c.title, c.seniority, c.decision_maker, "
            "(SELECT max(a.occurred_on) FROM activity_contact ac JOIN activity a "
            " ON a.id = ac.activity_id WHERE ac.contact_id = c.id) "
            f"FROM contact c WHERE c.account_id = :a "
            f"ORDER BY c.decision_maker DESC, {SENIORITY_ORDER.replace('seniority', 'c.seniority')}, c.name "
            "LIMIT :n"
        ),
        {"a": head[9], "n": CONTACTS_SHOWN},
    ).all()
    visits = conn.execute(
        text(
            "SELECT v.start, v.status, (SELECT group_concat(e.name, ', ') FROM visit_executive ve "
            "JOIN executive e ON e.id = ve.executive_id WHERE ve.visit_id = v.id), "
            "coalesce(db.summary, ''), db.sentiment FROM visit v "
            "LEFT JOIN debrief db ON db.visit_id = v.id "
            "WHERE v.deal_id = :d OR (v.account_id = :a AND v.deal_id IS NULL) "
            "ORDER BY v.start DESC LIMIT :n"
        ),
        {"d": deal_pk, "a": head[9], "n": VISITS_SHOWN},
    ).all()
    snooze = conn.execute(
        text(
            "SELECT until, reason FROM snooze WHERE deal_id = :d AND until > :t "
            "ORDER BY until DESC LIMIT 1"
        ),
        {"d": deal_pk, "t": as_of.isoformat()},
    ).first()
    planned = conn.execute(
        text(
            "SELECT min(substr(start, 1, 10)) FROM visit WHERE deal_id = :d AND status = 'planned' "
            "AND substr(start, 1, 10) >= :t"
        ),
        {"d": deal_pk, "t": as_of.isoformat()},
    ).scalar()
    return DealDetail(
        pk=deal_pk,
        account=head[0],
        city=head[1],
        deal=head[2],
        stage=head[3],
        amount=head[4],
        currency=head[5],
        owner=head[6],
        close_date=to_date(head[7]),
        strategic=bool(head[8]),
        signals=tuple(tuple(s) for s in json.loads(signals_json or "[]")),  # type: ignore[misc]
        history=tuple((s, to_date(d)) for s, d in history),  # type: ignore[misc]
        contacts=tuple((n, t, s, bool(dm), to_date(last)) for n, t, s, dm, last in contacts),
        visits=tuple(
            (to_date(start), status, execs or "", summary, mood)  # type: ignore[misc]
            for start, status, execs, summary, mood in visits
        ),
        snoozed=(to_date(snooze[0]), snooze[1]) if snooze else None,  # type: ignore[assignment]
        planned=to_date(planned),
        dismissed=outcomes.dismissed(conn, deal_pk).get(deal_pk),
        account_pk=int(head[9]),
    )


def _section(title: str, parent: QWidget) -> QLabel:
    lab = style.label(title, parent=parent)
    lab.setFont(style.font(style.BODY_PT + 1, style.card_title_font().weight()))
    lab.setContentsMargins(0, style.SPACE_M, 0, 0)
    return lab


def _rich(html: str, parent: QWidget) -> QLabel:
    lab = QLabel(parent)
    lab.setTextFormat(Qt.TextFormat.RichText)
    lab.setWordWrap(True)
    lab.setText(html)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


class DealDetailPane(QScrollArea):
    """Shows one deal; its buttons ask the page to plan, snooze or explain."""

    plan_requested = Signal(int)
    snooze_requested = Signal(int)  # a snoozed deal's dialog opens filled in, to change it
    unsnooze_requested = Signal(int)
    bring_back_requested = Signal(int)  # a dismissed suggestion comes back
    why_requested = Signal(int)
    account_requested = Signal(int)  # the account name's link: open the account page

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Deal details")
        self.detail: DealDetail | None = None
        self.show_message(
            "Choose a deal to see why it is stuck, who we know there and what "
            "our executives learned."
        )

    def _fresh(self) -> QVBoxLayout:
        inner = QWidget(self)
        col = QVBoxLayout(inner)
        col.setContentsMargins(0, style.SPACE_M, style.SPACE_M, style.SPACE_M)
        col.setSpacing(style.SPACE_S + 2)
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        self.setWidget(inner)
        return col

    def show_message(self, words: str) -> None:
        col = self._fresh()
        col.addWidget(style.label(words, role="muted", wrap=True))
        col.addStretch(1)
        self.detail = None

    def show_detail(self, d: DealDetail, as_of: date) -> None:
        """Fill the pane with one deal: a title row with actions, then four columns."""
        self.detail = d
        col = self._fresh()
        parent = self.widget()
        top = QHBoxLayout()
        top.setSpacing(style.SPACE_L)
        names = QVBoxLayout()
        names.setSpacing(2)
        title = account_link(d.account, f" — {short_deal_name(d.account, d.deal)}", parent)
        title.linkActivated.connect(lambda _href: self.account_requested.emit(d.account_pk or 0))
        title.setFont(style.section_font())
        names.addWidget(title)
        facts = [d.stage, style.money(d.amount, d.currency), f"owner {d.owner}"]
        if d.close_date:
            facts.append(f"closes {style.short_day(d.close_date, as_of)}")
        if d.city:
            facts.insert(0, d.city)
        if d.snoozed:
            facts.append(f"snoozed until {style.short_day(d.snoozed[0], as_of)}: {d.snoozed[1]}")
        if d.planned:
            facts.append(f"visit planned for {style.day(d.planned)}")
        if d.dismissed:
            when, why_not = d.dismissed
            facts.append(f"dismissed {style.short_day(when, as_of)} as not relevant: {why_not}")
        names.addWidget(style.label(" · ".join(facts), role="muted", wrap=True))
        top.addLayout(names, 1)
        plan = primary_button("Plan visit", parent, "plan")
        snooze = button("Change snooze" if d.snoozed else "Snooze", parent, "snooze")
        why = button("Why?", parent, "why")
        plan.clicked.connect(lambda: self.plan_requested.emit(d.pk))
        snooze.clicked.connect(lambda: self.snooze_requested.emit(d.pk))
        why.clicked.connect(lambda: self.why_requested.emit(d.pk))
        shown = [plan, snooze, why]
        if d.snoozed:
            end = button("End snooze", parent)
            end.clicked.connect(lambda: self.unsnooze_requested.emit(d.pk))
            shown.insert(2, end)
        if d.dismissed:
            back = button("Bring back", parent)
            back.setToolTip("Suggest a visit on this deal again")
            back.clicked.connect(lambda: self.bring_back_requested.emit(d.pk))
            shown.insert(len(shown) - 1, back)
        for b in shown:
            top.addWidget(b, 0, Qt.AlignmentFlag.AlignTop)
        col.addLayout(top)

        columns = QHBoxLayout()
        columns.setSpacing(style.SPACE_XL)
        for heading, body in (
            ("Signals", _signals_html(d)),
            ("Stage history", _history_html(d, as_of)),
            ("People at the account", _people_html(d, as_of)),
            ("Visits and debriefs", _visits_html(d, as_of)),
        ):
            box = QVBoxLayout()
            box.setSpacing(style.SPACE_S)
            box.addWidget(_section(heading, parent))
            box.addWidget(_rich(body, parent))
            box.addStretch(1)
            columns.addLayout(box, 1)
        col.addLayout(columns)
        col.addStretch(1)


def _muted(words: str) -> str:
    return f"<span style='color:{style.muted_colour().name()}'>{escape(words)}</span>"


def _signals_html(d: DealDetail) -> str:
    if not d.signals:
        return _muted(
            "Nothing stands out." if d.strategic else "Signals are worked out for strategic deals."
        )
    lines = []
    for code, words, stalls in sorted(d.signals, key=lambda s: not s[2]):
        tone = style.tone("amber" if stalls else "muted").name()
        lines.append(
            f"<span style='color:{tone}'>●</span> <b>{escape(signal_label(code))}</b>"
            f"<br>{escape(words)}"
        )
    return "<br>".join(lines)


def _history_html(d: DealDetail, as_of: date) -> str:
    if not d.history:
        return _muted("No stage changes recorded.")
    rows = []
    for n, (stage, entered) in enumerate(d.history):
        left = d.history[n + 1][1] if n + 1 < len(d.history) else as_of
        now = n + 1 == len(d.history)
        days = style.plural((left - entered).days, "day") + (" so far" if now else "")
        rows.append(
            f"<tr><td>{'<b>' if now else ''}{escape(stage)}{'</b>' if now else ''}</td>"
            f"<td>{style.short_day(entered, as_of)}</td><td align='right'>{days}</td></tr>"
        )
    return f"<table cellpadding='2' width='100%'>{''.join(rows)}</table>"


def _people_html(d: DealDetail, as_of: date) -> str:
    if not d.contacts:
        return _muted("No contacts imported for this account.")
    lines = []
    for name, title_, seniority, dm, last in d.contacts:
        bits = [b for b in (title_, SENIORITY_WORDS.get(seniority or "")) if b]
        if dm:
            bits.append("decision maker")
        when = f"last engaged {style.relative(last, as_of)}" if last else "never engaged"
        lines.append(f"<b>{escape(name)}</b> — {escape(' · '.join(bits))}<br>{_muted(when)}")
    return "<br>".join(lines)


def _visits_html(d: DealDetail, as_of: date) -> str:
    if not d.visits:
        return _muted("No executive has visited yet.")
    lines = []
    for day, status, execs, summary, mood in d.visits:
        state = {"planned": " (planned)", "cancelled": " (cancelled)"}.get(status, "")
        line = f"<b>{style.short_day(day, as_of)}</b>{state} · {escape(execs or 'no executive')}"
        if summary:
            line += f"<br>{escape(summary)}"
            if mood:
                line += " " + _muted(f"({SENTIMENT_WORDS.get(mood, mood)})")
        elif status == "done":
            line += "<br>" + _muted("No debrief yet")
        lines.append(line)
    return "<br><br>".join(lines)
