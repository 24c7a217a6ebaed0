"""What a new visit for a suggestion starts with: the one rule for the `plan` command and the app.

The start is the suggestion window's first day at the hour `visit_hours` proposes ("10:00 at the
customer", moved out of the executive's night), never before the as-of day (a suggestion made
as of an earlier day); the length is the rules' visit length; the people are the suggested
executive, the deal's owner rep and the customer's decision makers, or, with none on file, the
account's most senior contact, so an external invite never goes out with nobody from the customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.planning.results import Suggestion
from fieldvisit.seniority import seniority_order_sql
from fieldvisit.settings import Rules
from fieldvisit.store.dialect import dialect_of


@dataclass(frozen=True)
class PlanDefaults:
    """The form's starting values for a suggested visit."""

    start: datetime  # aware, in the customer's zone
    minutes: int
    executive_pk: int
    rep_pk: int | None
    contact_pks: list[int]


def default_contacts(conn: Connection, account_pk: int) -> list[int]:
    """Return the default customer attendees: the account's decision makers, else its most
    senior contact (ties: by contact id as the CRM gave it)."""
    found = list(
        conn.execute(
            text(
                "SELECT id FROM contact WHERE account_id = :a AND decision_maker = TRUE "
                f"ORDER BY {dialect_of(conn).bytewise('external_id')}"
            ),
            {"a": account_pk},
        ).scalars()
    )
    if found:
        return found
    senior = conn.execute(
        text(
            "SELECT id FROM contact WHERE account_id = :a ORDER BY "
            f"{seniority_order_sql()}, {dialect_of(conn).bytewise('external_id')} LIMIT 1"
        ),
        {"a": account_pk},
    ).scalar()
    return [int(senior)] if senior is not None else []


def default_start(
    conn: Connection, suggestion: Suggestion, rules: Rules, as_of: date | None = None
) -> datetime:
    """Return the proposed start: the window's first day at the hour `visit_hours` gives, moved
    to the as-of day (same wall-clock time) when the window began earlier."""
    from fieldvisit.planning.visit_hours import suggestion_start

    start = suggestion_start(conn, suggestion, rules)
    if as_of is not None and start.date() < as_of:
        start = datetime.combine(as_of, start.timetz())
    return start


def plan_defaults(
    conn: Connection, suggestion: Suggestion, rules: Rules, as_of: date | None = None
) -> PlanDefaults:
    """Return everything a new visit for `suggestion` starts with."""
    return PlanDefaults(
        start=default_start(conn, suggestion, rules, as_of),
        minutes=rules.default_visit_minutes,
        executive_pk=suggestion.executive.executive_pk,
        rep_pk=suggestion.rep_pk,
        contact_pks=default_contacts(conn, suggestion.deal.account_pk),
    )
