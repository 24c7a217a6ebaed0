"""The demo in a team workspace: the same rows as the SQLite demo of that seed, in one transaction.

The schema is already there (`fieldvisit --db postgresql://… init`); the demo fills it only while
every table is empty, so it never mixes with real data. Rows go in by COPY on the transaction's
own connection (`BulkWriter(copy=True)`), with the ids the SQLite demo gives them; each id
sequence is then moved past the highest id, so rows added later get new ones. A failed or
cancelled run rolls back and leaves the database empty.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import WorkspaceError
from fieldvisit.store.location import TeamAddress
from fieldvisit.store.team import open_team_workspace, take_lock, user_tables

if TYPE_CHECKING:
    from fieldvisit.demo import DemoSummary
    from fieldvisit.demo.world import World

# Tables the schema itself fills (the migrations' stamp): not data, never refused.
SCHEMA_TABLES = ("alembic_version",)


def fill_team_demo(
    address: TeamAddress,
    world: World,
    progress: Callable[[float, str], None] | None,
    cancel: Callable[[], bool] | None,
    *,
    keep_as_of: bool,
) -> DemoSummary:
    """Fill the empty team workspace at `address` with the demo of `world`; return its summary."""
    from fieldvisit.demo import _expected_rows, summary_of, write_rows
    from fieldvisit.demo.writer import BulkWriter

    ws = open_team_workspace(address)
    try:
        with ws.begin() as conn:
            # The demo is one long transaction: no lock timeout inside it; and like the file
            # demo's build (synchronous=OFF) its commit need not wait for the disk: a crash
            # right after it loses the demo, never the database's consistency.
            conn.exec_driver_sql("SET LOCAL lock_timeout = 0")
            conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
            take_lock(conn, "import")
            refuse_data(conn, address)
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                writer = BulkWriter(
                    cursor, _expected_rows(world.scale), progress, cancel, copy=True
                )
                rows = write_rows(conn, world, writer, cursor, keep_as_of=keep_as_of)
            finally:
                cursor.close()
            advance_sequences(conn)
    finally:
        ws.close()
    return summary_of(world, writer, rows)


def refuse_data(conn: Connection, address: TeamAddress) -> None:
    """Raise when any table of the team workspace holds a row (a demo fills empty ones only)."""
    for table in user_tables(conn):
        if table in SCHEMA_TABLES:
            continue
        quoted = conn.dialect.identifier_preparer.quote(table)
        if conn.execute(text(f"SELECT EXISTS (SELECT 1 FROM {quoted})")).scalar():
            raise WorkspaceError(
                f"{address.label} already holds data (table {table}); a demo is only written "
                "to an empty team workspace (it was left untouched)."
            )


def advance_sequences(conn: Connection) -> None:
    """Move every table's id sequence past the highest id the demo wrote."""
    found = conn.execute(
        text(
            "SELECT c.table_name, pg_get_serial_sequence(quote_ident(c.table_name), 'id') "
            "FROM information_schema.columns c "
            "WHERE c.table_schema = 'public' AND c.column_name = 'id' ORDER BY 1"
        )
    ).all()
    for table, sequence in found:
        if sequence is None:
            continue
        quoted = conn.dialect.identifier_preparer.quote(table)
        conn.execute(
            text(f"SELECT setval(:seq, coalesce((SELECT max(id) FROM {quoted}), 0) + 1, false)"),
            {"seq": sequence},
        )
