"""Turning the external ids users type (deal ids, e-mails, visit ids) into row keys."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import NotFound


def _one(conn: Connection, sql: str, value: str, what: str) -> int:
    pk = conn.execute(text(sql), {"v": value}).scalar()
    if pk is None:
        raise NotFound(f"No {what} {value!r} in this workspace.")
    return int(pk)


def deal_pk_for(conn: Connection, deal_id: str) -> int:
    """Return the pk of the deal with this external id (NotFound otherwise)."""
    return _one(conn, "SELECT id FROM deal WHERE external_id = :v", deal_id, "deal")


def executive_pk_for(conn: Connection, email: str) -> int:
    """Return the pk of the executive with this e-mail, case-insensitively (NotFound otherwise).

    An executive a CRM only named (no address yet) is found by their full name.
    """
    return _one(
        conn,
        "SELECT id FROM executive WHERE lower(email) = lower(:v) "
        "OR (email IS NULL AND lower(name) = lower(:v)) ORDER BY email IS NULL LIMIT 1",
        email,
        "executive",
    )


def visit_pk_for(conn: Connection, visit_id: str) -> int:
    """Return the pk of the visit with this external id (NotFound otherwise)."""
    return _one(conn, "SELECT id FROM visit WHERE external_id = :v", visit_id, "visit")
