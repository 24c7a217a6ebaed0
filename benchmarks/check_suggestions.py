"""Go over every suggestion on a workspace and count the ones an executive would not accept.

Counts, each from the suggestions (`suggest_visits`), the planned visits and the trips' add-ons:

- window days that are a weekend, a public holiday or a company closure at the customer or at
  the executive's home (`planning.workdays` decides);
- executive-weeks over `weekly_visit_max` (planned + suggested) that are not one trip (all within
  `trip_radius_km` of each other);
- executive-days with two places farther apart than `trip_radius_km` (planned + suggested);
- windows with a day on which the executive has a planned visit elsewhere (beyond the radius);
- deals offered to two executives (a suggestion for one, a trip add-on for another);
- proposed start hours outside business hours at the customer, or in the executive's night at
  home (before 07:00, after 21:00) when they are not on a trip there and some business hour
  there is daytime at home (else counted apart, as a journey);
- windows sooner than the lead time for the distance (no trip there);
- executives given new suggestions in a month they are already at or over their target.

    python -m benchmarks.check_suggestions [--db PATH] [--as-of 2026-11-25] [--json]

Without --db it uses (and once builds) the medium demo at benchmarks/data/medium.fieldvisit.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "medium.fieldvisit"
AS_OF = "2026-11-25"
NIGHT_ENDS, NIGHT_STARTS = 7, 21


@dataclass(frozen=True)
class _Stop:
    day: date
    lat: float | None
    lon: float | None
    what: str


def _ensure_data(db: Path, as_of: str) -> None:
    if db.exists():
        return
    print(f"generating the medium demo at {db} (once)…", file=sys.stderr, flush=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "fieldvisit", "--db", str(db), "demo", "--size", "medium",
         "--as-of", as_of],
        check=True,
        cwd=HERE.parent,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def _far(a: _Stop, b: _Stop, radius: float) -> bool:
    from fieldvisit.geo import distance_km

    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    return distance_km(a.lat, a.lon, b.lat, b.lon) > radius  # type: ignore[arg-type]


def _zone(name: str | None) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ValueError, KeyError):
        return None


def _night(start: datetime, home: ZoneInfo, minutes: int) -> bool:
    """Return whether a visit from `start` reaches into the night at home."""
    first = start.astimezone(home)
    last = first + timedelta(minutes=minutes)
    return (
        first.hour < NIGHT_ENDS
        or last.date() != first.date()
        or last.hour * 60 + last.minute > NIGHT_STARTS * 60
    )


def check(db: Path, as_of: date) -> dict[str, Any]:
    """Return the counts (and a few examples) for every suggestion on the workspace."""
    from sqlalchemy import text

    from fieldvisit import planning
    from fieldvisit.geo import distance_km
    from fieldvisit.planning.actions import suggested_start
    from fieldvisit.planning.periods import local_day, monday
    from fieldvisit.planning.workdays import WorkingDays
    from fieldvisit.settings import load_rules
    from fieldvisit.store.opening import open_workspace

    ws = open_workspace(db)
    with ws.connect() as conn:
        rules = load_rules(conn)
        suggestions = planning.suggest_visits(conn, as_of, rules)
        trip_plans = planning.trips(conn, as_of, rules)
        accounts = {
            pk: (country, tz, lat, lon, city)
            for pk, country, tz, lat, lon, city in conn.execute(
                text("SELECT id, country, tz, lat, lon, city FROM account")
            )
        }
        execs = {
            pk: (country, tz, lat, lon, target or rules.default_monthly_visit_target, name)
            for pk, country, tz, lat, lon, target, name in conn.execute(
                text(
                    "SELECT id, home_country, tz, lat, lon, monthly_visit_target, name "
                    "FROM executive"
                )
            )
        }
        planned: dict[int, list[_Stop]] = defaultdict(list)
        month_done: dict[tuple[int, date], int] = defaultdict(int)
        for exec_pk, start, status, account_pk, visit_id in conn.execute(
            text(
                "SELECT ve.executive_id, v.start, v.status, v.account_id, v.external_id "
                "FROM visit v JOIN visit_executive ve ON ve.visit_id = v.id "
                "WHERE v.status IN ('planned', 'done') AND v.start >= :lo"
            ),
            {"lo": (as_of.replace(day=1) - timedelta(days=1)).isoformat()},
        ):
            _, tz, lat, lon, _ = accounts[account_pk]
            day = local_day(start, tz)
            month_done[(exec_pk, day.replace(day=1))] += 1
            if status == "planned" and day > as_of:
                planned[exec_pk].append(_Stop(day, lat, lon, visit_id))
        starts = {s.deal.deal_pk: suggested_start(conn, s) for s in suggestions}
    ws.close()

    workdays = WorkingDays.from_rules(rules)
    radius = rules.trip_radius_km
    counts: dict[str, int] = defaultdict(int)
    examples: dict[str, list[str]] = defaultdict(list)

    def note(key: str, example: str) -> None:
        counts[key] += 1
        if len(examples[key]) < 5:
            examples[key].append(example)

    suggested: dict[int, list[_Stop]] = defaultdict(list)
    per_month: dict[tuple[int, date], int] = defaultdict(int)
    for s in suggestions:
        country, tz, lat, lon, city = accounts[s.deal.account_pk]
        e_pk = s.executive.executive_pk
        home_country, home_tz, h_lat, h_lon, target, name = execs[e_pk]
        label = f"{s.deal.deal_id} {name} → {city}"
        suggested[e_pk].append(_Stop(s.window_start, lat, lon, s.deal.deal_id))
        here = _Stop(s.window_start, lat, lon, s.deal.deal_id)
        on_trip = any(p.day == s.window_start and not _far(p, here, radius) for p in planned[e_pk])
        near_trip = any(not _far(p, here, radius) and p.lat is not None for p in planned[e_pk])
        day = s.window_start
        while day <= s.window_end:
            why = workdays.why_not(day, country, home_country)
            if why:
                note("window_days_not_working", f"{label} on {day}: {why}")
            if any(p.day == day and _far(p, here, radius) for p in planned[e_pk]):
                note("window_days_planned_elsewhere", f"{label} on {day}")
            day += timedelta(days=1)
        if any(p.day == s.window_start and _far(p, here, radius) for p in planned[e_pk]):
            counts["windows_on_day_planned_elsewhere"] += 1
        start = starts[s.deal.deal_pk]
        at_customer = start.astimezone(_zone(tz)) if _zone(tz) else start
        end_customer = at_customer + timedelta(minutes=rules.default_visit_minutes)
        if at_customer.hour < rules.visit_hours_start or (
            end_customer.hour * 60 + end_customer.minute > rules.visit_hours_end * 60
            or end_customer.date() != at_customer.date()
        ):
            note("hours_outside_customer_business_hours", f"{label} at {at_customer:%H:%M}")
        home = _zone(home_tz)
        if home is not None and not on_trip and _night(start, home, rules.default_visit_minutes):
            # A journey when no business hour there is daytime at home; else avoidable.
            where = _zone(tz) or home
            hours = range(rules.visit_hours_start, rules.visit_hours_end)
            daytime = [
                h
                for h in hours
                if not _night(
                    datetime.combine(s.window_start, time(h), tzinfo=where),
                    home,
                    rules.default_visit_minutes,
                )
            ]
            at_home = start.astimezone(home)
            key = "hours_in_executive_night" if daytime else "night_hours_on_journeys"
            note(key, f"{label} at {at_home:%H:%M} at home")
        if not near_trip and None not in (lat, lon, h_lat, h_lon):
            d = distance_km(h_lat, h_lon, lat, lon)  # type: ignore[arg-type]
            lead = (
                rules.lead_days_near
                if d <= rules.lead_near_km
                else rules.lead_days_mid
                if d <= rules.lead_mid_km
                else rules.lead_days_far
            )
            earliest = workdays.add(as_of, lead, country, home_country)
            if s.window_start < earliest:
                note("windows_before_lead_time", f"{label} on {s.window_start}, {d:.0f} km")
        month = s.window_start.replace(day=1)
        if month_done[(e_pk, month)] + per_month[(e_pk, month)] >= target:
            note("suggestions_beyond_monthly_target", f"{label} ({month:%b})")
        per_month[(e_pk, month)] += 1

    for e_pk in set(planned) | set(suggested):
        stops = planned[e_pk] + suggested[e_pk]
        weeks: dict[date, list[_Stop]] = defaultdict(list)
        days: dict[date, list[_Stop]] = defaultdict(list)
        for stop in stops:
            weeks[monday(stop.day)].append(stop)
            days[stop.day].append(stop)
        name = execs[e_pk][5]
        for week, group in sorted(weeks.items()):
            if not any(s in suggested[e_pk] for s in group):
                continue
            if len(group) > rules.weekly_visit_max and any(
                _far(a, b, radius) for a in group for b in group
            ):
                note("exec_weeks_over_cap_outside_trip", f"{name}, week of {week}: {len(group)}")
        for day, group in sorted(days.items()):
            if any(_far(a, b, radius) for a in group for b in group):
                note("exec_days_far_apart_cities", f"{name} on {day}")

    offered: dict[int, set[int]] = defaultdict(set)
    for s in suggestions:
        offered[s.deal.deal_pk].add(s.executive.executive_pk)
    for trip in trip_plans:
        for add_on in trip.add_ons:
            offered[add_on.deal.deal_pk].add(trip.executive_pk)
    for deal_pk, who in sorted(offered.items()):
        if len(who) > 1:
            note("deals_offered_to_two_executives", f"deal pk {deal_pk}: {len(who)} executives")

    keys = (
        "window_days_not_working",
        "exec_weeks_over_cap_outside_trip",
        "exec_days_far_apart_cities",
        "window_days_planned_elsewhere",
        "windows_on_day_planned_elsewhere",
        "deals_offered_to_two_executives",
        "hours_outside_customer_business_hours",
        "hours_in_executive_night",
        "night_hours_on_journeys",
        "windows_before_lead_time",
        "suggestions_beyond_monthly_target",
    )
    load = defaultdict(int)
    for s in suggestions:
        load[s.executive.executive_pk] += 1
    return {
        "workspace": db.name,
        "as_of": as_of.isoformat(),
        "suggestions": len(suggestions),
        "executives_suggested": len(load),
        "most_suggestions_for_one_executive": max(load.values(), default=0),
        "counts": {k: counts[k] for k in keys},
        "examples": {k: examples[k] for k in keys if examples[k]},
    }


def main(argv: list[str] | None = None) -> int:
    """Print the counts; return 0 (the counts are figures, not a pass/fail)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.check_suggestions")
    parser.add_argument("--db", type=Path, default=None, help="a workspace (default: medium demo)")
    parser.add_argument("--as-of", default=AS_OF, help=f"the as-of date (default {AS_OF})")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    db = args.db
    if db is None:
        db = DATA
        _ensure_data(db, args.as_of)
    result = check(db, date.fromisoformat(args.as_of))
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"{result['suggestions']} suggestions as of {result['as_of']} on {result['workspace']}, "
        f"{result['executives_suggested']} executives "
        f"(at most {result['most_suggestions_for_one_executive']} for one)"
    )
    for key, n in result["counts"].items():
        print(f"  {key.replace('_', ' '):<42}{n:>6}")
        for example in result["examples"].get(key, [])[:3]:
            print(f"      e.g. {example}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
