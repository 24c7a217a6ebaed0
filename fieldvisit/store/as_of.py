"""The date a workspace is planned as of: one owner for the command line and the app.

A workspace plans as of today, unless it keeps a date of its own: a demo built with `--as-of`
stores that day (the `as_of` setting), so `suggest`, `coverage`, `impact`, `plan` and the app all
see the demo as it was built. A command's `--as-of`, or the date chosen in the app's header, looks
at another day for that run or that session only; it never changes the stored date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection

# The `setting` row holding the workspace's own as-of date (an ISO date as JSON); absent: today.
AS_OF_KEY = "as_of"


@dataclass(frozen=True)
class WorkspaceDay:
    """The day a workspace plans as of, and whether it is the workspace's stored date."""

    day: date
    stored: bool  # True: the workspace keeps this date (a demo's); False: it is today

    @property
    def source(self) -> str:
        """Return where the date comes from, in plain words ("today", "the workspace's date")."""
        return "the workspace's date" if self.stored else "today"


def local_today() -> date:
    """Return today's date where this computer is (the day a person means by "today")."""
    return datetime.now().astimezone().date()


def stored_as_of(conn: Connection) -> date | None:
    """Return the as-of date the workspace keeps (None: it plans as of today)."""
    raw = conn.execute(text("SELECT value FROM setting WHERE key = :k"), {"k": AS_OF_KEY}).scalar()
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None  # an unreadable value means no date of its own, not a broken workspace


def store_as_of(conn: Connection, day: date | None) -> None:
    """Keep `day` as the workspace's as-of date (None: plan as of today again)."""
    if day is None:
        conn.execute(text("DELETE FROM setting WHERE key = :k"), {"k": AS_OF_KEY})
        return
    conn.execute(
        text(
            "INSERT INTO setting(key, value) VALUES (:k, :v) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
        ),
        {"k": AS_OF_KEY, "v": json.dumps(day.isoformat())},
    )


def workspace_day(conn: Connection, today: date | None = None) -> WorkspaceDay:
    """Return the day the workspace plans as of: its stored date, else today."""
    stored = stored_as_of(conn)
    if stored is not None:
        return WorkspaceDay(stored, True)
    return WorkspaceDay(today or local_today(), False)


def workspace_as_of(conn: Connection, today: date | None = None) -> date:
    """Return the date to plan from when none is asked for: the stored date, else today."""
    return workspace_day(conn, today).day


def newest_activity_day(conn: Connection) -> date | None:
    """Return the day of the newest activity in the workspace (None when it has none)."""
    raw = conn.execute(text("SELECT max(occurred_on) FROM activity")).scalar()
    if raw is None:
        return None
    return raw if isinstance(raw, date) else date.fromisoformat(str(raw)[:10])


__all__ = [
    "AS_OF_KEY",
    "WorkspaceDay",
    "local_today",
    "newest_activity_day",
    "store_as_of",
    "stored_as_of",
    "workspace_as_of",
    "workspace_day",
]
