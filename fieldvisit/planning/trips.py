"""Trips: an executive's planned visits close in place and time, and add-on deals near them.

A trip is two or more planned visits of one executive (a video call on the road belongs too), each
within `trip_gap_days` business days of the previous one (a weekend does not end a trip) and within
`trip_radius_km` of the trip's first visit. `refresh_trips` stores them
in the `trip` table (ids like T0001, kept stable when a trip only changes) and sets
`visit.trip_id`; `trips` reads them back with add-ons: stalled strategic deals nearby that
`planning.add_ons` hands to the trip.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.geo import distance_km
from fieldvisit.planning.add_ons import MAX_ADD_ONS, TripClaim, TripStop, trip_claims, trip_stops
from fieldvisit.planning.periods import business_days_between, local_day, stored_utc, ts
from fieldvisit.planning.results import AddOn, TripPlan, TripVisit
from fieldvisit.planning.signals import Candidate, stalled_candidates
from fieldvisit.planning.suggest import held_deal_pks
from fieldvisit.settings import Rules
from fieldvisit.store.dialect import dialect_of
from fieldvisit.store.driver_rows import fetch_rows

_CANDIDATES_SQL = """
SELECT v.id, ve.executive_id, v.start, v.trip_id, a.lat, a.lon, a.city, a.tz
FROM visit v
JOIN visit_executive ve ON ve.visit_id = v.id
JOIN executive e ON e.id = ve.executive_id
JOIN account a ON a.id = v.account_id
WHERE v.status = 'planned' AND v.start >= :lo {only}
ORDER BY {email}, v.start, {visit_id}
"""


@dataclass(frozen=True)
class _Stop:
    visit_pk: int
    day: date
    trip_pk: int | None
    lat: float | None
    lon: float | None
    city: str | None


def _cluster(stops: list[_Stop], rules: Rules) -> list[list[_Stop]]:
    """Return groups of two or more stops close in time (chained) and place (to the first).

    Stops come in time order; each joins the earliest open group it fits, so a day trip
    elsewhere in the middle of a trip does not split it.
    """
    groups: list[list[_Stop]] = []
    for stop in stops:
        home = next((g for g in groups if _joins(g, stop, rules)), None)
        if home is None:
            groups.append([stop])
        else:
            home.append(stop)
    return [g for g in groups if len(g) >= 2]


def _joins(current: list[_Stop], stop: _Stop, rules: Rules) -> bool:
    anchor, last = current[0], current[-1]
    if business_days_between(last.day, stop.day) > rules.trip_gap_days:
        return False
    if None in (anchor.lat, anchor.lon, stop.lat, stop.lon):
        return False
    d = distance_km(anchor.lat, anchor.lon, stop.lat, stop.lon)  # type: ignore[arg-type]
    return d <= rules.trip_radius_km


def _trip_name(city: str | None, first: date, last: date) -> str:
    place = city or "Trip"
    if first.month == last.month:
        return f"{place}, {first:%b} {first.day}-{last.day}"
    return f"{place}, {first:%b} {first.day} - {last:%b} {last.day}"


def _next_number(conn: Connection) -> int:
    numbers = [
        int(ext[1:])
        for (ext,) in conn.execute(text("SELECT external_id FROM trip WHERE external_id LIKE 'T%'"))
        if ext[1:].isdigit()
    ]
    return max(numbers, default=0) + 1


def refresh_trips(
    conn: Connection, as_of: date, rules: Rules, executive_pks: list[int] | None = None
) -> int:
    """Regroup planned visits from as_of on into trips (stored in `trip`); return how many.

    Only the given executives' visits are regrouped when `executive_pks` is set. Trips left
    without any visit are deleted.
    """
    only = ""
    params: dict[str, object] = {"lo": ts(as_of)}
    if executive_pks is not None:
        only = f"AND ve.executive_id IN {dialect_of(conn).ids_in_json('execs')}"
        params["execs"] = json.dumps(sorted(executive_pks))
    by_exec: dict[int, list[_Stop]] = defaultdict(list)
    for visit_pk, exec_pk, start, trip_pk, lat, lon, city, tz in conn.execute(
        text(
            _CANDIDATES_SQL.format(
                only=only,
                email=dialect_of(conn).bytewise("e.email"),
                visit_id=dialect_of(conn).bytewise("v.external_id"),
            )
        ),
        params,
    ):
        by_exec[exec_pk].append(_Stop(visit_pk, local_day(start, tz), trip_pk, lat, lon, city))
    assigned: dict[int, int] = {}  # visit pk → trip pk
    touched = {s.visit_pk: s.trip_pk for stops in by_exec.values() for s in stops}
    trip_owner: dict[int, int] = {
        pk: exec_pk for pk, exec_pk in conn.execute(text("SELECT id, executive_id FROM trip"))
    }
    reused: set[int] = set()
    number = _next_number(conn)
    formed = 0
    for exec_pk in sorted(by_exec, key=lambda pk: by_exec[pk][0].visit_pk):
        for group in _cluster(by_exec[exec_pk], rules):
            if any(s.visit_pk in assigned for s in group):
                continue  # a shared visit already travels with another executive's trip
            votes = Counter(
                s.trip_pk for s in group if s.trip_pk and trip_owner.get(s.trip_pk) == exec_pk
            )
            trip_pk = next((pk for pk, _ in votes.most_common() if pk not in reused), None)
            city = Counter(s.city for s in group if s.city).most_common(1)
            name = _trip_name(city[0][0] if city else None, group[0].day, group[-1].day)
            values = {"e": exec_pk, "n": name, "s": group[0].day, "t": group[-1].day}
            if trip_pk is None:
                trip_pk = conn.execute(
                    text(
                        "INSERT INTO trip (external_id, executive_id, name, starts_on, ends_on) "
                        "VALUES (:x, :e, :n, :s, :t) RETURNING id"
                    ),
                    values | {"x": f"T{number:04d}"},
                ).scalar_one()
                number += 1
            else:
                conn.execute(
                    text(
                        "UPDATE trip SET executive_id = :e, name = :n, starts_on = :s, "
                        "ends_on = :t WHERE id = :id"
                    ),
                    values | {"id": trip_pk},
                )
            reused.add(trip_pk)
            formed += 1
            for s in group:
                assigned[s.visit_pk] = trip_pk
    for visit_pk, old in touched.items():
        new = assigned.get(visit_pk)
        if new != old:
            conn.execute(
                text("UPDATE visit SET trip_id = :t WHERE id = :v"), {"t": new, "v": visit_pk}
            )
    conn.execute(
        text(
            "DELETE FROM trip WHERE id NOT IN (SELECT trip_id FROM visit WHERE trip_id IS NOT NULL)"
        )
    )
    return formed


_TRIPS_SQL = """
SELECT t.id, t.external_id, t.starts_on, t.ends_on, e.id, e.email, e.name,
       v.id, v.external_id, v.start, a.external_id, a.name, a.city, a.lat, a.lon,
       d.external_id, d.id
FROM trip t
JOIN executive e ON e.id = t.executive_id
JOIN visit v ON v.trip_id = t.id AND v.status = 'planned'
JOIN account a ON a.id = v.account_id
LEFT JOIN deal d ON d.id = v.deal_id
WHERE t.ends_on >= :as_of
ORDER BY t.starts_on, {trip_id}, v.start, {visit_id}
"""


@dataclass(frozen=True)
class _Row:
    """One visit of a trip, with its trip's and executive's columns."""

    trip_pk: int
    trip_id: str
    starts_on: str
    ends_on: str
    exec_pk: int
    exec_email: str
    exec_name: str
    visit_pk: int
    visit_id: str
    start: str
    account_id: str
    account_name: str
    city: str | None
    lat: float | None
    lon: float | None
    deal_id: str | None
    deal_pk: int | None

    def visit(self) -> TripVisit:
        return TripVisit(
            self.visit_pk,
            self.visit_id,
            self.account_id,
            self.account_name,
            self.deal_id,
            stored_utc(self.start),
            self.city,
        )


def trips(
    conn: Connection, as_of: date, rules: Rules, *, with_add_ons: bool = True
) -> list[TripPlan]:
    """Return trips with planned visits ending on or after as_of, each with its add-on deals.

    Add-ons are the stalled strategic deals (not snoozed, no planned executive visit) that
    `planning.add_ons.trip_claims` hands to the trip: the same answer the suggestions give.
    Without `with_add_ons` the trips come bare (no deal is scored: a few milliseconds), for a
    screen that shows them first and their add-ons (`trip_add_ons`) when those are worked out.
    """
    grouped: dict[int, list[_Row]] = defaultdict(list)
    d = dialect_of(conn)
    sql = _TRIPS_SQL.format(
        trip_id=d.bytewise("t.external_id"), visit_id=d.bytewise("v.external_id")
    )
    for row in fetch_rows(conn, sql, {"as_of": as_of.isoformat()}):
        grouped[row[0]].append(_Row(*row))
    if not grouped:
        return []
    add_ons = trip_add_ons(conn, as_of, rules) if with_add_ons else {}
    plans = []
    for trip_rows in grouped.values():
        first = trip_rows[0]
        cities = Counter(r.city for r in trip_rows if r.city).most_common(1)
        plans.append(
            TripPlan(
                trip_pk=first.trip_pk,
                trip_id=first.trip_id,
                executive_pk=first.exec_pk,
                executive_email=first.exec_email,
                executive_name=first.exec_name,
                city=cities[0][0] if cities else None,
                starts_on=date.fromisoformat(first.starts_on),
                ends_on=date.fromisoformat(first.ends_on),
                visits=tuple(r.visit() for r in trip_rows),
                add_ons=tuple(add_ons.get(first.trip_pk, ())),
            )
        )
    return plans


def trip_add_ons(conn: Connection, as_of: date, rules: Rules) -> dict[int, list[AddOn]]:
    """Return trip pk → its add-on deals, best deal first (see `planning.add_ons`).

    No trip inside the suggestion horizon: nothing to hand out, and no deal is scored.
    """
    stops = trip_stops(conn, as_of, rules)
    if not stops:
        return {}
    held = held_deal_pks(conn, as_of)
    free = [c for c in stalled_candidates(conn, as_of, rules) if c.deal_pk not in held]
    claims = _claims_until_full(conn, as_of, rules, free, stops)
    found: dict[int, list[AddOn]] = defaultdict(list)
    for candidate in free:
        claim = claims.get(candidate.deal_pk)
        if claim is None:
            continue
        found[claim.trip_pk].append(
            AddOn(
                candidate.build(),
                claim.distance_km,
                claim.near_visit_id,
                claim.near_reason,
                claim.first_day,
                claim.last_day,
            )
        )
    return found


def _claims_until_full(
    conn: Connection,
    as_of: date,
    rules: Rules,
    free: Sequence[Candidate],
    stops: Sequence[TripStop],
) -> dict[int, TripClaim]:
    """Return `trip_claims` of the free deals, looking only at as many of the best as it takes.

    Deals are handed out best first, so the claims of the best n are those of the whole list
    among them; once every trip holds MAX_ADD_ONS, no deal further down can get one. On the
    large demo every trip is full after about a fifth of the deals.
    """
    trips_near = {s.trip_pk for s in stops}
    n = 8 * MAX_ADD_ONS * len(trips_near)
    while True:
        claims = trip_claims(conn, as_of, rules, free[:n], stops)
        if n >= len(free):
            return claims
        taken = Counter(c.trip_pk for c in claims.values())
        if all(taken[pk] >= MAX_ADD_ONS for pk in trips_near):
            return claims
        n *= 4
