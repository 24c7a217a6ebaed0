"""Crashes made for real: writers killed mid-change, and files with damaged pages."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

# A writer that changes enough rows to spill pages into the file before COMMIT (a small page
# cache), says so, and waits to be killed: it leaves a hot rollback journal behind.
_WRITER = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=8")
conn.execute("BEGIN")
conn.execute("UPDATE activity SET external_id = external_id || '-lost', occurred_on = '1999-01-01'")
conn.execute("DELETE FROM debrief_fts")
print("written", flush=True)
sys.stdin.read()
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kill_writer_mid_change(path: Path) -> None:
    """Leave a hot journal beside `path`: a writer is killed (SIGKILL) before its COMMIT."""
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "written"
    finally:
        writer.kill()
        writer.wait()
    journal = Path(f"{path}-journal")
    assert journal.exists() and journal.stat().st_size > 0, "the killed writer left its journal"


def table_pages(path: Path, table: str) -> list[int]:
    """Return the pages just below the root of `table`'s b-tree (its leaves, in a small table)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        root = conn.execute(
            "SELECT rootpage FROM sqlite_schema WHERE name = ?", (table,)
        ).fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    with path.open("rb") as fh:
        fh.seek((root - 1) * page_size)
        page = fh.read(page_size)
    assert page[0] == 0x05, f"{table}'s root is an interior page"
    cells = int.from_bytes(page[3:5], "big")
    pointers = [int.from_bytes(page[12 + 2 * i : 14 + 2 * i], "big") for i in range(cells)]
    children = [int.from_bytes(page[p : p + 4], "big") for p in pointers]
    return [*children, int.from_bytes(page[8:12], "big")]


def damage_pages(path: Path, pages: list[int], page_size: int = 4096) -> None:
    """Overwrite the given pages of `path` with junk, as a failing disk would."""
    data = bytearray(path.read_bytes())
    for page in pages:
        start = (page - 1) * page_size
        data[start : start + page_size] = b"\xa5" * page_size
    path.write_bytes(bytes(data))
