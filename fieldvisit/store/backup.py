"""Verified backups with SQLite's own backup API (a file copy during a write can mix pages)."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fieldvisit import paths
from fieldvisit.errors import WorkspaceError
from fieldvisit.store.leftovers import partial_name, partials, remove_leftovers
from fieldvisit.store.location import TeamAddress
from fieldvisit.store.workspace import BUSY_TIMEOUT_MS

KEEP = 10
# The app backs a workspace up when it is opened and its newest backup is older than this.
AUTOMATIC_EVERY = timedelta(hours=24)
STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
# Pages copied per step of the backup API (4 MiB at the default page size), for progress.
STEP_PAGES = 1024

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Backup:
    """One verified backup of a workspace."""

    path: Path
    taken_at: datetime  # UTC, from the file's name
    label: str  # "backup", "before-upgrade", "before-restore"
    size: int  # bytes


def backup_workspace(
    path: Path,
    *,
    dest_dir: Path | None = None,
    label: str = "backup",
    progress: Progress | None = None,
) -> Path:
    """Copy the workspace with the backup API, verify it with quick_check, keep the last 10.

    The copy is written under a temporary name holding this process's id and renamed once
    verified, so a killed run never leaves something that looks like a backup; the next backup
    into the folder removes what such a run left.
    """
    path = Path(path)
    try:
        dest_dir = dest_dir or paths.backup_dir()
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else dest_dir or Path("the backup folder")
        raise _unwritable(where, exc) from exc
    remove_leftovers(dest_dir, partials())
    stamp = datetime.now(UTC).strftime(STAMP_FORMAT)
    target = dest_dir / f"{_key(path)}-{stamp}-{label}.fieldvisit"
    partial = partial_name(target)
    try:
        partial.touch(exist_ok=False)  # an unwritable folder says so here, in its own words
    except OSError as exc:
        raise _unwritable(dest_dir, exc) from exc
    try:
        copy_database(path, partial, progress)
        with closing(sqlite3.connect(f"file:{partial}?mode=ro", uri=True)) as check:
            result = check.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise WorkspaceError(f"The backup of {path} failed verification: {result}")
        os.replace(partial, target)
        fsync_folder(dest_dir)
    except sqlite3.Error as exc:
        _discard(partial)
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL":
            raise _unwritable(dest_dir, OSError(errno.ENOSPC, "the disk is full")) from exc
        raise WorkspaceError(f"Could not back up {path}: {exc}.") from exc
    except OSError as exc:
        _discard(partial)
        raise _unwritable(dest_dir, exc) from exc
    except BaseException:
        _discard(partial)
        raise
    _prune(dest_dir, _key(path))
    return target


def copy_database(source: Path, target: Path, progress: Progress | None = None) -> None:
    """Copy the SQLite database `source` to a new file `target` with the backup API, synced.

    The copy is left in rollback-journal mode (the connect hook turns WAL on where it is safe).
    The driver retries a step while another program holds the file locked, without end: the
    copy gives up after BUSY_TIMEOUT_MS of that, as every other wait for the file does.
    """
    busy_since: list[float] = []
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=0)) as src,
        closing(sqlite3.connect(target, isolation_level=None)) as dst,
    ):

        def step(status: int, remaining: int, total: int) -> None:
            if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                busy_since[:1] = busy_since[:1] or [time.monotonic()]
                if (time.monotonic() - busy_since[0]) * 1000 > BUSY_TIMEOUT_MS:
                    raise WorkspaceError(
                        f"{source} stayed locked by another program; try the backup again "
                        "when it is done."
                    )
            else:
                busy_since.clear()
            if progress is not None and total:
                progress((total - remaining) / total, "Copying")

        src.backup(dst, pages=STEP_PAGES, progress=step)
        dst.execute("PRAGMA journal_mode=DELETE")
    fsync_file(target)


def fsync_file(path: Path) -> None:
    """Force a file's contents to disk."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows syncs only writable
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Force a folder's entries (a rename into it) to disk, where the system allows it."""
    if sys.platform == "win32":
        return  # folders cannot be opened for fsync; NTFS journals the rename
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _discard(partial: Path) -> None:
    for name in (partial, Path(f"{partial}-journal")):
        with suppress(OSError):  # the next backup into this folder removes it
            name.unlink(missing_ok=True)


def _unwritable(folder: Path, exc: OSError) -> WorkspaceError:
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        why, fix = "a file is in the way of the folder", "Move that file"
    elif exc.errno == errno.ENOSPC:
        why, fix = "the disk is full", "Free some space"
    else:
        why, fix = exc.strerror or str(exc), "Make the folder writable"
    return WorkspaceError(
        f"Could not write a backup into {folder}: {why}. {fix}, or set FIELDVISIT_HOME to use "
        "another data folder."
    )


def _key(path: Path | TeamAddress) -> str:
    """Return the backup name prefix: the file's name plus a digest of where it lives.

    Two workspaces called `team.fieldvisit` in different folders share the backup folder; without
    the digest each would prune (and show as "last backup") the other's copies. A team database's
    snapshots are named after the database, with a digest of its server and port.
    """
    if isinstance(path, TeamAddress):
        place = f"{path.host}:{path.port}/{path.database}"
        return f"{path.database}-{hashlib.sha256(place.encode()).hexdigest()[:8]}"
    where = hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:8]
    return f"{Path(path).stem}-{where}"


def snapshot_target(
    address: TeamAddress, dest_dir: Path | None = None, label: str = "backup"
) -> tuple[Path, Path]:
    """Return where a team database's new snapshot goes, and its (created) folder."""
    try:
        dest_dir = dest_dir or paths.backup_dir()
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else dest_dir or Path("the backup folder")
        raise _unwritable(where, exc) from exc
    stamp = datetime.now(UTC).strftime(STAMP_FORMAT)
    return dest_dir / f"{_key(address)}-{stamp}-{label}.fieldvisit", dest_dir


def prune_backups(dest_dir: Path, where: Path | TeamAddress) -> None:
    """Keep only the newest KEEP backups (or snapshots) of a workspace in `dest_dir`."""
    _prune(dest_dir, _key(where))


def _backups_of(dest_dir: Path, stem: str) -> list[Path]:
    """Return this workspace's backups, oldest first.

    Matched on the exact name and time stamp: a plain `stem-*` would also take in the backups of
    a workspace called `stem-emea`, so pruning would keep fewer of this workspace's own backups
    and the newest "backup" could be the other workspace's. (No glob on `stem`: it may hold `[`.)
    Only finished backups end in `.fieldvisit`; one being written (or left by a killed run) ends
    in `.partial` and never counts.
    """
    own = re.compile(re.escape(stem) + r"-\d{8}T\d{12}Z-[^/\\]*\.fieldvisit")
    try:
        return sorted(p for p in dest_dir.glob("*.fieldvisit") if own.fullmatch(p.name))
    except OSError:
        return []


def _prune(dest_dir: Path, stem: str) -> None:
    for old in _backups_of(dest_dir, stem)[:-KEEP]:
        old.unlink(missing_ok=True)


def last_backup(path: Path | TeamAddress, dest_dir: Path | None = None) -> Path | None:
    """Return the newest backup of this workspace, if any."""
    ours = _backups_of(dest_dir or paths.backup_dir(), _key(path))
    return ours[-1] if ours else None


def list_backups(path: Path | TeamAddress, dest_dir: Path | None = None) -> list[Backup]:
    """Return this workspace's backups, newest first, with when they were taken and their size."""
    stem = _key(path)
    found = []
    for backup in reversed(_backups_of(dest_dir or paths.backup_dir(), stem)):
        stamp, label = backup.name[len(stem) + 1 :].removesuffix(".fieldvisit").split("-", 1)
        try:
            size = backup.stat().st_size
        except OSError:
            continue  # pruned meanwhile
        taken = datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=UTC)
        found.append(Backup(backup, taken, label, size))
    return found


def backup_due(path: Path, now: datetime | None = None, dest_dir: Path | None = None) -> bool:
    """Return True when the workspace has no backup taken within the last 24 hours."""
    newest = list_backups(path, dest_dir)
    now = now or datetime.now(UTC)
    return not newest or now - newest[0].taken_at >= AUTOMATIC_EVERY
