"""The fields of a debrief, laid out in two calm columns with next steps below.

Labels carry Alt+letter mnemonics (buddies), every field has an accessible name, and the tab
order follows reading order, so a debrief can be written without touching the mouse.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.debriefs import DebriefData, VisitHeader
from fieldvisit.seniority import SENIORITY_WORDS
from fieldvisit.ui import style
from fieldvisit.ui.widgets.checklist import CheckList
from fieldvisit.ui.widgets.next_steps import NextStepsEditor

SENTIMENT_WORDS = (
    ("better", "Better than before"),
    ("same", "About the same"),
    ("worse", "Worse than before"),
)
# Each choice's own Alt+letter: a label's mnemonic on a radio group would tick its first button.
SENTIMENT_MNEMONICS = {
    "better": "Bette&r than before",
    "same": "About the s&ame",
    "worse": "W&orse than before",
}


def _text_box(accessible: str, placeholder: str, lines: int, parent: QWidget) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setAccessibleName(accessible)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # Tab leaves the box: the editor must work keyboard-only
    line = box.fontMetrics().lineSpacing()
    box.setMinimumHeight(line * lines + 16)
    return box


def _line(accessible: str, placeholder: str, parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    return edit


class DebriefForm(QWidget):
    """Every debrief field; `changed` fires on any edit."""

    changed = Signal()

    def __init__(
        self,
        header: VisitHeader,
        friction_categories: list[str],
        as_of: date,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.header = header
        self._loading = False
        grid = QGridLayout(self)
        # Room below the last row, so "Add next step" and its focus ring are never cut off.
        grid.setContentsMargins(0, 0, style.SPACE_S, style.SPACE_M)
        grid.setHorizontalSpacing(style.SPACE_XL)
        grid.setVerticalSpacing(style.SPACE_S)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        left = QVBoxLayout()
        left.setSpacing(style.SPACE_S)
        self.contacts = CheckList("Customer people met", self, visible_rows=5)
        self.contacts.set_choices(
            (c.contact_id, self._contact_text(c.name, c.title, c.seniority), "")
            for c in header.contacts
        )
        # Long titles end in "…" (the whole line is the tooltip) rather than scroll sideways.
        self.contacts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.contacts.setTextElideMode(Qt.TextElideMode.ElideRight)
        for i in range(self.contacts.count()):
            item = self.contacts.item(i)
            if not item.toolTip():
                item.setToolTip(item.text())
        self.others = _line("Others met", "Others met, with their roles", self)
        self.summary = _line("Summary in one line", "The visit in one line", self)
        # The notes boxes start at four and three lines and take whatever height is left over.
        self.learned = _text_box("What we learned", "What did we learn?", 4, self)
        self.challenges = _text_box(
            "The customer's challenges", "What is hard for them right now?", 3, self
        )
        self._add(left, "Who was &met", self.contacts)
        if not header.contacts:
            left.addWidget(style.label("No contacts of this account are known yet.", role="muted"))
        left.addWidget(self.others)
        self._add(left, "In one &line", self.summary)
        self._add(left, "What we l&earned", self.learned, stretch=1)
        self._add(left, "Their c&hallenges", self.challenges, stretch=1)

        right = QVBoxLayout()
        right.setSpacing(style.SPACE_S)
        self.friction = CheckList("What blocks our field team", self, visible_rows=8)
        self.friction.set_choices((c, c, "") for c in friction_categories)
        self.friction_text = _text_box(
            "Field friction in your words", "What did you see blocking our team?", 2, self
        )
        self.competitors = _line("Competitors", "Who else are they talking to?", self)
        self.vendor = _line("Current vendor", "Who do they use today?", self)
        self.budget = _line("Budget", "Budget, timing, who signs", self)
        self._add(right, "What blocks our &field team (seen first-hand)", self.friction)
        right.addWidget(self.friction_text)
        # Three short answers, each beside its label: a line apiece instead of two.
        answers = QFormLayout()
        answers.setContentsMargins(0, style.SPACE_S, 0, 0)
        answers.setHorizontalSpacing(style.SPACE_M)
        answers.setVerticalSpacing(style.SPACE_S)
        answers.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        answers.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, field in (
            ("Com&petitors", self.competitors),
            ("Current &vendor", self.vendor),
            ("&Budget", self.budget),
        ):
            answers.addRow(self._label(text, field), field)
        right.addLayout(answers)
        right.addStretch(1)
        # The sentiment row spans both columns: three radio buttons side by side would otherwise
        # set the right column's width and squeeze the left one (names cut, a sideways scroll).
        sentiment_box = QVBoxLayout()
        sentiment_box.setSpacing(style.SPACE_S)
        sentiment_label = QLabel("Deal sentiment after the visit", self)
        sentiment_label.setProperty("role", "section")
        sentiment_box.addWidget(sentiment_label)
        sentiment = QHBoxLayout()
        sentiment.setSpacing(style.SPACE_L)
        sentiment_box.addLayout(sentiment)
        self.sentiment_group = QButtonGroup(self)
        self.sentiment_buttons: dict[str, QRadioButton] = {}
        for code, words in SENTIMENT_WORDS:
            radio = QRadioButton(SENTIMENT_MNEMONICS[code], self)
            radio.setAccessibleName(f"Deal sentiment: {words}")
            self.sentiment_group.addButton(radio)
            self.sentiment_buttons[code] = radio
            sentiment.addWidget(radio)
        sentiment.addStretch(1)

        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.addLayout(sentiment_box, 1, 0, 1, 2)
        steps_label = QLabel("Next s&teps", self)
        steps_label.setFont(style.font(style.BODY_PT + 1, QFont.Weight.DemiBold))
        owners = [*header.executives, *header.reps, *(c.name for c in header.contacts)]
        self.next_steps = NextStepsEditor(
            header.start.date() if header.start else as_of, owners, self
        )
        # Alt+T lands in the first step's text: the editor hands focus to it (its focus proxy),
        # which Qt does only for a widget that accepts focus at all.
        self.next_steps.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        steps_label.setBuddy(self.next_steps)
        grid.addLayout(self._steps_heading(steps_label), 2, 0, 1, 2)
        grid.addWidget(self.next_steps, 3, 0, 1, 2)

        for edit in (self.others, self.summary, self.competitors, self.vendor, self.budget):
            edit.textEdited.connect(self._emit)
        for box in (self.learned, self.challenges, self.friction_text):
            box.textChanged.connect(self._emit)
        self.contacts.changed.connect(self._emit)
        self.friction.changed.connect(self._emit)
        self.sentiment_group.buttonToggled.connect(lambda *_: self._emit())
        self.next_steps.changed.connect(self._emit)

    def _steps_heading(self, steps_label: QLabel) -> QHBoxLayout:
        """Return "Next steps" with its Add button beside it: seen without scrolling to the end
        (below the last step, a small window showed only its top edge)."""
        row = QHBoxLayout()
        row.addWidget(steps_label)
        row.addStretch(1)
        add = self.next_steps.add_button
        steps_layout = self.next_steps.layout()
        if steps_layout is not None:
            steps_layout.removeWidget(add)
        add.setParent(self)
        row.addWidget(add)
        return row

    def _label(self, text: str, field: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setProperty("role", "section")
        label.setBuddy(field)
        return label

    def _add(self, column: QVBoxLayout, text: str, field: QWidget, stretch: int = 0) -> None:
        column.addSpacing(style.SPACE_S)
        column.addWidget(self._label(text, field))
        column.addWidget(field, stretch)

    @staticmethod
    def _contact_text(name: str, title: str, seniority: str) -> str:
        parts = [name]
        if title:
            parts.append(title)
        elif seniority:
            parts.append(SENIORITY_WORDS.get(seniority, seniority))
        return " · ".join(parts)

    def _emit(self) -> None:
        if not self._loading:
            self.changed.emit()

    # ----- data ------------------------------------------------------------------------------

    def set_data(self, data: DebriefData) -> None:
        """Show a debrief or draft in the fields (without counting as an edit)."""
        self._loading = True
        try:
            known = set(self.friction.values())
            for category in data.friction_categories:
                if category not in known:
                    self.friction.add_choice(category, category)
            self.contacts.set_checked(data.contact_ids)
            self.friction.set_checked(data.friction_categories)
            self.others.setText(data.people_met)
            self.summary.setText(data.summary)
            self.learned.setPlainText(data.learned)
            self.challenges.setPlainText(data.challenges)
            self.friction_text.setPlainText(data.field_friction)
            self.competitors.setText(data.competitors)
            self.vendor.setText(data.current_vendor)
            self.budget.setText(data.budget)
            self.sentiment_group.setExclusive(False)
            for code, radio in self.sentiment_buttons.items():
                radio.setChecked(code == data.sentiment)
            self.sentiment_group.setExclusive(True)
            self.next_steps.set_steps(data.next_steps)
            lines = [self.others, self.summary, self.competitors, self.vendor, self.budget]
            for i in range(len(data.next_steps)):
                lines += self.next_steps.row_widgets(i)[:2]
            for edit in lines:
                edit.setCursorPosition(0)  # show how a long line starts, not its tail
        finally:
            self._loading = False

    def data(self) -> DebriefData:
        """Return what the fields hold now."""
        sentiment = next(
            (code for code, radio in self.sentiment_buttons.items() if radio.isChecked()), None
        )
        return DebriefData(
            visit_id=self.header.visit_id,
            contact_ids=[int(v) for v in self.contacts.checked_values()],  # type: ignore[call-overload]
            people_met=self.others.text().strip(),
            summary=self.summary.text().strip(),
            learned=self.learned.toPlainText().strip(),
            challenges=self.challenges.toPlainText().strip(),
            friction_categories=[str(v) for v in self.friction.checked_values()],
            field_friction=self.friction_text.toPlainText().strip(),
            competitors=self.competitors.text().strip(),
            current_vendor=self.vendor.text().strip(),
            budget=self.budget.text().strip(),
            sentiment=sentiment,
            next_steps=self.next_steps.steps(),
        )

    def add_next_step(self) -> None:
        """Add a next-step row and put the cursor in it."""
        self.next_steps.add_row(focus=True)

    def first_field(self) -> QWidget:
        """Return where the cursor starts: what we learned (who was met is pre-ticked)."""
        return self.learned

    def focus_chain(self) -> list[QWidget]:
        """Return every field in reading order (left column, right column, next steps)."""
        chain: list[QWidget] = [
            self.contacts,
            self.others,
            self.summary,
            self.learned,
            self.challenges,
            self.friction,
            self.friction_text,
            self.competitors,
            self.vendor,
            self.budget,
        ]
        # Only one radio button is a tab stop; arrows move within the group.
        chain.append(self.sentiment_buttons["better"])
        chain += self.next_steps.focus_chain()
        return chain
