"""Waiting for the workspace's write lock: how long, what the user is told, and who holds it.

SQLite lets one connection write at a time. A writer starts with BEGIN IMMEDIATE, so it takes
the lock before doing any work and a second writer waits for the first instead of failing
halfway. How long it waits and how the wait is shown depend on who is waiting, so that is set by
the caller's context (`WritePolicy`): the command line waits about a minute and says so on
stderr, the app's background tasks show it in the status bar, the app's UI thread waits only a
few seconds. A policy also counts what was committed under it, so an interrupted command can
say truthfully whether anything was saved.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Connection, RootTransaction
from sqlalchemy.exc import OperationalError

from fieldvisit.store.processes import app_holder

# How long a writer waits before the wait is shown, and how often it is shown again.
NOTICE_AFTER_MS = 1000
STEP_MS = 250

# SQLite's lock bytes (os_unix.c): PENDING, RESERVED, then the SHARED range.
_LOCK_BYTES = range(0x40000000, 0x40000000 + 512)


@dataclass(frozen=True)
class Waiting:
    """A writer waiting for the lock: on which file, for whom, for how long so far."""

    path: Path
    holder: str
    seconds: float


Notice = Callable[[Waiting | None], None]


@dataclass
class WritePolicy:
    """How writers wait for the lock in this context, and what they committed.

    `notice(waiting)` is called about every STEP_MS once a writer has waited `notice_after_ms`,
    and `notice(None)` once when that wait is over. It may run on any thread.
    """

    wait_ms: int
    notice: Notice | None = None
    notice_after_ms: int = NOTICE_AFTER_MS
    commits: int = 0


_POLICY: ContextVar[WritePolicy | None] = ContextVar("fieldvisit_write_policy", default=None)


def current_policy() -> WritePolicy | None:
    """Return the write policy of this thread's context (None: the store's defaults)."""
    return _POLICY.get()


@contextmanager
def write_policy(policy: WritePolicy) -> Iterator[WritePolicy]:
    """Apply `policy` to every workspace write in this context (this thread) until the end."""
    token = _POLICY.set(policy)
    try:
        yield policy
    finally:
        _POLICY.reset(token)


def is_busy(exc: BaseException) -> bool:
    """Return True when a database error means another connection holds the lock."""
    orig = getattr(exc, "orig", exc)
    name = str(getattr(orig, "sqlite_errorname", ""))
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in str(orig)


def begin_writing(
    conn: Connection, path: Path, wait_ms: int, policy: WritePolicy | None
) -> RootTransaction:
    """Start `conn`'s write transaction, waiting up to `wait_ms` for the lock; return it.

    Raises the driver's busy error when the lock stayed taken for the whole wait.
    """
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    notice = policy.notice if policy is not None else None
    first_ms = min(wait_ms, policy.notice_after_ms if policy is not None else wait_ms)
    started = time.monotonic()
    deadline = started + wait_ms / 1000
    told = False
    step_ms: float = first_ms
    try:
        while True:
            raw.execute(f"PRAGMA busy_timeout={max(0, int(step_ms))}")
            try:
                return conn.begin()
            except OperationalError as exc:
                left_ms = (deadline - time.monotonic()) * 1000
                if not is_busy(exc) or left_ms <= 0:
                    raise
                if notice is not None:
                    told = True
                    notice(Waiting(path, holder_words(path), time.monotonic() - started))
                step_ms = min(STEP_MS, left_ms)
    finally:
        if told and notice is not None:
            notice(None)


def holder_words(path: Path) -> str:
    """Return who holds `path` in words, as well as can be told ("another program" if not)."""
    return lock_holder(path) or "another program"


def lock_holder(path: Path) -> str | None:
    """Return who holds `path`: SQLite's lock holder, else the app window on it, else None.

    The lock holder is read from /proc/locks (Linux); elsewhere only the app window is known.
    """
    pids = _locking_pids(Path(path))
    others = [pid for pid in pids if pid != os.getpid()]
    if others:
        return process_words(others[0])
    if pids:
        return f"another task in this program (process {os.getpid()})"
    holder = app_holder(Path(path))
    return str(holder) if holder is not None else None


def _locking_pids(path: Path) -> list[int]:
    """Return the processes holding SQLite lock bytes on `path`, writers first (Linux only)."""
    try:
        st = path.stat()
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return []
    device = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}"
    exact: list[tuple[bool, int]] = []
    loose: list[tuple[bool, int]] = []
    for line in lines:
        # "1: POSIX  ADVISORY  WRITE 4242 fe:00:2162833 1073741825 1073741825"
        parts = line.replace("->", " ").split()
        if len(parts) < 8 or parts[1] not in ("POSIX", "OFDLCK"):
            continue
        try:
            pid = int(parts[4])
            major, minor, inode = parts[5].split(":")
            start = int(parts[6])
        except ValueError:
            continue
        if int(inode) != st.st_ino or start not in _LOCK_BYTES or pid <= 0:
            continue
        entry = (parts[3] != "WRITE", pid)
        (exact if f"{major}:{minor}" == device else loose).append(entry)
    found = sorted(exact or loose)
    return list(dict.fromkeys(pid for _reader, pid in found))


def process_words(pid: int) -> str:
    """Return a process in words: "`fieldvisit import` (process 42)", "sqlite3 (process 42)"."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            argv = [a.decode(errors="replace") for a in fh.read().split(b"\0") if a]
    except OSError:
        argv = []
    if not argv:
        return f"process {pid}"
    command = _fieldvisit_command(argv)
    if command is not None:
        what = f"`fieldvisit {command}`" if command else "the Field Visit app"
        return f"{what} (process {pid})"
    return f"{os.path.basename(argv[0]) or argv[0]} (process {pid})"


def _fieldvisit_command(argv: list[str]) -> str | None:
    """Return the fieldvisit command in `argv` ("" for the app), or None if not fieldvisit."""
    rest: list[str] | None = None
    for i, arg in enumerate(argv):
        name = os.path.basename(arg)
        if name in ("fieldvisit", "fieldvisit.exe") or (
            arg == "fieldvisit" and i > 0 and argv[i - 1] == "-m"
        ):
            rest = argv[i + 1 :]
            break
    if rest is None:
        return None
    skip = False
    for arg in rest:
        if skip:
            skip = False
        elif arg in ("--db", "--screenshots"):
            skip = True
        elif not arg.startswith("-"):
            return arg
    return ""


__all__ = [
    "NOTICE_AFTER_MS",
    "Waiting",
    "WritePolicy",
    "begin_writing",
    "current_policy",
    "holder_words",
    "is_busy",
    "lock_holder",
    "process_words",
    "write_policy",
]
