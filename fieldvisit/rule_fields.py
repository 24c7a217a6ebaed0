"""Every plain workspace rule's words and range, and the one check of rule values.

`Rules` (`fieldvisit.settings`) holds each rule's default; this module declares how each plain
rule reads (label, unit, help) and which values it takes. The Settings page builds its controls
from these specs, and `settings.save_rules` refuses what `rule_problems` finds, so the page and
every settings command (`invite-settings`, `pipeline`, `visit-days`, …) check values alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fieldvisit.emails import is_email


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
        "Stuck in stage after",
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
        "No recent activity after",
        "int",
        1,
        365,
        " days",
        "A call, e-mail, meeting or visit on the deal resets it.",
    ),
    FieldSpec(
        "close_pushes",
        "Close date slipped after",
        "int",
        1,
        20,
        " pushes",
        "A close date in the past on an open deal also counts.",
    ),
    FieldSpec(
        "single_threaded_days",
        "One contact only: at most one engaged in",
        "int",
        7,
        730,
        " days",
    ),
    FieldSpec(
        "no_decision_maker_days",
        "No decision maker engaged in",
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

ALL_FIELD_SPECS = (
    STALL_FIELDS + CHOICE_FIELDS + TARGET_FIELDS + ORGANIZER_FIELDS + CALENDAR_FIELDS + EMAIL_FIELDS
)
SPECS = {spec.key: spec for spec in ALL_FIELD_SPECS}


def _number_words(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def rule_problems(changes: Mapping[str, Any]) -> list[str]:
    """Return what keeps these rule values from being saved, in plain words (nothing: fine)."""
    found = []
    for key, value in changes.items():
        spec = SPECS.get(key)
        if spec is not None and spec.kind in ("int", "float", "money"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                found.append(f"{spec.label} needs a number, not {value!r}.")
            elif not spec.low <= value <= spec.high:
                found.append(
                    f"{spec.label.rstrip('… ')}: {_number_words(value)} is outside "
                    f"{_number_words(spec.low)} to {_number_words(spec.high)}{spec.suffix}."
                )
    email = changes.get("organizer_email")
    if isinstance(email, str) and email.strip() and not is_email(email):
        found.append(f"The organizer's e-mail “{email.strip()}” is not an e-mail address.")
    friction = changes.get("friction_categories")
    if isinstance(friction, list) and len({str(s).casefold() for s in friction}) != len(friction):
        found.append("Two friction categories have the same name.")
    return found


def pipeline_problems(pipeline: list[str]) -> list[str]:
    """Return what is wrong with a pipeline order, in plain words (nothing: it can be saved)."""
    from fieldvisit.settings import looks_closed  # settings reads this module when it saves

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
