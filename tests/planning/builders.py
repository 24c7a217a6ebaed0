"""Tiny hand-built workspaces: insert executives, accounts, deals, activities and visits by hand.

Each `add_*` returns the new row's pk; external ids are made up unless given. Dates default to
sensible values so a test states only what it is about.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import Connection

from fieldvisit.store import models as m
from fieldvisit.store.driver_rows import driver_sql, open_cursor
from fieldvisit.store.models import SQLModel

AS_OF = date(2026, 6, 15)  # a Monday

CITIES = {
    "Chicago": (41.8781, -87.6298, "America/Chicago", "US"),
    "Evanston": (42.0451, -87.6877, "America/Chicago", "US"),
    "Milwaukee": (43.0389, -87.9065, "America/Chicago", "US"),
    "New York City": (40.7128, -74.0060, "America/New_York", "US"),
    "Boston": (42.3601, -71.0589, "America/New_York", "US"),
    "London": (51.5074, -0.1278, "Europe/London", "GB"),
}


def noon(day: date) -> datetime:
    """Return 12:00 UTC on `day` (an aware datetime, the way the store wants it)."""
    return datetime.combine(day, time(12), tzinfo=UTC)


class Builder:
    """Inserts rows into one workspace connection."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.counters: dict[str, int] = {}

    def next_id(self, prefix: str) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]:04d}"

    def _insert(self, model: type[SQLModel], **values: Any) -> int:
        table = model.__table__  # type: ignore[attr-defined]
        result = self.conn.execute(insert(table).values(**values))
        return int(result.inserted_primary_key[0]) if result.inserted_primary_key else 0

    def executive(
        self,
        email: str,
        *,
        name: str | None = None,
        level: str = "C",
        title: str | None = None,
        city: str | None = "New York City",
        target: int | None = None,
    ) -> int:
        lat, lon, tz, country = CITIES[city] if city else (None, None, None, None)
        return self._insert(
            m.Executive,
            email=email,
            name=name or email.split("@")[0].title(),
            title=title,
            level=level,
            home_city=city,
            home_country=country,
            monthly_visit_target=target,
            lat=lat,
            lon=lon,
            tz=tz,
        )

    def rep(self, email: str, name: str | None = None) -> int:
        return self._insert(m.Rep, email=email, name=name or email.split("@")[0].title())

    def account(
        self,
        name: str,
        *,
        external_id: str | None = None,
        tier: str = "strategic",
        city: str | None = "Chicago",
        owner: int | None = None,
    ) -> int:
        lat, lon, tz, country = CITIES[city] if city else (None, None, None, None)
        return self._insert(
            m.Account,
            external_id=external_id or self.next_id("A"),
            name=name,
            tier=tier,
            city=city,
            country=country,
            owner_rep_id=owner,
            lat=lat,
            lon=lon,
            tz=tz,
        )

    def contact(
        self,
        account: int,
        name: str,
        *,
        title: str | None = None,
        seniority: str | None = "Manager",
        decision_maker: bool = False,
        external_id: str | None = None,
    ) -> int:
        return self._insert(
            m.Contact,
            external_id=external_id or self.next_id("C"),
            account_id=account,
            name=name,
            title=title,
            seniority=seniority,
            decision_maker=decision_maker,
        )

    def deal(
        self,
        account: int,
        owner: int,
        *,
        external_id: str | None = None,
        name: str = "Platform renewal",
        stage: str = "Proposal",
        amount: float | None = 250_000.0,
        entered: date | None = None,
        created: date | None = None,
        close: date | None = None,
        status: str = "open",
        strategic: bool = False,
        currency: str = "USD",
    ) -> int:
        entered = entered or AS_OF - timedelta(days=5)
        return self._insert(
            m.Deal,
            external_id=external_id or self.next_id("D"),
            account_id=account,
            name=name,
            owner_rep_id=owner,
            stage=stage,
            amount=amount,
            currency=currency,
            created_on=created or entered,
            stage_entered_on=entered,
            close_date=close or AS_OF + timedelta(days=60),
            status=status,
            strategic=strategic,
        )

    def stage_change(self, deal: int, stage: str, entered: date) -> int:
        return self._insert(m.StageChange, deal_id=deal, stage=stage, entered_on=entered)

    def close_change(self, deal: int, old: date, new: date, changed: date | None = None) -> int:
        return self._insert(
            m.CloseDateChange, deal_id=deal, old_date=old, new_date=new, changed_on=changed or old
        )

    def activity(
        self,
        day: date,
        *,
        deal: int | None = None,
        account: int | None = None,
        contacts: tuple[int, ...] = (),
        kind: str = "call",
        rep: int | None = None,
    ) -> int:
        pk = self._insert(
            m.Activity,
            external_id=self.next_id("X"),
            type=kind,
            occurred_on=day,
            deal_id=deal,
            account_id=account,
            rep_id=rep,
        )
        for contact in contacts:
            self._insert(m.ActivityContact, activity_id=pk, contact_id=contact)
        return pk

    def visit(
        self,
        account: int,
        start: datetime | date,
        *,
        deal: int | None = None,
        execs: tuple[int, ...] = (),
        reps: tuple[int, ...] = (),
        contacts: tuple[int, ...] = (),
        status: str = "done",
        minutes: int = 60,
        external_id: str | None = None,
    ) -> int:
        if not isinstance(start, datetime):
            start = noon(start)
        pk = self._insert(
            m.Visit,
            external_id=external_id or self.next_id("HV"),
            account_id=account,
            deal_id=deal,
            start=start,
            end=start + timedelta(minutes=minutes),
            status=status,
            mode="in_person",
            sequence=0,
        )
        for e in execs:
            self._insert(m.VisitExecutive, visit_id=pk, executive_id=e)
        for r in reps:
            self._insert(m.VisitRep, visit_id=pk, rep_id=r)
        for c in contacts:
            self._insert(m.VisitContact, visit_id=pk, contact_id=c)
        return pk

    def debrief(
        self, visit: int, written: date, *, friction: str = "", categories: tuple[str, ...] = ()
    ) -> int:
        pk = self._insert(
            m.Debrief, visit_id=visit, written_at=noon(written), field_friction=friction
        )
        for category in categories:
            self._insert(m.DebriefFriction, debrief_id=pk, category=category)
        return pk

    def snooze(self, deal: int, until: date, reason: str = "waiting") -> int:
        return self._insert(
            m.Snooze, deal_id=deal, until=until, reason=reason, created_at=noon(AS_OF)
        )


def engaged(b: Builder, deal: int, account: int, day: date) -> None:
    """Give a deal a healthy recent thread: two contacts, one a decision maker, on `day`."""
    c1 = b.contact(account, "Casey Buyer", seniority="VP", decision_maker=True)
    c2 = b.contact(account, "Sam User", seniority="Manager")
    b.activity(day, deal=deal, account=account, contacts=(c1, c2))


def visit_row(conn: Connection, pk: int) -> dict[str, object]:
    """Return the visit's row as a dict."""
    cursor = open_cursor(conn)  # the values as SQLite gives them, on either engine
    try:
        cursor.execute(driver_sql(conn, "SELECT * FROM visit WHERE id = :v"), {"v": pk})
        names = [d[0] for d in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))
    finally:
        cursor.close()


def people(conn: Connection, table: str, column: str, pk: int) -> set[int]:
    """Return the ids in `column` of a visit's link table (visit_executive, visit_rep, …)."""
    sql = f"SELECT {column} FROM {table} WHERE visit_id = :v"
    return set(conn.execute(text(sql), {"v": pk}).scalars())
