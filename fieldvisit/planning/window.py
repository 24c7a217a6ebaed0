"""The proposed time window, and who has room for it.

A window day is a working day at the customer and at the executive's home (`planning.workdays`),
at least the lead time for the distance from home away (`lead_days_near` within `lead_near_km`,
`lead_days_mid` within `lead_mid_km`, else `lead_days_far` working days; unknown places: the
middle one), unless the executive is already near on a planned trip: then the trip's day.

Fair load, for every day proposed:
- the day holds no visit (planned or suggested) farther than `trip_radius_km` from the customer:
  never two far-apart cities on one day, never a day planned elsewhere;
- the week holds at most `weekly_visit_max` visits, unless all of them are within the radius of
  each other (a trip);
- the month is under the executive's monthly visit target; an executive at or over it gets no new
  suggestion while someone else among the best can go (the trip's day is exempt: it costs nothing).
When the best executive has no such day in the horizon, the next best who has one is proposed and
the reason says so; when none has, the best one under the weekly rules regardless of target; when
still none, the earliest such day after the horizon among them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from fieldvisit.geo import distance_km
from fieldvisit.planning.choice import Matchmaker
from fieldvisit.planning.people import Executive, ExecutiveField, Place, PlannedStop, Site
from fieldvisit.planning.periods import monday, month_start, next_month_start
from fieldvisit.planning.results import ExecChoice
from fieldvisit.planning.wording import day_month, km, weekday_day


@dataclass(frozen=True)
class Window:
    """A proposed stretch of days for one executive, with why."""

    first: date
    last: date
    why: str


class WindowPlanner:
    """Finds windows for executives, reading and loading their plans (see the module docstring)."""

    def __init__(self, field: ExecutiveField):
        self.field = field
        self.rules = field.rules
        self.as_of = field.as_of
        self.horizon_end = field.horizon_end
        self.search_end = field.search_end
        self.workdays = field.workdays
        self._days: dict[tuple[str | None, str | None], list[date]] = {}
        self._weeks: dict[tuple[int, date], tuple[int, bool]] = {}  # (exec, Monday) → (n, trip?)
        self._mondays: dict[tuple[str | None, str | None], list[date]] = {}  # of each day
        self._near: dict[tuple[Place, Place], bool] = {}
        self._lead: dict[tuple[int, float | None, float | None], tuple[int, float | None]] = {}
        self._open: dict[int, date] = {}  # exec → first Monday not full for every place
        # (exec, place, country) → the trip stop there: planned stops do not change meanwhile
        self._stops: dict[tuple[int, float, float, str | None], PlannedStop | None] = {}
        # (exec, lat, lon, country, until, since) → (exec's suggestions then, the options found)
        self._found: dict[tuple[object, ...], tuple[int, Options]] = {}

    def near(self, a: Site, b: Site) -> bool:
        """Return whether two sites are within the trip radius (an unknown place is near all)."""
        pa, pb = a.place, b.place
        return pa is None or pb is None or self._near_places(pa, pb)

    def _near_places(self, a: Place, b: Place) -> bool:
        """Return whether two known places are within the trip radius."""
        if a == b:
            return True
        key = (a, b)
        found = self._near.get(key)
        if found is None:
            radius = self.rules.trip_radius_km
            if abs(a[0] - b[0]) * 111.0 > radius:  # a degree of latitude is ~111 km
                found = False
            else:
                found = distance_km(a[0], a[1], b[0], b[1]) <= radius
            self._near[key] = found
        return found

    def near_all(self, places: Iterable[Place] | None, site: Site) -> bool:
        """Return whether `site` is within the trip radius of every one of `places`."""
        here = site.place
        if here is None or not places:
            return True
        near = self._near_places
        return all(near(p, here) for p in places)

    # -- days ------------------------------------------------------------------------------

    def working_days(self, country: str | None, home: str | None) -> list[date]:
        """Return the working days at both places from the day after as_of to the search end."""
        key = (country, home)
        if key not in self._days:
            self._days[key] = self.workdays.days(
                self.as_of + timedelta(days=1), self.search_end, country, home
            )
            self._mondays[key] = [monday(day) for day in self._days[key]]
        return self._days[key]

    def lead(self, e: Executive, site: Site) -> tuple[int, float | None]:
        """Return (working days of notice, distance from home in km or None when unknown)."""
        key = (e.pk, site.lat, site.lon)
        found = self._lead.get(key)
        if found is None:
            found = self._lead[key] = self._lead_for(e, site)
        return found

    def _lead_for(self, e: Executive, site: Site) -> tuple[int, float | None]:
        r = self.rules
        if None in (e.lat, e.lon, site.lat, site.lon):
            return r.lead_days_mid, None
        d = distance_km(e.lat, e.lon, site.lat, site.lon)  # type: ignore[arg-type]
        if d <= r.lead_near_km:
            return r.lead_days_near, d
        return (r.lead_days_mid if d <= r.lead_mid_km else r.lead_days_far), d

    # -- room ------------------------------------------------------------------------------

    def _day_free(self, e: Executive, day: date, site: Site) -> bool:
        """Return whether every visit that day is in the same place as `site`."""
        return self.near_all(e.plan.get(day), site)

    def _week_room(self, e: Executive, day: date, site: Site) -> bool:
        """Return whether one more visit that week stays within the cap (or makes one trip)."""
        week = monday(day)
        if e.week_load.get(week, 0) < self.rules.weekly_visit_max:
            return True
        return self._one_place(e, week) and self.near_all(e.week_places.get(week), site)

    def _one_place(self, e: Executive, week_start: date) -> bool:
        """Return whether a week's visits are all within the radius of each other (a trip).

        Kept per week and checked only for places added since (a week's places only grow).
        """
        week = e.week_places.get(week_start, [])
        checked, one = self._weeks.get((e.pk, week_start), (0, True))
        near = self._near_places
        for k in range(checked, len(week)):
            if not one:
                break
            one = all(near(week[j], week[k]) for j in range(k))
        self._weeks[(e.pk, week_start)] = (len(week), one)
        return one

    def _open_week(self, e: Executive) -> date:
        """Return the Monday of the executive's first week not full for every place.

        A week with the most visits in more than one place stays full (plans only grow), so the
        search for any visit may start there.
        """
        week = self._open.get(e.pk, monday(self.as_of))
        while week <= self.search_end:
            if e.week_load.get(week, 0) < self.rules.weekly_visit_max:
                break
            if self._one_place(e, week):
                break
            week += timedelta(days=7)
        self._open[e.pk] = week
        return week

    def _under_target(self, e: Executive, day: date) -> bool:
        return e.month_load.get(month_start(day), 0) < e.target

    def fits(self, e: Executive, day: date, site: Site, *, target: bool = True) -> bool:
        """Return whether one more visit by `e` at `site` on `day` keeps the load fair."""
        return (
            self._day_free(e, day, site)
            and self._week_room(e, day, site)
            and (not target or self._under_target(e, day))
        )

    # -- windows ---------------------------------------------------------------------------

    def trip_stop(self, e: Executive, site: Site) -> PlannedStop | None:
        """Return the nearest planned stop within the trip radius on a working day here."""
        if site.lat is None or site.lon is None or not e.trip_stops:
            return None
        key = (e.pk, site.lat, site.lon, site.country)
        if key not in self._stops:  # planned stops do not change while suggesting
            self._stops[key] = self._trip_stop(e, site)
        return self._stops[key]

    def _trip_stop(self, e: Executive, site: Site) -> PlannedStop | None:
        assert site.lat is not None and site.lon is not None
        best: tuple[float, date, PlannedStop] | None = None
        for stop in e.trip_stops:
            assert stop.lat is not None and stop.lon is not None
            if abs(stop.lat - site.lat) * 111.0 > self.rules.trip_radius_km:
                continue
            d = distance_km(stop.lat, stop.lon, site.lat, site.lon)
            if d > self.rules.trip_radius_km:
                continue
            if not self.workdays.is_working(stop.day, site.country, e.home_country):
                continue
            if best is None or (d, stop.day) < best[:2]:
                best = (d, stop.day, stop)
        return best[2] if best else None

    def options(self, e: Executive, site: Site, until: date, since: date = date.min) -> Options:
        """Return the executive's first days from `since` by `until` for a visit at `site`.

        Kept until the executive takes another visit; "no room at all" is kept for good, since
        plans only fill up as suggestions are handed out.
        """
        key = (e.pk, site.lat, site.lon, site.country, until, since)
        kept = self._found.get(key)
        if kept is not None:
            taken, o = kept
            if taken == e.suggested or (o.loose is None and o.trip is None):
                return o
        found = self._options(e, site, until, since)
        self._found[key] = (e.suggested, found)
        return found

    def _options(self, e: Executive, site: Site, until: date, since: date) -> Options:
        found = Options(None, None, None, "")
        stop = self.trip_stop(e, site)
        if stop is not None:
            when = weekday_day(stop.day, self.as_of)
            place = stop.city or "the area"
            if self.fits(e, stop.day, site, target=False):
                found.trip = stop.day
                found.note = f"{e.first_name} is already in {place} on {when}"
                return found
            found.note = f"{e.first_name} is in {place} on {when}, but that week is full; "
        days = self.working_days(site.country, e.home_country)
        weeks = self._mondays[(site.country, e.home_country)]
        k = max(self.lead(e, site)[0] - 1, bisect_left(days, max(self._open_week(e), since)), 0)
        end = bisect_left(days, until + timedelta(days=1))
        cap = self.rules.weekly_visit_max
        week_load, week_places, plan = e.week_load, e.week_places, e.plan
        near_all = self.near_all
        while k < end:  # the same rules as `fits`, inlined: this loop is the engine's hot spot
            day, week = days[k], weeks[k]
            load = week_load.get(week, 0)
            if (
                load
                and load >= cap
                and not (self._one_place(e, week) and near_all(week_places.get(week), site))
            ):  # the week is full: on to next Monday
                k = bisect_left(days, week + timedelta(days=7), k, end)
                continue
            today = plan.get(day)
            if today and not near_all(today, site):
                k += 1
                continue
            if found.loose is None:
                found.loose = day
            if self._under_target(e, day):
                found.strict = day
                break
            k = bisect_left(days, next_month_start(day), k, end)  # at target all month
        return found

    def window(self, e: Executive, site: Site, first: date, *, target: bool, note: str) -> Window:
        """Return the window from `first`: the following days of its week that fit too."""
        days = self.working_days(site.country, e.home_country)
        lead, distance = self.lead(e, site)
        at = bisect_left(days, first)
        last = first
        for day in days[at + 1 : at + 5]:
            if (day - last).days != 1 or monday(day) != monday(first):
                break
            if not self.fits(e, day, site, target=target):
                break
            last = day
        span = weekday_day(first, self.as_of)
        if last != first:
            span += f" – {weekday_day(last, self.as_of)}"
        notice = ""
        if distance is not None and lead > self.rules.lead_days_near:
            days_notice = "a working day's" if lead == 1 else f"{lead} working days'"
            notice = f" ({km(distance)} from home: {days_notice} notice)"
        if lead - 1 < len(days) and first == days[max(lead - 1, 0)]:
            return Window(first, last, f"{note}{e.first_name}'s plan is free: {span}{notice}")
        plural = "days" if last != first else "day"
        return Window(first, last, f"{note}First free {plural} in {e.first_name}'s plan: {span}")


@dataclass
class Options:
    """An executive's first days for one visit: on a trip there, under target, at all."""

    trip: date | None  # the planned trip's day (no notice, no target)
    strict: date | None  # the first day with room under the monthly target
    loose: date | None  # the first day with room under the weekly rules
    note: str  # the trip's words ("Elena is already in Toronto on Fri 4 Dec")


@dataclass(frozen=True)
class Placed:
    """The executive chosen for a deal (index into the matchmaker), their window, the ranking."""

    index: int
    ranked: list[ExecChoice]
    window: Window


def _first(choice: ExecChoice) -> str:
    return choice.name.split()[0] if choice.name.strip() else choice.email


def _why_full(planner: WindowPlanner, e: Executive, o: Options) -> str:
    """Return why an executive has no window in the horizon ("Elena is full until 6 Jul")."""
    horizon = planner.horizon_end
    if o.loose is not None and o.loose <= horizon:
        return f"{e.first_name} is at their monthly target"
    return f"{e.first_name} is full until {day_month(horizon, planner.as_of)}"


def place_visit(
    planner: WindowPlanner,
    match: Matchmaker,
    ranked: list[ExecChoice],
    site: Site,
    *,
    pinned: bool = False,
) -> Placed:
    """Return who goes (the best with room, see the module docstring) and when.

    `pinned`: the first of `ranked` goes whatever their load; only the window moves.
    """
    people = [match.by_pk(c.executive_pk) for c in ranked][: 1 if pinned else None]
    horizon = planner.horizon_end
    seen: dict[tuple[int, date], Options] = {}

    def options(n: int, until: date = horizon) -> Options:
        if (n, until) not in seen:
            # After the horizon: everyone was found full in it, so look past it only.
            since = horizon + timedelta(days=1) if until > horizon else date.min
            e = match.executives[people[n]]
            seen[(n, until)] = planner.options(e, site, until, since)
        return seen[(n, until)]

    def placed(n: int, first: date, target: bool, lead: str = "") -> Placed:
        e, o = match.executives[people[n]], options(n)
        if first == o.trip:
            w = Window(first, first, o.note)
        else:
            w = planner.window(e, site, first, target=target, note=o.note)
        if n > 0:
            full = "; ".join(
                _why_full(planner, match.executives[people[j]], options(j)) for j in range(n)
            )
            lead = f"{full}; {_first(ranked[n])} is next best. {lead}"
        order = [ranked[n], *ranked[:n], *ranked[n + 1 :]]
        return Placed(people[n], order, Window(w.first, w.last, lead + w.why))

    for n in range(len(people)):
        o = options(n)
        if o.trip is not None:
            return placed(n, o.trip, False)
        if o.strict is not None and o.strict <= horizon:
            return placed(n, o.strict, True)
    for n in range(len(people)):
        o = options(n)
        if o.loose is not None and o.loose <= horizon:
            others = " (no one else suited has room)" if n == 0 and len(people) > 1 else ""
            words = f"{_first(ranked[n])} is at their monthly target{others}. " if n == 0 else ""
            return placed(n, o.loose, False, words)
    # Everyone suited is full in the horizon: the earliest day after it among them.
    end = planner.search_end
    later = [
        (o.strict or o.loose, n, o.strict is not None)
        for n in range(len(people))
        if (o := options(n, end)).loose is not None
    ]
    if later:
        first, n, target = min(later, key=lambda x: (x[0], x[1]))
        who = "is" if len(people) == 1 else "and the next best are"
        words = f"{_first(ranked[0])} {who} full until {day_month(horizon, planner.as_of)}. "
        e, o = match.executives[people[n]], options(n, end)
        w = planner.window(e, site, first, target=target, note=o.note)
        order = [ranked[n], *ranked[:n], *ranked[n + 1 :]]
        return Placed(people[n], order, Window(w.first, w.last, words + w.why))
    e = match.executives[people[0]]
    days = planner.working_days(site.country, e.home_country)
    day = days[0] if days else planner.as_of + timedelta(days=1)
    why = f"No room in {e.first_name}'s plan before {day_month(planner.search_end, planner.as_of)}"
    return Placed(people[0], ranked, Window(day, day, why))
