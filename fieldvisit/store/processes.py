"""Who else has a file: whether a process is alive, and which app window holds a workspace.

The desktop app marks a workspace it has open with a Qt lock file (`fieldvisit.ui.instance`);
the core reads that file here without Qt, so `restore` can refuse to swap a file out from
under an open window.
"""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from fieldvisit.paths import app_lock_path


def pid_alive(pid: int) -> bool:
    """Return True when a process with this id runs on this computer (our own counts)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        # os.kill on Windows terminates the process: ask for its exit code instead.
        query_limited_information, still_active = 0x1000, 259
        kernel = ctypes.windll.kernel32
        handle = kernel.OpenProcess(query_limited_information, False, pid)
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            if not kernel.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == still_active
        finally:
            kernel.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


@dataclass(frozen=True)
class Holder:
    """A process that has a workspace open in an app window."""

    pid: int
    host: str

    def __str__(self) -> str:
        where = "this computer" if self.host in ("", socket.gethostname()) else self.host
        return f"Field Visit (process {self.pid} on {where})"


def app_holder(workspace: Path) -> Holder | None:
    """Return the live app window (other than this process) holding `workspace`, if any.

    A lock left behind by a crashed app names a process that is gone; it does not count.
    A lock written on another computer cannot be checked, so it counts.
    """
    lock = app_lock_path(workspace)
    try:
        lines = lock.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return None
    except OSError:
        return None  # unreadable: SQLite's own lock still guards the file
    # Qt writes "pid\nappname\nhostname\n…".
    try:
        pid = int(lines[0].strip())
    except (IndexError, ValueError):
        return None
    host = lines[2].strip() if len(lines) > 2 else ""
    if pid == os.getpid() and host in ("", socket.gethostname()):
        return None
    if host in ("", socket.gethostname()) and not pid_alive(pid):
        return None
    return Holder(pid, host)
