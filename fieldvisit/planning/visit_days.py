"""The visit-day rules as a user edits them: company closures, business hours, notice, weekly cap.

One owner for their labels, ranges and checks, read by Settings › Visit days and the
`visit-days` command. The rules themselves are applied by `planning.workdays` (which days),
`planning.visit_hours` (which hour) and `planning.window` (notice and fair load).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fieldvisit.errors import FieldVisitError
from fieldvisit.settings import Rules


@dataclass(frozen=True)
class DaySetting:
    """One number of the visit-day rules: its label, range and unit."""

    key: str
    label: str
    low: int
    high: int
    suffix: str
    help: str = ""


VISIT_DAY_SETTINGS = (
    DaySetting("visit_hours_start", "Visits start from", 0, 23, ":00", "At the customer."),
    DaySetting("visit_hours_end", "Visits end by", 1, 24, ":00"),
    DaySetting(
        "lead_days_near",
        "Notice for a nearby customer",
        0,
        60,
        " working days",
        "Days between today and a proposed visit, unless the executive is already there.",
    ),
    DaySetting("lead_near_km", "Nearby means within", 0, 20_000, " km", "Of the executive's home."),
    DaySetting("lead_days_mid", "Notice for a farther customer", 0, 60, " working days"),
    DaySetting("lead_mid_km", "Farther means within", 0, 20_000, " km"),
    DaySetting("lead_days_far", "Notice beyond that", 0, 60, " working days"),
    DaySetting(
        "weekly_visit_max",
        "Visits per executive per week",
        1,
        20,
        " at most",
        "More only when they are all in one place (a trip).",
    ),
)
VISIT_DAY_KEYS = ("company_closures", *(s.key for s in VISIT_DAY_SETTINGS))


def visit_day_values(rules: Rules) -> dict[str, Any]:
    """Return the visit-day rules of a workspace, by key."""
    return {key: getattr(rules, key) for key in VISIT_DAY_KEYS}


def check_closures(days: list[str | date]) -> list[str]:
    """Return company closures as sorted, distinct ISO dates; raise naming a day that is none."""
    found: set[str] = set()
    for day in days:
        if isinstance(day, date):
            found.add(day.isoformat())
            continue
        try:
            found.add(date.fromisoformat(str(day).strip()).isoformat())
        except ValueError:
            raise FieldVisitError(
                f"The company closure {day!r} is not a date; write it as YYYY-MM-DD."
            ) from None
    return sorted(found)


def check_visit_days(values: dict[str, Any]) -> dict[str, Any]:
    """Return the visit-day rules cleaned up, or raise FieldVisitError naming what is wrong.

    `values` holds every key of VISIT_DAY_KEYS (the stored rules with the edits on top).
    """
    out: dict[str, Any] = {"company_closures": check_closures(values["company_closures"])}
    for spec in VISIT_DAY_SETTINGS:
        value = values[spec.key]
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise FieldVisitError(f"{spec.label} should be a whole number; got {value!r}.")
        if not spec.low <= value <= spec.high:
            raise FieldVisitError(
                f"{spec.label} should be from {spec.low} to {spec.high}; got {value:g}."
            )
        out[spec.key] = float(value) if spec.key.endswith("_km") else int(value)
    if out["visit_hours_end"] <= out["visit_hours_start"]:
        raise FieldVisitError(
            f"Visits should end after they start: {out['visit_hours_start']}:00 to "
            f"{out['visit_hours_end']}:00 leaves no business hours."
        )
    if out["lead_mid_km"] < out["lead_near_km"]:
        raise FieldVisitError(
            f"A farther customer ({out['lead_mid_km']:g} km) cannot be nearer than a nearby one "
            f"({out['lead_near_km']:g} km)."
        )
    return out
