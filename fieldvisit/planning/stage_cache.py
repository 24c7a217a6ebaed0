"""Learned stage medians kept in the workspace, so a fresh process need not relearn them.

The medians are stored in the `setting` table under `CACHE_KEY` (load_rules ignores the key)
with a fingerprint of the history they were learned from: stage entries are only ever added (so
their count and highest id move) or removed with their deal, and only won or lost deals count (so
the closed deals' count and id sums move when a deal closes, reopens or goes). The as-of date is
part of the fingerprint, since only entries up to it count.

Writing is best-effort and never happens inside the caller's transaction: the reader holds the
database's shared lock until its transaction ends (the workspace may not use WAL), so the entry is
written when the connection goes back to the pool, in its own short transaction, only if the
history is still the one learned from, and skipped at once if the database is busy.

On PostgreSQL (no shared file lock, no busy timeout) the entry is written at once on a second
connection in its own short transaction, under the same rule and giving up at once on a lock.

A read is never a reason to change a damaged file: nothing is written when the reads on that
connection ended in an error, when the workspace met a damaged page (Workspace.connect marks
both), or when SQLite's check of the `setting` table, which the write changes, is not clean.
"""

from __future__ import annotations

import json
import sqlite3
import weakref
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.pool import ConnectionPoolEntry

from fieldvisit.planning.facts import fetch_all
from fieldvisit.store.dialect import dialect_of
from fieldvisit.store.workspace import DAMAGED_OPTION, ON_CHECKIN_KEY, READ_FAILED_KEY

CACHE_KEY = "cache.stage_limits"
_VERSION = 1
_PENDING = "fieldvisit.planning.stage_cache.pending"

_HISTORY_SQL = """
SELECT (SELECT count(*) FROM stage_change), (SELECT max(id) FROM stage_change),
       count(*), total(id), total(id * id)
FROM deal WHERE status IN ('won', 'lost')
"""
# PostgreSQL has no total(): sums as doubles, as SQLite's total() gives them.
_PG_HISTORY_SQL = """
SELECT (SELECT count(*) FROM stage_change), (SELECT max(id) FROM stage_change),
       count(*), CAST(coalesce(sum(id), 0) AS double precision),
       CAST(coalesce(sum(CAST(id AS bigint) * id), 0) AS double precision)
FROM deal WHERE status IN ('won', 'lost')
"""
_READ_SQL = "SELECT value FROM setting WHERE key = ?"
_UPSERT_SQL = (
    "INSERT INTO setting(key, value) VALUES (?, ?) "
    "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
)

Medians = dict[str, tuple[float, int]]


def history(conn: Connection, as_of_text: str) -> list[Any]:
    """Return the fingerprint of the stage history learning reads as of a date."""
    sql = _PG_HISTORY_SQL if dialect_of(conn).is_postgresql else _HISTORY_SQL
    return [as_of_text, *fetch_all(conn, sql, {})[0]]


def stored(conn: Connection, fingerprint: list[Any]) -> Medians | None:
    """Return the medians stored in the workspace if learned from this history, else None."""
    rows = fetch_all(conn, "SELECT value FROM setting WHERE key = :k", {"k": CACHE_KEY})
    return _decode(rows[0][0], fingerprint) if rows else None


def _decode(raw: str, fingerprint: list[Any]) -> Medians | None:
    try:
        found = json.loads(raw)
        if (
            not isinstance(found, dict)
            or found.get("version") != _VERSION
            or found.get("history") != fingerprint
        ):
            return None
        return {str(s): (float(m), int(n)) for s, (m, n) in found["medians"].items()}
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # a damaged entry is relearned and overwritten


def store_later(conn: Connection, fingerprint: list[Any], medians: Medians) -> None:
    """Have the medians stored when `conn` goes back to the pool (see the module docstring)."""
    value = json.dumps(
        {
            "version": _VERSION,
            "history": fingerprint,
            "medians": {s: [m, n] for s, (m, n) in sorted(medians.items())},
        }
    )
    if dialect_of(conn).is_postgresql:
        _write_team(conn, fingerprint, value)
        return
    conn.connection.info[_PENDING] = (fingerprint, value, weakref.ref(conn.engine))
    conn.connection.info[ON_CHECKIN_KEY] = _write_pending


def _write_pending(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    """Write a pending entry on a connection just returned to the pool (rolled back, idle)."""
    pending = record.info.pop(_PENDING, None)
    read_failed = record.info.pop(READ_FAILED_KEY, False)
    if pending is None or dbapi_connection is None or read_failed:
        return
    fingerprint, value, engine_ref = pending
    engine = engine_ref()
    if engine is None or engine.get_execution_options().get(DAMAGED_OPTION, False):
        return
    try:
        cur = dbapi_connection.cursor()
        try:
            waits = int(cur.execute("PRAGMA busy_timeout").fetchone()[0])
            cur.execute("PRAGMA busy_timeout=0")
            try:
                _write(cur, fingerprint, value)
            finally:
                # The connection is reused: give it back its usual patience.
                cur.execute(f"PRAGMA busy_timeout={waits}")
        finally:
            cur.close()
    except sqlite3.Error:
        return  # busy or read-only: the next process learns again


def _write(cur: sqlite3.Cursor, fingerprint: list[Any], value: str) -> None:
    cur.execute("BEGIN IMMEDIATE")
    try:
        # Only when the history is still the one learned from (the reader may have rolled back
        # its own stage entries, or another program may have written since).
        as_of_text = fingerprint[0]
        now = [as_of_text, *cur.execute(_HISTORY_SQL).fetchone()]
        sound = cur.execute("PRAGMA quick_check(setting)").fetchall() == [("ok",)]
        if sound and now == fingerprint:
            old = cur.execute(_READ_SQL, (CACHE_KEY,)).fetchone()
            if old is None or old[0] != value:
                cur.execute(_UPSERT_SQL, (CACHE_KEY, value))
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise


def _write_team(conn: Connection, fingerprint: list[Any], value: str) -> None:
    """Write the entry on a team database, on its own connection, if the history still holds."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from fieldvisit.store.dialect import dialect_named

    upsert = dialect_named("postgresql").upsert(_setting_table(), ["key"], ["value"])
    try:
        with conn.engine.begin() as other:
            other.exec_driver_sql("SET LOCAL lock_timeout = '100ms'")
            if history(other, fingerprint[0]) != fingerprint:
                return
            old = other.execute(text("SELECT value FROM setting WHERE key = :k"), {"k": CACHE_KEY})
            if old.scalar() != value:
                other.execute(upsert.values(key=CACHE_KEY, value=value))
    except DBAPIError:
        return  # locked or not allowed: the next process learns again


def _setting_table() -> Any:
    from fieldvisit.store.models import Setting

    return Setting.__table__  # type: ignore[attr-defined]
