"""What the ledger knows while it writes: captured events, their visits, open deals, visit ids.

Read in a few queries when a capture starts and kept up to date as it writes, so each of
thousands of meetings costs dictionary look-ups and only the writes it needs. Statements go
straight to the driver's connection under the caller's transaction (as `store.workspace` does
for its own): one capture runs tens of thousands of small statements, and SQLAlchemy's result
handling would double their cost. The workspace maps the driver's errors as for any other write.
On PostgreSQL the same statements go through psycopg (`RawSql`); times read back are put in
the stored-text form the ledger compares.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy.engine import Connection

from fieldvisit.ingest.stored_forms import record_form
from fieldvisit.store.dialect import POSTGRESQL, dialect_named

Key = tuple[str, str, str]  # calendar, uid, recurrence id
_LINKS = (
    ("visit_executive", "executive_id"),
    ("visit_rep", "rep_id"),
    ("visit_contact", "contact_id"),
)


@dataclass
class CapturedRow:
    """A captured_event row as stored."""

    pk: int
    visit_pk: int
    calendar: str
    start: str
    end: str | None
    created: bool
    gone: bool
    cancelled_by_capture: bool


@dataclass
class VisitState:
    """A visit's status, account, people and new people, as the ledger needs them."""

    pk: int
    status: str
    account_pk: int
    created: bool  # a capture made it (else it was typed in the app or imported)
    people: list[set[int]] = field(default_factory=lambda: [set(), set(), set()])
    new_people: set[str] = field(default_factory=set)


class RawSql:
    """Statements written for SQLite (`?` placeholders) run on the driver's own connection."""

    def __init__(self, conn: Connection) -> None:
        raw: Any = conn.connection.driver_connection
        self.engine = conn.dialect.name
        self.sqlite = self.engine != POSTGRESQL
        assert isinstance(raw, sqlite3.Connection) or not self.sqlite
        self.raw = raw

    def __call__(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if self.sqlite:
            return self.raw.execute(sql, params)
        return self.raw.execute(_spelled(self.engine, sql), params)

    def many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for each row of parameters."""
        if self.sqlite:
            self.raw.executemany(sql, rows)
            return
        with self.raw.cursor() as cursor:
            cursor.executemany(_spelled(self.engine, sql), list(rows))

    def insert(self, sql: str, params: Sequence[Any]) -> int:
        """Run an INSERT and return the new row's id."""
        if self.sqlite:
            found = self.raw.execute(sql, params).lastrowid
            assert found is not None
            return int(found)
        found = self.raw.execute(_spelled(self.engine, sql + " RETURNING id"), params).fetchone()
        return int(found[0])


@cache
def _spelled(engine: str, sql: str) -> str:
    """Return a statement written for SQLite in `engine`'s SQL and placeholders."""
    dialect = dialect_named(engine)
    if not dialect.is_postgresql:
        return sql
    for old, new in _POSTGRES_WORDS:
        sql = sql.replace(old, new)
    return dialect.positional(sql)


_POSTGRES_WORDS = (
    ("IN (SELECT value FROM json_each(?))", "IN (SELECT CAST(value AS integer) FROM "
     "json_array_elements_text(CAST(? AS json)))"),
    ("GLOB 'V[0-9]*'", "~ '^V[0-9]+$'"),
)  # fmt: skip


class LedgerState:
    """The captured events of every calendar, indexed three ways, and the visits behind them."""

    def __init__(self, conn: Connection, calendars: list[str]) -> None:
        self.sql = RawSql(conn)
        self.q = self.sql
        self.known: dict[Key, CapturedRow] = {}
        self.by_uid: dict[tuple[str, str], int] = {}  # (uid, recurrence id) → visit
        self.by_people: dict[tuple[str, str], int] = {}  # (start, people key) → visit
        self.own_uids: dict[str, int] = {}
        self.visits: dict[int, VisitState] = {}
        self._open_deals: dict[int, list[int]] | None = None
        self._engaged: dict[tuple[int, tuple[int, ...]], int | None] = {}
        self._next_number: int | None = None
        mine = set(calendars)
        rows = self.q(
            'SELECT id, visit_id, calendar, uid, recurrence_id, start, "end", people_key, created, '
            "gone, cancelled_by_capture FROM captured_event ORDER BY created DESC, id"
        )
        for pk, visit_pk, cal, uid, rid, start, end, key, created, gone, by_capture in rows:
            start, end = record_form(start), record_form(end)
            # Ordered so the row that made a meeting's visit comes first and wins.
            self.by_uid.setdefault((uid, rid), visit_pk)
            if key:
                self.by_people.setdefault((start, key), visit_pk)
            if cal in mine:
                self.known[(cal, uid, rid)] = CapturedRow(
                    pk, visit_pk, cal, start, end, bool(created), bool(gone), bool(by_capture)
                )
        self.load_visits(sorted({r.visit_pk for r in self.known.values()}))

    def remember(self, key: Key, row: CapturedRow, people_key: str | None) -> None:
        """Index a row just written."""
        self.known[key] = row
        self.by_uid.setdefault((key[1], key[2]), row.visit_pk)
        if people_key:
            self.by_people.setdefault((row.start, people_key), row.visit_pk)
        if row.created:
            self.visits[row.visit_pk].created = True

    def prime_own_uids(self, uids: set[str]) -> None:
        """Find once which meetings are invites Field Visit itself sent (by their UIDs)."""
        wanted = json.dumps(sorted(uids))
        texts = dialect_named(self.sql.engine).json_values()
        for pk, internal, external in self.q(
            f"SELECT id, internal_uid, external_uid FROM visit WHERE internal_uid IN {texts} "
            f"OR external_uid IN {texts}",
            (wanted, wanted),
        ):
            for uid in (internal, external):
                if uid in uids:
                    self.own_uids[uid] = pk

    def load_visits(self, pks: list[int]) -> None:
        """Read the visits not read yet (status, account, people)."""
        pks = [pk for pk in pks if pk not in self.visits]
        if not pks:
            return
        ids = (json.dumps(pks),)
        for pk, status, account_pk, created in self.q(
            "SELECT v.id, v.status, v.account_id, EXISTS (SELECT 1 FROM captured_event c "
            "WHERE c.visit_id = v.id AND c.created) FROM visit v "
            "WHERE v.id IN (SELECT value FROM json_each(?))",
            ids,
        ):
            self.visits[pk] = VisitState(pk, status, account_pk, bool(created))
        for i, (table, column) in enumerate(_LINKS):
            for visit_pk, person in self.q(
                f"SELECT visit_id, {column} FROM {table} "
                "WHERE visit_id IN (SELECT value FROM json_each(?))",
                ids,
            ):
                self.visits[visit_pk].people[i].add(person)
        for visit_pk, email in self.q(
            "SELECT visit_id, email FROM captured_person "
            "WHERE visit_id IN (SELECT value FROM json_each(?))",
            ids,
        ):
            self.visits[visit_pk].new_people.add(email)

    def visit(self, pk: int) -> VisitState:
        self.load_visits([pk])
        return self.visits[pk]

    def still_held(self, visit_pk: int) -> bool:
        """Return whether any calendar still holds a captured event of this visit."""
        return (
            self.q(
                "SELECT 1 FROM captured_event WHERE visit_id = ? AND NOT gone LIMIT 1", (visit_pk,)
            ).fetchone()
            is not None
        )

    def overlapping(
        self, account_pk: int, executives: tuple[int, ...], lo: str, start: str, end: str,
        minutes: int,
    ) -> int | None:  # fmt: skip
        """Return a live visit of the account with one of the executives overlapping the time."""
        found = self.q(
            _overlapping_sql(self.sql.engine, int(minutes)),
            (account_pk, lo, end, start, json.dumps(executives), start),
        ).fetchone()
        return int(found[0]) if found is not None else None

    def deal_for(self, account_pk: int, contacts: tuple[int, ...]) -> int | None:
        """Return the account's one open deal, else the one open deal its attendees worked on."""
        if self._open_deals is None:
            self._open_deals = defaultdict(list)
            for account, deal in self.q(
                "SELECT account_id, id FROM deal WHERE status = 'open' ORDER BY id"
            ):
                self._open_deals[account].append(deal)
        deals = self._open_deals.get(account_pk, [])
        if len(deals) <= 1:
            return deals[0] if deals else None
        if not contacts:
            return None
        key = (account_pk, tuple(sorted(contacts)))
        if key not in self._engaged:
            d, c = json.dumps(deals), json.dumps(list(contacts))
            engaged = [
                r[0]
                for r in self.q(
                    "SELECT x.deal_id FROM activity x JOIN activity_contact ac "
                    "ON ac.activity_id = x.id WHERE x.deal_id IN (SELECT value FROM json_each(?)) "
                    "AND ac.contact_id IN (SELECT value FROM json_each(?)) "
                    "UNION SELECT v.deal_id FROM visit v JOIN visit_contact vc "
                    "ON vc.visit_id = v.id WHERE v.deal_id IN (SELECT value FROM json_each(?)) "
                    "AND vc.contact_id IN (SELECT value FROM json_each(?))",
                    (d, c, d, c),
                )
            ]
            self._engaged[key] = engaged[0] if len(engaged) == 1 else None
        return self._engaged[key]

    def new_visit_id(self) -> str:
        """Return the next free "V000123" id (as planning and imports number visits)."""
        if self._next_number is None:
            top = self.q(
                "SELECT MAX(CAST(substr(external_id, 2) AS INTEGER)) FROM visit "
                "WHERE external_id GLOB 'V[0-9]*'"
            ).fetchone()[0]
            self._next_number = int(top or 0) + 1
        while True:
            candidate = f"V{self._next_number:06d}"
            self._next_number += 1
            if self.q("SELECT 1 FROM visit WHERE external_id = ?", (candidate,)).fetchone() is None:
                return candidate

    def insert_links(self, visit_pk: int, added: list[list[int]]) -> None:
        """Insert a visit's new executives, reps and contacts (one statement per kind)."""
        for (table, column), pks in zip(_LINKS, added, strict=True):
            if pks:
                self.sql.many(
                    f"INSERT INTO {table} (visit_id, {column}) VALUES (?, ?)",
                    [(visit_pk, pk) for pk in pks],
                )


@cache
def _overlapping_sql(engine: str, minutes: int) -> str:
    """Return the query for a live visit overlapping a time (written once per engine)."""
    d = dialect_named(engine)
    ends = f'coalesce(v."end", {d.minutes_after("v.start", str(minutes))})'
    if not d.is_postgresql:
        ends = f"coalesce(v.\"end\", datetime(v.start, '+{minutes} minutes'))"
    return (
        "SELECT v.id FROM visit v WHERE v.account_id = ? AND v.start > ? AND v.start < ? "
        f"AND v.status <> 'cancelled' AND {ends} > ? "
        "AND EXISTS (SELECT 1 FROM visit_executive ve WHERE ve.visit_id = v.id "
        "AND ve.executive_id IN (SELECT value FROM json_each(?))) "
        f"ORDER BY abs({d.julianday('v.start')} - {d.julianday('?')}), v.id LIMIT 1"
    )
