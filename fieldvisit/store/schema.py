"""Schema versions with Alembic: stamp new workspaces, upgrade older ones safely, refuse newer."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from fieldvisit.errors import WorkspaceError
from fieldvisit.store.workspace import Workspace, make_engine

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in migrations/versions (a test checks it against Alembic's head). Opening a
# workspace already at it reads the stamp with one query: importing Alembic and loading its
# revision scripts would cost a third of a second of every start.
HEAD_REVISION = "0010"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Tell Alembic's comparison to skip the FTS5 index, which migration 0002 builds by hand."""
    return not (type_ == "table" and name is not None and name.startswith("debrief_fts"))


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic config pointing at the packaged migrations (no alembic.ini needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "fieldvisit.store:migrations")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """Return the newest schema revision this version of Field Visit knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Return every schema revision this version of Field Visit knows."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(conn: Connection) -> str | None:
    """Return the schema revision stamped in the workspace (None when unstamped)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(conn: Connection) -> None:
    """Run every migration on `conn`, inside the caller's transaction."""
    from alembic import command

    command.upgrade(alembic_config(conn), "head")


def schema_status(conn: Connection) -> tuple[str | None, str]:
    """Return (workspace revision, head revision); Alembic loads only when they differ."""
    if _stamp(conn) == HEAD_REVISION:
        return HEAD_REVISION, HEAD_REVISION
    return current_revision(conn), head_revision()


def _stamp(conn: Connection) -> str | None:
    """Return the single revision stamped in alembic_version, else None (Alembic decides)."""
    try:
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    except OperationalError:
        return None  # no stamp table: not a workspace, Alembic's path says so
    return rows[0][0] if len(rows) == 1 else None


def ensure_current(ws: Workspace, *, migrate: bool = True) -> None:
    """Refuse a newer or unstamped workspace; upgrade an older one after a verified backup."""
    with ws.connect() as conn:
        if _stamp(conn) == HEAD_REVISION:
            return
        current = current_revision(conn)
    head = head_revision()
    if current == head:
        return
    if current is None:
        raise WorkspaceError(f"{ws.path} has no schema version; it is not a Field Visit workspace.")
    if current not in known_revisions():
        raise WorkspaceError(
            f"{ws.path} was written by a newer version of Field Visit (schema {current}). "
            "Update Field Visit to open it; the file was left untouched."
        )
    if not migrate:
        raise WorkspaceError(f"{ws.path} needs an upgrade from schema {current} to {head}.")
    from fieldvisit.store.backup import backup_workspace

    backup = backup_workspace(ws.path, label="before-upgrade")
    ws.engine.dispose()
    # Foreign keys must be OFF for batch migrations: the table copy would cascade deletes.
    engine = make_engine(ws.path, foreign_keys=False)
    try:
        with engine.begin() as conn:
            upgrade_to_head(conn)
            bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if bad:
                raise WorkspaceError(f"Upgrade left {len(bad)} broken references; rolled back.")
        with engine.connect() as conn:
            if conn.exec_driver_sql("PRAGMA quick_check").scalar() != "ok":
                raise WorkspaceError("Upgrade failed its integrity check.")
    except BaseException:
        engine.dispose()
        shutil.copyfile(backup, Path(ws.path))
        raise
    engine.dispose()
