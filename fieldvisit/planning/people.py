"""Who the executive choice is about: executives with their plans, and the accounts in play.

`ExecutiveField` loads, once per as-of date, what the choice needs about every executive (home,
plan for the coming weeks and months, visits per month) and about the accounts in play (where
they are, who met them before, their most senior decision maker).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.planning.facts import fetch_all
from fieldvisit.planning.periods import (
    local_day,
    monday,
    month_start,
    next_month_start,
    ts,
    ts_after,
)
from fieldvisit.planning.workdays import WorkingDays
from fieldvisit.seniority import SENIORITY_RANK, seniority_order_sql
from fieldvisit.settings import Rules
from fieldvisit.store.dialect import dialect_of

# How far past the horizon a window may go when every suited executive is full before it.
SEARCH_PAST_HORIZON_DAYS = 180

# Which executive level a customer's seniority calls for: C-level meets C-level.
WANTED_RANK = {"C": 3, "VP": 2, "Director": 1, "Manager": 1, "Staff": 1}
SENIORITY_ORDER = SENIORITY_RANK  # most senior first (`fieldvisit.seniority` owns the list)

Place = tuple[float, float]  # a known place: (lat, lon)


@dataclass(frozen=True)
class PlannedStop:
    """An executive's visit in the plan (planned or done), where and when."""

    day: date
    status: str
    lat: float | None
    lon: float | None
    city: str | None
    country: str | None = None


@dataclass(frozen=True)
class Site:
    """Where a visit is: a customer's place, country and time zone."""

    lat: float | None
    lon: float | None
    city: str | None = None
    country: str | None = None
    tz: str | None = None

    @property
    def place(self) -> Place | None:
        """Return (lat, lon), or None when the place is unknown."""
        if self.lat is None or self.lon is None:
            return None
        return (self.lat, self.lon)


@dataclass
class Executive:
    """What the choice knows about one executive (mutable only for suggestions handed out)."""

    pk: int
    email: str
    name: str
    title: str | None
    level: str
    home_city: str | None
    lat: float | None
    lon: float | None
    target: int
    month_visits: int
    week_planned: int
    stops: list[PlannedStop] = field(default_factory=list)
    # planned stops on working days there and at home: where the executive is "already near"
    trip_stops: list[PlannedStop] = field(default_factory=list)
    home_country: str | None = None
    tz: str | None = None  # the home time zone
    first_name: str = ""
    suggested: int = 0
    # Where the executive is on each day ahead, planned or suggested (to the search's end), as
    # distinct known places: the fair-load rules only ask whether a place is near all of them
    # (a place unknown is near everywhere), and many visits share a city.
    plan: dict[date, set[Place]] = field(default_factory=dict)
    week_load: dict[date, int] = field(default_factory=dict)  # Monday → visits that week
    week_places: dict[date, list[Place]] = field(default_factory=dict)  # Monday → its places
    month_load: dict[date, int] = field(default_factory=dict)  # month start → visits, all kinds

    def __post_init__(self) -> None:
        self.first_name = self.name.split()[0] if self.name.strip() else self.email

    def book(self, day: date, site: Site | None) -> None:
        """Put one visit (planned or suggested) at `site` on `day` into the plan ahead."""
        week = monday(day)
        self.week_load[week] = self.week_load.get(week, 0) + 1
        place = site.place if site is not None else None
        if place is None:
            self.plan.setdefault(day, set())
            self.week_places.setdefault(week, [])
            return
        self.plan.setdefault(day, set()).add(place)
        places = self.week_places.setdefault(week, [])
        if place not in places:
            places.append(place)

    def take(self, day: date, site: Site | None = None) -> None:
        """Count one more suggested visit for this executive, on `day` (at `site`)."""
        self.suggested += 1
        self.book(day, site)
        month = month_start(day)
        self.month_load[month] = self.month_load.get(month, 0) + 1


@dataclass(frozen=True)
class DecisionMaker:
    """The most senior person at an account (decision makers first)."""

    name: str
    title: str | None
    seniority: str
    is_decision_maker: bool


# Per account, its most senior person: decision makers first, then seniority, then name.
_SENIOR_SQL = f"""
WITH ranked AS (
    SELECT account_id, name, title, seniority, decision_maker,
           ROW_NUMBER() OVER (
               PARTITION BY account_id
               ORDER BY decision_maker DESC, {seniority_order_sql()}, {{name}}, {{external_id}}
           ) AS n
    FROM contact
    WHERE account_id IN {{ids}}
      AND seniority IN ({", ".join(f"'{k}'" for k in SENIORITY_ORDER)})
)
SELECT account_id, name, title, seniority, decision_maker FROM ranked WHERE n = 1
"""


class ExecutiveField:
    """Every executive with their plan, and the accounts in play (who met them, who decides)."""

    def __init__(self, conn: Connection, as_of: date, rules: Rules, account_pks: set[int]):
        self.as_of = as_of
        self.rules = rules
        self.horizon_end = as_of + timedelta(days=rules.suggestion_horizon_days)
        self.search_end = self.horizon_end + timedelta(days=SEARCH_PAST_HORIZON_DAYS)
        self.workdays = WorkingDays.from_rules(rules)
        self.sites = self._load_sites(conn, account_pks)
        self.executives = self._load_executives(conn)
        self.met = self._load_continuity(conn, account_pks)
        self.senior = self._load_decision_makers(conn, account_pks)

    # -- loading ---------------------------------------------------------------------------

    def _load_executives(self, conn: Connection) -> list[Executive]:
        as_of, rules = self.as_of, self.rules
        execs = {
            row[0]: Executive(
                pk=row[0], email=row[1], name=row[2], title=row[3], level=row[4],
                home_city=row[5], lat=row[6], lon=row[7],
                target=row[8] or rules.default_monthly_visit_target,
                month_visits=0, week_planned=0, home_country=row[9], tz=row[10],
            )
            for row in conn.execute(text(
                "SELECT id, email, name, title, level, home_city, lat, lon, monthly_visit_target, "
                f"home_country, tz FROM executive ORDER BY {dialect_of(conn).bytewise('email')}"
            ))
        }  # fmt: skip
        lo = min(month_start(as_of), as_of)
        hi = max(next_month_start(as_of), self.search_end + timedelta(days=1))
        rows = fetch_all(
            conn,
            "SELECT ve.executive_id, v.start, v.status, a.lat, a.lon, a.city, a.tz, a.country "
            "FROM visit v JOIN visit_executive ve ON ve.visit_id = v.id "
            "JOIN account a ON a.id = v.account_id "
            "WHERE v.status IN ('planned', 'done') AND v.start >= :lo AND v.start < :hi",
            {"lo": ts(lo - timedelta(days=1)), "hi": ts_after(hi)},
        )
        month_lo, month_hi = month_start(as_of), next_month_start(as_of)
        week_hi = as_of + timedelta(days=7)
        for exec_pk, start, status, lat, lon, city, tz, country in rows:
            e = execs.get(exec_pk)
            if e is None:
                continue
            day = local_day(start, tz)
            if month_lo <= day < month_hi:
                e.month_visits += 1
            if day >= month_lo:
                e.month_load[month_start(day)] = e.month_load.get(month_start(day), 0) + 1
            if status == "planned" and as_of < day <= week_hi:
                e.week_planned += 1
            if as_of < day <= self.search_end:
                e.book(day, Site(lat, lon, city, country, tz))
            if as_of < day <= self.horizon_end:
                e.stops.append(PlannedStop(day, status, lat, lon, city, country))
        for e in execs.values():
            e.stops.sort(key=lambda s: (s.day, s.city or ""))
            e.trip_stops = [
                s
                for s in e.stops
                if s.status == "planned"
                and s.lat is not None
                and s.lon is not None
                and self.workdays.is_working(s.day, s.country, e.home_country)
            ]
        return list(execs.values())

    def _load_sites(self, conn: Connection, account_pks: set[int]) -> dict[int, Site]:
        """Return account pk → where it is (place, country, time zone)."""
        rows = fetch_all(
            conn,
            "SELECT id, lat, lon, city, country, tz FROM account "
            f"WHERE id IN {dialect_of(conn).ids_in_json('ids')}",
            {"ids": json.dumps(sorted(account_pks))},
        )
        return {pk: Site(lat, lon, city, country, tz) for pk, lat, lon, city, country, tz in rows}

    def _load_continuity(
        self, conn: Connection, account_pks: set[int]
    ) -> dict[int, dict[int, date]]:
        met: dict[int, dict[int, date]] = defaultdict(dict)
        rows = fetch_all(
            conn,
            "SELECT v.account_id, ve.executive_id, MAX(v.start) "
            "FROM visit v JOIN visit_executive ve ON ve.visit_id = v.id "
            f"WHERE v.account_id IN {dialect_of(conn).ids_in_json('ids')} "
            "AND v.status = 'done' AND v.start < :end GROUP BY v.account_id, ve.executive_id",
            {"end": ts_after(self.as_of), "ids": json.dumps(sorted(account_pks))},
        )
        for account_pk, exec_pk, last in rows:
            met[account_pk][exec_pk] = date.fromisoformat(last[:10])
        return met

    def _load_decision_makers(
        self, conn: Connection, account_pks: set[int]
    ) -> dict[int, DecisionMaker]:
        """Return account pk → its most senior decision maker (else most senior contact)."""
        d = dialect_of(conn)
        sql = _SENIOR_SQL.format(
            ids=d.ids_in_json("ids"), name=d.bytewise("name"), external_id=d.bytewise("external_id")
        )
        rows = fetch_all(conn, sql, {"ids": json.dumps(sorted(account_pks))})
        return {
            account_pk: DecisionMaker(name, title, seniority, bool(dm))
            for account_pk, name, title, seniority, dm in rows
        }
