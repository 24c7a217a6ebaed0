"""Snoozes a user controls: one running snooze per deal, replaced, shortened, extended or ended.

A snooze keeps a deal out of suggestions until its day (the deal returns on that day). Snoozing
again replaces the running snooze, so an earlier date shortens it; ending it sets its day to the
as-of date (the row stays, so what was snoozed and why is not forgotten). Each writes on the given
connection and leaves the transaction to the caller (`Workspace.begin()`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError
from fieldvisit.planning import outcomes
from fieldvisit.planning.visit_rows import stored_text
from fieldvisit.store.as_of import workspace_as_of
from fieldvisit.store.dialect import dialect_of
from fieldvisit.store.offline import refuse_offline
from fieldvisit.store.versions import Change, conflict, stamp, version_of


class SnoozeRefused(FieldVisitError):
    """A snooze was refused: no reason, or a day that is not after the as-of date."""


@dataclass(frozen=True)
class RunningSnooze:
    """The snooze keeping a deal out of suggestions after the as-of date."""

    until: date
    reason: str
    version: int = field(
        default=0, compare=False
    )  # its row version: ending it from what a page showed names it (`seen`)


def _deal_exists(conn: Connection, deal_pk: int) -> None:
    outcomes.lock_deal(conn, deal_pk)  # one change to the deal's snooze at a time


def running_snooze(conn: Connection, deal_pk: int, as_of: date) -> RunningSnooze | None:
    """Return the deal's snooze still running after `as_of` (the furthest one), or None."""
    row = conn.execute(
        text(
            "SELECT until, reason, row_version FROM snooze WHERE deal_id = :d AND until > :t "
            "ORDER BY until DESC, id DESC LIMIT 1"
        ),
        {"d": deal_pk, "t": as_of.isoformat()},
    ).first()
    if row is None:
        return None
    return RunningSnooze(date.fromisoformat(str(row[0])[:10]), str(row[1]), int(row[2] or 0))


def running_snooze_pk(conn: Connection, deal_pk: int, as_of: date) -> int | None:
    """Return the pk of the deal's snooze running after `as_of` (the furthest), or None."""
    found = conn.execute(
        text(
            "SELECT id FROM snooze WHERE deal_id = :d AND until > :t "
            "ORDER BY until DESC, id DESC LIMIT 1"
        ),
        {"d": deal_pk, "t": as_of.isoformat()},
    ).scalar()
    return int(found) if found is not None else None


def snooze_deal(
    conn: Connection,
    deal_pk: int,
    until: date,
    reason: str,
    *,
    as_of: date | None = None,
    seen: int | None = None,
    kept_over: bool = False,
) -> int:
    """Keep a deal out of suggestions until `until` (it returns on that day); return the pk.

    The snooze replaces any running one (an earlier day shortens it). `until` must lie after
    `as_of` (default: the workspace's date, `store.as_of`): a day that has come already would snooze nothing.
    A running snooze is changed in place (its version bumped); `seen` is the version of the
    running snooze the user saw (0: none), a newer one raises `store.versions.Conflict`.
    """
    today = as_of or workspace_as_of(conn)
    if not reason.strip():
        raise SnoozeRefused("A snooze needs a reason.")
    if until <= today:
        when = "today" if until == today else "in the past"
        raise SnoozeRefused(
            f"{until:%a %d %b %Y} is {when}; snooze until a later day (after {today:%a %d %b %Y})."
        )
    _deal_exists(conn, deal_pk)
    refuse_offline(conn, "snooze")  # sync does not carry snoozes: not lost at the next pull
    running = running_snooze_pk(conn, deal_pk, today)
    if running is not None:
        stamp(conn, Change("snooze", running, "snoozed", ("until", "reason"), seen, kept_over))
        conn.execute(
            text("DELETE FROM snooze WHERE deal_id = :d AND until > :t AND id <> :s"),
            {"d": deal_pk, "t": today.isoformat(), "s": running},
        )
        conn.execute(
            text("UPDATE snooze SET until = :u, reason = :r, created_at = :c WHERE id = :s"),
            {
                "u": until.isoformat(),
                "r": reason.strip(),
                "c": stored_text(datetime.now(UTC)),
                "s": running,
            },
        )
        outcomes.record(conn, deal_pk, "snoozed", today, reason=reason)
        return running
    pk = insert_snooze(conn, deal_pk, until, reason)
    stamp(conn, Change("snooze", pk, "snoozed", ("until", "reason")), new=True)
    outcomes.record(conn, deal_pk, "snoozed", today, reason=reason)
    return pk


def insert_snooze(conn: Connection, deal_pk: int, until: date, reason: str) -> int:
    """Store a new snooze row and return its key: never the key of a snooze removed since.

    The audit trail names snoozes by key; SQLite would hand the highest key out again once its
    row is deleted (an undone snooze), and the new snooze would inherit the old one's trail.
    PostgreSQL's sequence never reuses a key.
    """
    row = {"d": deal_pk, "u": until.isoformat(), "r": reason.strip()}
    row["c"] = stored_text(datetime.now(UTC))
    if dialect_of(conn).is_postgresql:
        found = conn.execute(
            text(
                "INSERT INTO snooze (deal_id, until, reason, created_at) "
                "VALUES (:d, :u, :r, :c) RETURNING id"
            ),
            row,
        ).scalar_one()
        return int(found)
    pk = int(conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM snooze")).scalar_one()) + 1
    while conn.execute(
        text("SELECT 1 FROM change_log WHERE entity = 'snooze' AND entity_key = :k"),
        {"k": str(pk)},
    ).first():
        pk += 1
    conn.execute(
        text(
            "INSERT INTO snooze (id, deal_id, until, reason, created_at) "
            "VALUES (:id, :d, :u, :r, :c)"
        ),
        {**row, "id": pk},
    )
    return pk


def end_snooze(
    conn: Connection,
    deal_pk: int,
    *,
    as_of: date | None = None,
    seen: int | None = None,
    kept_over: bool = False,
) -> RunningSnooze | None:
    """End the deal's running snooze (it is suggested again from `as_of`, default the workspace's date).

    Return the snooze that was ended, or None when the deal had none running. With `seen` (the
    user saw a snooze running), a snooze someone ended since is a Conflict naming them.
    """
    today = as_of or workspace_as_of(conn)
    _deal_exists(conn, deal_pk)
    refuse_offline(conn, "snooze")
    ended = running_snooze(conn, deal_pk, today)
    running = running_snooze_pk(conn, deal_pk, today)
    if running is None and seen and not kept_over:
        last = conn.execute(
            text("SELECT id FROM snooze WHERE deal_id = :d ORDER BY id DESC LIMIT 1"),
            {"d": deal_pk},
        ).scalar()
        if last is not None and version_of(conn, "snooze", int(last)) > seen:
            raise conflict(conn, Change("snooze", int(last), "snoozed", ("until",), seen))
    if ended is not None and running is not None:
        stamp(conn, Change("snooze", running, "unsnoozed", ("until",), seen, kept_over))
        conn.execute(
            text("UPDATE snooze SET until = :t WHERE deal_id = :d AND until > :t"),
            {"d": deal_pk, "t": today.isoformat()},
        )
    return ended
