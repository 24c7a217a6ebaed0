"""A travel copy's rows: copied by `store.snapshot.copy_tables` with the scope's filters, the
copy's tables cleared before a pull, and links to rows left out of the copy settled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Table, delete, text
from sqlalchemy.engine import Connection

from fieldvisit.errors import Cancelled, FieldVisitError

Progress = Callable[[float, str], None]
IsCancelled = Callable[[], bool]


def model_table(name: str) -> Table:
    """Return the SQLModel table of `name` (the tables module is imported on first use)."""
    from fieldvisit.store.models import SQLModel

    return SQLModel.metadata.tables[name]


def copy_tables(
    source: Connection,
    target: Connection,
    filters: Mapping[str, str | None],
    params: Mapping[str, Any] | None = None,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> dict[str, int]:
    """Copy each table's matching rows (parents first) into a SQLite target; return the counts.

    The rows go through `store.snapshot.copy_tables` (the one table copy); `filters` are SQL on
    the source with `params`. The target's foreign keys are checked at COMMIT; before that, a row
    that points at something left out of the copy loses the pointer (or, where it cannot be
    empty, the row). `cancelled` is asked after each table.
    """
    from fieldvisit.store.snapshot import copy_tables as copy_rows

    target.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    where: dict[str, Any] = {}
    for name, sql in filters.items():
        if sql:
            needed = {k: v for k, v in (params or {}).items() if f":{k}" in sql}
            where[name] = text(sql).bindparams(**needed)

    def step(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("The travel copy was cancelled; nothing was written.")
        if progress is not None:
            progress(fraction, message.replace("_", " "))

    counts = copy_rows(source, target, list(filters), where, step)
    settle_dangling(target)
    return counts


def clear_tables(
    target: Connection, names: list[str], keep: Mapping[str, Any] | None = None
) -> None:
    """Delete every row of `names` in the target (children first); `keep` spares a where-clause."""
    target.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for name in reversed(names):
        table = model_table(name)
        stmt = delete(table)
        if keep and name in keep:
            stmt = stmt.where(text(f"NOT ({keep[name]})"))
        target.execute(stmt)


def settle_dangling(target: Connection) -> None:
    """Empty (or, where it must be set, delete) each SQLite row pointing at a row not copied."""
    for _ in range(5):
        problems = target.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if not problems:
            return
        for table, rowid, _parent, fk_id in problems:
            column, notnull = _fk_column(target, str(table), int(fk_id))
            if notnull or rowid is None:
                target.exec_driver_sql(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
            else:
                target.exec_driver_sql(
                    f'UPDATE "{table}" SET "{column}" = NULL WHERE rowid = ?', (rowid,)
                )
    raise FieldVisitError("The travel copy could not settle its links between tables.")


def _fk_column(conn: Connection, table: str, fk_id: int) -> tuple[str, bool]:
    column = next(
        str(row[3])
        for row in conn.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")')
        if int(row[0]) == fk_id
    )
    notnull = any(
        str(row[1]) == column and (bool(row[3]) or bool(row[5]))
        for row in conn.exec_driver_sql(f'PRAGMA table_info("{table}")')
    )
    return column, notnull
