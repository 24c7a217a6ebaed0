"""What one demo phase hands the next: sizes, people, accounts and deals as compact columns.

Dates are kept as "days ago" integers relative to the as-of date (negative = in the future), so
the large demo's 150,000 deals stay small in memory and every date string is a table lookup.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from fieldvisit.demo.writer import Days
from fieldvisit.geo import Place


@dataclass(frozen=True)
class Scale:
    """How many of each thing a demo size holds."""

    executives: int
    reps: int
    accounts: int
    open_deals: int
    closed_deals: int
    activities: int
    past_visits: int
    planned_visits: int


SCALES = {
    "small": Scale(12, 40, 300, 800, 500, 10_000, 200, 10),
    "medium": Scale(60, 400, 3_000, 8_000, 5_000, 100_000, 2_000, 40),
    "large": Scale(300, 3_000, 30_000, 100_000, 50_000, 1_000_000, 20_000, 300),
}


@dataclass
class Executive:
    id: int
    email: str
    name: str
    level: str
    region: str
    place: Place
    weight: float  # how often they visit customers; 0 = never


@dataclass
class Accounts:
    """Accounts as parallel lists indexed by id - 1."""

    name: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)
    tier: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    place: list[Place] = field(default_factory=list)
    owner: list[int] = field(default_factory=list)
    first_contact: list[int] = field(default_factory=list)  # contact ids are a contiguous run
    contact_count: list[int] = field(default_factory=list)


@dataclass
class Deals:
    """Deals as parallel lists indexed by id - 1."""

    account: list[int] = field(default_factory=list)
    owner: list[int] = field(default_factory=list)
    stage: list[int] = field(default_factory=list)  # index into the pipeline
    # days ago each stage on the deal's path was entered, oldest first (index 0 = creation)
    path_ago: list[tuple[int, ...]] = field(default_factory=list)
    path_stage: list[tuple[int, ...]] = field(default_factory=list)
    # days with no activity on the deal: flat (from_ago, to_ago) pairs, both days included
    quiet: list[tuple[int, ...]] = field(default_factory=list)
    # executive visits that met a stall: (deal id, days ago, moved a stage within 30 days)
    stall_visits: list[tuple[int, int, bool]] = field(default_factory=list)
    close_ago: list[int] = field(default_factory=list)
    amount: list[float] = field(default_factory=list)
    open: list[bool] = field(default_factory=list)
    stalled: list[bool] = field(default_factory=list)
    strategic: list[bool] = field(default_factory=list)
    by_account: dict[int, list[int]] = field(default_factory=dict)


@dataclass
class World:
    """Everything generated so far, shared by the phases."""

    as_of: date
    scale: Scale
    seed: int
    days: Days
    executives: list[Executive] = field(default_factory=list)
    rep_names: list[str] = field(default_factory=list)
    rep_emails: list[str] = field(default_factory=list)
    reps_by_region: dict[str, list[int]] = field(default_factory=dict)
    accounts: Accounts = field(default_factory=Accounts)
    # accounts no executive has met: the coverage page's red rows
    unmet_accounts: set[int] = field(default_factory=set)
    contact_name: list[str] = field(default_factory=list)
    contact_title: list[str] = field(default_factory=list)
    contact_rank: list[int] = field(default_factory=list)  # 0 = C-level … 4 = staff
    deals: Deals = field(default_factory=Deals)

    def rng(self, phase: str) -> random.Random:
        """Return the random stream for one phase (phases stay independent of each other)."""
        return random.Random(f"fieldvisit-demo:{self.seed}:{phase}")
