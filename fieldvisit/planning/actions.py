"""Planning actions: plan a visit, snooze a deal, mark a visit done or cancelled, reschedule.

Each writes on the given connection and leaves the transaction to the caller (`Workspace.begin()`),
so a failure changes nothing. Anything that moves a planned visit regroups that executive's trips.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError, NotFound
from fieldvisit.planning.periods import stored_utc
from fieldvisit.planning.results import Suggestion
from fieldvisit.planning.trips import refresh_trips
from fieldvisit.settings import Rules, load_rules
from fieldvisit.store.models import VISIT_MODES, VISIT_STATUSES
from fieldvisit.store.types import UTCDateTime

DEFAULT_START = time(10, 0)  # local time at the customer when only a day is proposed

_STORE = UTCDateTime()


def _stored(moment: datetime) -> str:
    """Return a datetime in the store's text form (naive UTC), refusing naive input."""
    value = _STORE.process_bind_param(moment, None)
    assert value is not None
    return value.isoformat(sep=" ", timespec="microseconds")


def _now() -> datetime:
    return datetime.now(UTC)


def _next_visit_id(conn: Connection) -> str:
    """Return the next free "V000123" id (six digits, like the demo's and imports' own)."""
    top = conn.execute(
        text(
            "SELECT MAX(CAST(substr(external_id, 2) AS INTEGER)) FROM visit "
            "WHERE external_id GLOB 'V[0-9]*'"
        )
    ).scalar()
    number = int(top or 0) + 1
    while True:
        candidate = f"V{number:06d}"
        taken = conn.execute(
            text("SELECT 1 FROM visit WHERE external_id = :x"), {"x": candidate}
        ).first()
        if taken is None:
            return candidate
        number += 1


def _regroup(conn: Connection, exec_pks: list[int], days: list[date], rules: Rules) -> None:
    """Regroup trips of these executives around the days that changed."""
    if not exec_pks:
        return
    since = min([*days, _now().date()]) - timedelta(days=2 * rules.trip_gap_days + 1)
    refresh_trips(conn, since, rules, executive_pks=exec_pks)


def _visit_executives(conn: Connection, visit_pk: int) -> list[int]:
    return list(
        conn.execute(
            text("SELECT executive_id FROM visit_executive WHERE visit_id = :v"), {"v": visit_pk}
        ).scalars()
    )


def plan_visit(
    conn: Connection,
    *,
    deal_pk: int,
    executive_pks: list[int],
    rep_pks: list[int],
    contact_pks: list[int],
    start: datetime,
    minutes: int,
    location: str | None = None,
    mode: str = "in_person",
    agenda: str | None = None,
    objective: str | None = None,
    rules: Rules | None = None,
) -> int:
    """Create a planned visit on a deal with its attendees; return the new visit's pk.

    Contacts must belong to the deal's account (an external invite goes to them). The visit
    gets a new id ("V000124"), calendar UIDs and sequence 0; the executives' trips are regrouped.
    """
    rules = rules or load_rules(conn)
    deal = conn.execute(
        text(
            "SELECT d.account_id, a.name, a.city FROM deal d JOIN account a ON a.id = d.account_id "
            "WHERE d.id = :d"
        ),
        {"d": deal_pk},
    ).first()
    if deal is None:
        raise NotFound(f"No deal with key {deal_pk} in this workspace.")
    account_pk, account_name, city = deal
    if not executive_pks:
        raise FieldVisitError("A visit needs at least one executive.")
    if minutes <= 0:
        raise FieldVisitError("A visit needs a length of at least one minute.")
    if mode not in VISIT_MODES:
        raise FieldVisitError(f"Mode must be one of {', '.join(VISIT_MODES)}, not {mode!r}.")
    if start.tzinfo is None:
        raise FieldVisitError(
            "The start time needs a time zone (for example 2026-06-23T10:00+02:00)."
        )
    _check_people(conn, "executive", executive_pks)
    _check_people(conn, "rep", rep_pks)
    foreign = (
        conn.execute(
            text(
                "SELECT external_id FROM contact WHERE id IN (SELECT value FROM json_each(:ids)) "
                "AND account_id <> :a ORDER BY external_id"
            ),
            {"ids": json.dumps(contact_pks), "a": account_pk},
        )
        .scalars()
        .all()
    )
    if foreign:
        raise FieldVisitError(f"Contacts {', '.join(foreign)} do not work at {account_name}.")
    _check_people(conn, "contact", contact_pks)
    now = _now()
    visit_pk = conn.execute(
        text(
            'INSERT INTO visit (external_id, account_id, deal_id, start, "end", location, mode, '
            "status, agenda, objective, internal_uid, external_uid, sequence, updated_at) "
            "VALUES (:x, :a, :d, :s, :e, :loc, :mode, 'planned', :agenda, :obj, :iu, :eu, 0, :now) "
            "RETURNING id"
        ),
        {
            "x": _next_visit_id(conn),
            "a": account_pk,
            "d": deal_pk,
            "s": _stored(start),
            "e": _stored(start + timedelta(minutes=minutes)),
            "loc": location or ", ".join(p for p in (account_name, city) if p),
            "mode": mode,
            "agenda": agenda,
            "obj": objective,
            "iu": f"{uuid.uuid4()}@fieldvisit",
            "eu": f"{uuid.uuid4()}@fieldvisit",
            "now": _stored(now),
        },
    ).scalar_one()
    for table, column, pks in (
        ("visit_executive", "executive_id", executive_pks),
        ("visit_rep", "rep_id", rep_pks),
        ("visit_contact", "contact_id", contact_pks),
    ):
        for pk in dict.fromkeys(pks):
            conn.execute(
                text(f"INSERT INTO {table} (visit_id, {column}) VALUES (:v, :p)"),
                {"v": visit_pk, "p": pk},
            )
    _regroup(conn, list(executive_pks), [start.astimezone(UTC).date()], rules)
    return int(visit_pk)


def _check_people(conn: Connection, table: str, pks: list[int]) -> None:
    if not pks:
        return
    found = conn.execute(
        text(f"SELECT COUNT(*) FROM {table} WHERE id IN (SELECT value FROM json_each(:ids))"),
        {"ids": json.dumps(sorted(set(pks)))},
    ).scalar()
    if found != len(set(pks)):
        raise NotFound(f"Some of the {table}s chosen for the visit are not in this workspace.")


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def suggested_start(conn: Connection, suggestion: Suggestion) -> datetime:
    """Return 10:00 at the customer (account's time zone, else the executive's, else UTC)."""
    zones = conn.execute(
        text(
            "SELECT (SELECT tz FROM account WHERE id = :a), (SELECT tz FROM executive WHERE id = :e)"
        ),
        {"a": suggestion.deal.account_pk, "e": suggestion.executive.executive_pk},
    ).one()
    zone = _zone(zones[0]) or _zone(zones[1]) or UTC
    return datetime.combine(suggestion.window_start, DEFAULT_START, tzinfo=zone)


def decision_makers(conn: Connection, account_pk: int) -> list[int]:
    """Return the pks of the account's decision makers (the default customer attendees)."""
    return list(
        conn.execute(
            text(
                "SELECT id FROM contact WHERE account_id = :a AND decision_maker = 1 "
                "ORDER BY external_id"
            ),
            {"a": account_pk},
        ).scalars()
    )


def plan_from_suggestion(
    conn: Connection,
    suggestion: Suggestion,
    *,
    start: datetime | None = None,
    minutes: int | None = None,
    contact_pks: list[int] | None = None,
    rules: Rules | None = None,
) -> int:
    """Plan the suggested visit; return its pk.

    Defaults: 10:00 local on the window's first day, the rules' visit length, the suggested
    executive and the owner rep, and the account's decision makers as customer attendees.
    The objective (internal) lists the stall reasons; the agenda (customer-facing) only names
    the executive.
    """
    rules = rules or load_rules(conn)
    deal = suggestion.deal
    contacts = contact_pks if contact_pks is not None else decision_makers(conn, deal.account_pk)
    reasons = "; ".join(s.detail for s in deal.signals)
    return plan_visit(
        conn,
        deal_pk=deal.deal_pk,
        executive_pks=[suggestion.executive.executive_pk],
        rep_pks=[suggestion.rep_pk] if suggestion.rep_pk is not None else [],
        contact_pks=contacts,
        start=start or suggested_start(conn, suggestion),
        minutes=minutes or rules.default_visit_minutes,
        agenda=f"Meeting with {suggestion.executive.name}",
        objective=f"Move {deal.deal_name} forward. {reasons}".strip(),
        rules=rules,
    )


def snooze_deal(conn: Connection, deal_pk: int, until: date, reason: str) -> int:
    """Keep a deal out of suggestions until `until` (it returns on that day); return the pk."""
    if not reason.strip():
        raise FieldVisitError("A snooze needs a reason.")
    exists = conn.execute(text("SELECT 1 FROM deal WHERE id = :d"), {"d": deal_pk}).first()
    if exists is None:
        raise NotFound(f"No deal with key {deal_pk} in this workspace.")
    pk = conn.execute(
        text(
            "INSERT INTO snooze (deal_id, until, reason, created_at) VALUES (:d, :u, :r, :c) "
            "RETURNING id"
        ),
        {"d": deal_pk, "u": until.isoformat(), "r": reason.strip(), "c": _stored(_now())},
    ).scalar_one()
    return int(pk)


def _visit(conn: Connection, visit_pk: int) -> tuple[str, str, str | None]:
    row = conn.execute(
        text('SELECT status, start, "end" FROM visit WHERE id = :v'), {"v": visit_pk}
    ).first()
    if row is None:
        raise NotFound(f"No visit with key {visit_pk} in this workspace.")
    return row[0], row[1], row[2]


def set_visit_status(
    conn: Connection, visit_pk: int, status: str, rules: Rules | None = None
) -> None:
    """Mark a visit planned, done or cancelled.

    Cancelling bumps the invite sequence (calendars need it to drop the event) and takes the
    visit off its trip.
    """
    if status not in VISIT_STATUSES:
        raise FieldVisitError(f"Status must be one of {', '.join(VISIT_STATUSES)}, not {status!r}.")
    old, start, _ = _visit(conn, visit_pk)
    if old == status:
        return
    bump = 1 if status == "cancelled" or old == "cancelled" else 0
    conn.execute(
        text(
            "UPDATE visit SET status = :s, sequence = sequence + :b, updated_at = :now, "
            "trip_id = CASE WHEN :s = 'cancelled' THEN NULL ELSE trip_id END WHERE id = :v"
        ),
        {"s": status, "b": bump, "now": _stored(_now()), "v": visit_pk},
    )
    rules = rules or load_rules(conn)
    _regroup(conn, _visit_executives(conn, visit_pk), [stored_utc(start).date()], rules)


def reschedule_visit(
    conn: Connection, visit_pk: int, start: datetime, minutes: int, rules: Rules | None = None
) -> None:
    """Move a visit to a new start and length (bumps the invite sequence, regroups trips)."""
    status, old_start, _ = _visit(conn, visit_pk)
    if status == "cancelled":
        raise FieldVisitError("A cancelled visit cannot be rescheduled; plan a new one.")
    if minutes <= 0:
        raise FieldVisitError("A visit needs a length of at least one minute.")
    if start.tzinfo is None:
        raise FieldVisitError("The start time needs a time zone.")
    conn.execute(
        text(
            'UPDATE visit SET start = :s, "end" = :e, sequence = sequence + 1, updated_at = :now '
            "WHERE id = :v"
        ),
        {
            "s": _stored(start),
            "e": _stored(start + timedelta(minutes=minutes)),
            "now": _stored(_now()),
            "v": visit_pk,
        },
    )
    rules = rules or load_rules(conn)
    days = [stored_utc(old_start).date(), start.astimezone(UTC).date()]
    _regroup(conn, _visit_executives(conn, visit_pk), days, rules)
