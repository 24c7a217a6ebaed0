"""What the plan dialog, the visit pane and the undo notice read besides visits and people.

Open deals to pick from, an account's name and place, a visit's agenda and objective.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import NotFound
from fieldvisit.store.dialect import dialect_of


@dataclass(frozen=True)
class DealChoice:
    """An open deal the plan dialog offers when no suggestion was picked."""

    pk: int
    account: str
    deal: str
    stage: str
    amount: float | None
    currency: str | None


@dataclass(frozen=True)
class AccountPlace:
    """An account's name, zone and city."""

    name: str
    tz: str | None
    city: str | None


class VisitNotes(NamedTuple):
    """A visit's agenda and objective as stored."""

    agenda: str | None
    objective: str | None


def open_deal_choices(conn: Connection, typed: str, limit: int) -> list[DealChoice]:
    """Return open deals whose account or deal name holds `typed`, by account then deal."""
    like = dialect_of(conn).like  # SQLite's LIKE folds ASCII case: PostgreSQL's ILIKE
    rows = conn.execute(
        text(
            "SELECT d.id, a.name, d.name, d.stage, d.amount, d.currency FROM deal d "
            "JOIN account a ON a.id = d.account_id WHERE d.status = 'open' AND "
            f"(a.name {like} :q OR d.name {like} :q) ORDER BY {dialect_of(conn).bytewise('a.name')}, "
            f"{dialect_of(conn).bytewise('d.name')} LIMIT :n"
        ),
        {"q": f"%{typed}%", "n": limit},
    ).all()
    return [DealChoice(*row) for row in rows]


def account_place(conn: Connection, account_pk: int) -> AccountPlace:
    """Return an account's name, zone and city (NotFound when it is gone)."""
    row = conn.execute(
        text("SELECT name, tz, city FROM account WHERE id = :a"), {"a": account_pk}
    ).first()
    if row is None:
        raise NotFound(f"No account with key {account_pk} in this workspace.")
    name, tz, city = row
    return AccountPlace(name, tz, city)


def visit_notes(conn: Connection, visit_pk: int) -> VisitNotes:
    """Return a visit's agenda and objective (NotFound when the visit is gone)."""
    row = conn.execute(
        text("SELECT agenda, objective FROM visit WHERE id = :v"), {"v": visit_pk}
    ).first()
    if row is None:
        raise NotFound(f"The visit {visit_pk} no longer exists.")
    agenda, objective = row
    return VisitNotes(agenda, objective)
