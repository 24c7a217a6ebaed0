"""Choosing the executive: continuity, seniority, proximity and capacity, each point with a reason.

`ExecutiveField` loads, once per as-of date, what the choice needs about every executive (home,
plan for the coming weeks, visits this month) and about the accounts in play (who met them before,
their most senior decision maker). Scores are computed per account and cached, so thousands of
deals cost one pass over the executives per distinct account location, not per deal.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import NotFound
from fieldvisit.geo import distance_km
from fieldvisit.planning.periods import local_day, month_start, next_month_start, ts, ts_after
from fieldvisit.planning.results import ExecChoice, Factor
from fieldvisit.planning.wording import count, km, month_name, weekday_day
from fieldvisit.settings import Rules

EXEC_RANK = {"C": 3, "SVP": 2, "VP": 1}
# Which executive level a customer's seniority calls for: C-level meets C-level.
WANTED_RANK = {"C": 3, "VP": 2, "Director": 1, "Manager": 1, "Staff": 1}
SENIORITY_ORDER = {"C": 0, "VP": 1, "Director": 2, "Manager": 3, "Staff": 4}
LEVEL_WORD = {"C": "C-level", "SVP": "SVP", "VP": "VP"}
FAR_KM = 2000.0  # beyond this, proximity earns nothing


@dataclass(frozen=True)
class PlannedStop:
    """An executive's visit in the plan (planned or done), where and when."""

    day: date
    status: str
    lat: float | None
    lon: float | None
    city: str | None


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
    suggested: int = 0
    taken_days: set[date] = field(default_factory=set)

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name else self.email

    def busy_days(self) -> set[date]:
        return {s.day for s in self.stops} | self.taken_days


@dataclass(frozen=True)
class DecisionMaker:
    """The most senior person at an account (decision makers first)."""

    name: str
    title: str | None
    seniority: str
    is_decision_maker: bool


class ExecutiveField:
    """Every executive with their plan, scored against accounts (see the module docstring)."""

    def __init__(self, conn: Connection, as_of: date, rules: Rules, account_pks: set[int]):
        self.as_of = as_of
        self.rules = rules
        self.horizon_end = as_of + timedelta(days=rules.suggestion_horizon_days)
        self.executives = self._load_executives(conn)
        self.met = self._load_continuity(conn, account_pks)
        self.senior = self._load_decision_makers(conn, account_pks)
        self._static: dict[tuple[float | None, float | None, int], list[float]] = {}

    # -- loading ---------------------------------------------------------------------------

    def _load_executives(self, conn: Connection) -> list[Executive]:
        as_of, rules = self.as_of, self.rules
        execs = {
            row[0]: Executive(
                pk=row[0], email=row[1], name=row[2], title=row[3], level=row[4],
                home_city=row[5], lat=row[6], lon=row[7],
                target=row[8] or rules.default_monthly_visit_target,
                month_visits=0, week_planned=0,
            )
            for row in conn.execute(text(
                "SELECT id, email, name, title, level, home_city, lat, lon, monthly_visit_target "
                "FROM executive ORDER BY email"
            ))
        }  # fmt: skip
        lo = min(month_start(as_of), as_of)
        hi = max(next_month_start(as_of), self.horizon_end + timedelta(days=1))
        rows = conn.execute(
            text(
                "SELECT ve.executive_id, v.start, v.status, a.lat, a.lon, a.city, a.tz "
                "FROM visit v JOIN visit_executive ve ON ve.visit_id = v.id "
                "JOIN account a ON a.id = v.account_id "
                "WHERE v.status IN ('planned', 'done') AND v.start >= :lo AND v.start < :hi"
            ),
            {"lo": ts(lo - timedelta(days=1)), "hi": ts_after(hi)},
        )
        month_lo, month_hi = month_start(as_of), next_month_start(as_of)
        week_hi = as_of + timedelta(days=7)
        for exec_pk, start, status, lat, lon, city, tz in rows:
            e = execs.get(exec_pk)
            if e is None:
                continue
            day = local_day(start, tz)
            if month_lo <= day < month_hi:
                e.month_visits += 1
            if status == "planned" and as_of < day <= week_hi:
                e.week_planned += 1
            if as_of < day <= self.horizon_end:
                e.stops.append(PlannedStop(day, status, lat, lon, city))
        for e in execs.values():
            e.stops.sort(key=lambda s: (s.day, s.city or ""))
        return list(execs.values())

    def _load_continuity(
        self, conn: Connection, account_pks: set[int]
    ) -> dict[int, dict[int, date]]:
        met: dict[int, dict[int, date]] = defaultdict(dict)
        rows = conn.execute(
            text(
                "SELECT v.account_id, ve.executive_id, MAX(v.start) "
                "FROM visit v JOIN visit_executive ve ON ve.visit_id = v.id "
                "WHERE v.account_id IN (SELECT value FROM json_each(:ids)) "
                "AND v.status = 'done' AND v.start < :end GROUP BY v.account_id, ve.executive_id"
            ),
            {"end": ts_after(self.as_of), "ids": json.dumps(sorted(account_pks))},
        )
        for account_pk, exec_pk, last in rows:
            met[account_pk][exec_pk] = date.fromisoformat(last[:10])
        return met

    def _load_decision_makers(
        self, conn: Connection, account_pks: set[int]
    ) -> dict[int, DecisionMaker]:
        best: dict[int, tuple[tuple[int, int, str, str], DecisionMaker]] = {}
        rows = conn.execute(
            text(
                "SELECT account_id, name, title, seniority, decision_maker, external_id "
                "FROM contact WHERE account_id IN (SELECT value FROM json_each(:ids)) "
                "AND seniority IS NOT NULL"
            ),
            {"ids": json.dumps(sorted(account_pks))},
        )
        for account_pk, name, title, seniority, dm, ext in rows:
            if seniority not in SENIORITY_ORDER:
                continue
            key = (0 if dm else 1, SENIORITY_ORDER[seniority], name, ext)
            if account_pk not in best or key < best[account_pk][0]:
                best[account_pk] = (key, DecisionMaker(name, title, seniority, bool(dm)))
        return {pk: found for pk, (_, found) in best.items()}

    # -- factors ---------------------------------------------------------------------------

    def _seniority(self, e: Executive, dm: DecisionMaker | None) -> Factor | None:
        if dm is None or e.level not in EXEC_RANK:
            return None
        gap = abs(EXEC_RANK[e.level] - WANTED_RANK[dm.seniority])
        share = max(0.0, 1.0 - gap / 2)
        if share == 0:
            return None
        who = (
            dm.title
            or f"{dm.seniority}-level {'decision maker' if dm.is_decision_maker else 'contact'}"
        )
        reason = f"{LEVEL_WORD[e.level]} meets their {who}"
        if gap:
            reason += ", one level apart"
        return Factor("seniority", round(self.rules.weight_seniority * share, 3), reason)

    def _proximity_share(self, distance: float) -> float:
        radius = self.rules.trip_radius_km
        if distance <= radius:
            return 1.0
        return max(0.0, 1.0 - (distance - radius) / max(FAR_KM - radius, 1.0))

    def _proximity(self, e: Executive, lat: float | None, lon: float | None) -> Factor | None:
        if lat is None or lon is None:
            return None
        best: tuple[float, str] | None = None
        if e.lat is not None and e.lon is not None:
            d = distance_km(e.lat, e.lon, lat, lon)
            where = f" in {e.home_city}" if e.home_city else ""
            best = (d, f"Lives {km(d)} away{where}")
        radius = self.rules.trip_radius_km
        for stop in e.stops:
            if stop.status != "planned" or stop.lat is None or stop.lon is None:
                continue
            d = distance_km(stop.lat, stop.lon, lat, lon)
            if best is None or d < best[0]:
                when = weekday_day(stop.day, self.as_of)
                place = stop.city or "the area"
                text_ = (
                    f"Already in {place} on {when}"
                    if d <= radius
                    else f"In {place} on {when}, {km(d)} away"
                )
                best = (d, text_)
        if best is None:
            return None
        share = self._proximity_share(best[0])
        if share == 0:
            return None
        return Factor("proximity", round(self.rules.weight_proximity * share, 3), best[1])

    def capacity_points(self, e: Executive) -> float:
        """Return capacity points: room under the monthly target, less this week's plan."""
        booked = e.month_visits + e.suggested
        share = 1.0 - booked / max(e.target, 1) - 0.25 * e.week_planned
        return round(self.rules.weight_capacity * min(1.0, max(0.0, share)), 3)

    def capacity(self, e: Executive) -> Factor:
        """Return the capacity factor with its reason ("2 of 4 visits this month")."""
        reason = f"{e.month_visits} of {count(e.target, 'visit')} this month"
        if e.suggested:
            reason += f", {e.suggested} more suggested"
        if e.week_planned:
            reason += f", {e.week_planned} planned in the next 7 days"
        return Factor("capacity", self.capacity_points(e), reason)

    def _continuity(self, e: Executive, account_pk: int, account_name: str) -> Factor | None:
        last = self.met.get(account_pk, {}).get(e.pk)
        if last is None:
            return None
        reason = f"{e.first_name} met {account_name} in {month_name(last, self.as_of)}"
        return Factor("continuity", round(self.rules.weight_continuity, 3), reason)

    # -- ranking ---------------------------------------------------------------------------

    def _static_scores(self, lat: float | None, lon: float | None, account_pk: int) -> list[float]:
        """Return (seniority + proximity points) per executive, cached per place and seniority."""
        dm = self.senior.get(account_pk)
        wanted = WANTED_RANK[dm.seniority] if dm else 0
        key = (lat, lon, wanted)
        if key not in self._static:
            scores = []
            for e in self.executives:
                sen = self._seniority(e, dm)
                prox = self._proximity(e, lat, lon)
                scores.append((sen.points if sen else 0.0) + (prox.points if prox else 0.0))
            self._static[key] = scores
        return self._static[key]

    def rank(
        self,
        account_pk: int,
        account_name: str,
        lat: float | None,
        lon: float | None,
        k: int,
    ) -> list[ExecChoice]:
        """Return the best `k` executives for an account, best first, with their reasons."""
        static = self._static_scores(lat, lon, account_pk)
        met = self.met.get(account_pk, {})
        w_cont = self.rules.weight_continuity
        totals = []
        for i, e in enumerate(self.executives):
            total = static[i] + self.capacity_points(e) + (w_cont if e.pk in met else 0.0)
            totals.append((-round(total, 3), e.email, i))
        totals.sort()
        return [
            self._explain(self.executives[i], account_pk, account_name, lat, lon)
            for *_, i in totals[:k]
        ]

    def _explain(
        self, e: Executive, account_pk: int, account_name: str, lat: float | None, lon: float | None
    ) -> ExecChoice:
        dm = self.senior.get(account_pk)
        factors = [
            f
            for f in (
                self._continuity(e, account_pk, account_name),
                self._seniority(e, dm),
                self._proximity(e, lat, lon),
                self.capacity(e),
            )
            if f is not None
        ]
        score = round(sum(f.points for f in factors), 3)
        reasons = tuple(f.reason for f in sorted(factors, key=lambda f: -f.points) if f.points > 0)
        return ExecChoice(
            executive_pk=e.pk,
            email=e.email,
            name=e.name,
            title=e.title,
            level=e.level,
            score=score,
            factors=tuple(factors),
            reasons=reasons,
        )

    def by_pk(self, pk: int) -> Executive:
        """Return the executive with this pk (NotFound when there is none)."""
        found = next((e for e in self.executives if e.pk == pk), None)
        if found is None:
            raise NotFound(f"No executive with key {pk} in this workspace.")
        return found

    def choice_for(
        self, pk: int, account_pk: int, account_name: str, lat: float | None, lon: float | None
    ) -> ExecChoice:
        """Return one given executive's score and reasons for an account."""
        return self._explain(self.by_pk(pk), account_pk, account_name, lat, lon)
