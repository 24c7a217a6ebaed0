"""Plain words for numbers and dates in reasons ("12 Mar", "Tue 23 Jun", "2.3×", "1,240 km")."""

from __future__ import annotations

import math
from datetime import date
from functools import cache


@cache
def _name(fmt: str, n: int) -> str:
    """Return a month's ("%b", "%B": n = 1–12) or weekday's ("%a": n = 0–6, Monday first) name.

    Kept per number: `strftime` is slow, and suggestions put days in words many thousand times.
    """
    day = date(2001, n, 1) if fmt != "%a" else date(2001, 1, 1 + n)  # 1 Jan 2001 was a Monday
    return day.strftime(fmt)


def day_month(day: date, as_of: date) -> str:
    """Return "12 Mar", with the year only when it differs from the as-of year."""
    text = f"{day.day} {_name('%b', day.month)}"
    return text if day.year == as_of.year else f"{text} {day.year}"


def weekday_day(day: date, as_of: date) -> str:
    """Return "Tue 23 Jun" (year added when it differs from the as-of year)."""
    return f"{_name('%a', day.weekday())} {day_month(day, as_of)}"


def month_name(day: date, as_of: date) -> str:
    """Return "March", or "March 2025" when not in the as-of year."""
    text = _name("%B", day.month)
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


_NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
)  # fmt: skip


def number_word(n: int) -> str:
    """Return "three" for 3 (digits from 13 on, where words read slower than figures)."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def how_often(n: int) -> str:
    """Return "once", "twice", "three times"."""
    return {1: "once", 2: "twice"}.get(n, f"{number_word(n)} times")


def multiple(ratio: float) -> str:
    """Return a ratio in words: "twice", "three times", "almost four times", "more than twice".

    Returns "" below 1.4 (say "longer than" instead) and "one and a half times" up to 1.75.
    """
    if ratio < 1.4:
        return ""
    if ratio < 1.75:
        return "one and a half times"
    n = round(ratio)
    words = "twice" if n == 2 else f"{number_word(n)} times"
    if abs(ratio - n) < 0.15:
        return words
    return f"almost {words}" if ratio < n else f"more than {words}"


def month_day(day: date, as_of: date) -> str:
    """Return "3 March" for a recent day, "March" for one over six weeks back (year if not as-of's)."""
    if abs((as_of - day).days) > 42:
        return month_name(day, as_of)
    text = f"{day.day} {_name('%B', day.month)}"
    return text if day.year == as_of.year else f"{text} {day.year}"


def period(days: float) -> str:
    """Return a span of days in words: "the last three months", "the last two weeks"."""
    n = round(days)
    for size, unit in ((365, "year"), (30, "month"), (7, "week")):
        if n >= size and n % size == 0:
            k = n // size
            return f"the last {unit}" if k == 1 else f"the last {number_word(k)} {unit}s"
    return f"the last {n} days"


def short_deal_name(account: str, deal: str) -> str:
    """Return a deal's name without a leading copy of its account's name.

    CRMs often name deals "Globex - Plant rollout"; next to the account's name the
    "Globex - " adds nothing.
    """
    head, sep, tail = deal.partition(" - ")
    if sep and tail and account.lower().startswith(head.lower().strip()):
        return tail
    return deal
