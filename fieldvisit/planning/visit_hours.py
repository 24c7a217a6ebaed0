"""The proposed hour of a visit: business hours at the customer, daytime at the executive's home.

One owner for the default start of a suggested visit, read by the `plan` command and the app's
plan dialog. The hour lies within `Rules.visit_hours_start`..`visit_hours_end` at the customer
(the whole visit), as near 10:00 as it can, and outside the executive's night at home (before
07:00 or after 21:00) unless they are travelling there: on a planned trip near the customer that
day, or so far away that no business hour at the customer is daytime at home (then the visit is
a journey anyway and 10:00 at the customer stands).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.geo import distance_km
from fieldvisit.planning.periods import local_day
from fieldvisit.planning.results import Suggestion
from fieldvisit.settings import Rules
from fieldvisit.zones import zone_or_none as zone

PREFERRED_HOUR = 10
DAY_STARTS = time(7, 0)  # at the executive's home: before this is night
DAY_ENDS = time(21, 0)  # … and after this


def _awake(start: datetime, minutes: int, home: ZoneInfo) -> bool:
    """Return whether a visit from `start` lies wholly in daytime at home."""
    first = start.astimezone(home)
    last = first + timedelta(minutes=minutes)
    return first.date() == last.date() and first.time() >= DAY_STARTS and (last.time() <= DAY_ENDS)


def business_hours(rules: Rules, minutes: int) -> list[int]:
    """Return the start hours whose whole visit fits business hours, nearest 10:00 first."""
    lo, hi = rules.visit_hours_start, rules.visit_hours_end
    last = hi - (minutes + 59) // 60
    hours = list(range(lo, max(last, lo) + 1))
    return sorted(hours, key=lambda h: (abs(h - PREFERRED_HOUR), h))


def proposed_start(
    day: date,
    customer_tz: str | None,
    home_tz: str | None,
    rules: Rules,
    *,
    travelling: bool = False,
    minutes: int | None = None,
) -> datetime:
    """Return the proposed start of a visit on `day` (aware, in the customer's zone).

    Unknown zones fall back to the executive's, then UTC; an unknown home zone has no night.
    """
    length = minutes if minutes is not None else rules.default_visit_minutes
    where = zone(customer_tz) or zone(home_tz) or UTC
    home = zone(home_tz)
    hours = business_hours(rules, length)
    if not travelling and home is not None:
        for hour in hours:
            start = datetime.combine(day, time(hour), tzinfo=where)
            if _awake(start, length, home):
                return start
    # On a trip there, or no business hour is daytime at home: the visit is a journey.
    return datetime.combine(day, time(hours[0]), tzinfo=where)


def on_trip_there(
    conn: Connection, executive_pk: int, account_pk: int, day: date, rules: Rules
) -> bool:
    """Return whether the executive has a planned visit near the account on `day`."""
    here = conn.execute(
        text("SELECT lat, lon FROM account WHERE id = :a"), {"a": account_pk}
    ).one_or_none()
    if here is None or None in tuple(here):
        return False
    rows = conn.execute(
        text(
            "SELECT v.start, a.tz, a.lat, a.lon FROM visit v "
            "JOIN visit_executive ve ON ve.visit_id = v.id JOIN account a ON a.id = v.account_id "
            "WHERE ve.executive_id = :e AND v.status = 'planned' "
            "AND v.start >= :lo AND v.start < :hi AND a.lat IS NOT NULL AND a.lon IS NOT NULL"
        ),
        {
            "e": executive_pk,
            "lo": f"{(day - timedelta(days=1)).isoformat()} 00:00:00",
            "hi": f"{(day + timedelta(days=2)).isoformat()} 00:00:00",
        },
    )
    return any(
        local_day(start, tz) == day
        and distance_km(lat, lon, here[0], here[1]) <= rules.trip_radius_km
        for start, tz, lat, lon in rows
    )


def suggestion_start(conn: Connection, suggestion: Suggestion, rules: Rules) -> datetime:
    """Return the default start of a visit for a suggestion: its window's first day, at the
    hour `proposed_start` gives (the plan command and the plan dialog both take it)."""
    tzs = conn.execute(
        text(
            "SELECT (SELECT tz FROM account WHERE id = :a), (SELECT tz FROM executive WHERE id = :e)"
        ),
        {"a": suggestion.deal.account_pk, "e": suggestion.executive.executive_pk},
    ).one()
    day = suggestion.window_start
    travelling = on_trip_there(
        conn, suggestion.executive.executive_pk, suggestion.deal.account_pk, day, rules
    )
    return proposed_start(day, tzs[0], tzs[1], rules, travelling=travelling)
