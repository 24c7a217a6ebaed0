"""Memory: a workspace connection keeps its page cache only while it reads (issue 14: the app's
two worker connections held 64 MiB each after This week's refresh on the large demo)."""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from fieldvisit.demo import generate_demo
from fieldvisit.store import open_workspace

MIB = 1024 * 1024


def _sqlite_memory_used() -> Callable[[], int]:
    """Return SQLite's own count of the bytes it holds, where the driver exports it."""
    try:
        import _sqlite3

        used = ctypes.CDLL(_sqlite3.__file__).sqlite3_memory_used
    except (ImportError, OSError, AttributeError):
        pytest.skip("this Python's SQLite does not export sqlite3_memory_used")
    used.restype = ctypes.c_int64
    return lambda: int(used())


def test_a_connection_back_in_the_pool_frees_the_pages_it_read(tmp_path: Path) -> None:
    used = _sqlite_memory_used()
    path = tmp_path / "demo.fieldvisit"
    generate_demo(path, "small", seed=7, as_of=date(2026, 6, 15))
    ws = open_workspace(path)
    try:
        before = used()
        with ws.connect() as conn:
            # Every page of the file passes through the connection's page cache.
            assert conn.exec_driver_sql("PRAGMA quick_check").scalar() == "ok"
            reading = used()
        idle = used()
    finally:
        ws.close()
    assert reading - before > 1 * MIB  # the read filled the cache…
    assert idle - before < MIB // 4  # …and the pool keeps the connection without it
