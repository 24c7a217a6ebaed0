"""Bulk writes: upsert checked records by external id, chunk by chunk, inside the caller's transaction.

Each chunk costs a handful of statements (look up the chunk's existing rows, then `executemany`
inserts, updates and link rows), never one ORM object or one query per row. New rows get their
ids here (max(id) + 1 onwards) so their link rows can be written in the same pass; the import
holds the write transaction, so nobody else can take those ids meanwhile.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy.engine import Connection

from fieldvisit.ingest.kinds import LINKS, Kind
from fieldvisit.ingest.stored_forms import new_ids, record_row, row_writer
from fieldvisit.store.dialect import dialect_of, run_sql
from fieldvisit.store.times import now_text

_ADD_STAGE = (
    "INSERT INTO stage_change (deal_id, stage, entered_on) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
)
# Written, but a record whose only difference is one of these counts as unchanged: a newer
# export stamps every record again without changing it.
_QUIET = frozenset({"crm_modified_at"})


@dataclass
class Counts:
    """What an import changed."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    stage_changes: int = 0
    close_date_pushes: int = 0
    close_date_pulls: int = 0


def _json(values: list[Any]) -> str:
    return json.dumps(values)


def _listed(columns: Iterable[str]) -> str:
    """Return column names for SQL, quoted (`end` is a reserved word on PostgreSQL)."""
    return ", ".join(f'"{name}"' for name in columns)


class TableWriter:
    """Upserts records of one kind by external id; link rows are replaced when they differ."""

    def __init__(self, conn: Connection, kind: Kind, present: set[str], today: date):
        self.conn = conn
        self.kind = kind
        self.today = today.isoformat()
        self.counts = Counts()
        key_col = kind.column(kind.key)
        self.key = kind.key
        self.key_db = key_col.db_column or kind.key
        self.cols: list[tuple[str, str]] = [(kind.key, self.key_db)]
        for col in kind.columns:
            db = col.db_column
            if col.name != kind.key and db is not None and col.name in present:
                self.cols.append((col.name, db))
        # NOT NULL columns with a default (tier, strategic, mode...) absent from the file still
        # need a value in new rows; existing rows keep theirs.
        self.defaults = [
            (col.db_column, col.default)
            for col in kind.columns
            if col.name not in present and col.db_column and col.default is not None
        ]
        if kind.geo and present & set(kind.geo):
            self.cols += [("lat", "lat"), ("lon", "lon"), ("tz", "tz")]
        self.links = [
            (name, *LINKS[(kind.name, name)])
            for name in (c.name for c in kind.columns if c.is_list)
            if name in present
        ]
        self.loud = [i for i, (_, db) in enumerate(self.cols) if db not in _QUIET]
        self.all_loud = len(self.loud) == len(self.cols)
        dialect = dialect_of(conn)
        self.in_keys, self.in_ids = dialect.json_values(), dialect.json_values(integers=True)
        self.as_record: Any = record_row if dialect.is_postgresql else tuple
        self.q = q = partial(run_sql, conn)
        table = kind.table
        self.empty = q(f"SELECT NOT EXISTS (SELECT 1 FROM {table})").scalar()
        self.next_id = int(q(f"SELECT coalesce(max(id), 0) FROM {table}").scalar() or 0) + 1

    # -- hooks for kinds with derived columns --------------------------------------------------
    def insert_extra(self) -> list[str]:
        return []

    def insert_extras(self, record: dict[str, Any]) -> tuple[Any, ...]:
        return ()

    def update_extra_sql(self) -> str:
        return ""

    def update_extras(self) -> tuple[Any, ...]:
        return ()

    def values(self, record: dict[str, Any], old: tuple[Any, ...] | None) -> tuple[Any, ...]:
        """Return the stored values of the record (old: the row as stored, None if new)."""
        return tuple(record.get(name) for name, _ in self.cols)

    def after(
        self,
        new: list[tuple[int, dict[str, Any]]],
        seen: list[tuple[int, dict[str, Any], tuple[Any, ...], bool]],
    ) -> None:
        """Write history for the chunk (new rows; existing rows with their old values)."""

    def find(self, records: list[dict[str, Any]]) -> list[tuple[int, tuple[Any, ...]] | None]:
        """Return each record's stored row (id, values as in `cols`), None for a new one."""
        if self.empty:
            return [None] * len(records)
        dbs = _listed(db for _, db in self.cols)
        sql = f"SELECT id, {dbs} FROM {self.kind.table} WHERE {self.key_db} IN {self.in_keys}"
        existing: dict[str, tuple[int, tuple[Any, ...]]] = {}
        for row in self.q(sql, (_json([r[self.key] for r in records]),)):
            existing[row[1]] = (row[0], self.as_record(row[1:]))
        return [existing.get(r[self.key]) for r in records]

    # -- the bulk path ------------------------------------------------------------------------
    def write(self, records: list[dict[str, Any]]) -> None:
        """Upsert one chunk of checked records."""
        q = self.q
        dbs = [db for _, db in self.cols]
        defaults = [value for _, value in self.defaults]
        found = self.find(records)
        ids = iter(new_ids(self.conn, self.kind.table, found.count(None), self.next_id))
        old_links = self._old_links([f[0] for f in found if f is not None])
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        quiet = 0
        new: list[tuple[int, dict[str, Any]]] = []
        seen: list[tuple[int, dict[str, Any], tuple[Any, ...], bool]] = []
        relink: list[tuple[int, dict[str, Any]]] = []
        for record, old in zip(records, found, strict=True):
            if old is None:
                new_id = next(ids)
                self.next_id = new_id + 1
                inserts.append(
                    (new_id, *self.values(record, None), *defaults, *self.insert_extras(record))
                )
                new.append((new_id, record))
                continue
            row_id, old_values = old
            values = self.values(record, old_values)
            links_differ = any(
                set(record[name]) != old_links[name].get(row_id, set()) for name, *_ in self.links
            )
            if self.all_loud:
                changed = links_differ or values != old_values
            else:
                changed = links_differ or any(values[i] != old_values[i] for i in self.loud)
            if changed or values != old_values:
                updates.append((*values, *self.update_extras(), row_id))
                quiet += not changed
                if links_differ:
                    relink.append((row_id, record))
            seen.append((row_id, record, old_values, changed))
        if inserts:
            names = ["id", *dbs, *(db for db, _ in self.defaults), *self.insert_extra()]
            marks = ", ".join("?" * len(names))
            typed = row_writer(self.conn, self.kind.table, names)
            rows = [typed(row) for row in inserts]
            q(f"INSERT INTO {self.kind.table} ({_listed(names)}) VALUES ({marks})", rows)
        if updates:
            sets = ", ".join(f'"{db}" = ?' for db in dbs) + self.update_extra_sql()
            typed = row_writer(self.conn, self.kind.table, dbs)
            q(f"UPDATE {self.kind.table} SET {sets} WHERE id = ?", [typed(r) for r in updates])
        self._write_links(new, relink)
        self.counts.inserted += len(inserts)
        self.counts.updated += len(updates) - quiet
        self.counts.unchanged += len(records) - len(inserts) - len(updates) + quiet
        self.after(new, seen)

    def _old_links(self, ids: list[int]) -> dict[str, dict[int, set[int]]]:
        out: dict[str, dict[int, set[int]]] = {name: {} for name, *_ in self.links}
        if not ids:
            return out
        for name, table, parent, child in self.links:
            sql = f"SELECT {parent}, {child} FROM {table} WHERE {parent} IN {self.in_ids}"
            for p, c in self.q(sql, (_json(ids),)):
                out[name].setdefault(p, set()).add(c)
        return out

    def _write_links(
        self, new: list[tuple[int, dict[str, Any]]], relink: list[tuple[int, dict[str, Any]]]
    ) -> None:
        q = self.q
        for name, table, parent, child in self.links:
            if relink:
                ids = _json([row_id for row_id, _ in relink])
                q(f"DELETE FROM {table} WHERE {parent} IN {self.in_ids}", (ids,))
            rows = [(row_id, c) for row_id, rec in (*new, *relink) for c in rec[name]]
            if rows:
                q(f"INSERT INTO {table} ({parent}, {child}) VALUES (?, ?)", rows)


class PersonWriter(TableWriter):
    """Reps and executives: found by e-mail, else by CRM key, else (for someone known only by
    name so far) by name, so a later users file fills in the address of a rep a CRM only named.
    An address or key already stored is kept when a record has none."""

    def __init__(self, conn: Connection, kind: Kind, present: set[str], today: date):
        super().__init__(conn, kind, present, today)
        names = [name for name, _ in self.cols]
        self.i_email = names.index("email")
        self.i_key = names.index("crm_key") if "crm_key" in names else None

    def find(self, records: list[dict[str, Any]]) -> list[tuple[int, tuple[Any, ...]] | None]:
        dbs = _listed(db for _, db in self.cols)
        rows = self.q(f"SELECT id, email, crm_key, name, {dbs} FROM {self.kind.table}").all()
        by_email = {r[1]: r for r in rows if r[1]}
        by_key = {r[2]: r for r in rows if r[2]}
        unnamed: dict[str, list[Any]] = {}
        for r in rows:
            if not r[1]:
                unnamed.setdefault(_fold(r[3]), []).append(r)
        claimed: set[int] = set()
        found: list[Any] = []
        for record in records:
            row = by_email.get(record.get("email") or "") or by_key.get(record.get("crm_key") or "")
            found.append(row)
            if row is not None:
                claimed.add(row[0])
                holder = by_key.get(record.get("crm_key") or "")
                if holder is not None and holder[0] != row[0]:
                    record["crm_key"] = None  # someone else holds that key: keep the row's own
        out: list[tuple[int, tuple[Any, ...]] | None] = []
        for record, row in zip(records, found, strict=True):
            if row is None and record.get("email"):
                # someone known only by name so far: the one unclaimed person of that name
                candidates = [
                    r for r in unnamed.get(_fold(record["name"]), []) if r[0] not in claimed
                ]
                if len(candidates) == 1:
                    row = candidates[0]
                    claimed.add(row[0])
            out.append(None if row is None else (row[0], self.as_record(row[4:])))
        return out

    def values(self, record: dict[str, Any], old: tuple[Any, ...] | None) -> tuple[Any, ...]:
        values = list(super().values(record, old))
        if old is not None:
            for i in (self.i_email, self.i_key):
                if i is not None and values[i] is None:
                    values[i] = old[i]
        return tuple(values)


def _fold(name: str | None) -> str:
    return " ".join((name or "").lower().split())


class DealWriter(TableWriter):
    """Deals: a changed stage or close date becomes history (stage_change, close_date_change).

    History is dated by the CRM where it can be: the record's `stage_entered_on`, else the day
    of the CRM's last change to the record (`modified_at`), and only else the import day.
    """

    def __init__(self, conn: Connection, kind: Kind, present: set[str], today: date):
        # status is derived from the stage when the file has none; stage_entered_on is kept,
        # taken from the file, or set to today when the stage changes.
        super().__init__(conn, kind, present | {"status", "stage_entered_on"}, today)
        names = [name for name, _ in self.cols]
        self.i_stage = names.index("stage")
        self.i_entered = names.index("stage_entered_on")
        self.i_close = names.index("close_date") if "close_date" in names else None
        # (deal id, old date, new date) → the day the CRM recorded that close-date change
        self.known_moves: dict[tuple[str, str, str], str] = {}

    def changed_on(self, record: dict[str, Any]) -> str:
        """Return the day the CRM last changed the record, else the import day (ISO)."""
        stamp = record.get("modified_at")
        return str(stamp)[:10] if stamp else self.today

    def values(self, record: dict[str, Any], old: tuple[Any, ...] | None) -> tuple[Any, ...]:
        values = list(super().values(record, old))
        given = record.get("stage_entered_on")
        if old is None:
            values[self.i_entered] = given or self.today
        elif old[self.i_stage] != values[self.i_stage]:
            values[self.i_entered] = given or self.changed_on(record)
        else:
            values[self.i_entered] = given or old[self.i_entered]
        return tuple(values)

    def after(
        self,
        new: list[tuple[int, dict[str, Any]]],
        seen: list[tuple[int, dict[str, Any], tuple[Any, ...], bool]],
    ) -> None:
        q = self.q
        stages: list[tuple[int, str, str]] = []
        for row_id, record in new:
            stages.append((row_id, record["stage"], record.get("stage_entered_on") or self.today))
        moves: list[tuple[int, str, str, str]] = []
        if seen:
            sql = f"SELECT DISTINCT deal_id, stage FROM stage_change WHERE deal_id IN {self.in_ids}"
            recorded = set(q(sql, (_json([s[0] for s in seen]),)).all())
            for row_id, record, old, _ in seen:
                stage = record["stage"]
                if stage != old[self.i_stage] or (row_id, stage) not in recorded:
                    entered = record.get("stage_entered_on")
                    if entered is None:
                        same = stage == old[self.i_stage]
                        entered = (
                            old[self.i_entered]
                            if same and old[self.i_entered]
                            else self.changed_on(record)
                        )
                    stages.append((row_id, stage, entered))
                if self.i_close is not None:
                    before, after = old[self.i_close], record["close_date"]
                    if before and after and before != after:
                        day = self.known_moves.get((record["deal_id"], before, after))
                        moves.append((row_id, before, after, day or self.changed_on(record)))
                        if after > before:
                            self.counts.close_date_pushes += 1
                        else:
                            self.counts.close_date_pulls += 1
        if stages:
            result = q(_ADD_STAGE, stages)
            self.counts.stage_changes += max(result.rowcount, 0)
        if moves:
            q(
                "INSERT INTO close_date_change (deal_id, old_date, new_date, changed_on) "
                "VALUES (?, ?, ?, ?)",
                moves,
            )


class VisitWriter(TableWriter):
    """Visits: new ones get calendar UIDs derived from their id; a change bumps the sequence."""

    def __init__(self, conn: Connection, kind: Kind, present: set[str], today: date):
        super().__init__(conn, kind, present, today)
        self.now = now_text()

    def insert_extra(self) -> list[str]:
        return ["internal_uid", "external_uid", "sequence", "updated_at"]

    def insert_extras(self, record: dict[str, Any]) -> tuple[Any, ...]:
        return (*visit_uids(record["visit_id"]), 0, self.now)

    def update_extra_sql(self) -> str:
        return ", sequence = sequence + 1, updated_at = ?"

    def update_extras(self) -> tuple[Any, ...]:
        return (self.now,)


def visit_uids(visit_id: str) -> tuple[str, str]:
    """Return the (internal, external) calendar UIDs of an imported visit: stable per visit id."""
    internal = uuid.uuid5(uuid.NAMESPACE_URL, f"fieldvisit:visit:{visit_id}:internal")
    external = uuid.uuid5(uuid.NAMESPACE_URL, f"fieldvisit:visit:{visit_id}:external")
    return f"{internal}@fieldvisit", f"{external}@fieldvisit"


class StageHistoryWriter:
    """Stage-history rows: inserted once (the unique constraint makes re-imports no-ops)."""

    def __init__(self, conn: Connection, kind: Kind, present: set[str], today: date):
        self.conn = conn
        self.counts = Counts()

    def write(self, records: list[dict[str, Any]]) -> None:
        rows = [(r["deal_id"], r["stage"], r["entered_on"]) for r in records]
        result = run_sql(self.conn, _ADD_STAGE, rows)
        added = max(result.rowcount, 0)
        self.counts.inserted += added
        self.counts.stage_changes += added
        self.counts.unchanged += len(rows) - added


def writer_for(
    conn: Connection, kind: Kind, present: set[str], today: date
) -> TableWriter | StageHistoryWriter:
    """Return the writer for a kind of file."""
    if kind.name == "stage-history":
        return StageHistoryWriter(conn, kind, present, today)
    if kind.name == "deals":
        return DealWriter(conn, kind, present, today)
    if kind.name == "visits":
        return VisitWriter(conn, kind, present, today)
    if kind.name in ("reps", "executives"):
        return PersonWriter(conn, kind, present, today)
    return TableWriter(conn, kind, present, today)
