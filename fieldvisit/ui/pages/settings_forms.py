"""The Settings page's building blocks: the controls and editors for the rules.

Each plain `Rules` field's label, unit, range and help is declared in the core
(`fieldvisit.rule_fields`, which also checks values for the page and the commands); the
lists (pipeline, friction categories), per-stage limits, signal weights and executive targets have
editors of their own below.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import Connection

from fieldvisit.planning.visit_days import VISIT_DAY_KEYS

# Each plain rule's words and range, and the checks, live in the core (re-exported here).
from fieldvisit.rule_fields import ALL_FIELD_SPECS as ALL_FIELD_SPECS
from fieldvisit.rule_fields import CALENDAR_FIELDS as CALENDAR_FIELDS
from fieldvisit.rule_fields import CHOICE_FIELDS as CHOICE_FIELDS
from fieldvisit.rule_fields import EMAIL_FIELDS as EMAIL_FIELDS
from fieldvisit.rule_fields import ORGANIZER_FIELDS as ORGANIZER_FIELDS
from fieldvisit.rule_fields import STALL_FIELDS as STALL_FIELDS
from fieldvisit.rule_fields import TARGET_FIELDS as TARGET_FIELDS
from fieldvisit.rule_fields import FieldSpec
from fieldvisit.rule_fields import pipeline_problems as pipeline_problems
from fieldvisit.settings import Rules, looks_closed
from fieldvisit.ui import style

Index = QModelIndex | QPersistentModelIndex
LEARN = "Learn from history"
PIPELINE_INTRO = (
    "Stages in order, earliest first: a deal that enters a later stage has advanced, so signals "
    "and Impact follow this order. Won and lost stages come last. Move a stage with Alt+Up and "
    "Alt+Down."
)
TITLES_INTRO = (
    "How a CRM import tells executives from job titles: the first words found in a title give "
    "its level, so exceptions (Account Executive) come first. Words match whole; ending them "
    "with * matches the start of a word (Geschäftsführer*)."
)
_ROOT = QModelIndex()


class RuleSection(Protocol):
    """A Settings section that shows, edits and checks rules of its own (visit days, cadence,
    money); the page loads, gathers and checks every such section the same way."""

    def show_rules(self, rules: Rules, conn: Connection) -> None: ...

    def edited(self) -> dict[str, Any]: ...

    def problem(self) -> str | None: ...


def section_layout(section: QWidget, intro: str) -> tuple[QVBoxLayout, QFormLayout]:
    """Lay out a RuleSection: its intro in muted words, then a form (added, to fill) whose labels
    stand right-aligned beside fields kept at their natural width."""
    col = QVBoxLayout(section)
    col.setSpacing(style.SPACE_L)
    col.addWidget(style.label(intro, role="muted", wrap=True))
    form = QFormLayout()
    form.setHorizontalSpacing(style.SPACE_L)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    col.addLayout(form)
    return col, form


# Rules edited by dedicated editors rather than FieldSpecs.
SPECIAL_KEYS = frozenset(
    {
        "pipeline",
        "executive_titles",
        "friction_categories",
        "stage_limits",
        "signal_weights",
        "currency",
        "currency_rates",
        "cadence_days",
        *VISIT_DAY_KEYS,  # Settings › Visit days (settings_visit_days)
    }
)


HELP_MAX_PX = 520


class HelpText(QLabel):
    """A rule's help under its field: one line when it fits (never squeezed into a column as
    narrow as the field), wrapped at the field column's width when it does not, and as tall as
    its lines at the width the form gives it (it was cut at the top and bottom)."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(text, parent)
        self._given = 0  # the width the form last gave it (0: not laid out yet)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFont(style.font(style.SMALL_PT))
        self.setProperty("role", "muted")
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        one_line = self.fontMetrics().horizontalAdvance(self.text()) + 4
        width = min(one_line, HELP_MAX_PX)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # As tall as its lines at the width it was given (a form asks for the minimum height,
        # not the height for the width it gives); it may be made as narrow as 160 px.
        wanted = self.sizeHint().width()
        return QSize(min(wanted, 160), self.heightForWidth(self._given or wanted))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        width = event.size().width()
        if width != self._given:
            before = self.minimumSizeHint().height()
            self._given = width
            if self.minimumSizeHint().height() != before:
                self.updateGeometry()  # more or fewer lines at this width: lay out again


def add_help(form: QFormLayout, text: str) -> QLabel:
    """Put a rule's help, in muted words, under the field just added to `form` (in the field
    column only: an empty label beside it made the row taller than its words)."""
    hint = HelpText(text)
    form.setWidget(form.rowCount(), QFormLayout.ItemRole.FieldRole, hint)
    return hint


def make_control(spec: FieldSpec, parent: QWidget) -> QWidget:
    """Return the control that edits one rule, with its accessible name set."""
    control: QWidget
    if spec.kind == "int":
        spin = QSpinBox(parent)
        spin.setRange(int(spec.low), int(spec.high))
        spin.setSuffix(spec.suffix)
        control = spin
    elif spec.kind in ("float", "money"):
        dbl = QDoubleSpinBox(parent)
        dbl.setRange(spec.low, spec.high)
        if spec.kind == "money":
            dbl.setDecimals(0)
            dbl.setSingleStep(10_000)
            dbl.setGroupSeparatorShown(True)
            dbl.setPrefix("$ ")
        else:
            dbl.setDecimals(1)
            dbl.setSingleStep(0.5)
            dbl.setSuffix(spec.suffix)
        control = dbl
    elif spec.kind == "bool":
        control = QCheckBox(spec.label, parent)
    else:
        control = QLineEdit(parent)
    control.setAccessibleName(spec.label.replace("…", "").strip())
    if spec.help:
        control.setToolTip(spec.help)
    control.setMinimumWidth(300 if spec.kind == "text" else 200)
    return control


def control_value(control: QWidget) -> Any:
    """Return what a control made by `make_control` holds."""
    if isinstance(control, QSpinBox):
        return control.value()
    if isinstance(control, QDoubleSpinBox):
        return float(control.value())
    if isinstance(control, QCheckBox):
        return control.isChecked()
    if isinstance(control, QLineEdit):
        return control.text().strip()
    raise TypeError(f"not a settings control: {control!r}")


def set_control_value(control: QWidget, value: Any) -> None:
    """Show a rule's value in its control."""
    if isinstance(control, QSpinBox):
        control.setValue(int(value))
    elif isinstance(control, QDoubleSpinBox):
        control.setValue(float(value))
    elif isinstance(control, QCheckBox):
        control.setChecked(bool(value))
    elif isinstance(control, QLineEdit):
        control.setText(str(value))


def fill_stage_limits(form: QFormLayout, rules: Rules, parent: QWidget) -> dict[str, QSpinBox]:
    """Show one "too long in this stage" limit per open stage in `form`; return the controls."""
    while form.rowCount():
        form.removeRow(0)
    controls: dict[str, QSpinBox] = {}
    for stage in rules.pipeline:
        if looks_closed(stage):
            continue
        spin = QSpinBox(parent)
        spin.setRange(0, 730)
        spin.setSpecialValueText(LEARN)
        spin.setSuffix(" days")
        spin.setValue(int(rules.stage_limits.get(stage, 0)))
        spin.setAccessibleName(f"Limit for the stage {stage}")
        spin.setMinimumWidth(180)
        controls[stage] = spin
        form.addRow(stage, spin)
    return controls
