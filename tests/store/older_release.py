"""Workspace files as the first release wrote them (schema 0001), for upgrades and restores."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from fieldvisit.store.schema import alembic_config
from fieldvisit.store.workspace import APPLICATION_ID, make_engine

GLOBEX = "INSERT INTO account(external_id, name, tier) VALUES ('A1', 'Globex', 'key')"


def first_release_workspace(path: Path, *rows: str) -> Path:
    """Write `path` at schema 0001 holding what the INSERT statements `rows` add; return it."""
    path.touch()
    engine = make_engine(path)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        command.upgrade(alembic_config(conn), "0001")
        for row in rows:
            conn.exec_driver_sql(row)
    engine.dispose()
    return path


def older_release_file(folder: Path) -> Path:
    """Write `release-0.1.fieldvisit` in `folder` at schema 0001 holding Globex; return it."""
    return first_release_workspace(folder / "release-0.1.fieldvisit", GLOBEX)
