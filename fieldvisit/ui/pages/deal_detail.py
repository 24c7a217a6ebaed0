"""The deal detail pane: signals, stage history, the people at the account, visits and debriefs."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from fieldvisit.reads.deal_detail import DealDetail
from fieldvisit.seniority import SENIORITY_WORDS
from fieldvisit.signal_table import signal_label
from fieldvisit.ui import style
from fieldvisit.ui.models.deals_model import short_deal_name
from fieldvisit.ui.pages.base import button, primary_button
from fieldvisit.ui.widgets.account_link import account_link
from fieldvisit.ui.widgets.columns import ReflowColumns

SENTIMENT_WORDS = {"better": "going better", "same": "no change", "worse": "going worse"}
# Each of the four columns gets at least this much, else they stand two by two (at 1024 px).
COLUMN_PX = 220


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
        self.columns: ReflowColumns | None = None
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
        self.columns = None

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

        columns = ReflowColumns(COLUMN_PX, style.SPACE_XL, parent)
        columns.setAccessibleName("Deal facts")
        self.columns = columns
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
            columns.add_column(box)
        col.addWidget(columns)
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


def _unbroken(words: str) -> str:
    return escape(words).replace(" ", "&nbsp;")


def _history_html(d: DealDetail, as_of: date) -> str:
    if not d.history:
        return _muted("No stage changes recorded.")
    rows = []
    for n, (stage, entered) in enumerate(d.history):
        left = d.history[n + 1][1] if n + 1 < len(d.history) else as_of
        now = n + 1 == len(d.history)
        # "16 Apr" and "60 days" never break; at worst "so far" goes to a second line.
        days = _unbroken(style.plural((left - entered).days, "day")) + (" so far" if now else "")
        rows.append(
            f"<tr><td>{'<b>' if now else ''}{escape(stage)}{'</b>' if now else ''}</td>"
            f"<td>{_unbroken(style.short_day(entered, as_of))}</td>"
            f"<td align='right'>{days}</td></tr>"
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
