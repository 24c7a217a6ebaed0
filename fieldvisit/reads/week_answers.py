"""What This week shows, read on a worker: the most urgent suggestions, and the side column
(debriefs owed, the coming weeks' visits, their trips with the stalled deals nearby)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the store's models load behind some: the window's thread imports this
    from pathlib import Path

    from sqlalchemy.engine import Connection

    from fieldvisit.debriefs.data import DueVisit
    from fieldvisit.planning.readiness import Readiness
    from fieldvisit.planning.results import AddOn, Suggestion, TripPlan
    from fieldvisit.reads.last_answers import AnswerKey
    from fieldvisit.reads.visit_lines import VisitLine
    from fieldvisit.settings import Rules

DUE_SHOWN = 4
UPCOMING_DAYS = 28
UPCOMING_SHOWN = 10

AddOns = dict[int, tuple["AddOn", ...]]  # trip pk → its add-ons, best deal first
KeyedAddOns = tuple[AddOns, "AnswerKey | None"]  # with the key of the data they were read from


@dataclass(frozen=True)
class Suggested:
    """The most urgent suggestions, whether there are more, and what the workspace lacks."""

    suggestions: tuple[Suggestion, ...]
    more_suggestions: bool
    readiness: Readiness | None = None
    held: int = 0  # stalled deals held back: planned, snoozed or dismissed


@dataclass(frozen=True)
class SideData:
    """What the side column shows: debriefs owed and the coming weeks' visits."""

    due: tuple[DueVisit, ...]
    due_total: int
    upcoming: tuple[VisitLine, ...]
    upcoming_total: int
    trips: dict[int, TripPlan] = field(default_factory=dict)  # trip pk -> trip with add-ons
    week_visits: int = 0  # planned in the seven days from the as-of date (the briefing pack's)


@dataclass(frozen=True)
class WeekAnswers:
    """Everything This week showed, as kept for the next start (`last_answers`)."""

    suggested: Suggested
    side: SideData


def kept_types() -> dict[str, Any]:
    """Return the types this module's answers are made of, to read kept ones back."""
    from fieldvisit.debriefs.data import DueVisit
    from fieldvisit.planning.readiness import Readiness
    from fieldvisit.planning.results import AddOn, Suggestion, TripPlan
    from fieldvisit.reads.visit_lines import VisitLine

    return {
        "AddOn": AddOn,
        "DueVisit": DueVisit,
        "Readiness": Readiness,
        "Suggestion": Suggestion,
        "TripPlan": TripPlan,
        "VisitLine": VisitLine,
    }


def load_suggested(conn: Connection, as_of: date, rules: Rules, limit: int) -> Suggested:
    """Read the `limit` most urgent suggestions and the held-back deals in one pass over the
    stalled deals (and, when there are no suggestions, what the workspace is missing)."""
    from fieldvisit import planning
    from fieldvisit.planning.readiness import readiness

    found, held = planning.suggestion_board(conn, as_of, rules, limit=limit + 1)
    ready = readiness(conn) if not found else None
    return Suggested(tuple(found[:limit]), len(found) > limit, ready, held=len(held))


def load_side(
    conn: Connection, as_of: date, rules: Rules, *, with_add_ons: bool = True
) -> SideData:
    """Read debriefs owed and the coming weeks' visits with their trips (without
    `with_add_ons`: the trips bare, in milliseconds; `load_add_ons` reads the rest)."""
    from fieldvisit import debriefs, planning
    from fieldvisit.planning.briefing_facts import week_visit_pks
    from fieldvisit.reads import visit_lines

    due = debriefs.debriefs_due(conn, as_of, limit=DUE_SHOWN)
    due_total = debriefs.count_debriefs_due(conn, as_of)
    upcoming = visit_lines.upcoming_visits(conn, as_of, days=UPCOMING_DAYS, limit=500)
    found = planning.trips(conn, as_of, rules, with_add_ons=with_add_ons)
    return SideData(
        due=tuple(due),
        due_total=due_total,
        upcoming=tuple(upcoming[:UPCOMING_SHOWN]),
        upcoming_total=len(upcoming),
        trips={t.trip_pk: t for t in found},
        week_visits=len(week_visit_pks(conn, as_of)),
    )


def load_add_ons(conn: Connection, as_of: date, rules: Rules) -> AddOns:
    """Read the trips' add-ons: the stalled deals nearby each trip is handed."""
    from fieldvisit.planning.trips import trip_add_ons

    return {pk: tuple(found) for pk, found in trip_add_ons(conn, as_of, rules).items()}


def add_ons_with_key(
    conn: Connection, path: Path, as_of: date, rules: Rules
) -> tuple[AddOns, AnswerKey | None]:
    """Read the trips' add-ons with the key of the data they come from, for others to reuse
    (the Map) while the key still holds; None when the file changed while they were read."""
    from fieldvisit.reads.last_answers import answer_key

    before = answer_key(path, as_of)
    found = load_add_ons(conn, as_of, rules)
    return found, before if answer_key(path, as_of) == before else None


def kept_add_ons(kept: tuple[AnswerKey, AddOns] | None, path: Path, as_of: date) -> AddOns | None:
    """Return the add-ons `kept` holds if they were read from the data as it stands now."""
    from fieldvisit.reads.last_answers import answer_key

    if kept is None or kept[0] != answer_key(path, as_of):
        return None
    return kept[1]


def with_add_ons(data: SideData, add_ons: AddOns) -> SideData:
    """Return the side column's data with each trip's add-ons put in."""
    trips = {pk: replace(t, add_ons=add_ons.get(pk, ())) for pk, t in data.trips.items()}
    return replace(data, trips=trips)


def as_shown(data: SideData) -> SideData:
    """Return the side column's data with only the trips of the visits it lists."""
    shown = {v.trip_pk for v in data.upcoming}
    return replace(data, trips={pk: t for pk, t in data.trips.items() if pk in shown})
