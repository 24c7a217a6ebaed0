"""Temporary files named for the process writing them, and removing those a crash left behind.

Demos, backups and restores are written under a temporary name and renamed into place, so a
killed run leaves only its temporary file (a large demo is hundreds of megabytes). The name holds
the writer's process id: the next run in the same folder removes the files whose writer is gone
and never touches one a live process is still writing.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

# SQLite's files beside a database (rollback journal, write-ahead log, shared memory).
SIDE_SUFFIXES = ("-journal", "-wal", "-shm")
# Temporary files from versions that did not name their writer: removed once this old.
LEGACY_AGE_S = 24 * 3600

_PID = r"-(?P<pid>\d+)"


def temporary_name(path: Path, kind: str) -> Path:
    """Return a fresh temporary name beside `path` for `kind` work ("building", "restoring")."""
    return path.with_name(f"{path.name}-{kind}-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def partial_name(target: Path) -> Path:
    """Return the name a file is written under before it becomes `target` (a backup)."""
    return target.with_name(f"{target.stem}.{os.getpid()}.partial")


def remove_leftovers(folder: Path, pattern: re.Pattern[str]) -> list[Path]:
    """Remove the files in `folder` matching `pattern` whose writer is gone; return them.

    `pattern` matches a whole file name and has a `pid` group, which is absent (None) for names
    written by older versions: those are removed only when untouched for a day. Side files
    (journal, WAL) go with their file. Files that cannot be removed are left as they are.
    """
    from fieldvisit.store.processes import pid_alive

    removed: list[Path] = []
    for path, pid in _matches(folder, pattern):
        try:
            if pid is not None:
                if pid_alive(pid):
                    continue
            elif time.time() - path.stat().st_mtime < LEGACY_AGE_S:
                continue
            path.unlink(missing_ok=True)
        except OSError:
            continue  # read-only folder or a file in use elsewhere: leave it
        removed.append(path)
    return removed


def _matches(folder: Path, pattern: re.Pattern[str]) -> Iterator[tuple[Path, int | None]]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        base = next((name[: -len(s)] for s in SIDE_SUFFIXES if name.endswith(s)), name)
        match = pattern.fullmatch(base)
        if match is not None:
            pid = match.group("pid")
            yield folder / name, None if pid is None else int(pid)


def temporaries_of(path: Path, kind: str) -> re.Pattern[str]:
    """Return the pattern of `temporary_name(path, kind)` files, old versions' names included."""
    return re.compile(re.escape(f"{path.name}-{kind}") + f"(?:{_PID})?-[0-9a-f]{{8}}")


def partials(stem_pattern: str = r"[^/\\]+") -> re.Pattern[str]:
    """Return the pattern of `partial_name` files (and older versions' `NAME.partial`)."""
    return re.compile(f"{stem_pattern}?(?:\\.(?P<pid>\\d+))?\\.partial")
