"""What a travel copy keeps to the team workspace: writes that `sync` does not carry are refused.

A travel copy pushes visits, debriefs and next steps (`fieldvisit.travel.sync`); everything else
is replaced by the team's rows at the next pull. So settings, snoozes and dismissals are not
changed in a copy at all: the write is refused with one line saying where to make it, rather
than kept until the next sync silently drops it. A copy is known by its recorded team address.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError

SOURCE_KEY = "travel.source"  # set when a travel copy is taken (`travel.pending`)

REFUSALS = {
    "settings": "Settings are changed in the team workspace, not in a travel copy; "
    "nothing was saved (the team's settings arrive here with the next sync).",
    "snooze": "Snoozes are set and ended in the team workspace, not in a travel copy "
    "(sync does not carry them); nothing was saved.",
    "dismissal": "Suggestions are dismissed and brought back in the team workspace, not in a "
    "travel copy (sync does not carry them); nothing was saved.",
}


class OfflineRefused(FieldVisitError):
    """A change a travel copy cannot push was refused (made in the team workspace instead)."""


def in_travel_copy(conn: Connection) -> bool:
    """Return True when the workspace is a travel copy (it records its team address)."""
    found = conn.execute(text("SELECT 1 FROM setting WHERE key = :k"), {"k": SOURCE_KEY})
    return found.first() is not None


def refuse_offline(conn: Connection, what: str) -> None:
    """Raise OfflineRefused when the workspace is a travel copy: `what` is not synced from one."""
    if in_travel_copy(conn):
        raise OfflineRefused(REFUSALS[what])
