"""After a crash: noticing an unfinished change beside a workspace, and letting SQLite undo it.

A writer killed before COMMIT leaves a "hot" rollback journal (`NAME-journal`) holding the pages
as they were before. That is SQLite's normal after-crash state: the next connection that may
write plays the journal back and deletes it. A read-only connection cannot, and fails with
"attempt to write a readonly database". Worse, a journal left beside a file that was replaced
(a backup copied over the workspace) is played back into the new file and corrupts it.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from fieldvisit.errors import WorkspaceError
from fieldvisit.store.leftovers import SIDE_SUFFIXES
from fieldvisit.store.workspace import BUSY_TIMEOUT_MS, damaged_error, is_damage

# The first 8 bytes of a rollback journal that still holds a transaction (SQLite's pager.c).
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
INTERRUPTED = "the last change was interrupted (a crash or a power cut); SQLite rolled it back"


def interrupted_change(path: Path) -> bool:
    """Return True when an unfinished change lies beside `path` (a journal or write-ahead log).

    It may also be the change of a writer that is still running: only SQLite can tell, by
    trying to take the lock (see `roll_back_interrupted_change`).
    """
    return journal_holds_a_change(path) or _wal_present(path)


def journal_holds_a_change(path: Path) -> bool:
    """Return True when a rollback journal beside `path` still holds a transaction."""
    try:
        with open(f"{path}-journal", "rb") as fh:
            return fh.read(len(JOURNAL_MAGIC)) == JOURNAL_MAGIC
    except OSError:
        return False


def _wal_present(path: Path) -> bool:
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def header_application_id(path: Path) -> int | None:
    """Return the application id in the file's header, read without SQLite (None if too short).

    Read before anything opens a file read-write: that open would already roll back a hot
    journal, which must not happen to another program's database.
    """
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError:
        return None
    return int.from_bytes(header[68:72], "big") if len(header) == 100 else None


def roll_back_interrupted_change(path: Path, wait_ms: int = BUSY_TIMEOUT_MS) -> bool:
    """Let SQLite undo a crashed writer's change to `path`; return True when it rolled one back.

    Opening read-write and taking the write lock is SQLite's own recovery: it plays a hot
    journal back and removes it (a write-ahead log is recovered too, keeping its committed
    changes; that is not reported as a rollback). When a live writer holds the lock, its journal
    is not hot and nothing is done (False).
    """
    journal = journal_holds_a_change(path)
    if not journal and not _wal_present(path):
        return False
    try:
        with closing(
            sqlite3.connect(f"file:{path}?mode=rw", uri=True, isolation_level=None)
        ) as conn:
            conn.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        name = getattr(exc, "sqlite_errorname", "")
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return False  # a live writer: its change is not interrupted
        if is_damage(exc):
            raise damaged_error(path) from exc
        if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
            raise WorkspaceError(
                f"{path} holds a change a crash interrupted, and it or its folder is read-only, "
                "so SQLite cannot roll the change back. Make both writable and try again."
            ) from exc
        raise WorkspaceError(f"{path}: rolling back an interrupted change failed: {exc}") from exc
    return journal and not journal_holds_a_change(path)


def move_aside(path: Path, why: str = "damaged") -> Path:
    """Rename `path` and its journal and WAL together beside it; return the new name.

    They keep SQLite's pairing (`X`, `X-journal`), so the pair can still be opened and recovered
    later; left apart, a journal would be played into whatever file takes the old name.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.stem}.{why}-{stamp}{path.suffix}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.stem}.{why}-{stamp}-{n}{path.suffix}")
    if path.exists():
        path.rename(aside)
    for side in SIDE_SUFFIXES:
        if Path(f"{path}{side}").exists():
            Path(f"{path}{side}").rename(Path(f"{aside}{side}"))
    return aside
