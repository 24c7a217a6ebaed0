"""Past executive visits with their attendees, debriefs, friction and next steps.

About half the visits went to deals that had stalled: each deal's life (`fieldvisit.demo.paths`)
says when, and whether the deal moved on within a month, so "did the visit move the deal?" has a
believable answer. Routine visits sit on healthy stretches of deals, or on the account alone. A
third of the strategic accounts get no visit at all, and the most recent visits are often still
waiting for a debrief.
"""

from __future__ import annotations

import random
import uuid
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from itertools import accumulate
from typing import NamedTuple
from zoneinfo import ZoneInfo

from fieldvisit.demo import names, text
from fieldvisit.demo.paths import LOST, PAST_DAYS, business_day
from fieldvisit.demo.world import Executive, World
from fieldvisit.demo.writer import BulkWriter, utc_text
from fieldvisit.settings import DEFAULT_FRICTION_CATEGORIES

TIER_VISIT_WEIGHT = {"strategic": 6.0, "key": 2.0, "standard": 0.3}
LOCAL_START_HOURS = (9, 10, 10, 11, 13, 14, 14, 15, 16)
MODES = ("in_person",) * 16 + ("video",) * 3 + ("phone",)
MINUTES = {"in_person": (60, 90, 90, 120), "video": (30, 45, 60), "phone": (30, 30, 45)}
SENTIMENT_WEIGHTS = {True: (60, 30, 10), False: (30, 45, 25)}  # advanced → better/same/worse
STALL_VISIT_CAP = 0.7  # visits that met a stall leave room for routine ones

VISIT_COLUMNS = (
    "id", "external_id", "account_id", "deal_id", "trip_id", "start", "end", "location", "mode",
    "status", "agenda", "objective", "internal_uid", "external_uid", "sequence", "updated_at",
)  # fmt: skip
DEBRIEF_COLUMNS = (
    "id", "visit_id", "written_at", "learned", "challenges", "field_friction", "competitors",
    "current_vendor", "budget", "sentiment", "summary", "people_met",
)  # fmt: skip


@dataclass
class VisitRows:
    """Rows for every visit table, filled by the past and planned visit phases."""

    visit: list[tuple[object, ...]] = field(default_factory=list)
    executive: list[tuple[int, int]] = field(default_factory=list)
    rep: list[tuple[int, int]] = field(default_factory=list)
    contact: list[tuple[int, int]] = field(default_factory=list)
    debrief: list[tuple[object, ...]] = field(default_factory=list)
    friction: list[tuple[int, str]] = field(default_factory=list)
    next_step: list[tuple[object, ...]] = field(default_factory=list)
    trip: list[tuple[object, ...]] = field(default_factory=list)
    snooze: list[tuple[object, ...]] = field(default_factory=list)
    # executive id → days ago with a visit, so one person is not booked twice on a day
    busy: set[tuple[int, int]] = field(default_factory=set)

    def write(self, writer: BulkWriter) -> None:
        """Insert every collected row, parents first."""
        writer.label = "Visits and debriefs"
        writer.insert("trip", ("id", "external_id", "executive_id", "name", "starts_on", "ends_on"), self.trip)  # fmt: skip
        writer.insert("visit", VISIT_COLUMNS, self.visit)
        writer.insert("visit_executive", ("visit_id", "executive_id"), self.executive)
        writer.insert("visit_rep", ("visit_id", "rep_id"), self.rep)
        writer.insert("visit_contact", ("visit_id", "contact_id"), self.contact)
        writer.insert("debrief", DEBRIEF_COLUMNS, self.debrief)
        writer.insert("debrief_friction", ("debrief_id", "category"), self.friction)
        writer.insert("next_step", ("debrief_id", "text", "owner", "due_on", "done"), self.next_step)  # fmt: skip
        writer.insert("snooze", ("deal_id", "until", "reason", "created_at"), self.snooze)


def uid(rng: random.Random) -> str:
    """Return a calendar UID made from the demo's random stream (same seed, same UID)."""
    return f"{uuid.UUID(int=rng.getrandbits(128), version=4)}@fieldvisit"


def local_start(world: World, ago: int, tz: str, hour: int, minute: int) -> datetime:
    """Return a local wall-clock time on a day as an aware UTC datetime."""
    local = datetime.combine(world.days.date(ago), time(hour, minute), tzinfo=ZoneInfo(tz))
    return local.astimezone(UTC)


def pick_contacts(rng: random.Random, world: World, account: int, most: int) -> list[int]:
    """Return 1..most contacts of an account, senior people more likely."""
    first = world.accounts.first_contact[account - 1]
    ids = range(first, first + world.accounts.contact_count[account - 1])
    weights = [5 - world.contact_rank[c - 1] for c in ids]
    picked = rng.choices(ids, weights=weights, k=rng.randint(1, most))
    return sorted(set(picked))


class ExecutivePicker:
    """Draws executives by how much they visit; those with weight 0 are never drawn."""

    def __init__(self, rng: random.Random, executives: Sequence[Executive]):
        self.rng = rng
        self.active = [e for e in executives if e.weight > 0] or list(executives[:1])
        self.cum = list(accumulate(e.weight or 1.0 for e in self.active))

    def pick(self) -> Executive:
        """Return a weighted random executive."""
        return self.active[bisect(self.cum, self.rng.random() * self.cum[-1])]


def account_pools(
    world: World, only: set[int] | None = None
) -> dict[str, tuple[list[int], list[float]]]:
    """Return region → (account ids, cumulative visit weights); "Global" holds all regions."""
    acc = world.accounts
    pools: dict[str, tuple[list[int], list[float]]] = {}
    for region in [*sorted(set(acc.region)), "Global"]:
        ids = [
            a
            for a in range(1, len(acc.name) + 1)
            if a not in world.unmet_accounts
            and (only is None or a in only)
            and (region == "Global" or acc.region[a - 1] == region)
        ]
        pools[region] = (ids, list(accumulate(TIER_VISIT_WEIGHT[acc.tier[a - 1]] for a in ids)))
    return pools


def draw(rng: random.Random, pool: tuple[list[int], list[float]]) -> int:
    """Return a weighted random account id from a pool."""
    ids, cum = pool
    return ids[bisect(cum, rng.random() * cum[-1])]


def _in_quiet_spell(world: World, deal: int, ago: int) -> bool:
    """True when `ago` falls in one of the deal's quiet spells (a visit there would end it)."""
    quiet = world.deals.quiet[deal - 1]
    return any(quiet[k + 1] <= ago <= quiet[k] for k in range(0, len(quiet), 2))


def _deal_and_day(
    rng: random.Random, world: World, account: int, visited: set[int]
) -> tuple[int | None, int, bool]:
    """Return (deal id or None, days ago, whether a stage change follows within 30 days).

    Routine visits sit on a deal's healthy stretches, never in its quiet spells and never on a
    deal whose stall an executive visited: those visits are planned with the deal's life.
    """
    d = world.deals
    deals = [deal for deal in d.by_account.get(account, ()) if deal not in visited]
    if deals and rng.random() < 0.85:
        deal = rng.choice(deals)
        i = deal - 1
        moves = [
            ago
            for ago, stage in zip(d.path_ago[i][1:], d.path_stage[i][1:], strict=True)
            if stage != LOST and 5 <= ago <= PAST_DAYS - 30
        ]
        if moves and rng.random() < 0.55:
            ago = rng.choice(moves) + rng.randint(3, 24)
            if not _in_quiet_spell(world, deal, ago):
                return deal, ago, True
        low = max(1, 0 if d.open[i] else d.close_ago[i])
        high = min(PAST_DAYS, d.path_ago[i][0])
        if low <= high:
            ago = rng.randint(low, high)
            if not _in_quiet_spell(world, deal, ago):
                return deal, ago, False
    return None, rng.randint(1, PAST_DAYS), False


class PastVisit(NamedTuple):
    """One past visit before its rows are made."""

    executive: Executive
    account: int
    deal: int | None
    ago: int
    moved: bool  # a stage change followed within 30 days
    met_stall: bool  # planned with the deal's life: it came while the deal was stuck


def _stall_visit_executive(
    execs: ExecutivePicker, region: str, ago: int, busy: set[tuple[int, int]]
) -> Executive | None:
    """Return a free executive who covers the region (a C-level one covers all), or None."""
    for _ in range(40):
        exec_ = execs.pick()
        if (exec_.level == "C" or exec_.region == region) and (exec_.id, ago) not in busy:
            return exec_
    return None


def _visit_plan(
    rng: random.Random, world: World, execs: ExecutivePicker, rows: VisitRows
) -> list[PastVisit]:
    """Return (executive, account, deal, days ago, moved) for every past visit, oldest first.

    The visits that met a stall come first (at most a STALL_VISIT_CAP share of all visits);
    routine visits fill the rest: executives go back to accounts they know, or meet new ones in
    their region.
    """
    acc, d = world.accounts, world.deals
    total = world.scale.past_visits
    stall_visits = d.stall_visits
    cap = int(total * STALL_VISIT_CAP)
    if len(stall_visits) > cap:
        stall_visits = sorted(rng.sample(stall_visits, cap))
    plan: list[PastVisit] = []
    seen: dict[int, list[int]] = {}
    for stuck, day, moved_on in stall_visits:
        account = d.account[stuck - 1]
        exec_ = _stall_visit_executive(execs, acc.region[account - 1], day, rows.busy)
        if exec_ is None:
            continue
        rows.busy.add((exec_.id, day))
        seen.setdefault(exec_.id, []).append(account)
        plan.append(PastVisit(exec_, account, stuck, day, moved_on, True))
    visited = {stuck for stuck, _, _ in stall_visits}
    pools = account_pools(world)
    while len(plan) < total:
        exec_ = execs.pick()
        met = seen.setdefault(exec_.id, [])
        if met and rng.random() < 0.4:
            account = rng.choice(met)  # executives go back to accounts they know
        else:
            account = draw(rng, pools["Global" if exec_.level == "C" else exec_.region])
            met.append(account)
        deal, ago, moved = _deal_and_day(rng, world, account, visited)
        ago = business_day(world, ago, forward=False)
        while (exec_.id, ago) in rows.busy:
            ago = business_day(world, ago + 1, forward=False)
        if deal is not None and _in_quiet_spell(world, deal, ago):
            deal, moved = None, False  # moved into a quiet spell: an account-level visit
        rows.busy.add((exec_.id, ago))
        plan.append(PastVisit(exec_, account, deal, ago, moved, False))
    plan.sort(key=lambda p: (-p.ago, p.executive.id))
    return plan


def past_visits(world: World, rows: VisitRows) -> None:
    """Fill `rows` with done (and a few cancelled) visits over the past year, with debriefs."""
    rng = world.rng("past-visits")
    acc, d = world.accounts, world.deals
    execs = ExecutivePicker(rng, world.executives)
    for v, (exec_, account, deal, ago, advanced, met_stall) in enumerate(
        _visit_plan(rng, world, execs, rows), start=1
    ):
        place = acc.place[account - 1]
        mode = rng.choice(MODES)
        start = local_start(
            world, ago, place.tz, rng.choice(LOCAL_START_HOURS), rng.choice((0, 0, 30))
        )
        end = start + timedelta(minutes=rng.choice(MINUTES[mode]))
        # A visit that met a stall took place: the deal's story depends on it.
        status = "cancelled" if not met_stall and rng.random() < 0.04 else "done"
        product = rng.choice(names.PRODUCTS)
        location = (
            f"{acc.short[account - 1]}, {place.name}" if mode == "in_person" else mode.title()
        )
        rows.visit.append((
            v, f"V{v:06d}", account, deal, None, utc_text(start), utc_text(end), location, mode,
            status, text.agenda(rng, product), text.objective(rng), uid(rng), uid(rng),
            1 if status == "cancelled" else 0, utc_text(end + timedelta(hours=2)),
        ))  # fmt: skip
        executives = [exec_.id]
        if rng.random() < 0.12:
            other = execs.pick().id
            if other != exec_.id:
                executives.append(other)
        rows.executive += [(v, e) for e in executives]
        rep = d.owner[deal - 1] if deal else acc.owner[account - 1]
        rows.rep.append((v, rep))
        contacts = pick_contacts(rng, world, account, 3)
        rows.contact += [(v, c) for c in contacts]
        if status != "done" or rng.random() < (0.35 if ago <= 14 else 0.02):
            continue  # debrief still due
        people = [(world.contact_name[c - 1], world.contact_title[c - 1]) for c in contacts]
        _debrief(
            rng, world, rows, v, ago, end, people, advanced, exec_.name, world.rep_names[rep - 1]
        )


def _debrief(
    rng: random.Random,
    world: World,
    rows: VisitRows,
    visit_id: int,
    ago: int,
    end: datetime,
    people: list[tuple[str, str]],
    advanced: bool,
    exec_name: str,
    rep_name: str,
) -> None:
    debrief_id = len(rows.debrief) + 1
    sentiment = rng.choices(("better", "same", "worse"), SENTIMENT_WEIGHTS[advanced])[0]
    frictions = rng.sample(DEFAULT_FRICTION_CATEGORIES, rng.choice((0, 1, 1, 1, 2)))
    meeting = text.Meeting(people, frictions, sentiment)
    fields = text.debrief_fields(rng, meeting)
    written = end + timedelta(hours=rng.randint(1, 40), minutes=rng.randint(0, 59))
    rows.debrief.append((
        debrief_id, visit_id, utc_text(written), fields["learned"], fields["challenges"],
        fields["field_friction"], fields["competitors"], fields["current_vendor"],
        fields["budget"], sentiment, fields["summary"], fields["people_met"],
    ))  # fmt: skip
    rows.friction += [(debrief_id, category) for category in frictions]
    for step in text.next_step_texts(rng, rng.randint(1, 3)):
        due_ago = ago - rng.randint(5, 21)
        owner = rng.choice((exec_name, rep_name, rep_name))
        done = 1 if due_ago > 0 and rng.random() < 0.75 else 0
        rows.next_step.append((debrief_id, step, owner, world.days.text(due_ago), done))
