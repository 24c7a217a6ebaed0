"""What the invites need to know about visits, read in bulk from the workspace as plain data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError, NotFound
from fieldvisit.store.dialect import dialect_of
from fieldvisit.store.types import UTCDateTime

# SQLite's bound-variable limit is 999 on older builds; stay well below it.
CHUNK = 500

_UTC = UTCDateTime()


class Invitee(NamedTuple):
    """Someone on an invite: an executive, a rep or a customer contact.

    A NamedTuple (immutable, and cheap to make: an export of 10,000 visits makes 80,000).
    """

    name: str
    email: str | None
    title: str | None = None
    decision_maker: bool = False


@dataclass(frozen=True)
class DealFacts:
    """The deal a visit is about (internal only)."""

    pk: int
    external_id: str
    name: str
    stage: str
    amount: float | None
    currency: str | None
    close_date: date | None


@dataclass(frozen=True)
class DebriefFacts:
    """The latest earlier debrief on the account (internal only)."""

    written_at: datetime
    summary: str
    visit_start: datetime


@dataclass
class VisitFacts:
    """Everything either audience could draw from; the external builder picks an allow-list."""

    pk: int
    external_id: str
    start: datetime
    end: datetime
    location: str | None
    mode: str
    status: str
    agenda: str | None
    objective: str | None
    sequence: int
    internal_uid: str | None
    external_uid: str | None
    trip_id: int | None
    account_name: str
    account_city: str | None
    account_country: str | None
    account_tier: str
    account_tz: str | None
    deal: DealFacts | None = None
    executives: list[Invitee] = field(default_factory=list)
    reps: list[Invitee] = field(default_factory=list)
    contacts: list[Invitee] = field(default_factory=list)
    last_debrief: DebriefFacts | None = None


def _chunks(items: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _rows(conn: Connection, sql: str, ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
    """Yield plain tuples for `sql` whose `(:ids)` is each chunk of `ids`.

    Reads through the driver's cursor on the caller's connection (same transaction): for 10,000
    visits, SQLAlchemy's row objects cost as much as building the calendar itself.
    """
    dialect = dialect_of(conn)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            query = dialect.positional(sql.replace("(:ids)", f"({marks})"))
            yield from cursor.execute(query, tuple(chunk))
    finally:
        cursor.close()


def _dt(value: object) -> datetime:
    # Raw reads bypass the column type; reuse it so UTC handling stays in one place.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    result = _UTC.process_result_value(value, None)
    assert result is not None
    return result


def _date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def trip_visit_pks(conn: Connection, trip_external_id: str) -> tuple[str, list[int]]:
    """Return the trip's name and its visits' primary keys in start order, or raise NotFound."""
    row = conn.execute(
        text("SELECT id, name FROM trip WHERE external_id = :e"), {"e": trip_external_id}
    ).first()
    if row is None:
        raise NotFound(f"No trip with id {trip_external_id!r} in this workspace.")
    pks = conn.execute(
        text("SELECT id FROM visit WHERE trip_id = :t ORDER BY start, id"), {"t": row.id}
    ).scalars()
    return str(row.name), [int(p) for p in pks]


def load_visits(
    conn: Connection, pks: Sequence[int], default_minutes: int = 60
) -> list[VisitFacts]:
    """Return the facts of the given visits, in the order given (bulk queries, no N+1)."""
    by_pk: dict[int, VisitFacts] = {}
    deal_of: dict[int, int] = {}
    account_of: dict[int, int] = {}
    sql = (
        'SELECT v.id, v.external_id, v.start, v."end", v.location, v.mode, v.status, '
        "v.agenda, v.objective, v.sequence, v.internal_uid, v.external_uid, v.trip_id, "
        "v.deal_id, v.account_id, a.name, a.city, a.country, a.tier, a.tz "
        "FROM visit v JOIN account a ON a.id = v.account_id WHERE v.id IN (:ids)"
    )
    length = timedelta(minutes=default_minutes)
    for r in _rows(conn, sql, list(pks)):
        (pk, ext, start_raw, end_raw, location, mode, status, agenda, objective, seq) = r[:10]
        (internal_uid, external_uid, trip_id, deal_id, account_id) = r[10:15]
        (a_name, a_city, a_country, a_tier, a_tz) = r[15:]
        start = _dt(start_raw)
        end = _dt(end_raw) if end_raw is not None else start + length
        if end <= start:
            raise FieldVisitError(
                f"Visit {ext} ends ({end:%Y-%m-%d %H:%M} UTC) before it starts "
                f"({start:%Y-%m-%d %H:%M} UTC); correct its times first."
            )
        by_pk[pk] = VisitFacts(
            pk=pk,
            external_id=ext,
            start=start,
            end=end,
            location=location,
            mode=mode,
            status=status,
            agenda=agenda,
            objective=objective,
            sequence=int(seq or 0),
            internal_uid=internal_uid,
            external_uid=external_uid,
            trip_id=trip_id,
            account_name=a_name,
            account_city=a_city,
            account_country=a_country,
            account_tier=a_tier,
            account_tz=a_tz,
        )
        account_of[pk] = account_id
        if deal_id is not None:
            deal_of[pk] = deal_id
    missing = [pk for pk in pks if pk not in by_pk]
    if missing:
        raise NotFound(f"No visit with internal key {missing[0]} in this workspace.")

    deals = _load_deals(conn, sorted(set(deal_of.values())))
    for pk, deal_id in deal_of.items():
        by_pk[pk].deal = deals.get(deal_id)
    _attach_people(conn, by_pk)
    _attach_debriefs(conn, by_pk, account_of)
    return [by_pk[pk] for pk in pks]


def _load_deals(conn: Connection, ids: list[int]) -> dict[int, DealFacts]:
    deals: dict[int, DealFacts] = {}
    for chunk in _chunks(ids):
        for r in conn.execute(
            text(
                "SELECT id, external_id, name, stage, amount, currency, close_date "
                "FROM deal WHERE id IN :ids"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": list(chunk)},
        ):
            deals[r.id] = DealFacts(
                pk=r.id,
                external_id=r.external_id,
                name=r.name,
                stage=r.stage,
                amount=r.amount,
                currency=r.currency,
                close_date=_date(r.close_date),
            )
    return deals


_PEOPLE_QUERIES = {
    "executives": (
        "SELECT ve.visit_id, e.name, e.email, e.title, 0 FROM visit_executive ve "
        "JOIN executive e ON e.id = ve.executive_id WHERE ve.visit_id IN (:ids) ORDER BY e.name, e.id"
    ),
    "reps": (
        "SELECT vr.visit_id, r.name, r.email, NULL, 0 FROM visit_rep vr "
        "JOIN rep r ON r.id = vr.rep_id WHERE vr.visit_id IN (:ids) ORDER BY r.name, r.id"
    ),
    "contacts": (
        "SELECT vc.visit_id, c.name, c.email, c.title, c.decision_maker FROM visit_contact vc "
        "JOIN contact c ON c.id = vc.contact_id WHERE vc.visit_id IN (:ids) ORDER BY c.name, c.id"
    ),
}


def _attach_people(conn: Connection, by_pk: dict[int, VisitFacts]) -> None:
    ids = list(by_pk)
    for attr, sql in _PEOPLE_QUERIES.items():
        found: dict[int, list[Invitee]] = defaultdict(list)
        for visit_id, name, email, title, dm in _rows(conn, sql, ids):
            found[visit_id].append(Invitee(name, email or None, title, bool(dm)))
        for pk, people in found.items():
            setattr(by_pk[pk], attr, people)


def _attach_debriefs(
    conn: Connection, by_pk: dict[int, VisitFacts], account_of: dict[int, int]
) -> None:
    accounts = sorted(set(account_of.values()))
    latest: dict[int, list[DebriefFacts]] = defaultdict(list)
    for chunk in _chunks(accounts):
        rows = conn.execute(
            text(
                "SELECT v.account_id, v.start, d.written_at, d.summary FROM debrief d "
                "JOIN visit v ON v.id = d.visit_id WHERE v.account_id IN :ids "
                "ORDER BY v.account_id, v.start DESC"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": list(chunk)},
        )
        for r in rows:
            latest[r.account_id].append(
                DebriefFacts(
                    written_at=_dt(r.written_at), summary=r.summary or "", visit_start=_dt(r.start)
                )
            )
    for pk, facts in by_pk.items():
        # The briefing wants what was learned before this visit, not a debrief of a later one.
        for debrief in latest.get(account_of[pk], []):
            if debrief.visit_start < facts.start:
                facts.last_debrief = debrief
                break
