"""The wizard's Executives page: who among the export's users is an executive, and at what level.

Each user is listed with the level the core gave in the dry run (the title rule, or "already
an executive in the workspace") and why; every level can be changed. Where the CRM gives no job
titles (HubSpot's users, Pipedrive) nobody is assumed to be one: the page asks. Anyone the
export does not list can be added by name or e-mail. Only what the user changed goes to the
engine, as declared levels (`import_export(executives=…)`, checked by `people.declared_level`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fieldvisit.errors import FieldVisitError
from fieldvisit.executive_levels import level_order
from fieldvisit.ingest.crm.batch import Batch
from fieldvisit.ingest.crm.people import declared_level, fold
from fieldvisit.ingest.crm.report import CrmReport, ExecutiveFound
from fieldvisit.ingest.crm.wizard_words import LEVEL_WORDS, because_words
from fieldvisit.store.models import LEVELS
from fieldvisit.ui import style

if TYPE_CHECKING:
    from fieldvisit.ui.dialogs.import_wizard import ImportWizard


@dataclass
class PersonRow:
    """One person the page lists: how to name them to the engine, and what the dry run gave."""

    who: str  # the e-mail, else the name
    name: str
    email: str | None
    title: str | None
    proposed: str  # C, SVP, VP or "" (not an executive)
    because: str


def _because(found: ExecutiveFound) -> str:
    return because_words(found.because)


def people_rows(batch: Batch, report: CrmReport) -> list[PersonRow]:
    """Return the export's users (and anyone else the dry run made an executive), executives
    first, each with the level the dry run gave and why."""
    found: dict[str, ExecutiveFound] = {}
    for e in report.executives:
        if e.email:
            found[e.email.lower()] = e
        found[fold(e.name)] = e
    rows: list[PersonRow] = []
    seen: set[str] = set()
    for user in batch.users:
        if user.system:
            continue
        keys = {fold(user.name)} | ({user.email.lower()} if user.email else set())
        if keys & seen:
            continue
        seen |= keys
        match = next((found[k] for k in keys if k in found), None)
        if match is not None:
            level, because = match.level, _because(match)
        elif user.title:
            level, because = "", f"the title {user.title!r} names no executive level"
        else:
            level, because = "", "the export gives no job title"
        who = user.email or user.name
        rows.append(PersonRow(who, user.name, user.email, user.title, level, because))
    for e in report.executives:
        keys = {fold(e.name)} | ({e.email.lower()} if e.email else set())
        if not keys & seen:
            seen |= keys
            rows.append(PersonRow(e.email or e.name, e.name, e.email, None, e.level, _because(e)))
    rows.sort(key=lambda r: (level_order(r.proposed), fold(r.name)))
    return rows


def level_combo(name: str, parent: QWidget) -> QComboBox:
    """Return a level chooser (Not an executive, C-level, SVP, VP) named for `name`."""
    combo = QComboBox(parent)
    for level in ("", *LEVELS):
        combo.addItem(LEVEL_WORDS[level], level)
    combo.setAccessibleName(f"Level of {name}")
    return combo


class ExecutivesPage(QWizardPage):
    """Confirm or choose each user's executive level."""

    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle("Who are the executives?")
        self.setSubTitle(
            "Field Visit suggests executives for customer visits; the others are sales reps."
        )
        col = QVBoxLayout(self)
        col.setSpacing(style.SPACE_M)
        self.intro = style.label("", wrap=True)
        col.addWidget(self.intro)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setAccessibleName("The export's users")
        inner = QWidget(area)
        stack = QVBoxLayout(inner)
        stack.setContentsMargins(0, 0, style.SPACE_M, 0)
        self.grid = QGridLayout()
        stack.addLayout(self.grid)
        stack.addStretch(1)
        self.grid.setHorizontalSpacing(style.SPACE_L)
        self.grid.setVerticalSpacing(style.SPACE_S)
        self.grid.setColumnStretch(2, 1)
        area.setWidget(inner)
        self._inner = inner
        col.addWidget(area, 1)
        add = QHBoxLayout()
        self.new_person = QLineEdit(self)
        self.new_person.setPlaceholderText("Someone the export does not list: name or e-mail")
        self.new_person.setAccessibleName("Name or e-mail address of another executive")
        self.new_person.installEventFilter(self)  # Enter adds the person, not "Next"
        add.addWidget(self.new_person, 1)
        self.new_level = level_combo("the person to add", self)
        self.new_level.setCurrentIndex(1)
        add.addWidget(self.new_level)
        self.add_button = QPushButton("&Add", self)
        self.add_button.setAccessibleName("Add this executive")
        self.add_button.clicked.connect(self.add_person)
        add.addWidget(self.add_button)
        col.addLayout(add)
        self.status = style.label("", wrap=True)
        self.status.setAccessibleName("Who the executives will be")
        col.addWidget(self.status)
        self.rows: list[PersonRow] = []
        self.combos: dict[str, QComboBox] = {}
        self._added: set[str] = set()
        self._built_for: Batch | None = None

    # ----- building ----------------------------------------------------------------------------

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        state = self.wiz.crm
        if (
            state.batch is not None
            and state.preview is not None
            and state.batch is not self._built_for
        ):
            self._built_for = state.batch
            self._show(people_rows(state.batch, state.preview), state.batch)
        label = "Import" if self.nextId() == self.wiz.crm_import_id else "&Next >"
        self.setButtonText(QWizard.WizardButton.NextButton, label)

    def _show(self, rows: list[PersonRow], batch: Batch) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        self.rows, self.combos, self._added = [], {}, set()
        titled = any(u.title for u in batch.users if not u.system)
        if not titled:
            self.intro.setText(
                "This export gives no job titles, so nobody is taken for an executive. Choose "
                "who the executives are and at what level; the others are sales reps or neither."
            )
        else:
            self.intro.setText(
                "The levels come from the users' job titles (Settings › Executive titles). "
                "Change any that are wrong; nothing here is changed in your CRM."
            )
        for r, head in enumerate(("Person", "Level", "Why")):
            self.grid.addWidget(style.label(head, role="muted", size=style.SMALL_PT), 0, r)
        for row in rows:
            self._add_row(row)
        self._update_status()

    def _add_row(self, row: PersonRow) -> QComboBox:
        r = self.grid.rowCount()
        who = QWidget(self._inner)
        lines = QVBoxLayout(who)
        lines.setContentsMargins(0, 0, 0, 0)
        lines.setSpacing(0)
        name = style.label(row.name)
        name.setFont(style.font(style.BODY_PT, QFont.Weight.DemiBold))
        lines.addWidget(name)
        detail = " · ".join(x for x in (row.title, row.email) if x)
        if detail:
            lines.addWidget(style.label(detail, role="muted", wrap=True, size=style.SMALL_PT))
        self.grid.addWidget(who, r, 0, Qt.AlignmentFlag.AlignTop)
        combo = level_combo(row.name, self._inner)
        combo.setCurrentIndex(combo.findData(row.proposed))
        combo.currentIndexChanged.connect(lambda _i: self._update_status())
        self.grid.addWidget(combo, r, 1, Qt.AlignmentFlag.AlignTop)
        why = style.label(row.because, role="muted", wrap=True)
        self.grid.addWidget(why, r, 2, Qt.AlignmentFlag.AlignTop)
        self.rows.append(row)
        self.combos[row.who] = combo
        return combo

    def add_person(self) -> None:
        """Add the person typed (name or e-mail) at the level chosen beside it."""
        who = self.new_person.text().strip()
        if not who:
            self.new_person.setFocus()
            return
        level = self.new_level.currentData()
        key = fold(who)
        for row in self.rows:
            if key in (fold(row.name), (row.email or "").lower()):
                self.combos[row.who].setCurrentIndex(self.combos[row.who].findData(level))
                self.new_person.clear()
                return
        row = PersonRow(who, who, who if "@" in who else None, None, "", "added by you")
        combo = self._add_row(row)
        combo.setCurrentIndex(combo.findData(level))
        self._added.add(who)
        self.new_person.clear()
        self._update_status()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.new_person
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.add_person()
            return True
        return super().eventFilter(watched, event)

    # ----- what was chosen ---------------------------------------------------------------------

    def chosen(self) -> dict[str, str]:
        """Return every listed person's level as chosen (C, SVP, VP or "")."""
        return {row.who: self.combos[row.who].currentData() for row in self.rows}

    def declared(self) -> dict[str, str]:
        """Return the levels to declare: those changed from the dry run's, and people added."""
        out: dict[str, str] = {}
        for row in self.rows:
            level = self.combos[row.who].currentData()
            if level != row.proposed or row.who in self._added:
                out[row.who] = level or "none"
        return out

    def _update_status(self) -> None:
        chosen = [(r.name, self.combos[r.who].currentData()) for r in self.rows]
        executives = [f"{name} ({LEVEL_WORDS[level]})" for name, level in chosen if level]
        if executives:
            self.status.setStyleSheet("")
            self.status.setText(
                f"{style.plural(len(executives), 'executive')}: {', '.join(executives)}."
            )
        else:
            self.status.setStyleSheet(f"color: {style.tone('amber').name()};")
            self.status.setText(
                "Nobody is an executive yet, so nobody can be suggested for a visit. Choose at "
                "least one here, or import now and say who they are later."
            )

    # ----- QWizardPage -------------------------------------------------------------------------

    def validatePage(self) -> bool:  # noqa: N802
        declared = self.declared()
        try:
            for who, level in declared.items():
                declared_level(who, level)  # the command line's own check
        except FieldVisitError as exc:
            self.status.setStyleSheet(f"color: {style.tone('red').name()};")
            self.status.setText(str(exc).removeprefix("--executives: "))
            return False
        self.wiz.crm.executives = declared
        return True

    def nextId(self) -> int:  # noqa: N802
        preview = self.wiz.crm.preview
        needs_order = (
            preview is not None
            and preview.stage_order_from in ("appended", "probabilities")
            and bool(preview.stages_added)
        )
        return self.wiz.stages_id if needs_order else self.wiz.crm_import_id
