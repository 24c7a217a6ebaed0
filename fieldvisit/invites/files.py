"""Writing .ics exports: never half-written, never clobbering another file, owner-only.

The one writer of invite files for the command line and the app:

- Every file is written to a temporary file in the target's folder, flushed to disk and renamed
  over the target, so a reader never sees half a file.
- Every invite file is owner-only (0600), new or replaced: the internal one holds the briefing
  (deal, amount, objective, last debrief) and the external one the attendees' names and
  addresses. Sharing a file is the owner's decision, made after the export.
- Several files (a visit's team and customer invites) are checked and written to temporary files
  first and renamed into place only once all of them are whole, so a failure leaves no target
  changed.
- `export_visit_invites` writes a visit's invites inside the caller's transaction: the invites
  are recorded as sent (UIDs, SEQUENCE, fingerprint) in that transaction, so when a file cannot
  be written the error rolls the record back and nothing is marked as sent.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError
from fieldvisit.invites.audiences import Audience
from fieldvisit.invites.build import Invite, visit_invites
from fieldvisit.settings import Rules

ICS_START = b"BEGIN:VCALENDAR"
INVITE_FILE_MODE = 0o600


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
    if not path.parent.is_dir():
        raise FieldVisitError(f"{path.parent} is a file, not a folder; choose a folder.")
    if path.exists() and not _looks_like_ics(path):
        # A typo such as `-o workspace.fieldvisit` must not destroy a workspace or a document.
        raise FieldVisitError(
            f"{path} exists and is not a calendar file; Field Visit will not overwrite it."
        )


def _cannot_write(path: Path, exc: OSError) -> FieldVisitError:
    return FieldVisitError(f"Could not write {path}: {exc.strerror or exc}.")


def _staged(path: Path, data: bytes) -> Path:
    """Write `data` to an owner-only temporary file beside `path`, on disk; return its path."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), INVITE_FILE_MODE)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _sync_folder(folder: Path) -> None:
    # The rename itself is durable only once the folder entry is on disk (POSIX).
    if hasattr(os, "O_DIRECTORY"):
        with contextlib.suppress(OSError):
            dir_fd = os.open(folder, os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


def write_all_atomically(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every (path, data) pair, or raise FieldVisitError with no target changed.

    All targets are checked and all data is on disk in temporary files before the first rename.
    """
    targets = [(Path(path), data) for path, data in files]
    if len({p.resolve() for p, _ in targets}) != len(targets):
        raise FieldVisitError("Two invites would be written to the same file.")
    for path, _ in targets:
        check_target(path)
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in targets:
            staged.append((_staged(path, data), path))
        for n, (tmp, path) in enumerate(staged):
            try:
                os.replace(tmp, path)
            except OSError as exc:
                done = [p.name for _, p in staged[:n]]
                note = f" ({', '.join(done)} was saved)" if done else ""
                raise FieldVisitError(
                    f"Could not write {path}: {exc.strerror or exc}{note}."
                ) from exc
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    for folder in {path.parent for path, _ in targets}:
        _sync_folder(folder)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` in one step (temp file in the same folder, fsync, rename), 0600."""
    write_all_atomically([(Path(path), data)])


def export_visit_invites(
    conn: Connection,
    visit_pk: int,
    rules: Rules,
    targets: Mapping[Audience, Path],
    now: datetime,
    as_of: date | None = None,
) -> list[tuple[Invite, Path]]:
    """Write each audience's invite of one visit to its file; return what went where.

    Runs in the caller's transaction, which records the invites as sent: if any file cannot be
    written, a FieldVisitError propagates, the transaction rolls back, and nothing is marked as
    sent (and no target file changed).
    """
    paths = {audience: Path(path) for audience, path in targets.items()}
    for path in paths.values():
        check_target(path)  # before anything is issued
    invites = visit_invites(conn, visit_pk, rules, list(paths), now, as_of)
    written = [(invite, paths[invite.content.audience]) for invite in invites]
    write_all_atomically([(path, invite.ics) for invite, path in written])
    return written
