"""A demo deal's life: its stage path, the stretches where it stalled, and the visits that met them.

Most stays in a stage are healthy: about the usual length, with regular activity. Some stall: the
deal sits in the stage far longer and goes quiet. A stall in the past year may get an executive
visit once it has been quiet for a few weeks; most such visits move the deal on within a month,
while stalls nobody visits drag on for months or end in a loss. That is the pattern the Impact
page measures, so the demo's figures tell the story a real sales organisation would.

Lives are built backwards from the last stage entered (today's stage for open deals, the close
for closed ones) to the deal's creation, in "days ago" integers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from fieldvisit.demo.world import World

OPEN_STAGES = 5  # Prospecting … Negotiation; then Closed Won (5) and Closed Lost (6)
WON, LOST = 5, 6
# Usual days in each open stage (the median a learned limit starts from).
STAGE_MEDIAN_DAYS = (9, 14, 21, 18, 24)
PAST_DAYS = 365  # past visits reach back a year
STALL_SHARE = 0.2  # past stays that stalled on the way to the next stage
OPEN_STALL_SHARE = 0.33  # open deals stuck in their current stage today
LOST_STALL_SHARE = 0.7  # lost deals mostly died after stalling
VISIT_MOVES_SHARE = 0.75  # stalls an executive visited that moved within a month
LOST_VISIT_FACTOR = 0.4  # deals heading for a loss got fewer visits: nobody saw it coming
# An executive turns up after the deal has been quiet this many days (so it shows as idle) ...
VISIT_AFTER_DAYS = (25, 75)
# ... and a visit that works is followed by the next stage this many days later (weekend and
# time-zone shifts of the visit day still keep it inside the 30-day impact window).
MOVE_AFTER_VISIT_DAYS = (3, 26)
MOVE_AFTER_FAILED_VISIT_DAYS = (35, 100)
UNVISITED_STALL_DAYS = (40, 130)
TALK_DAYS = 2  # a stall goes quiet after the first days in the stage
STALL_TODAY_MIN_DAYS = 22  # an open stall has been quiet at least three weeks
STALL_TODAY_MEAN_EXTRA = 45.0
STALL_TODAY_MAX_DAYS = 250


def business_day(world: World, ago: int, forward: bool) -> int:
    """Return `ago` moved off a weekend (to Monday when `forward`, else to Friday)."""
    weekday = world.days.date(ago).weekday()
    if weekday < 5:
        return ago
    if forward:
        return ago - (7 - weekday)
    return ago + (weekday - 4)


@dataclass
class Life:
    """One deal's history: stage entries (built newest first), quiet spells and stall visits."""

    path: list[int]
    quiet: list[int] = field(default_factory=list)  # flat (from_ago, to_ago) pairs, inclusive
    visits: list[tuple[int, bool]] = field(default_factory=list)  # (days ago, moved the deal)


def duration(rng: random.Random, stage: int) -> int:
    """Return the length of a healthy stay in a stage (close to the usual)."""
    return max(1, round(STAGE_MEDIAN_DAYS[stage] * rng.lognormvariate(0.0, 0.3)))


def _stall(
    rng: random.Random, world: World, life: Life, end: int, visit_share: float, lost: bool
) -> int:
    """Add a stalled stay that ended `end` days ago; return the day it began."""
    if rng.random() < visit_share * (LOST_VISIT_FACTOR if lost else 1.0):
        moved = not lost and rng.random() < VISIT_MOVES_SHARE
        after = MOVE_AFTER_VISIT_DAYS if moved else MOVE_AFTER_FAILED_VISIT_DAYS
        visit = business_day(world, end + rng.randint(*after), forward=False)
        if 3 <= visit <= PAST_DAYS - 5:
            start = visit + rng.randint(*VISIT_AFTER_DAYS)
            life.quiet += (start - TALK_DAYS, visit)
            life.visits.append((visit, moved))
            return start
    start = end + rng.randint(*UNVISITED_STALL_DAYS)
    life.quiet += (start - TALK_DAYS, end + 1)
    return start


def _walk_back(
    rng: random.Random,
    world: World,
    life: Life,
    stages: list[int],
    visit_share: float,
    lost: bool,
) -> None:
    """Prepend the stays of `stages` (all but the last, already entered) to the life's path."""
    for n, stage in enumerate(reversed(stages[:-1])):
        end = life.path[-1]
        ends_in_loss = lost and n == 0
        stalled = rng.random() < (LOST_STALL_SHARE if ends_in_loss else STALL_SHARE)
        if stalled:
            life.path.append(_stall(rng, world, life, end, visit_share, ends_in_loss))
        else:
            life.path.append(end + duration(rng, stage))
    life.path.reverse()


def open_life(
    rng: random.Random, world: World, stage: int, visit_share: float
) -> tuple[Life, bool]:
    """Return the life of a deal open in `stage` today, and whether it is stalled there now."""
    stalled = rng.random() < OPEN_STALL_SHARE
    if stalled:
        extra = int(rng.expovariate(1 / STALL_TODAY_MEAN_EXTRA))
        ago = min(STALL_TODAY_MIN_DAYS + extra, STALL_TODAY_MAX_DAYS)
        life = Life([ago], [ago - TALK_DAYS, 0])
        # Some stuck deals had a visit that did not move them (yet).
        if ago >= 60 and rng.random() < visit_share / 4:
            visit = business_day(world, ago - rng.randint(25, ago - 31), forward=False)
            if 3 <= visit <= PAST_DAYS - 5:
                life.visits.append((visit, False))
    else:
        life = Life([int(duration(rng, stage) * rng.random())])
    _walk_back(rng, world, life, list(range(stage + 1)), visit_share, lost=False)
    return life, stalled


def closed_life(
    rng: random.Random, world: World, stages: list[int], close_ago: int, visit_share: float
) -> Life:
    """Return the life of a deal that went through `stages`, closed (won or lost) `close_ago`."""
    life = Life([close_ago])
    _walk_back(rng, world, life, stages, visit_share, lost=stages[-1] == LOST)
    return life
