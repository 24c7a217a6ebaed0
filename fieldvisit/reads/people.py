"""People who can attend a visit, as the plan dialog and the visit pane list them.

Executives most senior first (`executive_levels`), reps by name, an account's contacts with
decision makers and the most senior first (`seniority`), a visit's attendees.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.executive_levels import level_order_sql
from fieldvisit.seniority import seniority_order_sql
from fieldvisit.store.dialect import dialect_of


@dataclass(frozen=True)
class Person:
    """Someone who can attend a visit."""

    pk: int
    name: str
    title: str | None
    detail: str | None  # seniority for contacts, level for executives, region for reps
    email: str | None
    tz: str | None = None
    city: str | None = None
    decision_maker: bool = False


def executives(conn: Connection) -> list[Person]:
    """Return every executive, most senior first, then by name."""
    rows = conn.execute(
        text(
            "SELECT id, name, title, level, email, tz, home_city FROM executive "
            f"ORDER BY {level_order_sql()}, {dialect_of(conn).bytewise('name')}"
        )
    )
    return [
        Person(pk, name, title, level, email, tz, city)
        for pk, name, title, level, email, tz, city in rows
    ]


def executive_zones(conn: Connection) -> dict[int, str | None]:
    """Return each executive's home zone by their key."""
    return {int(pk): tz for pk, tz in conn.execute(text("SELECT id, tz FROM executive"))}


def reps(conn: Connection) -> list[Person]:
    """Return every rep by name."""
    by_name = dialect_of(conn).bytewise("name")
    rows = conn.execute(text(f"SELECT id, name, region, email FROM rep ORDER BY {by_name}"))
    return [Person(pk, name, None, region, email) for pk, name, region, email in rows]


SENIORITY_ORDER = seniority_order_sql()


def account_contacts(conn: Connection, account_pk: int) -> list[Person]:
    """Return an account's contacts, decision makers and the most senior first."""
    rows = conn.execute(
        text(
            "SELECT id, name, title, seniority, email, decision_maker FROM contact "
            f"WHERE account_id = :a ORDER BY decision_maker DESC, {SENIORITY_ORDER}, "
            f"{dialect_of(conn).bytewise('name')}"
        ),
        {"a": account_pk},
    )
    return [
        Person(pk, name, title, seniority, email, decision_maker=bool(dm))
        for pk, name, title, seniority, email, dm in rows
    ]


def visit_contacts(conn: Connection, visit_pk: int) -> list[Person]:
    """Return the customer's people invited to a visit, decision makers first, then by name."""
    rows = conn.execute(
        text(
            "SELECT c.id, c.name, c.title, c.seniority, c.email, c.decision_maker "
            "FROM visit_contact vc JOIN contact c ON c.id = vc.contact_id "
            "WHERE vc.visit_id = :v ORDER BY c.decision_maker DESC, "
            f"{dialect_of(conn).bytewise('c.name')}"
        ),
        {"v": visit_pk},
    )
    return [
        Person(pk, name, title, seniority, email, decision_maker=bool(dm))
        for pk, name, title, seniority, email, dm in rows
    ]


def visit_attendees(conn: Connection, visit_pk: int) -> tuple[list[int], list[int], list[int]]:
    """Return the pks of a visit's executives, reps and customer contacts."""

    def pks(table: str, column: str) -> list[int]:
        sql = f"SELECT {column} FROM {table} WHERE visit_id = :v ORDER BY {column}"
        return [int(r[0]) for r in conn.execute(text(sql), {"v": visit_pk})]

    return (
        pks("visit_executive", "executive_id"),
        pks("visit_rep", "rep_id"),
        pks("visit_contact", "contact_id"),
    )
