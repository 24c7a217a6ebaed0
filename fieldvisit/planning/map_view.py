"""What the Map page shows for an as-of date (and optionally one executive), without Qt.

- The week's visits (the seven days from as-of, like the week's briefing pack), each a pin at
  its account's place with its status: planned, confirmed (planned and its invites are out, at
  their current version), done or cancelled.
- The trips those visits belong to (`planning.trips`), each a route of numbered stops in visit
  order; stops outside the week are pinned too, so the route is whole.
- The stalled deals nearby: the trips' add-ons, chosen by the one add-on rule
  (`planning.add_ons`, the same answer the suggestions give), pinned at their accounts. Working
  them out walks every stalled deal (25 MB at the large demo's peak): it is skipped when no trip
  is shown, and a caller that holds them already for this date and data passes them in.
- The accounts that cannot be placed (no coordinates, and a city geo.py does not know): listed,
  not pinned, and counted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from fieldvisit import geo
from fieldvisit.planning.briefing_facts import week_of
from fieldvisit.planning.results import AddOn, TripPlan
from fieldvisit.planning.trips import trip_add_ons, trips
from fieldvisit.settings import Rules
from fieldvisit.store.dialect import dialect_of
from fieldvisit.store.types import UTCDateTime

VISIT, STALLED = "visit", "stalled"
PLANNED, CONFIRMED, DONE, CANCELLED = "planned", "confirmed", "done", "cancelled"
STATUSES = (PLANNED, CONFIRMED, DONE, CANCELLED, STALLED)
STATUS_WORDS = {
    PLANNED: "Planned visit",
    CONFIRMED: "Confirmed visit (invites sent)",
    DONE: "Done visit",
    CANCELLED: "Cancelled visit",
    STALLED: "Stalled deal nearby",
}

_VISITS_SQL = """
SELECT v.id, v.external_id, v.start, v.status, v.sequence, v.sent_sequence,
       a.id, a.external_id, a.name, a.city, a.country, a.lat, a.lon, a.tz,
       (SELECT {names} FROM visit_executive ve
        JOIN executive e ON e.id = ve.executive_id WHERE ve.visit_id = v.id)
FROM visit v JOIN account a ON a.id = v.account_id
WHERE {where}
ORDER BY v.start, {visit_id}
"""
_IN_WEEK = "v.start >= :lo AND v.start < :hi"
_ONLY = (
    " AND EXISTS (SELECT 1 FROM visit_executive ve WHERE ve.visit_id = v.id"
    " AND ve.executive_id = :e)"
)
_BY_ID = "v.id IN {ids}"


@dataclass(frozen=True)
class MapPoint:
    """One pin: a visit or a stalled deal, at its account's place."""

    kind: str  # VISIT or STALLED
    status: str  # one of STATUSES
    label: str  # the account's name
    account_pk: int
    account_id: str
    lat: float
    lon: float
    ref: str  # the visit's or the deal's id
    when: datetime | None = None  # a visit's start (UTC)
    detail: str = ""  # who and why, in plain words
    trip_id: str | None = None
    stop: int | None = None  # its number on its trip's route
    tz: str | None = None  # the account's time zone, for a visit's local time


@dataclass(frozen=True)
class MapRoute:
    """A trip's stops in visit order (numbered from 1)."""

    trip_id: str
    name: str
    executive_name: str
    stops: tuple[MapPoint, ...]


@dataclass(frozen=True)
class MapView:
    """Everything the Map page draws and lists."""

    first: date
    last: date
    points: tuple[MapPoint, ...]
    routes: tuple[MapRoute, ...]
    unplaced: tuple[str, ...] = field(default=())  # account names, once each

    @property
    def box(self) -> tuple[float, float, float, float] | None:
        """Return (south, west, north, east) around every pin, or None without pins."""
        if not self.points:
            return None
        lats, lons = [p.lat for p in self.points], [p.lon for p in self.points]
        return min(lats), min(lons), max(lats), max(lons)


_NEVER = datetime.max.replace(tzinfo=UTC)


class _Places:
    """Account coordinates: the stored ones, else geo.py's for its city (asked once each)."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[float, float] | None] = {}

    def find(
        self, pk: int, lat: float | None, lon: float | None, city: str | None, country: str | None
    ) -> tuple[float, float] | None:
        if pk not in self._known:
            if lat is not None and lon is not None:
                self._known[pk] = (lat, lon)
            else:
                place = geo.resolve(city, country)
                self._known[pk] = (place.lat, place.lon) if place else None
        return self._known[pk]


def _status(status: str, sequence: int, sent: int | None) -> str:
    if status == PLANNED and sent is not None and sent == sequence:
        return CONFIRMED
    return status if status in (PLANNED, DONE, CANCELLED) else PLANNED


def _visit_pins(
    conn: Connection, where: str, params: dict[str, object], places: _Places
) -> tuple[dict[int, MapPoint], list[str]]:
    """Return visit pk → pin for the visits `where` selects, and the accounts not placed."""
    d = dialect_of(conn)
    names = d.group_concat_by("e.name", ", ", "ve.executive_id")  # SQLite: its index's order
    where = where.format(ids=d.ids_in_json("ids"))
    sql = _VISITS_SQL.format(where=where, names=names, visit_id=d.bytewise("v.external_id"))
    query = text(sql).columns(start=UTCDateTime())
    if "lo" in params:
        query = query.bindparams(
            bindparam("lo", type_=UTCDateTime()), bindparam("hi", type_=UTCDateTime())
        )
    pins: dict[int, MapPoint] = {}
    unplaced: list[str] = []
    for row in conn.execute(query, params):
        pk, vid, start, status, seq, sent, apk, aid, name, city, country, lat, lon, tz, who = row
        here = places.find(apk, lat, lon, city, country)
        if here is None:
            unplaced.append(name)
            continue
        pins[pk] = MapPoint(
            VISIT,
            _status(status, seq, sent),
            name,
            apk,
            aid,
            here[0],
            here[1],
            vid,
            start,
            detail=who or "",
            tz=tz,
        )
    return pins, unplaced


def _week_pins(
    conn: Connection, first: date, last: date, executive_pk: int | None, places: _Places
) -> tuple[dict[int, MapPoint], list[str]]:
    lo = datetime(first.year, first.month, first.day, tzinfo=UTC)
    params: dict[str, object] = {"lo": lo, "hi": lo + timedelta(days=(last - first).days + 1)}
    where = _IN_WEEK
    if executive_pk is not None:
        params["e"] = executive_pk
        where += _ONLY
    return _visit_pins(conn, where, params, places)


def _stalled_pins(
    conn: Connection, shown: list[TripPlan], places: _Places
) -> tuple[list[MapPoint], list[str]]:
    """Return a pin for each trip's add-on deal (once), and the accounts not placed."""
    wanted = sorted({a.deal.account_pk for t in shown for a in t.add_ons})
    rows = conn.execute(
        text(
            "SELECT id, city, country, lat, lon FROM account "
            f"WHERE id IN {dialect_of(conn).ids_in_json('ids')}"
        ),
        {"ids": json.dumps(wanted)},
    )
    accounts = {row[0]: tuple(row[1:]) for row in rows}
    pins: dict[int, MapPoint] = {}
    unplaced: list[str] = []
    for trip in shown:
        for add_on in trip.add_ons:
            deal = add_on.deal
            if deal.deal_pk in pins or deal.account_pk not in accounts:
                continue
            city, country, lat, lon = accounts[deal.account_pk]
            here = places.find(deal.account_pk, lat, lon, city, country)
            if here is None:
                unplaced.append(deal.account_name)
                continue
            pins[deal.deal_pk] = MapPoint(
                STALLED,
                STALLED,
                deal.account_name,
                deal.account_pk,
                deal.account_id,
                here[0],
                here[1],
                deal.deal_id,
                detail=f"{deal.deal_name}: {add_on.reason}",
                trip_id=trip.trip_id,
            )
    return list(pins.values()), unplaced


def _route(trip: TripPlan, pins: dict[int, MapPoint]) -> MapRoute:
    """Return the trip's route, numbering its pins (in `pins`) in visit order."""
    stops: list[MapPoint] = []
    for visit in trip.visits:  # trips() gives them in time order
        pin = pins.get(visit.visit_pk)
        if pin is not None:
            pin = pins[visit.visit_pk] = replace(pin, trip_id=trip.trip_id, stop=len(stops) + 1)
            stops.append(pin)
    first, last = trip.starts_on, trip.ends_on
    name = (
        f"{trip.city or 'Trip'}, {first:%a} {first.day} {first:%b} – {last:%a} {last.day} {last:%b}"
    )
    return MapRoute(trip.trip_id, name, trip.executive_name, tuple(stops))


def map_view(
    conn: Connection,
    as_of: date,
    rules: Rules,
    executive_pk: int | None = None,
    weeks_ahead: int = 0,
    add_ons: Mapping[int, Sequence[AddOn]] | None = None,
) -> MapView:
    """Return the pins, routes and unplaced accounts of the seven days from `as_of` (or from
    `weeks_ahead` weeks later; negative looks back), of one executive when given.

    `add_ons`: trip pk → its add-ons (`planning.trips.trip_add_ons`) for the same as-of date and
    data, when the caller holds them already; else they are worked out here, if a trip is shown.
    """
    first, last = week_of(as_of + timedelta(weeks=weeks_ahead))
    places = _Places()
    pins, unplaced = _week_pins(conn, first, last, executive_pk, places)
    shown = [
        t
        for t in trips(conn, as_of, rules, with_add_ons=False)
        if (executive_pk is None or t.executive_pk == executive_pk)
        and any(v.visit_pk in pins for v in t.visits)
    ]
    if shown:
        found = add_ons if add_ons is not None else trip_add_ons(conn, as_of, rules)
        shown = [replace(t, add_ons=tuple(found.get(t.trip_pk, ()))) for t in shown]
    # A trip's stops outside the week are pinned too, so its route is whole.
    extra = sorted({v.visit_pk for t in shown for v in t.visits} - set(pins))
    if extra:
        more, more_unplaced = _visit_pins(conn, _BY_ID, {"ids": json.dumps(extra)}, places)
        pins.update(more)
        unplaced += more_unplaced
    routes = tuple(_route(t, pins) for t in shown)
    stalled, stalled_unplaced = _stalled_pins(conn, shown, places)
    visits = sorted(pins.values(), key=lambda p: (p.when or _NEVER, p.ref))
    return MapView(
        first,
        last,
        tuple(visits) + tuple(stalled),
        routes,
        tuple(dict.fromkeys(unplaced + stalled_unplaced)),
    )


def map_executives(conn: Connection) -> list[tuple[int, str]]:
    """Return (pk, name) of every executive, by name, for the page's filter."""
    rows = conn.execute(
        text("SELECT id, coalesce(nullif(name, ''), email) FROM executive ORDER BY 2")
    )
    return [(int(pk), str(name)) for pk, name in rows]
