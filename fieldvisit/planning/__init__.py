"""The planning engine: stalled strategic deals, who should visit, coverage, trips and impact.

Pure functions over a SQLAlchemy `Connection` (from `Workspace.connect()` or `.begin()`), an
`as_of` date and the workspace `Rules` (`fieldvisit.settings.load_rules(conn)`). No Qt, no I/O of
its own; results are the frozen dataclasses of `fieldvisit.planning.results`. Actions (plan,
edit, snooze, status, reschedule) write in the caller's transaction: use `Workspace.begin()`.
"""

from fieldvisit.planning.actions import (
    plan_from_suggestion,
    plan_visit,
    reschedule_visit,
    set_visit_status,
    snooze_deal,
    update_visit,
)
from fieldvisit.planning.coverage import coverage, heat_map
from fieldvisit.planning.friction import friction_themes
from fieldvisit.planning.impact import impact
from fieldvisit.planning.lookup import deal_pk_for, executive_pk_for, visit_pk_for
from fieldvisit.planning.readiness import Readiness, readiness
from fieldvisit.planning.results import (
    AccountCoverage,
    AddOn,
    CircleOfInfluence,
    Cohort,
    Coverage,
    DealSignals,
    ExecChoice,
    ExecutiveCoverage,
    Factor,
    FrictionQuote,
    FrictionTheme,
    HeatMap,
    HeatRow,
    HeldDeal,
    Impact,
    PersonMet,
    Signal,
    Suggestion,
    TripPlan,
    TripVisit,
)
from fieldvisit.planning.signals import open_deal_signals, signals_for_deal, stalled_deals
from fieldvisit.planning.suggest import (
    held_deals,
    suggest_for_deal,
    suggest_visits,
    suggestion_board,
)
from fieldvisit.planning.trips import refresh_trips, trips

__all__ = [
    "AccountCoverage",
    "AddOn",
    "CircleOfInfluence",
    "Cohort",
    "Coverage",
    "DealSignals",
    "ExecChoice",
    "ExecutiveCoverage",
    "Factor",
    "FrictionQuote",
    "FrictionTheme",
    "HeatMap",
    "HeatRow",
    "HeldDeal",
    "Impact",
    "PersonMet",
    "Readiness",
    "Signal",
    "Suggestion",
    "TripPlan",
    "TripVisit",
    "coverage",
    "deal_pk_for",
    "executive_pk_for",
    "friction_themes",
    "heat_map",
    "held_deals",
    "impact",
    "plan_from_suggestion",
    "plan_visit",
    "readiness",
    "refresh_trips",
    "reschedule_visit",
    "set_visit_status",
    "signals_for_deal",
    "snooze_deal",
    "stalled_deals",
    "open_deal_signals",
    "suggest_for_deal",
    "suggest_visits",
    "suggestion_board",
    "trips",
    "update_visit",
    "visit_pk_for",
]
