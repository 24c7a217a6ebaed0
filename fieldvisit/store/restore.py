"""Putting a backup back in place of a workspace, safely (`fieldvisit restore`, the app's menu).

Copying a backup over the workspace by hand goes wrong when a crash left a hot journal beside the
old file: the next connection plays that journal into the restored copy and corrupts it. Here the
old file's unfinished change is rolled back first (or the old file and its journal are moved aside
together when the file is unreadable), the old file is kept as a backup of its own, and the backup
is copied to a temporary file beside the workspace and renamed over it in one step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from fieldvisit.errors import WorkspaceError
from fieldvisit.store.backup import backup_workspace, copy_database, fsync_folder
from fieldvisit.store.leftovers import (
    SIDE_SUFFIXES,
    remove_leftovers,
    temporaries_of,
    temporary_name,
)
from fieldvisit.store.opening import open_workspace
from fieldvisit.store.processes import app_holder
from fieldvisit.store.recovery import (
    header_application_id,
    interrupted_change,
    journal_holds_a_change,
    move_aside,
)
from fieldvisit.store.workspace import (
    APPLICATION_ID,
    SQLITE_HEADER,
    integrity_problems,
    is_damage,
)

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Restored:
    """What a restore did."""

    workspace: Path
    backup: Path
    kept: Path | None  # the replaced file: a verified backup, or moved aside when unreadable
    kept_damaged: bool  # True when the replaced file was unreadable and moved aside as it was
    rolled_back: bool  # the replaced file had a change a crash interrupted; SQLite undid it
    schema: str  # the backup's schema revision (opening upgraded it when older)


def verify_backup(backup: Path) -> str:
    """Return the schema revision of a sound Field Visit backup; raise WorkspaceError otherwise."""
    from fieldvisit.store.schema import known_revisions

    backup = Path(backup)
    if not backup.is_file():
        what = "is a folder, not a backup file" if backup.is_dir() else "does not exist"
        raise WorkspaceError(f"{backup} {what}. Choose a backup file to restore.")
    try:
        with backup.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise WorkspaceError(f"{backup} cannot be read: {exc.strerror}.") from exc
    if header != SQLITE_HEADER:
        raise WorkspaceError(f"{backup} is not a Field Visit backup (not a SQLite database).")
    if interrupted_change(backup):
        raise WorkspaceError(
            f"{backup} has an unfinished change beside it (a crash interrupted a write). "
            f"Run `fieldvisit --db {backup} check` once, then restore it."
        )
    try:
        with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as conn:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise WorkspaceError(f"{backup} is a SQLite database but not a Field Visit backup.")
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise WorkspaceError(f"{backup} is damaged ({result}). Choose another backup.")
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error as exc:
        if is_damage(exc):
            raise WorkspaceError(f"{backup} is damaged. Choose another backup.") from exc
        raise WorkspaceError(f"{backup} cannot be read as a backup: {exc}.") from exc
    revision = str(rows[0][0]) if len(rows) == 1 else ""
    if not revision:
        raise WorkspaceError(f"{backup} has no schema version; it is not a Field Visit backup.")
    if revision not in known_revisions():
        raise WorkspaceError(
            f"{backup} was written by a newer version of Field Visit (schema {revision}). "
            "Update Field Visit to restore it."
        )
    return revision


def restore_workspace(
    workspace: Path,
    backup: Path,
    *,
    dest_dir: Path | None = None,
    progress: Progress | None = None,
) -> Restored:
    """Replace `workspace` with `backup` after checking both; return what was done.

    Refuses while another process has the workspace open. The replaced file is kept: as a
    verified "before-restore" backup (in `dest_dir`, by default the backup folder) when it can
    be read, else renamed beside the workspace together with its journal.
    """
    workspace, backup = Path(workspace), Path(backup)
    report = progress or (lambda _f, _m: None)
    if not workspace.parent.is_dir():
        raise WorkspaceError(f"The folder {workspace.parent} does not exist.")
    if workspace.exists() and backup.resolve() == workspace.resolve():
        raise WorkspaceError(f"{backup} is the workspace itself; choose one of its backups.")
    report(0.0, "Checking the backup")
    schema = verify_backup(backup)
    holder = app_holder(workspace)
    if holder is not None:
        raise WorkspaceError(f"{workspace} is open in {holder}. Close that window, then restore.")

    report(0.1, "Keeping the current file")
    kept, damaged, rolled_back = _keep_old_file(workspace, dest_dir, report)
    remove_leftovers(workspace.parent, temporaries_of(workspace, "restoring"))
    tmp = temporary_name(workspace, "restoring")
    try:
        report(0.5, "Copying the backup")
        copy_database(backup, tmp, lambda f, m: report(0.5 + 0.4 * f, m))
        if workspace.exists():
            _refuse_if_in_use(workspace)  # again: a program may have opened it meanwhile
        _drop_side_files(workspace)
        tmp.replace(workspace)
        fsync_folder(workspace.parent)
    except OSError as exc:
        raise WorkspaceError(
            f"Could not write {workspace}: {exc.strerror or exc}. The workspace was not replaced."
        ) from exc
    except sqlite3.Error as exc:
        raise WorkspaceError(
            f"Could not copy {backup}: {exc}. The workspace was not replaced."
        ) from exc
    finally:
        for name in (tmp, *(Path(f"{tmp}{s}") for s in SIDE_SUFFIXES)):
            name.unlink(missing_ok=True)

    report(0.9, "Checking the restored workspace")
    _check_restored(workspace, kept)
    report(1.0, "Restored")
    return Restored(workspace, backup, kept, damaged, rolled_back, schema)


def _keep_old_file(
    workspace: Path, dest_dir: Path | None, report: Progress
) -> tuple[Path | None, bool, bool]:
    """Deal with the file being replaced; return (where it is kept, was it unreadable, rolled back).

    Taking SQLite's exclusive lock without waiting proves no other connection is using the file,
    and is also SQLite's own recovery: a hot journal is played back and removed on the way.
    """
    if not workspace.exists():
        if any(Path(f"{workspace}{s}").exists() for s in SIDE_SUFFIXES):
            move_aside(workspace, "orphan")  # a journal without its file: never replay it
        return None, False, False
    if not _starts_like_sqlite(workspace):
        # Not even a database header: SQLite could not recover it, so keep file and journal
        # together exactly as they are.
        return move_aside(workspace, "damaged"), True, False
    if header_application_id(workspace) not in (APPLICATION_ID, None):
        raise WorkspaceError(
            f"{workspace} is a SQLite database but not a Field Visit workspace; restore will not "
            "replace it. Give the workspace's path with --db."
        )
    had_change = journal_holds_a_change(workspace)
    try:
        with closing(
            sqlite3.connect(f"file:{workspace}?mode=rw", uri=True, isolation_level=None)
        ) as conn:
            conn.execute("PRAGMA busy_timeout=0")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("ROLLBACK")
            sound = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.Error as exc:
        name = getattr(exc, "sqlite_errorname", "")
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            raise WorkspaceError(
                f"{workspace} is in use by another program. Close it, then restore."
            ) from exc
        if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_IOERR")):
            raise WorkspaceError(
                f"{workspace} or its folder cannot be written ({exc}). Make them writable, "
                "then restore."
            ) from exc
        # Unreadable (not SQLite, damaged): kept exactly as it is, journal and all.
        return move_aside(workspace, "damaged"), True, False
    rolled_back = had_change and not journal_holds_a_change(workspace)
    if Path(f"{workspace}-wal").exists():
        raise WorkspaceError(f"{workspace} is in use by another program. Close it, then restore.")
    if not sound:
        return move_aside(workspace, "damaged"), True, rolled_back
    kept = backup_workspace(
        workspace,
        dest_dir=dest_dir,
        label="before-restore",
        progress=lambda f, _m: report(0.1 + 0.4 * f, "Keeping the current file"),
    )
    return kept, False, rolled_back


def _refuse_if_in_use(workspace: Path) -> None:
    """Raise WorkspaceError when another connection holds any lock on the workspace."""
    try:
        with closing(
            sqlite3.connect(f"file:{workspace}?mode=rw", uri=True, isolation_level=None)
        ) as conn:
            conn.execute("PRAGMA busy_timeout=0")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            raise WorkspaceError(
                f"{workspace} is in use by another program. Close it, then restore."
            ) from exc
    if Path(f"{workspace}-wal").exists():
        raise WorkspaceError(f"{workspace} is in use by another program. Close it, then restore.")


def _starts_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _drop_side_files(workspace: Path) -> None:
    """Remove what is left beside the old file: never a hot journal (rolled back or moved)."""
    for side in SIDE_SUFFIXES:
        Path(f"{workspace}{side}").unlink(missing_ok=True)


def _check_restored(workspace: Path, previous: Path | None) -> None:
    """Open the restored workspace (upgrading an older schema) and run the full checks."""
    try:
        ws = open_workspace(workspace)
        try:
            with ws.connect() as conn:
                problems = integrity_problems(conn)
        finally:
            ws.close()
    except WorkspaceError as exc:
        problems = [str(exc)]
    if not problems:
        return
    where = f" The replaced file is kept at {previous}." if previous is not None else ""
    raise WorkspaceError(
        f"The restored {workspace} failed its check ({'; '.join(problems[:3])}).{where}"
    )
