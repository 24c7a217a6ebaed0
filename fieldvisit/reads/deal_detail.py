"""One deal as the Deals page's pane shows it: head, signals, stage history, people, visits.

The signals come from the deal table's store (worked out once by planning); the running snooze
is planning's one rule (`planning.snoozes.running_snooze`), the running dismissal `outcomes`'.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import NotFound
from fieldvisit.planning import outcomes
from fieldvisit.planning.snoozes import running_snooze
from fieldvisit.seniority import seniority_order_sql
from fieldvisit.store.dialect import dialect_of
from fieldvisit.store.times import to_date

VISITS_SHOWN = 8
CONTACTS_SHOWN = 12


class DealSignal(NamedTuple):
    """A signal as the pane lists it."""

    code: str
    words: str
    stalls: bool


class StageStep(NamedTuple):
    """A stage the deal entered, and when."""

    stage: str
    entered_on: date


class DealContact(NamedTuple):
    """Someone at the deal's account, with the last activity they took part in."""

    name: str
    title: str | None
    seniority: str | None
    decision_maker: bool
    last_touch: date | None


class DealVisit(NamedTuple):
    """A visit on the deal (or on its account without a deal) with its debrief's gist."""

    day: date
    status: str
    executives: str
    summary: str
    mood: str | None


class Snoozed(NamedTuple):
    """The deal's running snooze: the day it returns and why."""

    until: date
    reason: str
    version: int = 0  # the snooze's row version: "End snooze" names it (`seen`)


@dataclass(frozen=True)
class DealDetail:
    """What the pane shows about one deal (plain data from a worker)."""

    pk: int
    account: str
    city: str | None
    deal: str
    stage: str
    amount: float | None
    currency: str | None
    owner: str
    close_date: date | None
    strategic: bool
    signals: tuple[DealSignal, ...]
    history: tuple[StageStep, ...]  # oldest first
    contacts: tuple[DealContact, ...]
    visits: tuple[DealVisit, ...]  # newest first
    snoozed: Snoozed | None
    planned: date | None
    dismissed: tuple[date, str] | None = None  # a running "not relevant": day and reason
    account_pk: int | None = None  # the account's page opens from the name


def load_detail(conn: Connection, deal_pk: int, as_of: date, signals_json: str) -> DealDetail:
    """Read one deal's history, people and visits; signals come from the deal store."""
    head = conn.execute(
        text(
            "SELECT a.name, a.city, d.name, d.stage, d.amount, d.currency, r.name, d.close_date, "
            "d.strategic, a.id FROM deal d JOIN account a ON a.id = d.account_id "
            "JOIN rep r ON r.id = d.owner_rep_id WHERE d.id = :d"
        ),
        {"d": deal_pk},
    ).first()
    if head is None:
        raise NotFound(f"No deal with key {deal_pk} in this workspace.")
    account, city, deal, stage, amount, currency, owner, close_date, strategic, account_pk = head
    history = conn.execute(
        text("SELECT stage, entered_on FROM stage_change WHERE deal_id = :d ORDER BY entered_on"),
        {"d": deal_pk},
    ).all()
    contacts = conn.execute(
        text(
            "SELECT c.name, c.title, c.seniority, c.decision_maker, "
            "(SELECT max(a.occurred_on) FROM activity_contact ac JOIN activity a "
            " ON a.id = ac.activity_id WHERE ac.contact_id = c.id) "
            f"FROM contact c WHERE c.account_id = :a "
            f"ORDER BY c.decision_maker DESC, {seniority_order_sql('c.seniority')}, "
            f"{dialect_of(conn).bytewise('c.name')} "
            "LIMIT :n"
        ),
        {"a": account_pk, "n": CONTACTS_SHOWN},
    ).all()
    d = dialect_of(conn)
    names = d.group_concat_by("e.name", ", ", "ve.executive_id")  # SQLite: its index's order
    visits = conn.execute(
        text(
            f"SELECT v.start, v.status, (SELECT {names} FROM visit_executive ve "
            "JOIN executive e ON e.id = ve.executive_id WHERE ve.visit_id = v.id), "
            "coalesce(db.summary, ''), db.sentiment FROM visit v "
            "LEFT JOIN debrief db ON db.visit_id = v.id "
            "WHERE v.deal_id = :d OR (v.account_id = :a AND v.deal_id IS NULL) "
            "ORDER BY v.start DESC LIMIT :n"
        ),
        {"d": deal_pk, "a": account_pk, "n": VISITS_SHOWN},
    ).all()
    snooze = running_snooze(conn, deal_pk, as_of)
    planned = conn.execute(
        text(
            f"SELECT min({d.date_of('start')}) FROM visit WHERE deal_id = :d "
            f"AND status = 'planned' AND {d.date_of('start')} >= :t"
        ),
        {"d": deal_pk, "t": as_of.isoformat()},
    ).scalar()
    return DealDetail(
        pk=deal_pk,
        account=account,
        city=city,
        deal=deal,
        stage=stage,
        amount=amount,
        currency=currency,
        owner=owner,
        close_date=to_date(close_date),
        strategic=bool(strategic),
        signals=tuple(
            DealSignal(str(code), str(words), bool(stalls))
            for code, words, stalls in json.loads(signals_json or "[]")
        ),
        history=tuple(
            StageStep(s, entered) for s, d in history if (entered := to_date(d)) is not None
        ),
        contacts=tuple(
            DealContact(n, t, s, bool(dm), to_date(last)) for n, t, s, dm, last in contacts
        ),
        visits=tuple(
            DealVisit(day, status, execs or "", summary, mood)
            for start, status, execs, summary, mood in visits
            if (day := to_date(start)) is not None
        ),
        snoozed=Snoozed(snooze.until, snooze.reason, snooze.version) if snooze else None,
        planned=to_date(planned),
        dismissed=outcomes.dismissed(conn, deal_pk).get(deal_pk),
        account_pk=int(account_pk),
    )
