"""Rows of a workspace as SQLite stores them, on either engine, for tests that compare stored values.

On a workspace file the rows are read straight from the file (read-only, past SQLAlchemy); on a
team workspace by the core's driver read (`store.driver_rows.fetch_positional`), which hands
back dates and times as the file's text and booleans as 0/1, so one expectation serves both
engines. SQL is written with `?` placeholders.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

from fieldvisit.store import Workspace
from fieldvisit.store.driver_rows import fetch_positional


def _team_read(ws: Workspace, sql: str, params: tuple[Any, ...]) -> tuple[list[str], list[Any]]:
    """Return a team workspace's column names and rows, read by the core as SQLite gives them."""
    with ws.connect() as conn:
        return fetch_positional(conn, sql, params)


def stored_rows(ws: Workspace, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Return the rows of a query, as the workspace file would hold them."""
    if not ws.is_team:
        con = sqlite3.connect(f"file:{ws.path}?mode=ro", uri=True)
        try:
            return [tuple(r) for r in con.execute(sql, params).fetchall()]
        finally:
            con.close()
    return _team_read(ws, sql, params)[1]


def stored_dicts(ws: Workspace, sql: str, *params: Any) -> list[dict[str, Any]]:
    """Return the rows of a query as dicts by column name, as the workspace file holds them."""
    if not ws.is_team:
        con = sqlite3.connect(f"file:{ws.path}?mode=ro", uri=True)
        con.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in con.execute(sql, params).fetchall()]
        finally:
            con.close()
    names, rows = _team_read(ws, sql, params)
    return [dict(zip(names, row, strict=True)) for row in rows]


def table_names(ws: Workspace) -> list[str]:
    """Return the workspace's tables (without the engine's own)."""
    if not ws.is_team:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    return [row[0] for row in stored_rows(ws, sql)]


def dump(ws: Workspace) -> dict[str, list[tuple[object, ...]]]:
    """Return every row of every table, sorted: equal dumps mean an unchanged workspace."""
    return {
        name: sorted(stored_rows(ws, f'SELECT * FROM "{name}"'), key=repr)
        for name in table_names(ws)
    }


def without_moments(found: dict[str, list[tuple[object, ...]]]) -> dict[str, list[Any]]:
    """Return a dump with the times of the run itself (imported at, updated at) masked."""
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    return {
        table: sorted(
            (tuple("<now>" if str(v).startswith(today) else v for v in row) for row in rows),
            key=repr,
        )
        for table, rows in found.items()
    }
