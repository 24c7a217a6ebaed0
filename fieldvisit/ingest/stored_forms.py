"""Values as an import compares and writes them, the same on SQLite and PostgreSQL.

Checked records hold dates as ISO text, times as stored text (`store.times`) and yes/no as 0/1,
which is what SQLite hands back. PostgreSQL hands back `date`, `datetime` and `bool` objects and
refuses an integer for a boolean column, so rows read back are put in the records' form before
they are compared, and booleans are written as booleans. New rows take their ids from the
table's sequence there (SQLite: max(id) + 1, under the import's write lock).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from fieldvisit.store.dialect import is_postgresql, run_sql
from fieldvisit.store.times import STORED_FORMAT

Row = tuple[Any, ...]


def record_form(value: Any) -> Any:
    """Return a stored value in the form a checked record holds it (dates and times as text)."""
    if isinstance(value, datetime):
        return value.strftime(STORED_FORMAT)
    if isinstance(value, date):
        return value.isoformat()
    return value


def record_row(row: Sequence[Any]) -> Row:
    """Return a row read back with each value in the records' form."""
    return tuple(record_form(value) for value in row)


def row_writer(conn: Connection, table: str, columns: Sequence[str]) -> Callable[[Row], Row]:
    """Return what turns a row of `columns` into the values the engine accepts."""
    if not is_postgresql(conn):
        return _same
    types = SQLModel.metadata.tables[table].c
    flags = [i for i, name in enumerate(columns) if isinstance(types[name].type, Boolean)]
    if not flags:
        return _same

    def typed(row: Row) -> Row:
        values = list(row)
        for i in flags:
            if values[i] is not None:
                values[i] = bool(values[i])
        return tuple(values)

    return typed


def _same(row: Row) -> Row:
    return row


def new_ids(conn: Connection, table: str, count: int, next_id: int) -> list[int]:
    """Return ids for `count` new rows: SQLite counts on from `next_id`; PostgreSQL asks the
    table's sequence (moved past any id written without it), so other writers never collide."""
    if not count:
        return []
    if not is_postgresql(conn):
        return list(range(next_id, next_id + count))
    sequence = run_sql(conn, f"SELECT pg_get_serial_sequence('{table}', 'id')").scalar()
    run_sql(
        conn,
        f"SELECT setval('{sequence}', m) FROM (SELECT max(id) AS m FROM {table}) t "
        f"WHERE m >= (SELECT last_value FROM {sequence})",
    )
    rows = run_sql(conn, f"SELECT nextval('{sequence}') FROM generate_series(1, ?)", (count,))
    return [int(r[0]) for r in rows]
