"""Which trip each stalled deal near a planned trip goes to: the one owner of the add-on rule.

A stalled strategic deal (not snoozed, no planned executive visit) whose account lies within
`trip_radius_km` of a planned stop of a trip inside the suggestion horizon goes to that trip's
executive: the trip is the cheapest visit. Deals are handed out best score first; a deal near
several trips goes to the nearest one (then the earliest, then the lowest id) that still has room
(`MAX_ADD_ONS` per trip). The suggestion list (`suggest`) and the trips' add-on lists (`trips`)
both read `trip_claims`, so a deal is never offered to two executives.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.geo import distance_km
from fieldvisit.planning.periods import local_day, ts, ts_after
from fieldvisit.planning.signals import Candidate
from fieldvisit.planning.wording import km, weekday_day
from fieldvisit.planning.workdays import WorkingDays
from fieldvisit.settings import Rules
from fieldvisit.store.dialect import dialect_of

MAX_ADD_ONS = 5  # extra stops offered per trip: more would not fit in a trip's days
KM_PER_DEGREE_LAT = 111.0

_STOPS_SQL = """
SELECT t.id, t.external_id, t.executive_id, e.name, e.email,
       v.external_id, v.start, a.name, a.city, a.lat, a.lon, a.tz
FROM trip t
JOIN executive e ON e.id = t.executive_id
JOIN visit v ON v.trip_id = t.id AND v.status = 'planned'
JOIN account a ON a.id = v.account_id
WHERE v.start >= :lo AND v.start < :hi AND a.lat IS NOT NULL AND a.lon IS NOT NULL
ORDER BY t.starts_on, {trip_id}, v.start, {visit_id}
"""


@dataclass(frozen=True)
class TripStop:
    """A planned visit of a trip, inside the suggestion horizon, at a known place."""

    trip_pk: int
    trip_id: str
    executive_pk: int
    executive_name: str
    executive_email: str
    visit_id: str
    day: date  # local day at the customer
    account_name: str
    city: str | None
    lat: float
    lon: float


@dataclass(frozen=True)
class TripClaim:
    """A stalled deal handed to a trip: who goes, on which days, and why."""

    deal_pk: int
    trip_pk: int
    trip_id: str
    executive_pk: int
    executive_email: str
    first_day: date  # the trip's days inside the horizon: the suggestion's window
    last_day: date
    near_visit_id: str
    near_day: date
    distance_km: float
    near_reason: str  # "19 km from Globex (visit V000012 on Tue 23 Jun)"
    reason: str  # the window's reason: "On Valentina's trip to Chicago, Tue 23 – Thu 25 Jun: …"


def horizon_end(as_of: date, rules: Rules) -> date:
    """Return the last day suggestions look at."""
    return as_of + timedelta(days=rules.suggestion_horizon_days)


def trip_stops(conn: Connection, as_of: date, rules: Rules) -> list[TripStop]:
    """Return the planned stops of trips after as_of and up to the horizon's end, trip by trip."""
    last = horizon_end(as_of, rules)
    rows = conn.execute(
        text(
            _STOPS_SQL.format(
                trip_id=dialect_of(conn).bytewise("t.external_id"),
                visit_id=dialect_of(conn).bytewise("v.external_id"),
            )
        ),
        {"lo": ts(as_of), "hi": ts_after(last + timedelta(days=1))},
    )
    found = []
    for (
        trip_pk,
        trip_id,
        exec_pk,
        name,
        email,
        visit_id,
        start,
        account,
        city,
        lat,
        lon,
        tz,
    ) in rows:
        day = local_day(start, tz)
        if as_of < day <= last:
            found.append(
                TripStop(
                    trip_pk, trip_id, exec_pk, name, email, visit_id, day, account, city, lat, lon
                )
            )
    return found


def _first_name(name: str, email: str) -> str:
    return name.split()[0] if name.strip() else email


def _span(first: date, last: date, as_of: date) -> str:
    words = weekday_day(first, as_of)
    return words if first == last else f"{words} – {weekday_day(last, as_of)}"


def _nearest_per_trip(
    stops: Sequence[TripStop], lat: float, lon: float, radius: float
) -> dict[int, tuple[float, TripStop]]:
    """Return trip pk → (distance, stop) for the nearest stop of each trip within the radius."""
    best: dict[int, tuple[float, TripStop]] = {}
    for stop in stops:
        if abs(stop.lat - lat) * KM_PER_DEGREE_LAT > radius:
            continue
        d = distance_km(stop.lat, stop.lon, lat, lon)
        if d <= radius and (stop.trip_pk not in best or d < best[stop.trip_pk][0]):
            best[stop.trip_pk] = (d, stop)
    return best


def _places(conn: Connection, account_pks: set[int]) -> dict[int, tuple[float, float, str | None]]:
    """Return account pk → (lat, lon, country) for the accounts with a place."""
    rows = conn.execute(
        text(
            "SELECT id, lat, lon, country FROM account "
            f"WHERE id IN {dialect_of(conn).ids_in_json('ids')} "
            "AND lat IS NOT NULL AND lon IS NOT NULL"
        ),
        {"ids": json.dumps(sorted(account_pks))},
    )
    return {pk: (lat, lon, country) for pk, lat, lon, country in rows}


def _working_span(
    days: list[date], stop: TripStop, working: WorkingDays, *countries: str | None
) -> tuple[date, date]:
    """Return the first run of consecutive trip days that are working days at the customer and
    at the executive's home (the stop's own day when the trip has none)."""
    usable = sorted(d for d in set(days) if working.is_working(d, *countries))
    if not usable:
        return stop.day, stop.day
    first = last = usable[0]
    while last + timedelta(days=1) in usable:
        last += timedelta(days=1)
    return first, last


def trip_claims(
    conn: Connection,
    as_of: date,
    rules: Rules,
    candidates: Sequence[Candidate],
    stops: Sequence[TripStop] | None = None,
) -> dict[int, TripClaim]:
    """Return deal pk → the trip it goes to, for the candidates (free stalled deals, best first).

    `candidates` must be every stalled strategic deal that is neither snoozed nor planned, in
    score order, so every caller gets the same answer.
    """
    if stops is None:
        stops = trip_stops(conn, as_of, rules)
    if not stops or not candidates:
        return {}
    days: dict[int, list[date]] = defaultdict(list)
    for stop in stops:
        days[stop.trip_pk].append(stop.day)
    places = _places(conn, {c.stall.row.account_pk for c in candidates})
    homes: dict[int, str | None] = {
        pk: country for pk, country in conn.execute(text("SELECT id, home_country FROM executive"))
    }
    working = WorkingDays.from_rules(rules)
    taken: dict[int, int] = defaultdict(int)
    claims: dict[int, TripClaim] = {}
    # The trips near a place, nearest first, once per place (many accounts share a city).
    nearest: dict[tuple[float, float], list[tuple[float, TripStop]]] = {}
    for candidate in candidates:
        place = places.get(candidate.stall.row.account_pk)
        if place is None:
            continue
        order = nearest.get(place[:2])
        if order is None:
            near = _nearest_per_trip(stops, place[0], place[1], rules.trip_radius_km)
            order = nearest[place[:2]] = sorted(
                near.values(), key=lambda n: (n[0], min(days[n[1].trip_pk]), n[1].trip_id)
            )
        choice = next((n for n in order if taken[n[1].trip_pk] < MAX_ADD_ONS), None)
        if choice is None:
            continue
        d, stop = choice
        taken[stop.trip_pk] += 1
        span = _working_span(
            days[stop.trip_pk], stop, working, place[2], homes.get(stop.executive_pk)
        )
        claims[candidate.deal_pk] = _claim(candidate.deal_pk, d, stop, span, as_of)
    return claims


def _claim(
    deal_pk: int, d: float, stop: TripStop, span: tuple[date, date], as_of: date
) -> TripClaim:
    first, last = span
    who = _first_name(stop.executive_name, stop.executive_email)
    near = f"{km(d)} from {stop.account_name} (visit {stop.visit_id} on {weekday_day(stop.day, as_of)})"
    place = stop.city or "the area"
    return TripClaim(
        deal_pk=deal_pk,
        trip_pk=stop.trip_pk,
        trip_id=stop.trip_id,
        executive_pk=stop.executive_pk,
        executive_email=stop.executive_email,
        first_day=first,
        last_day=last,
        near_visit_id=stop.visit_id,
        near_day=stop.day,
        distance_km=round(d, 1),
        near_reason=near,
        reason=f"On {who}'s trip to {place} ({stop.trip_id}), {_span(first, last, as_of)}: {near}",
    )


def claim_for_deal(
    conn: Connection,
    account_pk: int,
    deal_pk: int,
    as_of: date,
    rules: Rules,
    free_candidates: Callable[[], Sequence[Candidate]],
) -> TripClaim | None:
    """Return the trip one deal goes to, or None; `free_candidates` is only called (it reads
    every stalled deal) when the deal's account lies near some trip."""
    stops = trip_stops(conn, as_of, rules)
    if not stops:
        return None
    place = _places(conn, {account_pk}).get(account_pk)
    if place is None or not _nearest_per_trip(stops, place[0], place[1], rules.trip_radius_km):
        return None
    return trip_claims(conn, as_of, rules, free_candidates(), stops).get(deal_pk)
