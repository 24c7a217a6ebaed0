"""Date windows as the product defines them, and their bounds in SQL terms.

A window of N days "ending on the as-of date" is inclusive: [as_of − N + 1, as_of]. Visit starts
are stored as naive UTC text ("2026-06-23 14:00:00.000000"; `store.times` owns that form), so a
day's bounds are compared as text against "YYYY-MM-DD 00:00:00" (a prefix sorts before any time
on that day).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from fieldvisit.store.times import day_end_text as ts_after
from fieldvisit.store.times import day_start_text as ts
from fieldvisit.store.times import stored_utc
from fieldvisit.zones import zone

__all__ = ["stored_utc", "ts", "ts_after"]  # the store's text forms, named as planning reads them


def window_start(as_of: date, days: int) -> date:
    """Return the first day of the inclusive window of `days` days ending on as_of."""
    return as_of - timedelta(days=max(days, 1) - 1)


@lru_cache(maxsize=4096)  # pure, and asked for tens of thousands of times per plan
def month_start(day: date) -> date:
    """Return the first day of the month of `day`."""
    return day.replace(day=1)


@lru_cache(maxsize=4096)  # pure, and asked for tens of thousands of times per plan
def next_month_start(day: date) -> date:
    """Return the first day of the month after `day`."""
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


@lru_cache(maxsize=4096)  # pure, and asked for tens of thousands of times per plan
def monday(day: date) -> date:
    """Return the Monday of the week of `day`."""
    return day - timedelta(days=day.weekday())


def business_days(first: date, last: date) -> list[date]:
    """Return the Monday-to-Friday days from first to last, inclusive."""
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def business_days_between(first: date, last: date) -> int:
    """Return how many business days follow `first` up to and including `last` (Fri → Mon: 1)."""
    if last <= first:
        return 0
    return len(business_days(first + timedelta(days=1), last))


def local_day(start: str, tz: str | None) -> date:
    """Return the calendar day of a stored UTC start in a time zone (UTC when unknown)."""
    return stored_utc(start).astimezone(zone(tz)).date()
