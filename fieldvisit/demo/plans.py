"""Planned future visits (some grouped into trips) and a few snoozed deals.

Planned visits go mostly to accounts with stalled strategic deals; some executives have two or
three visits in the same metro area on consecutive business days, which is what a trip is.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from fieldvisit import geo
from fieldvisit.demo import names, text
from fieldvisit.demo.visits import (
    ExecutivePicker,
    VisitRows,
    account_pools,
    business_day,
    draw,
    local_start,
    pick_contacts,
    uid,
)
from fieldvisit.demo.world import World
from fieldvisit.demo.writer import utc_text
from fieldvisit.geo import Place
from fieldvisit.settings import Rules

GROUP_SIZES = (1, 1, 2, 2, 3)


def _nearby(places: list[Place], radius_km: float) -> dict[Place, list[Place]]:
    """Return each place → the places within `radius_km` of it (itself included)."""
    return {
        p: [q for q in places if geo.distance_km(p.lat, p.lon, q.lat, q.lon) <= radius_km]
        for p in places
    }


def _trip_name(city: str, start: date, end: date) -> str:
    """Return "Chicago, Dec 3-5" (or "Chicago, Nov 30 - Dec 2" across a month end)."""
    if start.month == end.month:
        return f"{city}, {start:%b} {start.day}-{end.day}"
    return f"{city}, {start:%b} {start.day} - {end:%b} {end.day}"


def _best_open_deal(world: World, account: int, taken: set[int]) -> int | None:
    """Return the account's open deal most worth a visit (stalled strategic first), or None."""
    d = world.deals
    candidates = [i for i in d.by_account.get(account, []) if d.open[i - 1] and i not in taken]
    if not candidates:
        return None
    return max(candidates, key=lambda i: (d.stalled[i - 1] and d.strategic[i - 1], d.amount[i - 1]))


def planned_visits(world: World, rows: VisitRows) -> set[int]:
    """Add planned visits (and trips) in the next three weeks; return the deals they cover."""
    rng = world.rng("planned-visits")
    acc, d = world.accounts, world.deals
    open_accounts = {
        d.account[i] for i in range(len(d.account)) if d.open[i]
    } - world.unmet_accounts
    if not open_accounts:
        return set()
    hot = {
        d.account[i] for i in range(len(d.account)) if d.open[i] and d.stalled[i] and d.strategic[i]
    }
    pools = account_pools(world, only=(hot & open_accounts) or open_accounts)
    by_place: dict[Place, list[int]] = {}
    for a in sorted(open_accounts):
        by_place.setdefault(acc.place[a - 1], []).append(a)
    nearby = _nearby(
        sorted(by_place, key=lambda p: (p.country_code, p.name)), Rules().trip_radius_km
    )
    execs = ExecutivePicker(rng, world.executives)
    taken: set[int] = set()
    made, target = 0, world.scale.planned_visits
    while made < target:
        exec_ = execs.pick()
        pool = pools.get("Global" if exec_.level == "C" else exec_.region)
        if not pool or not pool[0]:
            pool = pools["Global"]
        anchor = draw(rng, pool)
        place = acc.place[anchor - 1]
        companions = sorted({a for p in nearby[place] for a in by_place[p]} - {anchor})
        size = min(target - made, rng.choice(GROUP_SIZES), len(companions) + 1)
        group = [anchor, *rng.sample(companions, size - 1)]
        ago = business_day(world, -rng.randint(2, 18), forward=True)
        days: list[int] = []
        for _ in group:
            while (exec_.id, ago) in rows.busy:
                ago = business_day(world, ago - 1, forward=True)
            rows.busy.add((exec_.id, ago))
            days.append(ago)
        trip_id = None
        if len(group) > 1:
            trip_id = len(rows.trip) + 1
            start, end = world.days.date(days[0]), world.days.date(days[-1])
            rows.trip.append((
                trip_id, f"T{trip_id:04d}", exec_.id, _trip_name(place.name, start, end),
                world.days.text(days[0]), world.days.text(days[-1]),
            ))  # fmt: skip
        for account, ago in zip(group, days, strict=True):
            deal = _best_open_deal(world, account, taken)
            if deal is not None:
                taken.add(deal)
            _add_planned(rng, world, rows, exec_.id, account, deal, trip_id, ago)
            made += 1
    return taken


def _add_planned(
    rng: random.Random,
    world: World,
    rows: VisitRows,
    exec_id: int,
    account: int,
    deal: int | None,
    trip_id: int | None,
    ago: int,
) -> None:
    acc = world.accounts
    v = len(rows.visit) + 1
    place = acc.place[account - 1]
    mode = "video" if rng.random() < 0.1 else "in_person"
    start = local_start(world, ago, place.tz, rng.choice((9, 10, 11, 14, 15)), 0)
    end = start + timedelta(minutes=rng.choice((60, 60, 90)))
    planned_on = datetime.combine(world.days.date(rng.randint(1, 6)), time(15, 0), tzinfo=UTC)
    location = f"{acc.short[account - 1]}, {place.name}" if mode == "in_person" else "Video"
    rows.visit.append((
        v, f"V{v:06d}", account, deal, trip_id, utc_text(start), utc_text(end), location, mode, "planned",
        text.agenda(rng, rng.choice(names.PRODUCTS)), text.objective(rng), uid(rng), uid(rng), 0,
        utc_text(planned_on),
    ))  # fmt: skip
    rows.executive.append((v, exec_id))
    rows.rep.append((v, world.deals.owner[deal - 1] if deal else acc.owner[account - 1]))
    rows.contact += [(v, c) for c in pick_contacts(rng, world, account, 2)]


def snoozes(world: World, rows: VisitRows, planned: set[int]) -> None:
    """Snooze a couple of stalled strategic deals that have no planned visit."""
    rng = world.rng("snoozes")
    d = world.deals
    candidates = [
        i + 1
        for i in range(len(d.account))
        if d.open[i] and d.stalled[i] and d.strategic[i] and i + 1 not in planned
    ]
    count = min(len(candidates), max(2, world.scale.open_deals // 2500))
    for deal in sorted(rng.sample(candidates, count)):
        created = datetime.combine(world.days.date(rng.randint(1, 10)), time(16, 20), tzinfo=UTC)
        rows.snooze.append((
            deal, world.days.text(-rng.randint(7, 35)), text.snooze_reason(rng), utc_text(created),
        ))  # fmt: skip
