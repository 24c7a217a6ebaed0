"""Real processes for tests: `python -m fieldvisit` runs, a program holding a workspace's lock,
and runs as a plain user (without root's power to ignore file permissions)."""

from __future__ import annotations

import ctypes
import hashlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

# Holds a workspace's lock: BEGIN IMMEDIATE (other writers wait) or EXCLUSIVE (readers wait
# too), says "locked", and lets go when a line arrives on stdin.
_HOLDER = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN " + sys.argv[2])
conn.execute("SELECT count(*) FROM setting").fetchone()
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
print("released", flush=True)
"""

# Capabilities that let root read and write any file (linux/capability.h).
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2
_PR_CAPBSET_DROP = 24


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fv_command(db: Path | None, *args: str) -> list[str]:
    """Return the argv of `python -m fieldvisit [--db DB] ARGS`."""
    return [sys.executable, "-m", "fieldvisit", *(["--db", str(db)] if db else []), *args]


def run_fv(
    db: Path | None,
    *args: str,
    env: dict[str, str] | None = None,
    preexec: Callable[[], None] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run the command line in a child process and return what it did."""
    return subprocess.run(
        fv_command(db, *args),
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        preexec_fn=preexec,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


class LockHolder:
    """Another program holding the workspace's lock until `release()`."""

    def __init__(self, path: Path, mode: str = "IMMEDIATE") -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _HOLDER, str(path), mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        assert line == "locked", f"the lock holder did not start: {line!r}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def release(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None and self.process.stdout is not None
            self.process.stdin.write("go\n")
            self.process.stdin.flush()
            assert self.process.stdout.readline().strip() == "released"
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)


@contextmanager
def lock_held(path: Path, mode: str = "IMMEDIATE") -> Iterator[LockHolder]:
    """Hold `path`'s lock in another process for the block (released or killed after)."""
    holder = LockHolder(path, mode)
    try:
        yield holder
    finally:
        holder.stop()


def _drop_root_file_powers() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def as_plain_user() -> Callable[[], None] | None:
    """Return a preexec function so a child obeys file permissions even when tests run as root.

    Root ignores permissions through two capabilities; a child started without them in its
    bounding set is refused like anyone else. Skips the test when that cannot be arranged.
    """
    if os.geteuid() != 0:
        return None
    if not sys.platform.startswith("linux"):
        pytest.skip("running as root, and file permissions cannot be enforced here")
    probe = subprocess.run(
        [sys.executable, "-c", "pass"], preexec_fn=_drop_root_file_powers, capture_output=True
    )
    if probe.returncode != 0:
        pytest.skip("running as root without the right to drop capabilities")
    return _drop_root_file_powers


def stderr_lines(result: subprocess.CompletedProcess[Any]) -> list[str]:
    return [line for line in str(result.stderr).splitlines() if line.strip()]


def accounts_csv(path: Path, count: int, prefix: str) -> Path:
    """Write an accounts file of `count` rows with ids PREFIX0…"""
    lines = ["account_id,name,industry,city,country,tier"]
    lines += [
        f"{prefix}{i},{prefix} Company {i},Retail,Munich,DE,{('standard', 'key')[i % 2]}"
        for i in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Terminal:
    """A child process on a pseudo-terminal of its own: it can be prompted and typed at."""

    def __init__(self, argv: Sequence[str], env: dict[str, str] | None = None) -> None:
        import pty

        self.master, slave = pty.openpty()
        self.output = b""
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**os.environ, **(env or {})},
            preexec_fn=_own_terminal,
        )
        os.close(slave)

    def read_until(self, wanted: bytes, timeout: float = 60) -> bytes:
        """Read the terminal until `wanted` shows (or the child ends); return all output."""
        import select
        import time

        deadline = time.monotonic() + timeout
        while wanted not in self.output:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{wanted!r} never showed; the terminal had {self.output!r}")
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:  # the child closed its side
                chunk = b""
            if not chunk:
                break
            self.output += chunk
        return self.output

    def type(self, data: bytes) -> None:
        os.write(self.master, data)

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        """Wait for the child; return its exit code and everything it wrote."""
        code = self.process.wait(timeout=timeout)
        self._drain()
        os.close(self.master)
        return code, self.output.decode(errors="replace")

    def _drain(self) -> None:
        import select

        while select.select([self.master], [], [], 0.2)[0]:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk


def _own_terminal() -> None:
    import fcntl
    import termios

    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
