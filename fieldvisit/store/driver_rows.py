"""Raw driver reads that hand back the same Python values on SQLite and PostgreSQL.

Big reads skip SQLAlchemy's row objects and use the driver's cursor. SQLite hands back stored
times as text ("2026-06-23 14:00:00.000000"), dates as "YYYY-MM-DD", booleans as 0/1 and sums of
integers as integers; psycopg would hand back datetime, date, bool and Decimal objects. On
PostgreSQL the cursor here loads those types as SQLite would give them, so the planning code
above reads one shape of row whatever the engine (and its answers are the same, to the byte).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.store.dialect import dialect_of

_QUOTED = re.compile(r"('(?:[^']|'')*')")
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@cache
def pyformat_sql(sql: str) -> str:
    """Return SQL written with `:name` parameters in psycopg's `%(name)s` style."""
    parts = _QUOTED.split(sql)
    for i, part in enumerate(parts):
        part = part.replace("%", "%%")
        parts[i] = part if i % 2 else _NAMED.sub(r"%(\1)s", part)
    return "".join(parts)


@cache
def _loaders() -> dict[str, Any]:
    """Return psycopg loaders giving SQLite's values (a function: psycopg loads on first use)."""
    from psycopg.adapt import Loader

    class DateText(Loader):
        def load(self, data: Any) -> str:
            return bytes(data).decode()

    class StampText(Loader):
        def load(self, data: Any) -> str:
            found = bytes(data).decode()
            head, _, fraction = found.partition(".")
            return f"{head}.{fraction:0<6}"

    class BoolInt(Loader):
        def load(self, data: Any) -> int:
            return 1 if bytes(data) == b"t" else 0

    class NumericNumber(Loader):
        def load(self, data: Any) -> int | float:
            found = bytes(data).decode()
            return float(found) if "." in found or "e" in found.lower() else int(found)

    return {"date": DateText, "timestamp": StampText, "bool": BoolInt, "numeric": NumericNumber}


def fetch_rows(conn: Connection, sql: str, bound: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Return all rows of a read query (`:name` parameters) straight from the driver.

    Runs in the same transaction as `conn`; see the module docstring for the values.
    """
    cursor = open_cursor(conn)
    try:
        cursor.execute(driver_sql(conn, sql), bound)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def fetch_positional(
    conn: Connection, sql: str, params: Sequence[Any] = ()
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Return the column names and rows of a read written with SQLite's `?` placeholders.

    As `fetch_rows`, straight from the driver with SQLite's values on either engine.
    """
    cursor = open_cursor(conn)
    try:
        cursor.execute(dialect_of(conn).positional(sql), tuple(params))
        names = [column[0] for column in cursor.description or ()]
        return names, [tuple(row) for row in cursor.fetchall()]
    finally:
        cursor.close()


def open_cursor(conn: Connection) -> Any:
    """Return a driver cursor in `conn`'s transaction (begun now if need be), SQLite's values."""
    if not conn.in_transaction():
        # Begin through SQLAlchemy first, so every read of one answer sees the same snapshot.
        conn.execute(text("SELECT 1"))
    cursor = conn.connection.cursor()
    if dialect_of(conn).is_postgresql:
        for type_name, loader in _loaders().items():
            cursor.adapters.register_loader(type_name, loader)
    return cursor


def driver_sql(conn: Connection, sql: str) -> str:
    """Return SQL written with `:name` parameters in the driver's own style."""
    return pyformat_sql(sql) if dialect_of(conn).is_postgresql else sql
