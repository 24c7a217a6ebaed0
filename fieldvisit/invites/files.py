"""Writing .ics exports so a reader never sees a half-written file and nothing else is clobbered."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from fieldvisit.errors import FieldVisitError

ICS_START = b"BEGIN:VCALENDAR"


def _looks_like_ics(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").upper().startswith(ICS_START)


def check_target(path: Path) -> None:
    """Raise FieldVisitError unless `path` may receive an export (new file, or an .ics file)."""
    if path.is_dir():
        raise FieldVisitError(f"{path} is a folder; give a file name like visit.ics.")
    if not path.parent.exists():
        raise FieldVisitError(f"The folder {path.parent} does not exist.")
    if path.exists() and not _looks_like_ics(path):
        # A typo such as `-o workspace.fieldvisit` must not destroy a workspace or a document.
        raise FieldVisitError(
            f"{path} exists and is not a calendar file; Field Visit will not overwrite it."
        )


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` in one step: temp file in the same folder, fsync, rename."""
    path = Path(path)
    check_target(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # New files stay owner-only (mkstemp's 0600): an internal export holds the briefing.
        # A replaced file keeps the permissions its owner gave it.
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FieldVisitError(f"Could not write {path}: {exc.strerror or exc}.") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    # The rename itself is durable only once the folder entry is on disk (POSIX).
    if hasattr(os, "O_DIRECTORY"):
        with contextlib.suppress(OSError):
            dir_fd = os.open(path.parent, os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
