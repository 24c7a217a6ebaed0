"""Cards: a suggested visit with its reasons and actions, a debrief owed, an upcoming visit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.planning.wording import short_deal_name
from fieldvisit.ui import style
from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.resources import icon

if TYPE_CHECKING:
    from fieldvisit.planning import ExecChoice, Suggestion

STALL_DOT = "●"


class Card(QFrame):
    """A rounded panel with a 1 px border; content goes into `self.column`."""

    def __init__(self, parent: QWidget | None = None, padding: int = style.SPACE_L):
        super().__init__(parent)
        self.setObjectName("card")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(padding, padding - 2, padding, padding - 2)
        self.column.setSpacing(style.SPACE_S + 2)


def exec_label(choice: ExecChoice) -> str:
    """Return "Dana Chief (CEO)", or the name alone when there is no title."""
    return f"{choice.name} ({choice.title})" if choice.title else choice.name


def window_words(start: date, end: date, as_of: date) -> str:
    """Return the proposed window as people say it: "This week", "Week of 22 Jun", "22 Jun – 3 Jul"."""
    monday = start - timedelta(days=start.weekday())
    this_monday = as_of - timedelta(days=as_of.weekday())
    if end - monday >= timedelta(days=7):
        return f"{style.short_day(start, as_of)} – {style.short_day(end, as_of)}"
    if monday == this_monday:
        return "This week"
    if monday == this_monday + timedelta(days=7):
        return "Next week"
    return f"Week of {style.short_day(monday, as_of)}"


def reason_line(text: str, tone: str, parent: QWidget) -> QWidget:
    """Return one bullet line: a coloured dot and the reason in words."""
    line = QWidget(parent)
    row = QHBoxLayout(line)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(style.SPACE_M)
    dot = style.label(STALL_DOT, parent=line)
    dot.setStyleSheet(f"color: {style.tone(tone).name()}; font-size: 8pt;")
    dot.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
    dot.setFixedWidth(10)
    dot.setContentsMargins(0, 3, 0, 0)
    words = style.label(text, wrap=True)
    row.addWidget(dot)
    row.addWidget(words, 1)
    return line


class SuggestionCard(Card):
    """Where an executive should go and why, with Plan visit / Snooze / Why? / Not relevant."""

    plan_clicked = Signal(object)  # Suggestion
    snooze_clicked = Signal(object)
    why_clicked = Signal(object)
    dismiss_clicked = Signal(object)

    def __init__(self, suggestion: Suggestion, as_of: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.suggestion = suggestion
        deal = suggestion.deal
        place = f" · {deal.account_city}" if deal.account_city else ""
        self.setAccessibleName(f"Suggested visit: {deal.account_name}")

        top = QHBoxLayout()
        top.setSpacing(style.SPACE_M)
        title = style.label(f"{deal.account_name}{place}", wrap=True, parent=self)
        title.setFont(style.card_title_font())
        amount = style.label(style.money(deal.amount, deal.currency), parent=self)
        amount.setFont(style.card_title_font())
        amount.setAccessibleName("Deal amount")
        top.addWidget(title, 1)
        top.addWidget(amount, 0, Qt.AlignmentFlag.AlignRight)
        self.column.addLayout(top)
        deal_words = f"{short_deal_name(deal.account_name, deal.deal_name)} — {deal.stage}"
        self.column.addWidget(style.label(deal_words, role="muted"))

        reasons = QVBoxLayout()
        reasons.setSpacing(2)
        reasons.setContentsMargins(0, style.SPACE_S, 0, style.SPACE_S)
        for sig in sorted(deal.signals, key=lambda s: (not s.stalls, -s.weight)):
            reasons.addWidget(reason_line(sig.detail, "amber" if sig.stalls else "muted", self))
        self.column.addLayout(reasons)

        choice = suggestion.executive
        why_exec = " · ".join(choice.reasons) if choice.reasons else "the best fit available"
        send = style.label(f"Send: {exec_label(choice)} — {why_exec}", wrap=True)
        send.setFont(style.font(style.BODY_PT, QFont.Weight.Medium))
        self.column.addWidget(send)
        with_bits = []
        if suggestion.rep_name:
            with_bits.append(f"With: {suggestion.rep_name}")
        with_bits.append(window_words(suggestion.window_start, suggestion.window_end, as_of))
        when = style.label(" · ".join(with_bits), role="muted", wrap=True)
        when.setToolTip(as_text(suggestion.window_reason))
        when_row = QHBoxLayout()
        when_row.setSpacing(style.SPACE_M)
        when_row.addWidget(when, 1)
        self.column.addLayout(when_row)

        actions = QHBoxLayout()
        actions.setContentsMargins(0, style.SPACE_S, 0, 0)
        actions.setSpacing(style.SPACE_M)
        self.plan_button = self._button("Plan visit", "plan", primary=True)
        self.snooze_button = self._button("Snooze", "snooze")
        self.why_button = self._button("Why?", "")  # the words say it: room for a narrow column
        self.plan_button.clicked.connect(lambda: self.plan_clicked.emit(self.suggestion))
        self.snooze_button.clicked.connect(lambda: self.snooze_clicked.emit(self.suggestion))
        self.why_button.clicked.connect(lambda: self.why_clicked.emit(self.suggestion))
        for b in (self.plan_button, self.snooze_button, self.why_button):
            actions.addWidget(b)
        actions.addStretch(1)
        # Beside the "With:" line, not in the button row: the row must fit a narrow column.
        self.dismiss_button = QPushButton("Not relevant", self)
        self.dismiss_button.setFlat(True)
        self.dismiss_button.setAccessibleName(f"Not relevant: {deal.account_name}")
        self.dismiss_button.setToolTip("Dismiss this suggestion, saying why")
        self.dismiss_button.clicked.connect(lambda: self.dismiss_clicked.emit(self.suggestion))
        when_row.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.column.addLayout(actions)

    def _button(self, text: str, icon_name: str, primary: bool = False) -> QPushButton:
        b = QPushButton(text, self)
        if icon_name:
            b.setIcon(icon(icon_name, "#ffffff" if primary else None))
        b.setAccessibleName(f"{text} {self.suggestion.deal.account_name}")
        if primary:
            b.setProperty("primary", True)
        return b


class DueCard(Card):
    """A visit that happened without a debrief, with "Write debrief"."""

    write_clicked = Signal(int)  # visit pk
    not_happened_clicked = Signal(int)  # visit pk: "It did not happen"

    def __init__(
        self,
        visit_pk: int,
        account: str,
        when: str,
        people: str,
        has_draft: bool,
        parent: QWidget | None = None,
    ):
        super().__init__(parent, padding=style.SPACE_M + 4)
        self.visit_pk = visit_pk
        self.setAccessibleName(f"Debrief due: {account}")
        row = QHBoxLayout()
        row.setSpacing(style.SPACE_M)
        words = QVBoxLayout()
        words.setSpacing(0)
        head = QLabel(account, self)
        head.setFont(style.font(style.BODY_PT, QFont.Weight.DemiBold))
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setWordWrap(True)
        words.addWidget(head)
        note = " · ".join(b for b in (when, people, "draft saved" if has_draft else "") if b)
        words.addWidget(style.label(note, role="muted", wrap=True))
        # A calendar says a meeting was planned, not that it happened (see docs/ledger.md).
        gone = QPushButton("It did not happen", self)
        gone.setProperty("flat", True)
        gone.setCursor(Qt.CursorShape.PointingHandCursor)
        gone.setStyleSheet("padding-left: 0; padding-right: 0;")  # lines up with the words
        gone.setAccessibleName(f"The visit to {account} did not happen: cancel it")
        gone.setToolTip(as_text(f"The visit to {account} did not take place: cancel it"))
        gone.clicked.connect(lambda: self.not_happened_clicked.emit(self.visit_pk))
        self.not_happened_button = gone
        words.addWidget(gone, 0, Qt.AlignmentFlag.AlignLeft)
        row.addLayout(words, 1)
        write = QPushButton("Finish" if has_draft else "Write debrief", self)
        write.setIcon(icon("write"))
        write.setAccessibleName(f"Write the debrief of the visit to {account}")
        write.clicked.connect(lambda: self.write_clicked.emit(self.visit_pk))
        self.write_button = write
        row.addWidget(write, 0, Qt.AlignmentFlag.AlignVCenter)
        self.column.addLayout(row)
