"""Settings › Executive titles: the rule that reads an executive level from a job title.

The rule is an ordered list of words and the level they give (`Rules.executive_titles`); the
first whose words occur in a title decides, so exceptions ("Account Executive": not an
executive) come first. The editor shows, as you edit, what the rule gives for the workspace's
executives and for any title typed — the same `TitleRule` the CRM import applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError
from fieldvisit.ingest.crm.people import TitleRule
from fieldvisit.ingest.crm.wizard_words import LEVEL_WORDS
from fieldvisit.reads.people import executives
from fieldvisit.settings import DEFAULT_EXECUTIVE_TITLES, check_executive_titles
from fieldvisit.store.models import LEVELS
from fieldvisit.ui import style
from fieldvisit.ui.dialogs.crm_import_stages import move_keys

PREVIEW_SHOWN = 12


@dataclass(frozen=True)
class TitledPerson:
    """Someone in the workspace with a job title, and the level stored for them."""

    name: str
    title: str
    level: str


def titled_people(conn: Connection) -> list[TitledPerson]:
    """Return the workspace's executives that have a job title (reps have none stored)."""
    return [
        TitledPerson(p.name, p.title or "", p.detail or "") for p in executives(conn) if p.title
    ]


def _level_combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    for level in (*LEVELS, ""):
        combo.addItem(LEVEL_WORDS[level], level)
    combo.setAccessibleName("Level the words give")
    return combo


class TitleRuleEditor(QWidget):
    """The title rule as an editable, ordered table, with a live preview of what it gives."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(style.SPACE_M)
        row = QHBoxLayout()
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["Words in the title", "Level"])
        self.table.setAccessibleName("Title rule: words and the level they give, first match wins")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().resizeSection(1, 170)
        self.table.setMinimumHeight(260)
        self.table.itemChanged.connect(lambda _i: self._edited())
        row.addWidget(self.table, 1)
        buttons = QVBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for text, name, slot in (
            ("Add rule", "Add a title rule", self.add),
            ("Move up", "Move the rule up (Alt+Up)", lambda: self.move(-1)),
            ("Move down", "Move the rule down (Alt+Down)", lambda: self.move(1)),
            ("Remove", "Remove the rule", self.remove),
            ("Defaults", "Restore the default title rule", self.restore_defaults),
        ):
            button = QPushButton(text, self)
            button.setAccessibleName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[text] = button
        buttons.addStretch(1)
        row.addLayout(buttons)
        col.addLayout(row)
        move_keys(self.table, lambda: self.move(-1), lambda: self.move(1))

        col.addWidget(style.label("What the rule gives", bold=True))
        form = QFormLayout()
        self.try_title = QLineEdit(self)
        self.try_title.setPlaceholderText("Type a job title, e.g. Vizepräsidentin Vertrieb")
        self.try_title.setAccessibleName("Try a job title")
        self.try_title.setMinimumWidth(300)
        self.try_title.textChanged.connect(lambda _t: self.update_preview())
        self.tried = style.label("", role="muted")
        self.tried.setAccessibleName("Level the typed title gives")
        form.addRow(self.try_title, self.tried)
        col.addLayout(form)
        self.preview = style.label("", wrap=True)
        self.preview.setAccessibleName("What the rule gives for this workspace's executives")
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.preview)
        self.people: list[TitledPerson] = []
        self._loading = False

    # ----- the rule ----------------------------------------------------------------------------

    def set_rules(self, rules: list[list[str]]) -> None:
        """Show the rule, in order."""
        self._loading = True
        self.table.setRowCount(0)
        for pattern, level in rules:
            self._insert(self.table.rowCount(), pattern, level)
        self._loading = False
        self.update_preview()

    def rules(self) -> list[list[str]]:
        """Return the rule as shown (rows without words left out)."""
        out = []
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            words = item.text().strip() if item is not None else ""
            combo = self.table.cellWidget(r, 1)
            if words and isinstance(combo, QComboBox):
                out.append([words, combo.currentData()])
        return out

    def problem(self) -> str | None:
        """Return why the rule cannot be saved, or None."""
        try:
            check_executive_titles(self.rules())
        except FieldVisitError as exc:
            return str(exc)
        return None

    def _insert(self, row: int, pattern: str, level: str) -> None:
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(pattern))
        combo = _level_combo(self.table)
        combo.setCurrentIndex(max(0, combo.findData(level)))
        combo.currentIndexChanged.connect(lambda _i: self._edited())
        self.table.setCellWidget(row, 1, combo)

    def add(self) -> None:
        """Add a rule after the current one and start typing its words."""
        row = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else 0
        self._insert(row, "", "VP")
        self.table.setCurrentCell(row, 0)
        self.table.setFocus()
        self.table.editItem(self.table.item(row, 0))

    def remove(self) -> None:
        """Remove the current rule."""
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._edited()

    def move(self, step: int) -> None:
        """Move the current rule up (-1) or down (+1): earlier rules win."""
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        rules = self.rules_with_blanks()
        rules.insert(target, rules.pop(row))
        self.set_rules(rules)
        self.table.setCurrentCell(target, 0)
        self._edited()

    def rules_with_blanks(self) -> list[list[str]]:
        out = []
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            combo = self.table.cellWidget(r, 1)
            level = combo.currentData() if isinstance(combo, QComboBox) else ""
            out.append([item.text() if item is not None else "", level])
        return out

    def restore_defaults(self) -> None:
        """Show the default rule (saved with Save settings)."""
        self.set_rules([list(rule) for rule in DEFAULT_EXECUTIVE_TITLES])
        self._edited()

    def _edited(self) -> None:
        if self._loading:
            return
        self.update_preview()
        self.changed.emit()

    # ----- the preview -------------------------------------------------------------------------

    def set_people(self, people: list[TitledPerson]) -> None:
        """Show what the rule gives for these people."""
        self.people = people
        self.update_preview()

    def update_preview(self) -> None:
        """Apply the rule as edited to the typed title and to the workspace's executives."""
        problem = self.problem()
        if problem is not None:
            self.tried.setText("")
            self.preview.setStyleSheet(f"color: {style.tone('red').name()};")
            self.preview.setText(problem)
            return
        rule = TitleRule.from_rules(self.rules())
        typed = self.try_title.text().strip()
        self.tried.setText(f"→ {LEVEL_WORDS[rule.level(typed) or '']}" if typed else "")
        self.preview.setStyleSheet("")
        if not self.people:
            self.preview.setText(
                "No executive in this workspace has a job title yet. The rule decides at the "
                "next CRM import; a title typed above shows what it gives."
            )
            return
        changed, same = [], []
        for person in self.people:
            level = rule.level(person.title) or ""
            line = f"{person.name}, {person.title} → {LEVEL_WORDS[level]}"
            if level != person.level:
                changed.append(f"{line} (now {LEVEL_WORDS.get(person.level, person.level)})")
            else:
                same.append(line)
        lines, differ = changed + same, len(changed)  # what would change first
        shown = lines[:PREVIEW_SHOWN]
        if len(lines) > PREVIEW_SHOWN:
            shown.append(f"… and {style.plural(len(lines) - PREVIEW_SHOWN, 'more executive')}")
        head = (
            f"For this workspace's executives ({style.plural(differ, 'difference')} from the "
            "levels they have; the rule applies at the next CRM import):"
        )
        self.preview.setText(head + "\n" + "\n".join(shown))
