"""SQLite's errors on a workspace file, in plain words (one line, naming the file).

The driver's own text ("attempt to write a readonly database", "disk I/O error") says neither
which file nor what to do, and SQLAlchemy's adds the statement and its parameters (deal names).
"""

from __future__ import annotations

import os
from pathlib import Path

from fieldvisit.errors import WorkspaceError
from fieldvisit.store.locking import holder_words, is_busy

NOT_SAVED = "the change was not saved"


def sqlite_error_name(exc: BaseException) -> str:
    """Return SQLite's name for the error ("SQLITE_FULL"), or "" when it is not SQLite's."""
    return str(getattr(getattr(exc, "orig", exc), "sqlite_errorname", "") or "")


def first_line(exc: BaseException) -> str:
    """Return the driver's own message, first line only (no SQL, no parameters)."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip()
    return text.splitlines()[0] if text else type(orig).__name__


def _seconds(ms: int) -> str:
    secs = ms / 1000
    return f"{secs:g} second" + ("" if secs == 1 else "s")


def _why_not_writable(path: Path) -> str:
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(folder, os.W_OK):
        return f"its folder {folder} is read-only (SQLite writes a journal file next to it)"
    return "the file or its folder is read-only"


def error_in_words(
    exc: BaseException, path: Path, *, writing: bool, waited_ms: int | None = None
) -> WorkspaceError | None:
    """Return a WorkspaceError saying what went wrong with `path`, or None.

    None when SQLite's error is not about the file (a constraint, a bug) or is damage, which has
    the caller's own message.
    """
    name = sqlite_error_name(exc)
    if is_busy(exc):
        holder = holder_words(path)
        if writing and waited_ms is not None:
            return WorkspaceError(
                f"{path} is in use by {holder} and was not free after {_seconds(waited_ms)}; "
                f"{NOT_SAVED}. Try again when it is done."
            )
        return WorkspaceError(f"{path} is in use by {holder}; try again when it is done.")
    if name.startswith("SQLITE_READONLY"):
        if name in ("SQLITE_READONLY_ROLLBACK", "SQLITE_READONLY_RECOVERY"):
            return WorkspaceError(
                f"{path} was left mid-write by a crash and cannot be repaired because "
                f"{_why_not_writable(path)}; make it writable and run the command again."
            )
        what = NOT_SAVED if writing else "nothing was changed"
        return WorkspaceError(f"{path} cannot be written: {_why_not_writable(path)}; {what}.")
    if name.startswith("SQLITE_CANTOPEN"):
        if writing:
            return WorkspaceError(
                f"{path} cannot be written: {_why_not_writable(path)}; {NOT_SAVED}."
            )
        return WorkspaceError(f"{path} cannot be opened ({first_line(exc)}).")
    if name == "SQLITE_FULL":
        return WorkspaceError(
            f"There is no room to write {path} (the disk is full, or a file size limit was "
            f"reached); {NOT_SAVED}."
        )
    if name.startswith("SQLITE_IOERR"):
        what = "Writing" if writing else "Reading"
        return WorkspaceError(
            f"{what} {path} failed (a disk error, or the disk is full or a file size limit was "
            f"reached: {first_line(exc)}); {NOT_SAVED if writing else 'nothing was changed'}."
        )
    if name in ("SQLITE_PERM", "SQLITE_AUTH"):
        return WorkspaceError(f"{path}: the operating system refused access ({first_line(exc)}).")
    return None


__all__ = ["error_in_words", "first_line", "sqlite_error_name"]
