"""Add to trip: plan an add-on deal's visit on its trip's days, through the one plan action.

The visit is the deal's suggestion (the trip's executive, the owner rep riding along, the
account's decision makers) planned with `plan_from_suggestion`, at the first hour of the trip's
days that is inside the customer's business hours and clear of the executive's other visits.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError, NotFound
from fieldvisit.planning.actions import plan_from_suggestion
from fieldvisit.planning.periods import stored_utc, ts, ts_after
from fieldvisit.planning.results import Suggestion
from fieldvisit.planning.suggest import suggest_for_deal
from fieldvisit.planning.workdays import WorkingDays
from fieldvisit.settings import Rules
from fieldvisit.zones import zone as _zone

TRAVEL_GAP = timedelta(minutes=30)  # between two visits on a trip day
SLOT_STEP = timedelta(minutes=30)


class NotAnAddOn(FieldVisitError):
    """The deal is not one of the trip's add-ons (any more)."""


class NoFreeHour(FieldVisitError):
    """Every hour of the trip's days is taken."""


def trip_pk_for(conn: Connection, trip_id: str) -> int:
    """Return the pk of the trip with this id ("T0003"; NotFound otherwise)."""
    pk = conn.execute(
        text("SELECT id FROM trip WHERE external_id = :t"), {"t": trip_id.strip()}
    ).scalar()
    if pk is None:
        raise NotFound(f"No trip {trip_id!r} in this workspace; `fieldvisit trips` lists them.")
    return int(pk)


def _busy(
    conn: Connection, executive_pk: int, first: date, last: date
) -> list[tuple[datetime, datetime]]:
    """Return (start, end) in UTC of the executive's planned visits around these days."""
    rows = conn.execute(
        text(
            'SELECT v.start, v."end" FROM visit v JOIN visit_executive ve ON ve.visit_id = v.id '
            "WHERE ve.executive_id = :e AND v.status = 'planned' AND v.start >= :lo "
            "AND v.start < :hi"
        ),
        {
            "e": executive_pk,
            "lo": ts(first - timedelta(days=1)),
            "hi": ts_after(last + timedelta(days=1)),
        },
    )
    found = []
    for start, end in rows:
        begins = stored_utc(start)
        found.append((begins, stored_utc(end) if end else begins + timedelta(hours=1)))
    return found


def free_start(conn: Connection, suggestion: Suggestion, minutes: int, rules: Rules) -> datetime:
    """Return the first start on the suggestion's days, in business hours at the customer,
    at least TRAVEL_GAP away from the executive's other planned visits (NoFreeHour if none)."""
    tz, country = conn.execute(
        text("SELECT tz, country FROM account WHERE id = :a"), {"a": suggestion.deal.account_pk}
    ).one()
    zone = _zone(tz)
    first, last = suggestion.window_start, suggestion.window_end
    busy = _busy(conn, suggestion.executive.executive_pk, first, last)
    length = timedelta(minutes=minutes)
    days = WorkingDays.from_rules(rules).days(first, last, country) or [first]
    for day in days:
        slot = datetime.combine(day, time(rules.visit_hours_start), tzinfo=zone)
        closes = datetime.combine(day, time(min(rules.visit_hours_end, 23)), tzinfo=zone)
        while slot + length <= closes:
            ends = slot + length
            if all(ends + TRAVEL_GAP <= b or slot >= e + TRAVEL_GAP for b, e in busy):
                return slot.astimezone(UTC)
            slot += SLOT_STEP
    raise NoFreeHour(
        f"{suggestion.executive.name} has no free hour on trip {suggestion.trip_id}'s days; "
        f"plan {suggestion.deal.deal_id} with a time of your choice instead."
    )


def add_to_trip(conn: Connection, trip_id: str, deal_pk: int, as_of: date, rules: Rules) -> int:
    """Plan the visit of one of a trip's add-on deals on the trip's days; return the visit pk.

    Raises NotAnAddOn when the deal is not (or no longer) an add-on of that trip.
    """
    trip_pk_for(conn, trip_id)
    suggestion = suggest_for_deal(conn, deal_pk, as_of, rules)
    if suggestion.trip_id != trip_id.strip():
        deal = suggestion.deal
        why = {"planned": "already has a planned visit", "snoozed": "is snoozed"}.get(
            suggestion.status, "is not near it, not stalled, or the trip is full"
        )
        raise NotAnAddOn(
            f"Deal {deal.deal_id} ({deal.account_name}) is not an add-on of trip {trip_id}: "
            f"it {why}."
        )
    minutes = rules.default_visit_minutes
    start = free_start(conn, suggestion, minutes, rules)
    return plan_from_suggestion(conn, suggestion, start=start, minutes=minutes, rules=rules)
