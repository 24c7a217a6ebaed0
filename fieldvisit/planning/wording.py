"""Plain words for numbers and dates in reasons ("12 Mar", "Tue 23 Jun", "2.3×", "1,240 km")."""

from __future__ import annotations

import math
from datetime import date, datetime


def day_month(day: date, as_of: date) -> str:
    """Return "12 Mar", with the year only when it differs from the as-of year."""
    text = f"{day.day} {day.strftime('%b')}"
    return text if day.year == as_of.year else f"{text} {day.year}"


def weekday_day(day: date, as_of: date) -> str:
    """Return "Tue 23 Jun" (year added when it differs from the as-of year)."""
    return f"{day.strftime('%a')} {day_month(day, as_of)}"


def month_name(day: date, as_of: date) -> str:
    """Return "March", or "March 2025" when not in the as-of year."""
    text = day.strftime("%B")
    return text if day.year == as_of.year else f"{text} {day.year}"


def times(ratio: float) -> str:
    """Return a ratio rounded down to one decimal ("2.3×"): never overstates a stall."""
    return f"{math.floor(ratio * 10) / 10:.1f}×"


def count(n: int, one: str, many: str | None = None) -> str:
    """Return "1 visit" / "3 visits"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def km(distance: float) -> str:
    """Return a distance in whole kilometres with a thousands separator."""
    return f"{round(distance):,} km"


def number(value: float) -> str:
    """Return 20 for 20.0 and 22.5 for 22.5 (days, limits)."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def to_date(value: object) -> date | None:
    """Return a date from what SQLite hands back for a date or datetime column (text or None)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
