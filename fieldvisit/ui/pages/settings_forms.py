"""The Settings page's building blocks: every rule declared once with its words, and the editors.

`FIELD_GROUPS` names each plain `Rules` field with a label, a unit and a sentence of help; the
lists (pipeline, friction categories), per-stage limits, signal weights and executive targets have
editors of their own below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)
from sqlalchemy.engine import Connection

from fieldvisit.planning.visit_days import VISIT_DAY_KEYS
from fieldvisit.settings import Rules, looks_closed

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


@dataclass(frozen=True)
class FieldSpec:
    """One plain rule: its key in `Rules`, how it reads, and the control that edits it."""

    key: str
    label: str
    kind: str  # int, float, money, text, bool
    low: float = 0
    high: float = 0
    suffix: str = ""
    help: str = ""


STALL_FIELDS = (
    FieldSpec(
        "strategic_amount",
        "A deal is strategic from",
        "money",
        0,
        1e10,
        help="Deals of at least this amount count as strategic, as do deals flagged strategic "
        "and every deal of a strategic account.",
    ),
    FieldSpec(
        "stage_limit_default_days",
        "Too long in a stage after",
        "int",
        1,
        730,
        " days",
        "Used for a stage without a limit of its own and with too little history to learn one.",
    ),
    FieldSpec(
        "stage_limit_factor",
        "Learned limit",
        "float",
        1,
        10,
        " × the usual days",
        "A stage's learned limit is this many times the median days past deals spent in it.",
    ),
    FieldSpec(
        "stage_limit_min_samples",
        "Learn a stage's limit from at least",
        "int",
        1,
        10_000,
        " past deals",
    ),
    FieldSpec(
        "idle_days",
        "Idle after",
        "int",
        1,
        365,
        " days without activity",
        "A call, e-mail, meeting or visit on the deal resets it.",
    ),
    FieldSpec(
        "close_pushes",
        "Close date slipping after",
        "int",
        1,
        20,
        " pushes",
        "A close date in the past on an open deal also counts.",
    ),
    FieldSpec(
        "single_threaded_days",
        "Single-threaded: at most one contact engaged in",
        "int",
        7,
        730,
        " days",
    ),
    FieldSpec(
        "no_decision_maker_days",
        "No decision maker met in",
        "int",
        7,
        730,
        " days",
    ),
    FieldSpec("no_exec_touch_days", "No executive visit in", "int", 7, 730, " days"),
    FieldSpec(
        "impact_window_days",
        "Impact: a deal moved if it advanced within",
        "int",
        7,
        365,
        " days",
    ),
)

CHOICE_FIELDS = (
    FieldSpec("weight_continuity", "Has met the account before", "float", 0, 100, " points"),
    FieldSpec(
        "weight_seniority",
        "Seniority matches the customer's top person",
        "float",
        0,
        100,
        " points",
    ),
    FieldSpec("weight_proximity", "Close to the account", "float", 0, 100, " points"),
    FieldSpec("weight_capacity", "Has room under their visit target", "float", 0, 100, " points"),
    FieldSpec(
        "suggestion_horizon_days",
        "Propose a visit within the next",
        "int",
        1,
        120,
        " days",
    ),
    FieldSpec(
        "trip_radius_km",
        "Visits form a trip when within",
        "float",
        1,
        5000,
        " km",
        "Planned visits of one executive this close in place and time are grouped as a trip.",
    ),
    FieldSpec("trip_gap_days", "… and at most", "int", 0, 30, " days apart"),
    FieldSpec("default_visit_minutes", "A visit lasts", "int", 15, 600, " minutes"),
)

TARGET_FIELDS = (
    FieldSpec(
        "default_monthly_visit_target",
        "Customer visits per month, by default",
        "int",
        0,
        100,
        " visits",
        "Used for executives without a target of their own (set below).",
    ),
)

ORGANIZER_FIELDS = (
    FieldSpec(
        "organizer_name",
        "Organizer's name",
        "text",
        help="Optional: who sends invites for the visit's executive (e.g. a chief of staff). "
        "The executive is the organizer; this sender is shown as sending on their behalf.",
    ),
    FieldSpec("organizer_email", "Organizer's e-mail", "text"),
    FieldSpec(
        "company_name", "Our company", "text", help="Shown to customers in external invites."
    ),
)

CALENDAR_FIELDS = (
    FieldSpec("caldav_url", "CalDAV calendar address", "text"),
    FieldSpec("caldav_username", "User name", "text"),
)

EMAIL_FIELDS = (
    FieldSpec("smtp_host", "SMTP server", "text"),
    FieldSpec("smtp_port", "Port", "int", 1, 65535),
    FieldSpec("smtp_username", "User name", "text"),
    FieldSpec("smtp_starttls", "Encrypt with STARTTLS", "bool"),
)

SIGNAL_WORDS = {
    "stage_age": "Too long in a stage",
    "idle": "Idle",
    "close_slipped": "Close date slipping",
    "single_threaded": "Single-threaded",
    "no_decision_maker": "No decision maker met",
    "no_exec_touch": "No executive visit",
}

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
ALL_FIELD_SPECS = (
    STALL_FIELDS + CHOICE_FIELDS + TARGET_FIELDS + ORGANIZER_FIELDS + CALENDAR_FIELDS + EMAIL_FIELDS
)


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


def pipeline_problems(pipeline: list[str]) -> list[str]:
    """Return what is wrong with a pipeline order, in plain words (nothing: it can be saved)."""
    found = []
    if len(pipeline) < 2:
        found.append("The pipeline needs at least two stages.")
    if len({s.casefold() for s in pipeline}) != len(pipeline):
        found.append("Two pipeline stages have the same name.")
    closed = next((s for s in pipeline if looks_closed(s)), None)
    if closed is not None:
        late = [s for s in pipeline[pipeline.index(closed) :] if not looks_closed(s)]
        if late:
            found.append(f"Won and lost stages come last: move {late[0]!r} above {closed!r}.")
    return found
