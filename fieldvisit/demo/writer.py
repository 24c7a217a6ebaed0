"""Bulk rows into the workspace in chunks, with progress and cancel, in SQLAlchemy's stored formats.

SQLite takes each chunk through executemany; PostgreSQL through COPY (the same rows as text: a
0/1 flag is read as a boolean, a stored time's text as a timestamp), many times faster than
single INSERTs on a server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from itertools import islice
from typing import Any

from fieldvisit.errors import Cancelled
from fieldvisit.store.times import stored_text

CHUNK_ROWS = 20_000

Progress = Callable[[float, str], None]
Cancel = Callable[[], bool]


utc_text = stored_text  # the store's text form (naive UTC, microseconds): `store.times` owns it


class Days:
    """ISO date strings for "days ago" offsets from the demo's as-of date (negative = future).

    Millions of rows carry dates; formatting each through `date.isoformat` would dominate the
    run, so the strings are made once per offset.
    """

    def __init__(self, as_of: date, past: int = 1500, future: int = 400):
        self.as_of = as_of
        self._future = future
        self._text = [(as_of - timedelta(days=ago)).isoformat() for ago in range(-future, past + 1)]

    def text(self, ago: int) -> str:
        """Return the ISO date `ago` days before the as-of date."""
        # Offsets are bounded by construction (about 900 days back, 150 ahead); the table is sized
        # with room to spare because a negative list index would silently wrap.
        return self._text[ago + self._future]

    def date(self, ago: int) -> date:
        """Return the date `ago` days before the as-of date."""
        return self.as_of - timedelta(days=ago)


class BulkWriter:
    """Inserts rows with executemany in chunks, counting them for progress and summary."""

    def __init__(
        self,
        cursor: Any,  # sqlite3.Cursor, or a psycopg cursor with `copy`
        expected_rows: int,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        *,
        copy: bool = False,
    ):
        self.cursor = cursor
        self.copy = copy  # a psycopg cursor: rows go in by COPY
        self.expected_rows = max(1, expected_rows)
        self.progress = progress
        self.cancel = cancel
        self.written = 0
        self.counts: dict[str, int] = {}
        self.label = ""

    def check(self) -> None:
        """Raise Cancelled when the user asked to stop; report progress otherwise."""
        if self.cancel is not None and self.cancel():
            raise Cancelled("Demo generation was cancelled; no file was written.")
        if self.progress is not None:
            self.progress(min(0.99, self.written / self.expected_rows), self.label)

    def insert(
        self,
        table: str,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        after_chunk: Callable[[], None] | None = None,
    ) -> int:
        """Insert every row of `rows` (any iterable, consumed in chunks); return how many.

        `after_chunk` runs after each chunk is written: a generator that also collects rows of a
        child table (activity → activity_contact) flushes them there, once their parents exist.
        """
        cols = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        sql = f'INSERT INTO "{table}" ({cols}) VALUES ({marks})'
        copy_sql = f'COPY "{table}" ({cols}) FROM STDIN'
        it = iter(rows)
        total = 0
        while True:
            chunk = list(islice(it, CHUNK_ROWS))
            if not chunk:
                break
            if self.copy:
                with self.cursor.copy(copy_sql) as copy:
                    for row in chunk:
                        copy.write_row(row)
            else:
                self.cursor.executemany(sql, chunk)
            if after_chunk is not None:
                after_chunk()
            total += len(chunk)
            self.written += len(chunk)
            self.check()
        self.counts[table] = self.counts.get(table, 0) + total
        return total
