"""The proposed time window: days the executive is already near, else the first free stretch."""

from __future__ import annotations

from datetime import date, timedelta

from fieldvisit.geo import distance_km
from fieldvisit.planning.people import Executive
from fieldvisit.planning.periods import business_days, monday
from fieldvisit.planning.wording import weekday_day
from fieldvisit.settings import Rules


def propose_window(
    e: Executive,
    lat: float | None,
    lon: float | None,
    as_of: date,
    rules: Rules,
    days: list[date] | None = None,
) -> tuple[date, date, str]:
    """Return (first day, last day, why) for a visit by `e` to a place, within the horizon.

    A day when the executive already has a planned visit within the trip radius wins; otherwise
    the first free business day after as_of, stretched over the following free days of that week.
    `days` are the horizon's business days when the caller already has them.
    """
    horizon_end = as_of + timedelta(days=rules.suggestion_horizon_days)
    if lat is not None and lon is not None:
        for stop in e.stops:
            if stop.status != "planned" or stop.lat is None or stop.lon is None:
                continue
            if distance_km(stop.lat, stop.lon, lat, lon) <= rules.trip_radius_km:
                place = stop.city or "the area"
                when = weekday_day(stop.day, as_of)
                return stop.day, stop.day, f"{e.first_name} is already in {place} on {when}"
    if days is None:
        days = business_days(as_of + timedelta(days=1), horizon_end)
    if not days:
        day = as_of + timedelta(days=1)
        return day, day, "No business day in the horizon; the next day"
    busy = e.busy
    free = [d for d in days if d not in busy]
    if not free:
        # Every day is taken: propose the least busy one rather than nothing.
        day = min(days, key=lambda d: (e.load.get(d, 0), d))
        return day, day, f"No free day in {e.first_name}'s plan; the least busy day"
    first = free[0]
    last = first
    free_set = set(free)
    for day in days:
        if (
            day > last
            and monday(day) == monday(first)
            and day in free_set
            and (day - last).days == 1
        ):
            last = day
    skipped = first != days[0]
    span = weekday_day(first, as_of)
    if last != first:
        span += f" – {weekday_day(last, as_of)}"
    why = f"First free {'days' if last != first else 'day'} in {e.first_name}'s plan: {span}"
    return first, last, why if skipped else f"{e.first_name}'s plan is free: {span}"
