"""The few SQL forms SQLite and PostgreSQL spell differently, each written once.

Everything else in the core's SQL is common to both (SQLAlchemy Core, or plain SQL both accept:
`ON CONFLICT … DO UPDATE`/`DO NOTHING`, `TRUE`, `coalesce`, `CASE`). A query that needs one of
the forms below builds its text per engine, usually once per engine through `functools.cache`
keyed by `dialect_of(conn).name`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection
from sqlalchemy.sql.dml import Insert

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
# julianday() of 1970-01-01 00:00 UTC: PostgreSQL's epoch seconds turn into SQLite's day numbers.
UNIX_EPOCH_JULIAN_DAY = 2440587.5


class Dialect:
    """SQL fragments for one engine (`sqlite` or `postgresql`)."""

    def __init__(self, name: str):
        if name not in (SQLITE, POSTGRESQL):
            raise ValueError(f"Field Visit speaks SQLite and PostgreSQL, not {name}")
        self.name = name

    @property
    def is_postgresql(self) -> bool:
        return self.name == POSTGRESQL

    def julianday(self, expr: str) -> str:
        """Return SQL for the (fractional) Julian day number of a stored time or date."""
        if self.is_postgresql:
            return (
                f"(EXTRACT(EPOCH FROM CAST({expr} AS timestamp)) / 86400.0 "
                f"+ {UNIX_EPOCH_JULIAN_DAY})"
            )
        return f"julianday({expr})"

    def days_between(self, later: str, earlier: str) -> str:
        """Return SQL for the days (fractional) from `earlier` to `later`."""
        return f"({self.julianday(later)} - {self.julianday(earlier)})"

    def date_of(self, expr: str) -> str:
        """Return SQL for the calendar day (UTC) of a stored time, as YYYY-MM-DD text."""
        if self.is_postgresql:
            return f"to_char(CAST({expr} AS timestamp), 'YYYY-MM-DD')"
        return f"substr({expr}, 1, 10)"

    def minutes_after(self, expr: str, minutes: str) -> str:
        """Return SQL for a stored time plus a number of minutes (SQL), comparable to stored times."""
        if self.is_postgresql:
            return f"(CAST({expr} AS timestamp) + ({minutes}) * interval '1 minute')"
        return f"strftime('%Y-%m-%d %H:%M:%f', {expr}, '+' || ({minutes}) || ' minutes')"

    def group_concat(self, expr: str, separator: str, *, distinct: bool = False) -> str:
        """Return SQL joining a group's values with `separator` (a SQL string literal's text)."""
        sep = separator.replace("'", "''")
        lead = "DISTINCT " if distinct else ""
        if self.is_postgresql:
            return f"string_agg({lead}CAST({expr} AS text), '{sep}')"
        if distinct:
            if separator != ",":
                raise ValueError("SQLite's group_concat(DISTINCT …) joins with ',' only")
            return f"group_concat(DISTINCT {expr})"
        return f"group_concat({expr}, '{sep}')"

    def ids_in_json(self, param: str) -> str:
        """Return a subquery listing the integers of a JSON array bound as `:param`."""
        if self.is_postgresql:
            return f"(SELECT CAST(value AS integer) FROM json_array_elements_text(CAST(:{param} AS json)))"
        return f"(SELECT value FROM json_each(:{param}))"

    def texts_in_json(self, param: str) -> str:
        """Return a subquery listing the strings of a JSON array bound as `:param`."""
        if self.is_postgresql:
            return f"(SELECT value FROM json_array_elements_text(CAST(:{param} AS json)))"
        return f"(SELECT value FROM json_each(:{param}))"

    def insert(self, table: Table) -> Insert:
        """Return this engine's INSERT for `table` (it knows ON CONFLICT)."""
        if self.is_postgresql:
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            return pg_insert(table)
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)

    def upsert(
        self, table: Table, keys: Sequence[str], update: Iterable[str] | None = None
    ) -> Insert:
        """Return INSERT … ON CONFLICT (keys) DO UPDATE the `update` columns (or DO NOTHING)."""
        stmt: Any = self.insert(table)
        columns = list(update or ())
        if not columns:
            return stmt.on_conflict_do_nothing(index_elements=list(keys))  # type: ignore[no-any-return]
        return stmt.on_conflict_do_update(  # type: ignore[no-any-return]
            index_elements=list(keys), set_={c: stmt.excluded[c] for c in columns}
        )


@cache
def dialect_named(name: str) -> Dialect:
    """Return the Dialect of an engine name."""
    return Dialect(name)


def dialect_of(conn: Connection | Any) -> Dialect:
    """Return the Dialect of a connection, engine or session."""
    bind = getattr(conn, "bind", None) if not hasattr(conn, "dialect") else conn
    return dialect_named(str((bind or conn).dialect.name))


def is_postgresql(conn: Connection | Any) -> bool:
    """Return True when `conn` talks to PostgreSQL."""
    return dialect_of(conn).is_postgresql
