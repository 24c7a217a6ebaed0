"""Planning actions: plan, edit or reschedule a visit, snooze a deal, mark a visit done or cancelled.

Each writes on the given connection and leaves the transaction to the caller (`Workspace.begin()`),
so a failure changes nothing. Anything that moves a planned visit regroups that executive's trips.
Planning or moving a visit onto another visit of the same executive is refused
(`visit_checks`); snoozes live in `snoozes`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError, NotFound
from fieldvisit.planning import outcomes
from fieldvisit.planning.periods import stored_utc
from fieldvisit.planning.plan_defaults import default_contacts, default_start
from fieldvisit.planning.results import Suggestion
from fieldvisit.planning.snoozes import end_snooze as end_snooze
from fieldvisit.planning.snoozes import snooze_deal as snooze_deal
from fieldvisit.planning.trips import refresh_trips
from fieldvisit.planning.visit_checks import already_planned, refuse_clashes
from fieldvisit.planning.visit_rows import (
    attendees,
    check_attendees,
    check_mode,
    checked_end,
    new_text,
    stored_text,
    visit_row,
    write_attendees,
)
from fieldvisit.settings import Rules, load_rules
from fieldvisit.store.as_of import workspace_as_of
from fieldvisit.store.dialect import dialect_of
from fieldvisit.store.versions import Change, stamp

DEFAULT_START = time(10, 0)  # local time at the customer when only a day is proposed


def _now() -> datetime:
    return datetime.now(UTC)


def _next_visit_id(conn: Connection) -> str:
    """Return the next free "V000123" id (six digits, like the demo's and imports' own); never
    one a removed visit had (its trail would pass to the new visit: "undone by Priya")."""
    if dialect_of(conn).is_postgresql:  # the digits after "V", as SQLite's CAST reads them
        sql = (
            "SELECT MAX(CAST(substring(external_id from '^V([0-9]+)') AS numeric)) FROM visit "
            "WHERE external_id ~ '^V[0-9]'"
        )
    else:
        sql = (
            "SELECT MAX(CAST(substr(external_id, 2) AS INTEGER)) FROM visit "
            "WHERE external_id GLOB 'V[0-9]*'"
        )
    top = conn.execute(text(sql)).scalar()
    number = int(top or 0) + 1
    while True:
        candidate = f"V{number:06d}"
        taken = conn.execute(
            text(
                "SELECT 1 FROM visit WHERE external_id = :x UNION ALL SELECT 1 FROM change_log "
                "WHERE entity IN ('visit', 'debrief') AND entity_key = :x"
            ),
            {"x": candidate},
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
    allow_overlap: bool = False,
) -> int:
    """Create a planned visit on a deal with its attendees; return the new visit's pk.

    Contacts must belong to the deal's account (an external invite goes to them). The visit
    gets a new id ("V000124"), calendar UIDs and sequence 0; the executives' trips are regrouped.
    The same visit planned twice raises DuplicateVisit; an overlap with another visit of the
    executive raises VisitClash unless `allow_overlap` (the user said "plan anyway").
    """
    rules = rules or load_rules(conn)
    deal = conn.execute(
        text(
            "SELECT d.account_id, a.name, a.city, a.tz FROM deal d "
            "JOIN account a ON a.id = d.account_id WHERE d.id = :d"
        ),
        {"d": deal_pk},
    ).first()
    if deal is None:
        raise NotFound(f"No deal with key {deal_pk} in this workspace.")
    account_pk, account_name, city, tz = deal
    if not executive_pks:
        raise FieldVisitError("A visit needs at least one executive.")
    end = checked_end(start, minutes)
    check_mode(mode)
    check_attendees(conn, account_pk, account_name, executive_pks, rep_pks, contact_pks)
    refuse_clashes(
        conn,
        deal_pk=deal_pk,
        executive_pks=executive_pks,
        start=start,
        minutes=minutes,
        zone=tz,
        allow_overlap=allow_overlap,
    )
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
            "s": stored_text(start),
            "e": stored_text(end),
            "loc": location or ", ".join(p for p in (account_name, city) if p),
            "mode": mode,
            "agenda": agenda,
            "obj": objective,
            "iu": f"{uuid.uuid4()}@fieldvisit",
            "eu": f"{uuid.uuid4()}@fieldvisit",
            "now": stored_text(now),
        },
    ).scalar_one()
    write_attendees(conn, visit_pk, executive_pks, rep_pks, contact_pks)
    stamp(conn, Change("visit", int(visit_pk), "planned"), new=True)
    _regroup(conn, list(executive_pks), [start.astimezone(UTC).date()], rules)
    outcomes.record(
        conn,
        deal_pk,
        "planned",
        workspace_as_of(conn),
        executive_pk=executive_pks[0],
        visit_pk=int(visit_pk),
    )
    return int(visit_pk)


def suggested_start(conn: Connection, suggestion: Suggestion) -> datetime:
    """Return the suggestion's default start (`planning.plan_defaults` owns the rule)."""
    return default_start(conn, suggestion, load_rules(conn))


def plan_from_suggestion(
    conn: Connection,
    suggestion: Suggestion,
    *,
    start: datetime | None = None,
    minutes: int | None = None,
    contact_pks: list[int] | None = None,
    rules: Rules | None = None,
    as_of: date | None = None,
) -> int:
    """Plan the suggested visit; return its pk.

    Defaults (`planning.plan_defaults`, as in the app's plan dialog): the proposed hour on the
    window's first day (not before `as_of`), the rules' visit length, the suggested executive
    and the owner rep, and the account's decision makers as customer attendees.
    The objective (internal) lists the stall reasons; the agenda (customer-facing) only names
    the executive.
    """
    rules = rules or load_rules(conn)
    deal = suggestion.deal
    if start is None and suggestion.status == "planned":
        raise already_planned(conn, suggestion.deal.deal_pk)
    contacts = contact_pks if contact_pks is not None else default_contacts(conn, deal.account_pk)
    reasons = "; ".join(s.detail for s in deal.signals)
    return plan_visit(
        conn,
        deal_pk=deal.deal_pk,
        executive_pks=[suggestion.executive.executive_pk],
        rep_pks=[suggestion.rep_pk] if suggestion.rep_pk is not None else [],
        contact_pks=contacts,
        start=start or default_start(conn, suggestion, rules, as_of),
        minutes=minutes or rules.default_visit_minutes,
        agenda=f"Meeting with {suggestion.executive.name}",
        objective=f"Move {deal.deal_name} forward. {reasons}".strip(),
        rules=rules,
    )


def set_visit_status(
    conn: Connection,
    visit_pk: int,
    status: str,
    rules: Rules | None = None,
    *,
    seen: int | None = None,
    kept_over: bool = False,
) -> None:
    """Mark a visit planned, done or cancelled.

    Cancelling bumps the invite sequence (calendars need it to drop the event) and takes the
    visit off its trip. `seen`: the visit's version the user started from (`store.versions`).
    """
    # Imported here: the table models pull in SQLModel and pydantic, which reading suggestions
    # (the app's first page) never needs.
    from fieldvisit.store.models import VISIT_STATUSES

    if status not in VISIT_STATUSES:
        raise FieldVisitError(f"Status must be one of {', '.join(VISIT_STATUSES)}, not {status!r}.")
    visit = visit_row(conn, visit_pk)
    old = visit["status"]
    if old == status:
        return
    bump = 1 if status == "cancelled" or old == "cancelled" else 0
    action = status if status in ("cancelled", "done") else "changed"
    stamp(conn, Change("visit", visit_pk, action, ("status",), seen, kept_over))
    conn.execute(
        text(
            "UPDATE visit SET status = :s, sequence = sequence + :b, updated_at = :now, "
            "trip_id = CASE WHEN :cancelled THEN NULL ELSE trip_id END WHERE id = :v"
        ),
        {
            "s": status,
            "cancelled": status == "cancelled",
            "b": bump,
            "now": stored_text(_now()),
            "v": visit_pk,
        },
    )
    rules = rules or load_rules(conn)
    execs = sorted(attendees(conn, visit_pk)[0])
    _regroup(conn, execs, [stored_utc(visit["start"]).date()], rules)


def reschedule_visit(
    conn: Connection,
    visit_pk: int,
    start: datetime,
    minutes: int,
    rules: Rules | None = None,
    *,
    seen: int | None = None,
    kept_over: bool = False,
) -> None:
    """Move a visit to a new start and length (bumps the invite sequence, regroups trips)."""
    visit = visit_row(conn, visit_pk)
    if visit["status"] == "cancelled":
        raise FieldVisitError("A cancelled visit cannot be rescheduled; plan a new one.")
    end = checked_end(start, minutes)
    stamp(conn, Change("visit", visit_pk, "rescheduled", ("time",), seen, kept_over))
    conn.execute(
        text(
            'UPDATE visit SET start = :s, "end" = :e, sequence = sequence + 1, updated_at = :now '
            "WHERE id = :v"
        ),
        {"s": stored_text(start), "e": stored_text(end), "now": stored_text(_now()), "v": visit_pk},
    )
    rules = rules or load_rules(conn)
    days = [stored_utc(visit["start"]).date(), start.astimezone(UTC).date()]
    _regroup(conn, sorted(attendees(conn, visit_pk)[0]), days, rules)


def update_visit(
    conn: Connection,
    visit_pk: int,
    *,
    executive_pks: list[int] | None = None,
    rep_pks: list[int] | None = None,
    contact_pks: list[int] | None = None,
    start: datetime | None = None,
    minutes: int | None = None,
    location: str | None = None,
    mode: str | None = None,
    agenda: str | None = None,
    objective: str | None = None,
    rules: Rules | None = None,
    allow_overlap: bool = False,
    seen: int | None = None,
    kept_over: bool = False,
) -> None:
    """Change a planned visit's attendees, time, place, mode, agenda or objective.

    None leaves a field as it is; a blank text clears it. Attendee lists replace the old ones.
    Anything a calendar shows (time, place, mode, attendees, agenda) raises the invite sequence
    by one; the internal objective alone does not. Trips are regrouped when the time or the
    executives change. Nothing is written when nothing changes. A new time or executive that
    overlaps another of their visits is refused as in `plan_visit`. `seen`: the visit's version
    the user started from; a newer one raises `store.versions.Conflict`.
    """
    visit = visit_row(conn, visit_pk)
    if visit["status"] != "planned":
        raise FieldVisitError(f"Only a planned visit can be edited; this one is {visit['status']}.")
    rules = rules or load_rules(conn)
    old_start = stored_utc(visit["start"])
    old_minutes = (
        max(1, round((stored_utc(visit["end"]) - old_start).total_seconds() / 60))
        if visit["end"]
        else rules.default_visit_minutes
    )
    new_start = start if start is not None else old_start
    new_end = checked_end(new_start, minutes if minutes is not None else old_minutes)
    new_mode = mode if mode is not None else visit["mode"]
    check_mode(new_mode)
    check_attendees(
        conn, visit["account_id"], visit["account_name"], executive_pks, rep_pks, contact_pks
    )
    fields = {
        "start": stored_text(new_start),
        "end": stored_text(new_end),
        "location": new_text(location, visit["location"]),
        "mode": new_mode,
        "agenda": new_text(agenda, visit["agenda"]),
    }
    old_people = attendees(conn, visit_pk)
    new_people = tuple(
        set(new) if new is not None else old
        for new, old in zip((executive_pks, rep_pks, contact_pks), old_people, strict=True)
    )
    old_fields = {key: visit[key] for key in fields}
    old_fields["end"] = stored_text(old_start + timedelta(minutes=old_minutes))
    old_fields["start"] = stored_text(old_start)
    shown_changed = fields != old_fields or new_people != old_people
    new_objective = new_text(objective, visit["objective"])
    if not shown_changed and new_objective == visit["objective"]:
        return
    moved = fields["start"] != old_fields["start"] or fields["end"] != old_fields["end"]
    if moved or new_people[0] != old_people[0]:
        deal_pk, tz = conn.execute(
            text(
                "SELECT v.deal_id, a.tz FROM visit v JOIN account a ON a.id = v.account_id "
                "WHERE v.id = :v"
            ),
            {"v": visit_pk},
        ).one()
        refuse_clashes(
            conn,
            deal_pk=deal_pk,
            executive_pks=new_people[0],
            start=new_start,
            minutes=round((new_end - new_start).total_seconds() / 60),
            zone=tz,
            allow_overlap=allow_overlap,
            ignore_visit_pk=visit_pk,
        )
    changed = [
        name
        for name, differs in (
            ("time", moved),
            ("location", fields["location"] != old_fields["location"]),
            ("mode", fields["mode"] != old_fields["mode"]),
            ("agenda", fields["agenda"] != old_fields["agenda"]),
            ("objective", new_objective != visit["objective"]),
            ("attendees", new_people != old_people),
        )
        if differs
    ]
    action = "rescheduled" if changed == ["time"] else "changed"
    stamp(conn, Change("visit", visit_pk, action, changed, seen, kept_over))
    conn.execute(
        text(
            'UPDATE visit SET start = :start, "end" = :end, location = :location, mode = :mode, '
            "agenda = :agenda, objective = :objective, sequence = sequence + :bump, "
            "updated_at = :now WHERE id = :v"
        ),
        fields
        | {
            "objective": new_objective,
            "bump": int(shown_changed),
            "now": stored_text(_now()),
            "v": visit_pk,
        },
    )
    write_attendees(conn, visit_pk, executive_pks, rep_pks, contact_pks)
    if fields["start"] != old_fields["start"] or new_people[0] != old_people[0]:
        # Regroup the old and the new executives: the visit may leave one's trip for another's.
        days = [old_start.date(), new_start.astimezone(UTC).date()]
        _regroup(conn, sorted(old_people[0] | new_people[0]), days, rules)
