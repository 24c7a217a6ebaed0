"""Choosing the executive: continuity, seniority, proximity and capacity, each point with a reason.

Points are kept in thousandths (integers) so sums are exact and ties fall to the e-mail order.
Seniority and proximity depend only on the account's place and the seniority it calls for, so
each executive's "static" points are computed once per (place, seniority) and the ranking for it
is kept until some executive's capacity changes; capacity only ever falls as suggestions are
handed out, and stops changing once an executive is at their target. Factors (with their words)
are built only for the executives shown.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date

from fieldvisit.errors import NotFound
from fieldvisit.executive_levels import EXEC_RANK, LEVEL_WORDS
from fieldvisit.geo import distance_km
from fieldvisit.planning.people import (
    WANTED_RANK,
    Executive,
    ExecutiveField,
    PlannedStop,
    Site,
)
from fieldvisit.planning.results import ExecChoice, Factor
from fieldvisit.planning.wording import count, km, month_name, weekday_day

FAR_KM = 2000.0  # beyond this, proximity earns nothing
NEXT_DOOR_KM = 5.0  # closer than this, "Lives in Chicago" rather than "Lives 0 km away"

Place = tuple[float | None, float | None]


def _minus_points(factor: Factor) -> float:
    return -factor.points


def milli(points: float) -> int:
    """Return points in thousandths."""
    return round(points * 1000)


class Matchmaker:
    """Ranks executives for accounts and explains the choice (see the module docstring)."""

    def __init__(self, field: ExecutiveField):
        self.field = field
        self.rules = field.rules
        self.as_of: date = field.as_of
        self.executives = field.executives  # sorted by e-mail: index order breaks ties
        self.index = {e.pk: i for i, e in enumerate(self.executives)}
        self.capacity_now = [self._capacity_milli(e) for e in self.executives]
        self.version = 0  # moves whenever some executive's capacity points change
        self._seniority_points: dict[int, list[int]] = {}
        self._proximity: dict[Place, list[tuple[int, float, PlannedStop | None] | None]] = {}
        self._proximity_factor: dict[tuple[Place, int], Factor | None] = {}
        self._changed: list[int] = []  # executives whose capacity changed, one per version
        self._static: dict[tuple[Place, int], list[int]] = {}
        self._order: dict[tuple[Place, int], tuple[int, list[int], list[tuple[int, int]]]] = {}
        self._seniority_factor: dict[tuple[int, str], Factor | None] = {}
        self._capacity_factor: dict[tuple[int, int], Factor] = {}
        self._continuity_factor: dict[tuple[int, int], Factor | None] = {}

    # -- factors ---------------------------------------------------------------------------

    def _seniority_share(self, level: str, wanted: int) -> float:
        if level not in EXEC_RANK or not wanted:
            return 0.0
        return max(0.0, 1.0 - abs(EXEC_RANK[level] - wanted) / 2)

    def seniority(self, e: Executive, account_pk: int) -> Factor | None:
        """Return the seniority factor ("C-level meets their CFO"), or None for no points."""
        key = (account_pk, e.level)
        if key not in self._seniority_factor:
            dm = self.field.senior.get(account_pk)
            wanted = WANTED_RANK[dm.seniority] if dm else 0
            share = self._seniority_share(e.level, wanted)
            found = None
            if dm is not None and share > 0:
                role = "decision maker" if dm.is_decision_maker else "contact"
                who = dm.title or f"{dm.seniority}-level {role}"
                reason = f"{LEVEL_WORDS[e.level]} meets their {who}"
                if EXEC_RANK[e.level] != wanted:
                    reason += ", one level apart"
                points = milli(self.rules.weight_seniority * share) / 1000
                found = Factor("seniority", points, reason)
            self._seniority_factor[key] = found
        return self._seniority_factor[key]

    def _proximity_share(self, distance: float) -> float:
        radius = self.rules.trip_radius_km
        if distance <= radius:
            return 1.0
        return max(0.0, 1.0 - (distance - radius) / max(FAR_KM - radius, 1.0))

    def _nearest(
        self, e: Executive, lat: float, lon: float
    ) -> tuple[float, PlannedStop | None] | None:
        """Return (distance, None for home or the planned stop) nearest to a place."""
        best: tuple[float, PlannedStop | None] | None = None
        if e.lat is not None and e.lon is not None:
            best = (distance_km(e.lat, e.lon, lat, lon), None)
        for stop in e.trip_stops:  # planned, on working days: where a window may go
            assert stop.lat is not None and stop.lon is not None
            d = distance_km(stop.lat, stop.lon, lat, lon)
            if best is None or d < best[0]:
                best = (d, stop)
        return best

    def _proximities(self, place: Place) -> list[tuple[int, float, PlannedStop | None] | None]:
        """Return per executive (points in thousandths, distance, stop), cached per place."""
        if place not in self._proximity:
            lat, lon = place
            found: list[tuple[int, float, PlannedStop | None] | None] = []
            weight = self.rules.weight_proximity
            for e in self.executives:
                near = self._nearest(e, lat, lon) if lat is not None and lon is not None else None
                points = milli(weight * self._proximity_share(near[0])) if near else 0
                found.append((points, near[0], near[1]) if near and points > 0 else None)
            self._proximity[place] = found
        return self._proximity[place]

    def proximity(self, i: int, place: Place) -> Factor | None:
        """Return executive i's proximity factor for a place, or None for no points."""
        key = (place, i)
        if key not in self._proximity_factor:
            found = self._proximities(place)[i]
            factor = None
            if found is not None:
                points, d, stop = found
                if stop is None:
                    city = self.executives[i].home_city
                    if d < NEXT_DOOR_KM and city:
                        words = f"Lives in {city}"
                    else:
                        words = f"Lives {km(d)} away" + (f" in {city}" if city else "")
                else:
                    when = weekday_day(stop.day, self.as_of)
                    where = stop.city or "the area"
                    near = d <= self.rules.trip_radius_km
                    words = (
                        f"Already in {where} on {when}"
                        if near
                        else f"In {where} on {when}, {km(d)} away"
                    )
                factor = Factor("proximity", points / 1000, words)
            self._proximity_factor[key] = factor
        return self._proximity_factor[key]

    def _capacity_milli(self, e: Executive) -> int:
        booked = e.month_visits + e.suggested
        share = 1.0 - booked / max(e.target, 1) - 0.25 * e.week_planned
        return milli(self.rules.weight_capacity * min(1.0, max(0.0, share)))

    def capacity(self, i: int) -> Factor:
        """Return executive i's capacity factor ("2 of 4 visits this month")."""
        e = self.executives[i]
        key = (i, e.suggested)
        if key not in self._capacity_factor:
            reason = f"{e.month_visits} of {count(e.target, 'visit')} this month"
            if e.suggested:
                reason += f", {e.suggested} more suggested"
            if e.week_planned:
                reason += f", {e.week_planned} planned in the next 7 days"
            self._capacity_factor[key] = Factor("capacity", self.capacity_now[i] / 1000, reason)
        return self._capacity_factor[key]

    def continuity(self, e: Executive, account_pk: int, account_name: str) -> Factor | None:
        """Return the continuity factor ("Dana met Globex in March"), or None."""
        key = (account_pk, e.pk)
        if key not in self._continuity_factor:
            last = self.field.met.get(account_pk, {}).get(e.pk)
            found = None
            if last is not None:
                reason = f"{e.first_name} met {account_name} in {month_name(last, self.as_of)}"
                found = Factor("continuity", milli(self.rules.weight_continuity) / 1000, reason)
            self._continuity_factor[key] = found
        return self._continuity_factor[key]

    # -- ranking ---------------------------------------------------------------------------

    def _static_points(self, place: Place, wanted: int) -> list[int]:
        key = (place, wanted)
        if key not in self._static:
            if wanted not in self._seniority_points:
                w = self.rules.weight_seniority
                self._seniority_points[wanted] = [
                    milli(w * self._seniority_share(e.level, wanted)) for e in self.executives
                ]
            seniority = self._seniority_points[wanted]
            proximity = self._proximities(place)
            self._static[key] = [
                s + (p[0] if p else 0) for s, p in zip(seniority, proximity, strict=True)
            ]
        return self._static[key]

    def _order_for(self, place: Place, wanted: int) -> list[int]:
        """Return executive indexes best first without continuity (kept up to date lazily)."""
        key = (place, wanted)
        static, cap = self._static_points(place, wanted), self.capacity_now
        cached = self._order.get(key)
        if cached is not None and cached[0] == self.version:
            return cached[1]
        changed = set(self._changed[cached[0] :]) if cached is not None else set()
        if cached is None or len(changed) > 32:
            keys = sorted([(-(s + c), i) for i, (s, c) in enumerate(zip(static, cap, strict=True))])
            order = [i for _, i in keys]
        else:
            # Capacity only falls: move each changed executive to its new place.
            _, order, keys = cached
            for i in changed:
                j = order.index(i)
                del order[j], keys[j]
                new = (-(static[i] + cap[i]), i)
                at = bisect_left(keys, new)
                keys.insert(at, new)
                order.insert(at, i)
        self._order[key] = (self.version, order, keys)
        return order

    def rank(
        self, account_pk: int, account_name: str, place: Place, k: int, first: int | None = None
    ) -> list[ExecChoice]:
        """Return the best `k` executives for an account, best first, with their reasons.

        With `first` (an executive index), that executive leads and the best others follow.
        """
        dm = self.field.senior.get(account_pk)
        wanted = WANTED_RANK[dm.seniority] if dm else 0
        order = self._order_for(place, wanted)
        met = {self.index[pk] for pk in self.field.met.get(account_pk, {}) if pk in self.index}
        if met:
            # Continuity only adds points: the top k come from the k best others and those met.
            static, cap = self._static_points(place, wanted), self.capacity_now
            bonus = milli(self.rules.weight_continuity)
            pool = [i for i in order[: k + 1 + len(met)] if i not in met][: k + 1] + sorted(met)
            pool.sort(key=lambda i: (-(static[i] + cap[i] + (bonus if i in met else 0)), i))
            chosen = pool[: k + 1]
        else:
            chosen = order[: k + 1]
        if first is not None:
            chosen = [first] + [i for i in chosen if i != first]
        return [self.explain(i, account_pk, account_name, place) for i in chosen[:k]]

    def explain(self, i: int, account_pk: int, account_name: str, place: Place) -> ExecChoice:
        """Return executive i's choice for an account: score, factors and reasons.

        Called for every executive shown with every suggestion (four per deal): the factors come
        from the caches above, and only their order and sum are worked out here.
        """
        e = self.executives[i]
        met = self.field.met.get(account_pk)
        continuity = self.continuity(e, account_pk, account_name) if met and e.pk in met else None
        factors = tuple(
            f
            for f in (
                continuity,
                self.seniority(e, account_pk),
                self.proximity(i, place),
                self.capacity(i),
            )
            if f is not None
        )
        shown = [f for f in factors if f.points > 0]
        if len(shown) > 1:
            shown.sort(key=_minus_points)
        return ExecChoice(
            e.pk,
            e.email,
            e.name,
            e.title,
            e.level,
            round(sum([f.points for f in factors]), 3),
            factors,
            tuple([f.reason for f in shown]),
        )

    def by_pk(self, pk: int) -> int:
        """Return the index of the executive with this pk (NotFound when there is none)."""
        if pk not in self.index:
            raise NotFound(f"No executive with key {pk} in this workspace.")
        return self.index[pk]

    def assign(self, i: int, day: date, site: Site | None = None) -> None:
        """Count a suggestion for executive i on `day` at `site` (capacity falls, the day is
        taken)."""
        e = self.executives[i]
        e.take(day, site)
        now = self._capacity_milli(e)
        if now != self.capacity_now[i]:
            self.capacity_now[i] = now
            self.version += 1
            self._changed.append(i)
