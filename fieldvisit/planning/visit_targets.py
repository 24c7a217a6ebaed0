"""Executives' monthly visit targets: read them, check a new one, store it.

A target is how many customer visits an executive is expected to make in a month; an executive
without one (None) counts with the workspace default (`Rules.default_monthly_visit_target`).
The Settings page's "Visit targets" table and `fieldvisit target` both come through here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError, NotFound
from fieldvisit.store.dialect import dialect_of
from fieldvisit.store.offline import refuse_offline

MIN_TARGET = 0
MAX_TARGET = 100
# Words that put an executive back on the workspace default.
DEFAULT_WORDS = ("default", "none", "")


class VisitTargetError(FieldVisitError):
    """A visit target that is not a whole number of visits in the allowed range."""


@dataclass(frozen=True)
class VisitTarget:
    """One executive with their own monthly visit target (None: the default applies)."""

    executive_pk: int
    email: str | None
    name: str
    title: str
    target: int | None


def check_target(value: object, who: str = "the executive") -> int | None:
    """Return `value` as a target (None for "default"), or raise VisitTargetError saying why."""
    if value is None or (isinstance(value, str) and value.strip().casefold() in DEFAULT_WORDS):
        return None
    if isinstance(value, bool):
        number: int | None = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        number = int(value.strip())
    else:
        number = None
    if number is None or not MIN_TARGET <= number <= MAX_TARGET:
        raise VisitTargetError(
            f"The visit target for {who} must be a whole number of visits from {MIN_TARGET} to "
            f"{MAX_TARGET} per month (or “default”), not “{value}”."
        )
    return number


def visit_targets(conn: Connection) -> list[VisitTarget]:
    """Return every executive with their own target, by name."""
    rows = conn.execute(
        text(
            "SELECT id, email, name, title, monthly_visit_target FROM executive "
            f"ORDER BY {dialect_of(conn).nocase('name')}, id"
        )
    )
    return [
        VisitTarget(pk, email, name, title or "", target) for pk, email, name, title, target in rows
    ]


def find_executive(conn: Connection, email: str) -> VisitTarget:
    """Return the executive with this e-mail address (any case), or raise NotFound."""
    wanted = email.strip().casefold()
    for row in visit_targets(conn):
        if row.email is not None and row.email.casefold() == wanted:
            return row
    raise NotFound(f"No executive has the e-mail address “{email.strip()}” in this workspace.")


def set_visit_targets(conn: Connection, targets: Mapping[int, object]) -> int:
    """Store each executive's (by id) target after checking it; return how many were stored.

    Checks every value before writing any, so a refused one leaves all targets as they were
    (run it inside the caller's transaction).
    """
    if targets:
        refuse_offline(conn, "settings")  # sync does not carry targets (`store.offline`)
    names = {row.executive_pk: row.name for row in visit_targets(conn)}
    checked: dict[int, int | None] = {}
    for pk, value in targets.items():
        if pk not in names:
            raise NotFound(f"No executive with id {pk} in this workspace.")
        checked[pk] = check_target(value, names[pk])
    for pk, target in checked.items():
        conn.execute(
            text("UPDATE executive SET monthly_visit_target = :t WHERE id = :pk"),
            {"t": target, "pk": pk},
        )
    return len(checked)


def set_visit_target(conn: Connection, email: str, value: object) -> VisitTarget:
    """Set one executive's (by e-mail) target; return them with the target now stored."""
    executive = find_executive(conn, email)
    set_visit_targets(conn, {executive.executive_pk: value})
    return find_executive(conn, email)


__all__ = [
    "MAX_TARGET",
    "MIN_TARGET",
    "VisitTarget",
    "VisitTargetError",
    "check_target",
    "find_executive",
    "set_visit_target",
    "set_visit_targets",
    "visit_targets",
]
