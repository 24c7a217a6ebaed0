"""The inverse of each planning action, for the app's Undo (and Redo, which re-applies).

Every inverse checks first that it would not lie or undo someone else's later work: a visit whose
invites already left Field Visit is not removed quietly, and a row that changed since the action
(another window, the command line, a colleague on the shared file) is left alone. A refusal raises
`UndoRefused` with one line saying why and what to do instead. Like the actions, each writes on
the given connection and leaves the transaction to the caller (`Workspace.begin()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError
from fieldvisit.planning import outcomes
from fieldvisit.planning.periods import stored_utc
from fieldvisit.planning.snoozes import RunningSnooze, insert_snooze, running_snooze
from fieldvisit.planning.trips import refresh_trips
from fieldvisit.planning.visit_rows import attendees
from fieldvisit.settings import load_rules
from fieldvisit.store import audit
from fieldvisit.store.dialect import dialect_of
from fieldvisit.store.identity import person_of
from fieldvisit.store.versions import Change, stamp

# What a planned visit owns besides its row (the rest cascade or are refused below).
VISIT_PARTS = ("visit_executive", "visit_rep", "visit_contact")


class UndoRefused(FieldVisitError):
    """An undo (or redo) was refused: it would hide a fact or overwrite a later change."""


@dataclass(frozen=True)
class VisitSnapshot:
    """A visit's row and its attendees as stored, to remove it and put it back exactly."""

    row: dict[str, Any]
    parts: dict[str, tuple[dict[str, Any], ...]]
    outcomes: tuple[dict[str, Any], ...]  # the "planned" outcome rows naming the visit

    @property
    def visit_pk(self) -> int:
        return int(self.row["id"])


def _rows(conn: Connection, sql: str, **params: Any) -> tuple[dict[str, Any], ...]:
    return tuple(dict(r) for r in conn.execute(text(sql), params).mappings())


def _insert(conn: Connection, table: str, row: dict[str, Any]) -> None:
    cols = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join(f":{c}" for c in row)
    conn.execute(text(f"INSERT INTO {table} ({cols}) VALUES ({marks})"), row)


def _regroup(conn: Connection, execs: list[int], start: Any) -> None:
    """Regroup the trips of these executives around a visit's day."""
    if execs:
        rules = load_rules(conn)
        day = min(stored_utc(start).date(), datetime.now(UTC).date())
        since = day - timedelta(days=2 * rules.trip_gap_days + 1)
        refresh_trips(conn, since, rules, executive_pks=execs)


def snapshot_visit(conn: Connection, visit_pk: int) -> VisitSnapshot:
    """Return the visit as stored now (raises UndoRefused when it is gone)."""
    row = _rows(conn, "SELECT * FROM visit WHERE id = :v", v=visit_pk)
    if not row:
        raise UndoRefused("The visit is no longer in this workspace.")
    parts = {
        table: _rows(conn, f"SELECT * FROM {table} WHERE visit_id = :v", v=visit_pk)
        for table in VISIT_PARTS
    }
    planned = _rows(
        conn,
        "SELECT * FROM suggestion_outcome WHERE visit_id = :v AND outcome = 'planned'",
        v=visit_pk,
    )
    return VisitSnapshot(row[0], parts, planned)


def _changed_since(conn: Connection, visit_pk: int, updated_at: Any) -> dict[str, Any]:
    # Locked until the undo commits: a save by someone else lands before the look or after.
    lock = dialect_of(conn).for_update()
    now = _rows(conn, f"SELECT * FROM visit WHERE id = :v{lock}", v=visit_pk)
    if not now:
        raise UndoRefused("The visit is no longer in this workspace.")
    if now[0]["updated_at"] != updated_at:
        raise UndoRefused("The visit was changed since; open it to change it again.")
    return now[0]


def _record_undone(conn: Connection, entity: str, key: str, account_pk: Any) -> None:
    """Write the audit row of an undo that removed its row (a stamp needs the row)."""
    audit.record(
        conn,
        person=person_of(conn),
        action="undone",
        entity=entity,
        entity_key=key,
        account_id=None if account_pk is None else int(account_pk),
        fields=(),
        version=None,
    )


def remove_planned_visit(conn: Connection, planned: VisitSnapshot) -> None:
    """Undo planning a visit: delete it, its attendees and its "planned" outcome; regroup trips.

    Refused once its invites were sent (people have it in their calendars), once a debrief or
    a captured meeting hangs on it, or when it was changed since it was planned. The trail
    says who undid it ("undone by Dana").
    """
    visit_pk = planned.visit_pk
    row = _changed_since(conn, visit_pk, planned.row["updated_at"])
    if row["sent_sequence"] is not None:
        raise UndoRefused("Invites were sent; cancel the visit instead.")
    for table, what in (("debrief", "a debrief"), ("captured_event", "a captured meeting")):
        hit = conn.execute(text(f"SELECT 1 FROM {table} WHERE visit_id = :v"), {"v": visit_pk})
        if hit.first() is not None:
            raise UndoRefused(f"The visit has {what} now; cancel it instead.")
    execs = sorted(attendees(conn, visit_pk)[0])
    for outcome in planned.outcomes:
        conn.execute(text("DELETE FROM suggestion_outcome WHERE id = :o"), {"o": outcome["id"]})
    for table in (*VISIT_PARTS, "debrief_draft"):
        conn.execute(text(f"DELETE FROM {table} WHERE visit_id = :v"), {"v": visit_pk})
    conn.execute(text("DELETE FROM visit WHERE id = :v"), {"v": visit_pk})
    _record_undone(conn, "visit", str(row["external_id"]), row["account_id"])
    _regroup(conn, execs, row["start"])


def restore_planned_visit(conn: Connection, planned: VisitSnapshot) -> None:
    """Redo planning a visit removed by `remove_planned_visit`: put back the same row (same id,
    calendar UIDs and sequence), its attendees and outcome; regroup trips."""
    visit_pk = planned.visit_pk
    if conn.execute(text("SELECT 1 FROM visit WHERE id = :v"), {"v": visit_pk}).first():
        raise UndoRefused("The visit is in the workspace already.")
    taken = conn.execute(
        text("SELECT 1 FROM visit WHERE external_id = :x"), {"x": planned.row["external_id"]}
    ).first()
    if taken is not None:
        raise UndoRefused("Another visit took its id since; plan the visit again instead.")
    _insert(conn, "visit", {**planned.row, "trip_id": None})
    for table, rows in planned.parts.items():
        for part in rows:
            _insert(conn, table, part)
    for outcome in planned.outcomes:
        _insert(conn, "suggestion_outcome", outcome)
    audit.record(
        conn,
        person=person_of(conn),
        action="planned",
        entity="visit",
        entity_key=str(planned.row["external_id"]),
        account_id=planned.row["account_id"],
        fields=(),
        version=_version(planned.row.get("row_version")),
    )
    _regroup(conn, sorted(attendees(conn, visit_pk)[0]), planned.row["start"])


@dataclass(frozen=True)
class StatusChange:
    """A visit's status before and after a change, and its row's stamp right after it."""

    visit_pk: int
    before: str
    after: str
    updated_at: Any  # as stored right after the change
    version: int | None = None  # the row's version right after it (`store.versions`)


def status_change(conn: Connection, visit_pk: int, before: str) -> StatusChange:
    """Return the change just made to the visit (read after `set_visit_status`)."""
    found = _rows(
        conn, "SELECT status, updated_at, row_version FROM visit WHERE id = :v", v=visit_pk
    )
    if not found:
        raise UndoRefused("The visit is no longer in this workspace.")
    row = found[0]
    return StatusChange(
        visit_pk, before, str(row["status"]), row["updated_at"], _version(row["row_version"])
    )


def revert_status(conn: Connection, change: StatusChange) -> StatusChange:
    """Put the visit's status back to `change.before`; return the change that makes (to redo).

    Refused when the visit changed since, or when a cancellation already left Field Visit (the
    invitees were told it is off: plan it again instead).
    """
    from fieldvisit.planning.actions import set_visit_status

    row = _changed_since(conn, change.visit_pk, change.updated_at)
    if (
        change.after == "cancelled"
        and row["sent_sequence"] is not None
        and row["sent_sequence"] >= row["sequence"]
    ):
        raise UndoRefused("The cancellation was sent; plan the visit again instead.")
    # The version seen right after the change: someone else's save since is a Conflict naming
    # them, checked in the same UPDATE that writes (no window between the look and the write).
    set_visit_status(conn, change.visit_pk, change.before, seen=change.version)
    return status_change(conn, change.visit_pk, change.after)


@dataclass(frozen=True)
class SnoozeChange:
    """A snooze just stored, and the one it replaced (None: the deal was not snoozed)."""

    deal_pk: int
    snooze_pk: int
    until: date
    reason: str
    replaced: RunningSnooze | None
    outcome_pk: int | None  # the "snoozed" outcome recorded with it
    created_at: str = ""  # as stored (a key can be reused once its row is deleted)


def _newest_outcome(conn: Connection, deal_pk: int, outcome: str) -> int | None:
    found = conn.execute(
        text(
            "SELECT MAX(id) FROM suggestion_outcome WHERE deal_id = :d AND outcome = :o "
            "AND active = TRUE"
        ),
        {"d": deal_pk, "o": outcome},
    ).scalar()
    return int(found) if found is not None else None


def snooze_change(
    conn: Connection, deal_pk: int, replaced: RunningSnooze | None, as_of: date
) -> SnoozeChange:
    """Return the snooze just stored on the deal (read after `snooze_deal`)."""
    row = conn.execute(
        text(
            "SELECT id, until, reason, created_at FROM snooze WHERE deal_id = :d AND until > :t "
            "ORDER BY id DESC LIMIT 1"
        ),
        {"d": deal_pk, "t": as_of.isoformat()},
    ).first()
    if row is None:
        raise UndoRefused("The deal is not snoozed.")
    until = date.fromisoformat(str(row[1])[:10])
    outcome = _newest_outcome(conn, deal_pk, "snoozed")
    return SnoozeChange(deal_pk, int(row[0]), until, str(row[2]), replaced, outcome, str(row[3]))


def unsnooze(conn: Connection, change: SnoozeChange, as_of: date) -> None:
    """Undo a snooze: remove it (and its outcome) and put back the snooze it replaced, if any.

    Refused when the deal's snooze was changed or ended since. The trail says who undid it, on
    the snooze put back (or, when none was, on the one removed).
    """
    account_pk = conn.execute(
        text("SELECT account_id FROM deal WHERE id = :d"), {"d": change.deal_pk}
    ).scalar()
    outcomes.lock_deal(conn, change.deal_pk)
    current = conn.execute(
        text(
            "SELECT id, created_at FROM snooze WHERE deal_id = :d AND until > :t "
            f"ORDER BY id DESC LIMIT 1{dialect_of(conn).for_update()}"
        ),
        {"d": change.deal_pk, "t": as_of.isoformat()},
    ).first()
    if current is None or (current[0], str(current[1])) != (change.snooze_pk, change.created_at):
        raise UndoRefused("The snooze was changed since; open the deal to change it.")
    conn.execute(text("DELETE FROM snooze WHERE id = :s"), {"s": change.snooze_pk})
    if change.outcome_pk is not None:
        conn.execute(text("DELETE FROM suggestion_outcome WHERE id = :o"), {"o": change.outcome_pk})
    if change.replaced is None:
        _record_undone(conn, "snooze", str(change.snooze_pk), account_pk)
        return
    put_back = insert_snooze(conn, change.deal_pk, change.replaced.until, change.replaced.reason)
    stamp(conn, Change("snooze", put_back, "undone", ("until", "reason")), new=True)


def resnooze(conn: Connection, change: SnoozeChange, as_of: date) -> SnoozeChange:
    """Redo a snooze undone by `unsnooze`; return the snooze stored again (to undo again).

    Refused when the deal was snoozed otherwise since.
    """
    from fieldvisit.planning.snoozes import snooze_deal

    outcomes.lock_deal(conn, change.deal_pk)  # checked and written with no one in between
    if running_snooze(conn, change.deal_pk, as_of) != change.replaced:
        raise UndoRefused("The deal's snooze was changed since; open the deal to snooze it.")
    snooze_deal(conn, change.deal_pk, change.until, change.reason, as_of=as_of)
    return snooze_change(conn, change.deal_pk, change.replaced, as_of)


def resume_snooze(conn: Connection, deal_pk: int, ended: RunningSnooze, as_of: date) -> None:
    """Undo "End snooze": the snooze ended on `as_of` runs until its own day again, with its
    reason. Refused when the deal was snoozed again since, or the ended snooze is gone. Its
    version moves on (a snooze dialog open on it meanwhile gets a Conflict) and the trail says
    who undid the ending."""
    outcomes.lock_deal(conn, deal_pk)
    if running_snooze(conn, deal_pk, as_of) is not None:
        raise UndoRefused("The deal was snoozed again since; open the deal to change it.")
    found = conn.execute(
        text(
            "SELECT id FROM snooze WHERE deal_id = :d AND until = :t AND reason = :r "
            f"ORDER BY id DESC LIMIT 1{dialect_of(conn).for_update()}"
        ),
        {"d": deal_pk, "t": as_of.isoformat(), "r": ended.reason},
    ).scalar()
    if found is None:
        raise UndoRefused("The ended snooze is no longer there; snooze the deal again.")
    stamp(conn, Change("snooze", int(found), "undone", ("until",)))
    conn.execute(
        text("UPDATE snooze SET until = :u WHERE id = :s"),
        {"u": ended.until.isoformat(), "s": int(found)},
    )


def dismissal(conn: Connection, deal_pk: int) -> int:
    """Return the key of the deal's running dismissal (read right after `dismiss`)."""
    found = _newest_outcome(conn, deal_pk, "dismissed")
    if found is None:
        raise UndoRefused("The suggestion is not dismissed.")
    return found


def undismiss(conn: Connection, outcome_pk: int) -> tuple[int, str, date]:
    """Undo a dismissal: remove its outcome row (Impact no longer counts it); return its deal,
    reason and day (to redo). Refused when it was brought back or changed since."""
    deal_pk = conn.execute(
        text("SELECT deal_id FROM suggestion_outcome WHERE id = :o"), {"o": outcome_pk}
    ).scalar()
    if deal_pk is not None:
        outcomes.lock_deal(conn, int(deal_pk))
    row = conn.execute(
        text(
            "SELECT deal_id, reason, day, active FROM suggestion_outcome "
            f"WHERE id = :o AND outcome = 'dismissed'{dialect_of(conn).for_update()}"
        ),
        {"o": outcome_pk},
    ).first()
    if row is None or not row[3]:
        raise UndoRefused("The suggestion was brought back since.")
    conn.execute(text("DELETE FROM suggestion_outcome WHERE id = :o"), {"o": outcome_pk})
    return int(row[0]), str(row[1]), date.fromisoformat(str(row[2])[:10])


def redismiss(conn: Connection, deal_pk: int, reason: str, day: date) -> int:
    """Redo a dismissal undone by `undismiss`; return its new key. Refused when the deal was
    dismissed again since."""
    outcomes.lock_deal(conn, deal_pk)  # checked and written with no one in between
    if outcomes.dismissed(conn, deal_pk):
        raise UndoRefused("The suggestion was dismissed again since.")
    outcomes.dismiss(conn, deal_pk, reason, day)
    return dismissal(conn, deal_pk)


def _version(value: Any) -> int | None:
    return None if value is None else int(value)
