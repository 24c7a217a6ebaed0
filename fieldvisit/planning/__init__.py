"""The planning engine: stalled strategic deals, who should visit, coverage, trips and impact.

Pure functions over a SQLAlchemy `Connection` (from `Workspace.connect()` or `.begin()`), an
`as_of` date and the workspace `Rules` (`fieldvisit.settings.load_rules(conn)`). No Qt, no I/O of
its own; results are the frozen dataclasses of `fieldvisit.planning.results`. Actions (plan,
edit, snooze, status, reschedule) write in the caller's transaction: use `Workspace.begin()`.

The names below are imported when first asked for (PEP 562), so `fieldvisit.planning.coverage`
does not bring the actions, trips and holiday calendars with it. A name that is also a submodule
(`coverage`, `impact`, `readiness`, `trips`) stays the function, as it always was here.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

from fieldvisit.lazy_names import name_loader

if TYPE_CHECKING:
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

_HOME: dict[str, str] = {
    "AccountCoverage": "results",
    "AddOn": "results",
    "CircleOfInfluence": "results",
    "Cohort": "results",
    "Coverage": "results",
    "DealSignals": "results",
    "ExecChoice": "results",
    "ExecutiveCoverage": "results",
    "Factor": "results",
    "FrictionQuote": "results",
    "FrictionTheme": "results",
    "HeatMap": "results",
    "HeatRow": "results",
    "HeldDeal": "results",
    "Impact": "results",
    "PersonMet": "results",
    "Readiness": "readiness",
    "Signal": "results",
    "Suggestion": "results",
    "TripPlan": "results",
    "TripVisit": "results",
    "coverage": "coverage",
    "deal_pk_for": "lookup",
    "executive_pk_for": "lookup",
    "friction_themes": "friction",
    "heat_map": "coverage",
    "held_deals": "suggest",
    "impact": "impact",
    "open_deal_signals": "signals",
    "plan_from_suggestion": "actions",
    "plan_visit": "actions",
    "readiness": "readiness",
    "refresh_trips": "trips",
    "reschedule_visit": "actions",
    "set_visit_status": "actions",
    "signals_for_deal": "signals",
    "snooze_deal": "actions",
    "stalled_deals": "signals",
    "suggest_for_deal": "suggest",
    "suggest_visits": "suggest",
    "suggestion_board": "suggest",
    "trips": "trips",
    "update_visit": "actions",
    "visit_pk_for": "lookup",
}


class _Planning(ModuleType):
    """The package: a submodule imported later does not replace the function of its name."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and _HOME.get(name) == name:
            return  # `import fieldvisit.planning.trips` keeps `planning.trips` the function
        super().__setattr__(name, value)


__getattr__ = name_loader(__name__, _HOME)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))


sys.modules[__name__].__class__ = _Planning

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
