"""Copying a workspace's rows between engines, and a team workspace's verified SQLite snapshot.

`copy_tables` is the one table copy: `fieldvisit backup` on a team workspace (a snapshot file),
`restore` of a snapshot into an empty team database (`store.team_restore`) and the travel copy all
use it. It copies rows through SQLAlchemy Core with the models' column types, so each engine gets
its own forms (times as naive UTC text on SQLite, timestamps on PostgreSQL; booleans) and never
the other's. The search indexes are not copied: each engine's triggers build its own from the rows.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from fieldvisit.errors import WorkspaceError

if TYPE_CHECKING:
    from fieldvisit.store.team import TeamWorkspace

# Rows fetched and written per round trip.
BATCH_ROWS = 5000

Progress = Callable[[float, str], None]
RowFilter = ColumnElement[bool] | Callable[[Table], ColumnElement[bool]]


def workspace_tables(names: Iterable[str] | None = None) -> list[Table]:
    """Return the workspace's tables (or those named), parents before the tables that refer to them.

    The models' metadata is the schema the migrations build (a test compares them); the stamp
    table and the search index are not in it.
    """
    from sqlmodel import SQLModel

    import fieldvisit.store.models  # noqa: F401 - registers the tables in the metadata

    ordered = list(SQLModel.metadata.sorted_tables)
    if names is None:
        return ordered
    wanted = set(names)
    unknown = wanted - {table.name for table in ordered}
    if unknown:
        raise ValueError(f"not workspace tables: {', '.join(sorted(unknown))}")
    return [table for table in ordered if table.name in wanted]


def copy_tables(
    source_conn: Connection,
    target_conn: Connection,
    tables: Iterable[str] | None = None,
    where: Mapping[str, RowFilter] | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Copy rows from one workspace connection to another; return the rows copied per table.

    Either side may be SQLite or PostgreSQL; both must hold the current schema, and the caller
    owns both transactions (so a copy is all or nothing, and a snapshot reads one moment).
    `tables` names the tables to copy (default: every workspace table); they are copied parents
    first, whatever order they are given in, with their ids as they are. `where` maps a table
    name to a condition on its rows — a SQLAlchemy clause on that table's columns, or a function
    given the `Table` that returns one (e.g. `lambda t: t.c.account_id.in_(ids)`) — and only rows
    meeting it are copied; a table not in `where` is copied whole. A PostgreSQL target's id
    sequences are not moved here: `advance_sequences` does that once all rows are in.
    """
    chosen = workspace_tables(tables)
    filters = dict(where or {})
    stray = set(filters) - {table.name for table in chosen}
    if stray:
        raise ValueError(f"conditions for tables not copied: {', '.join(sorted(stray))}")
    copied: dict[str, int] = {}
    for index, table in enumerate(chosen):
        query = select(table)
        condition = filters.get(table.name)
        if condition is not None:
            query = query.where(condition(table) if callable(condition) else condition)
        key = [column for column in table.primary_key.columns]
        if key:
            query = query.order_by(*key)
        result = source_conn.execution_options(yield_per=BATCH_ROWS).execute(query)
        count = 0
        for batch in result.partitions():
            _insert(target_conn, table, [row._asdict() for row in batch])
            count += len(batch)
        copied[table.name] = count
        if progress is not None:
            progress((index + 1) / len(chosen), f"Copying {table.name}")
    return copied


def _insert(conn: Connection, table: Table, rows: list[dict[str, object]]) -> None:
    """Insert `rows`: on PostgreSQL through COPY (a round trip per row is the cost there), the
    values first through the columns' own bind processing (aware times to naive UTC); on SQLite
    as one prepared statement run per row (fast in process)."""
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), rows)
        return
    columns = list(table.columns)
    processors = [column.type.bind_processor(conn.dialect) for column in columns]
    names = ", ".join(conn.dialect.identifier_preparer.quote(c.name) for c in columns)
    quoted = conn.dialect.identifier_preparer.quote(table.name)
    raw: Any = conn.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(f"COPY {quoted} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(
                [
                    value if process is None else process(value)
                    for value, process in zip(
                        (row[c.name] for c in columns), processors, strict=True
                    )
                ]
            )


def row_counts(conn: Connection, tables: Iterable[str] | None = None) -> dict[str, int]:
    """Return the number of rows of each workspace table (or of those named)."""
    return {
        table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
        for table in workspace_tables(tables)
    }


def advance_sequences(conn: Connection, tables: Iterable[str] | None = None) -> None:
    """On PostgreSQL, move each table's id sequence past its largest id (ids copied as they are).

    Without it the next row the app adds would take id 1 and collide with a copied one.
    """
    if conn.dialect.name != "postgresql":
        return
    for table in workspace_tables(tables):
        key = list(table.primary_key.columns)
        if len(key) != 1 or key[0].type.python_type is not int:
            continue
        name, column = table.name, key[0].name
        conn.exec_driver_sql(
            f"SELECT setval(seq, coalesce(max_id, 1), max_id IS NOT NULL) FROM "
            f"(SELECT pg_get_serial_sequence('{name}', '{column}') AS seq, "
            f"(SELECT max({column}) FROM {name}) AS max_id) AS s WHERE seq IS NOT NULL"
        )


def snapshot_team(
    ws: TeamWorkspace, *, dest_dir: Path | None = None, progress: Progress | None = None
) -> Path:
    """Write a verified SQLite snapshot of the team workspace `ws` into the backups folder.

    Every table is read in one REPEATABLE READ, read-only transaction (one moment, even while
    others write), copied into a new workspace file under a temporary name, then verified (the
    same rows per table as the database had at that moment, SQLite's integrity and foreign-key
    checks) and renamed into place, named after the database. The last ten are kept.
    """
    from fieldvisit.store.backup import fsync_file, fsync_folder, prune_backups, snapshot_target
    from fieldvisit.store.leftovers import partial_name, partials, remove_leftovers
    from fieldvisit.store.opening import create_workspace

    target, dest_dir = snapshot_target(ws.address, dest_dir)
    remove_leftovers(dest_dir, partials())
    partial = partial_name(target)
    try:
        copy = create_workspace(partial)
        try:
            with (
                ws.engine.connect().execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                ) as source,
                source.begin(),
                copy.begin() as target_conn,
            ):
                _refuse_unknown_tables(source, ws.label)
                expected = row_counts(source)
                copy_tables(source, target_conn, progress=progress)
        finally:
            copy.close()
        verify_snapshot(partial, expected, ws.label)
        _delete_mode(partial)
        fsync_file(partial)
        os.replace(partial, target)
        fsync_folder(dest_dir)
    except BaseException:
        for name in (partial, *(Path(f"{partial}{s}") for s in ("-journal", "-wal", "-shm"))):
            name.unlink(missing_ok=True)
        raise
    prune_backups(dest_dir, ws.address)
    return target


# Tables a team database holds besides the workspace's own: the schema stamp, the search index.
NOT_COPIED = frozenset({"alembic_version", "debrief_fts"})


def _refuse_unknown_tables(conn: Connection, label: str) -> None:
    """Refuse a team database holding tables this version does not know (rows would be lost)."""
    from fieldvisit.store.team import user_tables

    known = {table.name for table in workspace_tables()} | NOT_COPIED
    unknown = sorted(set(user_tables(conn)) - known)
    if unknown:
        raise WorkspaceError(
            f"{label} holds tables this version of Field Visit does not know "
            f"({', '.join(unknown[:3])}); a snapshot would leave them out, so none was taken."
        )


def verify_snapshot(path: Path, expected: Mapping[str, int], label: str) -> None:
    """Raise WorkspaceError unless the file at `path` holds `expected` rows and passes its checks."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as check:
        problems = [r[0] for r in check.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [
            f"broken reference in {r[0]}" for r in check.execute("PRAGMA foreign_key_check")
        ]
        for table, count in expected.items():
            found = check.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            if found != count:
                problems.append(f"{table} has {found} rows, the database {count}")
    if problems:
        raise WorkspaceError(
            f"The snapshot of {label} failed verification ({'; '.join(problems[:3])}); "
            "nothing was kept."
        )


def _delete_mode(path: Path) -> None:
    """Leave the snapshot a single file (rollback journal, as backups are)."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
