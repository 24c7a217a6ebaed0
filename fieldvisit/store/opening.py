"""Creating and opening workspace files safely: a new file is built by the migrations, an older
one is upgraded after a verified backup, a newer or foreign one is refused untouched.

It sits above `workspace` (engines, transactions) and `schema` (Alembic revisions), which never
import it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.exc import DatabaseError, OperationalError

from fieldvisit.errors import WorkspaceError
from fieldvisit.store.failures import error_in_words
from fieldvisit.store.location import TeamAddress
from fieldvisit.store.schema import ensure_current, upgrade_to_head
from fieldvisit.store.workspace import (
    APPLICATION_ID,
    Workspace,
    check_file,
    describe_failure,
    make_engine,
)

PasswordPrompt = Callable[[str], str]


def create_workspace(path: Path) -> Workspace:
    """Create a new, empty workspace at `path`; an existing file is never touched."""
    path = Path(path)
    if path.exists():
        raise WorkspaceError(f"{path} already exists; Field Visit will not overwrite it.")
    if not path.parent.exists():
        raise WorkspaceError(f"The folder {path.parent} does not exist.")
    engine = make_engine(path, create=True)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            # The schema is built by the migrations themselves, so a new workspace is exactly
            # what an upgraded one is (full-text index and triggers included).
            upgrade_to_head(conn)
        engine.dispose()
    except BaseException as exc:
        engine.dispose()
        path.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        if isinstance(exc, (OperationalError, DatabaseError, sqlite3.Error)) and (
            error_in_words(exc, path, writing=True) is not None
        ):
            raise describe_failure(exc, path, writing=True) from exc
        raise
    return open_workspace(path)


def open_workspace(path: Path, *, migrate: bool = True) -> Workspace:
    """Open an existing workspace, upgrading an older schema (after a verified backup)."""
    path = Path(path)
    check_file(path)
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
            if app_id != APPLICATION_ID:
                raise WorkspaceError(
                    f"{path} is a SQLite database but not a Field Visit workspace; "
                    "it was left untouched."
                )
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        raise describe_failure(exc, path) from exc
    except BaseException:
        engine.dispose()
        raise
    ws = Workspace(path, engine)
    try:
        ensure_current(ws, migrate=migrate)
    except (OperationalError, DatabaseError) as exc:
        ws.close()
        raise describe_failure(exc, path) from exc
    except BaseException:
        ws.close()
        raise
    return ws


def open_location(
    location: Path | TeamAddress, *, migrate: bool = True, prompt: PasswordPrompt | None = None
) -> Workspace:
    """Open the workspace a file path or a team address names (never creates one)."""
    if isinstance(location, TeamAddress):
        from fieldvisit.store.team import open_team_workspace

        return open_team_workspace(location, migrate=migrate, prompt=prompt)
    return open_workspace(location, migrate=migrate)


def create_location(
    location: Path | TeamAddress, *, grant: str | None = None, prompt: PasswordPrompt | None = None
) -> Workspace:
    """Create an empty workspace: a new file, or the schema in an empty team database."""
    if isinstance(location, TeamAddress):
        from fieldvisit.store.team import create_team_workspace

        return create_team_workspace(location, grant=grant, prompt=prompt)
    if grant:
        raise WorkspaceError("--grant is for a team workspace (a postgresql:// address).")
    return create_workspace(location)


__all__ = ["create_location", "create_workspace", "open_location", "open_workspace"]
