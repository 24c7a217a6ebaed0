"""The few SQL forms SQLite and PostgreSQL spell differently, each written once.

Everything else in the core's SQL is common to both (SQLAlchemy Core, or plain SQL both accept:
`ON CONFLICT … DO UPDATE`/`DO NOTHING`, `TRUE`, `coalesce`, `CASE`). A query that needs one of
the forms below builds its text per engine, usually once per engine through `functools.cache`
keyed by `dialect_of(conn).name`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.sql.dml import Insert
from sqlalchemy.util.typing import TupleAny, Unpack

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

    def json_values(self, marker: str = "?", *, integers: bool = False) -> str:
        """Return a subquery listing a JSON array bound at `marker` (`?` or `:name`)."""
        if not self.is_postgresql:
            return f"(SELECT value FROM json_each({marker}))"
        value = "CAST(value AS integer)" if integers else "value"
        return f"(SELECT {value} FROM json_array_elements_text(CAST({marker} AS json)))"

    def unindexed(self, expr: str) -> str:
        """Return `expr` marked so SQLite's planner does not pick an index on it (`+expr`)."""
        return expr if self.is_postgresql else f"+{expr}"

    @property
    def no_flatten(self) -> str:
        """Return the clause that keeps a CTE or subquery from being merged into its caller."""
        return "OFFSET 0" if self.is_postgresql else "LIMIT -1"

    def group_concat_by(self, expr: str, separator: str, order: str) -> str:
        """Return SQL joining a group's values in `order`: the order SQLite's plan reads them in
        (an index the caller names), which PostgreSQL is told outright."""
        sep = separator.replace("'", "''")
        if self.is_postgresql:
            return f"string_agg(CAST({expr} AS text), '{sep}' ORDER BY {order})"
        return f"group_concat({expr}, '{sep}')"

    def joined_in_order(self, value: str, separator: str, source: str, order: str) -> str:
        """Return a scalar subquery joining `value` over `source` ("t … WHERE …") in `order`."""
        sep = separator.replace("'", "''")
        if self.is_postgresql:
            return f"(SELECT string_agg(CAST({value} AS text), '{sep}' ORDER BY {order}) FROM {source})"
        return (
            f"(SELECT group_concat(name, '{sep}') FROM ("
            f"SELECT {value} AS name FROM {source} ORDER BY {order}))"
        )

    def bytewise(self, expr: str) -> str:
        """Return `expr` sorted as SQLite sorts text (byte order), whatever the database's
        collation: ORDER BY it and the same rows come in the same order on both engines."""
        return f'{expr} COLLATE "C"' if self.is_postgresql else expr

    def nocase(self, expr: str) -> str:
        """Return `expr` sorted as SQLite's COLLATE NOCASE sorts it (case folded; PostgreSQL's
        lower() may fold letters beyond ASCII too)."""
        if self.is_postgresql:
            return f'lower({expr}) COLLATE "C"'
        return f"{expr} COLLATE NOCASE"

    def for_update(self) -> str:
        """Return the clause that locks the rows a check reads until the write that follows
        commits (PostgreSQL; SQLite's writer holds the whole file already)."""
        return " FOR UPDATE" if self.is_postgresql else ""

    @property
    def like(self) -> str:
        """Return the LIKE that folds case as SQLite's does (ASCII letters)."""
        return "ILIKE" if self.is_postgresql else "LIKE"

    def greatest(self, first: str, second: str) -> str:
        """Return SQL for the larger of two values (SQLite's two-argument max)."""
        return f"GREATEST({first}, {second})" if self.is_postgresql else f"max({first}, {second})"

    def days_added(self, day: str, days: str) -> str:
        """Return SQL for a day (SQL) plus a whole number of days (SQL), comparable to dates."""
        if self.is_postgresql:
            return f"(CAST({day} AS date) + CAST({days} AS integer))"
        return f"date({day}, ({days}) || ' days')"

    def positional(self, sql: str) -> str:
        """Return SQL written with SQLite's `?` placeholders in this engine's driver style."""
        return _pyformat(sql) if self.is_postgresql else sql

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


@lru_cache(maxsize=2048)
def _pyformat(sql: str) -> str:
    """Return `sql` with `?` (outside quotes) as `%s` and every `%` doubled (psycopg's style)."""
    out: list[str] = []
    quote = ""
    for ch in sql:
        if ch == "%":
            out.append("%%")
            continue
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            out.append("%s")
            continue
        out.append(ch)
    return "".join(out)


def run_sql(conn: Connection, sql: str, params: Any = None) -> CursorResult[Unpack[TupleAny]]:
    """Run SQL written with `?` placeholders (one tuple, or a list of tuples) on either engine."""
    sql = dialect_of(conn).positional(sql)
    return conn.exec_driver_sql(sql, params) if params is not None else conn.exec_driver_sql(sql)


def is_postgresql(conn: Connection | Any) -> bool:
    """Return True when `conn` talks to PostgreSQL."""
    return dialect_of(conn).is_postgresql
