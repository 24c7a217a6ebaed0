"""What the planning engine hands out: frozen, plain data (no ORM objects, no Qt).

Every number that reaches a user comes with the words that explain it: a `Signal` has a `detail`,
an executive choice has `factors` each with a `reason`, a window has a `window_reason`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

# The signal codes, their kinds and words: `fieldvisit.signal_table`.


@dataclass(frozen=True)
class Signal:
    """One reason a deal needs attention; `stalls` is True for a stall signal (signal_table)."""

    code: str
    detail: str  # plain words: "In Negotiation for 47 days, 2.3× the usual 20"
    weight: float
    stalls: bool
    # The facts behind the words, for sentences built elsewhere (planning.explain):
    count: int | None = None  # days in stage, close-date pushes, contacts engaged; idle: 0 = none
    threshold: float | None = None  # the rule's number: stage limit, idle days, pushes, …
    usual: float | None = None  # stage_age: the usual stay learned from past deals
    since: date | None = None  # last activity (or opened), close date, last executive visit


@dataclass(frozen=True)
class DealSignals:
    """A deal with its signals and priority (the breakdown sums to the score)."""

    deal_pk: int
    deal_id: str
    deal_name: str
    account_pk: int
    account_id: str
    account_name: str
    account_city: str | None
    stage: str
    status: str
    amount: float | None
    currency: str | None
    close_date: date | None
    owner_rep_pk: int
    owner_rep_email: str
    owner_rep_name: str
    strategic: bool
    days_in_stage: int | None
    stage_limit: float
    stage_limit_source: str  # "setting", "history" or "default"
    last_activity_on: date | None
    last_exec_visit_on: date | None
    signals: tuple[Signal, ...]
    size_factor: float
    score: float
    score_breakdown: tuple[tuple[str, float], ...]  # (signal code, points) best first

    @property
    def stalled(self) -> bool:
        """True when at least one stall signal (not only risk signals) is present."""
        return any(s.stalls for s in self.signals)

    def signal(self, code: str) -> Signal | None:
        """Return the signal with this code, or None."""
        return next((s for s in self.signals if s.code == code), None)


@dataclass(frozen=True)
class Factor:
    """Points an executive earned for one reason (continuity, seniority, proximity, capacity)."""

    code: str
    points: float
    reason: str


@dataclass(frozen=True)
class ExecChoice:
    """An executive proposed for a deal, with the points and the reasons behind them."""

    executive_pk: int
    email: str
    name: str
    title: str | None
    level: str
    score: float
    factors: tuple[Factor, ...]
    reasons: tuple[str, ...]  # the reasons of the factors that earned points, biggest first


@dataclass(frozen=True)
class Suggestion:
    """Who should visit a stalled strategic deal, with whom, when, and why."""

    deal: DealSignals
    executive: ExecChoice
    alternatives: tuple[ExecChoice, ...]
    rep_pk: int | None
    rep_email: str | None
    rep_name: str | None
    window_start: date
    window_end: date
    window_reason: str
    city: str | None
    status: str = "suggested"
    trip_id: str | None = None  # the planned trip this deal is an add-on of (planning.add_ons)


@dataclass(frozen=True)
class HeldDeal:
    """A stalled strategic deal that is not suggested: status "planned", "snoozed" or
    "dismissed"."""

    deal: DealSignals
    status: str
    detail: str  # "Visit V0007 planned for Tue 23 Jun" / "Snoozed until 1 Jul: waiting for budget"
    visit_pk: int | None = None
    visit_id: str | None = None
    visit_start: datetime | None = None
    snoozed_until: date | None = None
    snooze_reason: str | None = None


@dataclass(frozen=True)
class ExecutiveCoverage:
    """One executive's customer time: done visits with them in the room."""

    executive_pk: int
    email: str
    name: str
    title: str | None
    level: str
    visits_30d: int
    visits_90d: int
    monthly_target: int
    last_visit_on: date | None
    days_since_last_visit: int | None
    strategic_accounts_90d: int
    planned_next_30d: int


@dataclass(frozen=True)
class PersonMet:
    """A customer contact met at an executive visit."""

    contact_pk: int
    contact_id: str
    name: str
    title: str | None
    seniority: str | None


@dataclass(frozen=True)
class CircleOfInfluence:
    """Distinct contacts engaged (and how many VP or above): last 90 days against the 90 before."""

    contacts: int
    vp_plus: int
    contacts_before: int
    vp_plus_before: int

    @property
    def trend(self) -> str:
        """Return "widening", "narrowing" or "same" (by distinct contacts, then VP-or-above)."""
        now, before = (self.contacts, self.vp_plus), (self.contacts_before, self.vp_plus_before)
        if now == before:
            return "same"
        return "widening" if now > before else "narrowing"


@dataclass(frozen=True)
class AccountCoverage:
    """A strategic account: which executives were in the room, when, and whom they met."""

    account_pk: int
    account_id: str
    name: str
    tier: str
    city: str | None
    last_exec_visit_on: date | None
    days_since_exec_visit: int | None
    executives: tuple[str, ...]  # emails of executives who visited (done), most recent first
    most_senior_met: PersonMet | None
    covered_90d: bool
    circle: CircleOfInfluence


@dataclass(frozen=True)
class HeatRow:
    """One executive's done visits per week (oldest week first)."""

    executive_pk: int
    email: str
    name: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class HeatMap:
    """Week-by-executive matrix: `weeks` are the Mondays, oldest first."""

    weeks: tuple[date, ...]
    rows: tuple[HeatRow, ...]


@dataclass(frozen=True)
class Coverage:
    """Coverage as of a date: executives, strategic accounts and the weekly heat map."""

    as_of: date
    executives: tuple[ExecutiveCoverage, ...]
    strategic_accounts: tuple[AccountCoverage, ...]  # never-visited first, then oldest visit
    strategic_covered_90d_pct: float
    heat_map: HeatMap


@dataclass(frozen=True)
class FrictionQuote:
    """What an executive wrote about field friction in one debrief."""

    text: str
    written_on: date
    visit_id: str
    account_name: str
    executives: tuple[str, ...]  # names


@dataclass(frozen=True)
class FrictionTheme:
    """A friction category: how many debriefs named it in the period, and the latest quotes."""

    category: str
    count: int
    quotes: tuple[FrictionQuote, ...]
    known: bool  # False when the category is not (or no longer) in the workspace's list


@dataclass(frozen=True)
class TripVisit:
    """A planned visit that belongs to a trip."""

    visit_pk: int
    visit_id: str
    account_id: str
    account_name: str
    deal_id: str | None
    start: datetime
    city: str | None


@dataclass(frozen=True)
class AddOn:
    """A stalled strategic deal near a trip, offered as an extra stop."""

    deal: DealSignals
    distance_km: float
    near_visit_id: str
    reason: str  # "12 km from Globex (visit V0003 on Tue 23 Jun)"
    first_day: date | None = None  # the trip's days an added visit goes on
    last_day: date | None = None


@dataclass(frozen=True)
class TripPlan:
    """An executive's planned visits close in place and time, and deals worth adding."""

    trip_pk: int
    trip_id: str
    executive_pk: int
    executive_email: str
    executive_name: str
    city: str | None
    starts_on: date
    ends_on: date
    visits: tuple[TripVisit, ...]
    add_ons: tuple[AddOn, ...]


@dataclass(frozen=True)
class Cohort:
    """Stalled deals in one group: how many, how many advanced a stage, and the share."""

    n: int
    advanced: int

    @property
    def rate(self) -> float | None:
        """Return advanced / n, or None when the group is empty."""
        return self.advanced / self.n if self.n else None


@dataclass(frozen=True)
class Impact:
    """Did executive visits move stalled deals? Visited against not visited, same period."""

    as_of: date
    period_start: date
    period_end: date
    window_days: int
    visited: Cohort
    not_visited: Cohort
