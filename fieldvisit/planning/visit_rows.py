"""Checks and writes the visit actions share: times, modes, attendees and the visit's row.

Kept apart from `actions` so planning a visit and editing one validate the same way.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Connection, RowMapping

from fieldvisit.errors import FieldVisitError, NotFound
from fieldvisit.store.dialect import dialect_of
from fieldvisit.store.times import stored_text

__all__ = ["stored_text"]  # the store's text form (`store.times`), re-exported for the actions


def _check_people(conn: Connection, table: str, pks: list[int]) -> None:
    if not pks:
        return
    found = conn.execute(
        text(f"SELECT COUNT(*) FROM {table} WHERE id IN {dialect_of(conn).ids_in_json('ids')}"),
        {"ids": json.dumps(sorted(set(pks)))},
    ).scalar()
    if found != len(set(pks)):
        raise NotFound(f"Some of the {table}s chosen for the visit are not in this workspace.")


def checked_end(start: datetime, minutes: int) -> datetime:
    """Return when a visit starting at `start` for `minutes` ends; refuse no length or no zone."""
    if minutes <= 0:
        raise FieldVisitError("A visit needs a length of at least one minute.")
    if start.tzinfo is None:
        raise FieldVisitError(
            "The start time needs a time zone (for example 2026-06-23T10:00+02:00)."
        )
    return start + timedelta(minutes=minutes)


def check_mode(mode: str) -> None:
    """Refuse a mode the store does not know."""
    # Imported here: the table models pull in SQLModel and pydantic (see actions.set_visit_status).
    from fieldvisit.store.models import VISIT_MODES

    if mode not in VISIT_MODES:
        raise FieldVisitError(f"Mode must be one of {', '.join(VISIT_MODES)}, not {mode!r}.")


def check_attendees(
    conn: Connection,
    account_pk: int,
    account_name: str,
    executive_pks: list[int] | None,
    rep_pks: list[int] | None,
    contact_pks: list[int] | None,
) -> None:
    """Refuse unknown people, no executive, or contacts from another account (None: unchanged)."""
    if executive_pks is not None and not executive_pks:
        raise FieldVisitError("A visit needs at least one executive.")
    _check_people(conn, "executive", executive_pks or [])
    _check_people(conn, "rep", rep_pks or [])
    if not contact_pks:
        return
    foreign = (
        conn.execute(
            text(
                f"SELECT external_id FROM contact WHERE id IN {dialect_of(conn).ids_in_json('ids')} "
                f"AND account_id <> :a ORDER BY {dialect_of(conn).bytewise('external_id')}"
            ),
            {"ids": json.dumps(contact_pks), "a": account_pk},
        )
        .scalars()
        .all()
    )
    if foreign:
        raise FieldVisitError(f"Contacts {', '.join(foreign)} do not work at {account_name}.")
    _check_people(conn, "contact", contact_pks)


LINKS = (
    ("visit_executive", "executive_id"),
    ("visit_rep", "rep_id"),
    ("visit_contact", "contact_id"),
)


def write_attendees(
    conn: Connection,
    visit_pk: int,
    executive_pks: list[int] | None,
    rep_pks: list[int] | None,
    contact_pks: list[int] | None,
) -> None:
    """Replace a visit's executives, reps and contacts (a None list stays as it is)."""
    for (table, column), pks in zip(LINKS, (executive_pks, rep_pks, contact_pks), strict=True):
        if pks is None:
            continue
        conn.execute(text(f"DELETE FROM {table} WHERE visit_id = :v"), {"v": visit_pk})
        for pk in dict.fromkeys(pks):
            conn.execute(
                text(f"INSERT INTO {table} (visit_id, {column}) VALUES (:v, :p)"),
                {"v": visit_pk, "p": pk},
            )


def attendees(conn: Connection, visit_pk: int) -> tuple[set[int], set[int], set[int]]:
    """Return the pks of a visit's executives, reps and contacts."""
    executives, reps, contacts = (
        set(
            conn.execute(
                text(f"SELECT {column} FROM {table} WHERE visit_id = :v"), {"v": visit_pk}
            ).scalars()
        )
        for table, column in LINKS
    )
    return executives, reps, contacts


def visit_row(conn: Connection, visit_pk: int) -> RowMapping:
    """Return the visit's row with its account's name; NotFound when it does not exist."""
    row = (
        conn.execute(
            text(
                'SELECT v.status, v.start, v."end", v.location, v.mode, v.agenda, v.objective, '
                "v.account_id, a.name AS account_name FROM visit v "
                "JOIN account a ON a.id = v.account_id WHERE v.id = :v"
            ),
            {"v": visit_pk},
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"No visit with key {visit_pk} in this workspace.")
    return row


def new_text(words: str | None, old: str | None) -> str | None:
    """Return the new value of a free-text field: None keeps `old`, blank clears it."""
    if words is None:
        return old
    return words.strip() or None
