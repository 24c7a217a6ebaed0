"""Verified backups with SQLite's own backup API (a file copy during a write can mix pages)."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from fieldvisit import paths
from fieldvisit.errors import WorkspaceError

KEEP = 10


def backup_workspace(path: Path, *, dest_dir: Path | None = None, label: str = "backup") -> Path:
    """Copy the workspace with the backup API, verify it with quick_check, keep the last 10."""
    path = Path(path)
    dest_dir = dest_dir or paths.backup_dir()
    dest_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = dest_dir / f"{_key(path)}-{stamp}-{label}.fieldvisit"
    partial = target.with_suffix(".partial")
    try:
        with (
            closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as src,
            closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
        with closing(sqlite3.connect(f"file:{partial}?mode=ro", uri=True)) as check:
            result = check.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise WorkspaceError(f"The backup of {path} failed verification: {result}")
        partial.replace(target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise WorkspaceError(f"Could not back up {path}: {exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _prune(dest_dir, _key(path))
    return target


def _key(path: Path) -> str:
    """Return the backup name prefix: the file's name plus a digest of where it lives.

    Two workspaces called `team.fieldvisit` in different folders share the backup folder; without
    the digest each would prune (and show as "last backup") the other's copies.
    """
    where = hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:8]
    return f"{Path(path).stem}-{where}"


def _backups_of(dest_dir: Path, stem: str) -> list[Path]:
    """Return this workspace's backups, oldest first.

    Matched on the exact name and time stamp: a plain `stem-*` would also take in the backups of
    a workspace called `stem-emea`, so pruning would keep fewer of this workspace's own backups
    and the newest "backup" could be the other workspace's. (No glob on `stem`: it may hold `[`.)
    """
    own = re.compile(re.escape(stem) + r"-\d{8}T\d{12}Z-[^/\\]*\.fieldvisit")
    return sorted(p for p in dest_dir.glob("*.fieldvisit") if own.fullmatch(p.name))


def _prune(dest_dir: Path, stem: str) -> None:
    for old in _backups_of(dest_dir, stem)[:-KEEP]:
        old.unlink(missing_ok=True)


def last_backup(path: Path, dest_dir: Path | None = None) -> Path | None:
    """Return the newest backup of this workspace, if any."""
    ours = _backups_of(dest_dir or paths.backup_dir(), _key(Path(path)))
    return ours[-1] if ours else None
