"""Undo and redo of a debrief save: put back the debrief as it was saved before (or none).

Undoing the first save of a debrief removes the debrief but keeps its text as the visit's draft,
so nothing typed is lost and the debrief is owed again. An undo is refused when the debrief was
saved again since (in another window, or by a colleague on the shared file): that later save
is left alone. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import text

from fieldvisit.debriefs.data import DebriefData
from fieldvisit.debriefs.drafts import save_draft
from fieldvisit.debriefs.records import load_debrief, save_debrief
from fieldvisit.planning.undo import UndoRefused
from fieldvisit.store import Workspace
from fieldvisit.store.dialect import dialect_of
from fieldvisit.store.versions import version_of

AGAIN = "The debrief was saved again since; open it to change it."


@dataclass(frozen=True)
class SavedDebrief:
    """A visit's debrief as stored at one moment (None: none written) and whom the visit met."""

    visit_id: int
    debrief: DebriefData | None
    contact_ids: tuple[int, ...]
    version: int = 0  # the debrief row's version (`store.versions`), 0 when none was written

    @property
    def written_at(self) -> datetime | None:
        return self.debrief.written_at if self.debrief is not None else None


def saved_debrief(ws: Workspace, visit_id: int) -> SavedDebrief:
    """Return the visit's debrief as stored now (read before and after a save)."""
    with ws.connect() as conn:
        debrief = load_debrief(conn, visit_id)
        contacts = tuple(
            conn.execute(
                text("SELECT contact_id FROM visit_contact WHERE visit_id = :v ORDER BY 1"),
                {"v": visit_id},
            ).scalars()
        )
        version = version_of(conn, "debrief", visit_id)
    return SavedDebrief(visit_id, debrief, contacts, version)


def put_back_debrief(ws: Workspace, now: SavedDebrief, then: SavedDebrief) -> None:
    """Make the visit's debrief what it was in `then`, if it is still what it was in `now`.

    Raises UndoRefused when the debrief was saved again since `now` was read — also when such a
    save commits while this runs: the write checks the version just read (store.versions).
    """
    current = saved_debrief(ws, now.visit_id)
    if current.written_at != now.written_at:
        raise UndoRefused(AGAIN)
    if then.debrief is not None:
        save_debrief(ws, then.debrief, now=then.written_at, seen=current.version)
        return
    with ws.begin() as conn:
        locked = conn.execute(
            text(
                "SELECT row_version FROM debrief WHERE visit_id = :v"
                f"{dialect_of(conn).for_update()}"
            ),
            {"v": now.visit_id},
        ).scalar()
        if int(locked or 0) != current.version:
            raise UndoRefused(AGAIN)
        conn.execute(text("DELETE FROM debrief WHERE visit_id = :v"), {"v": now.visit_id})
        conn.execute(text("DELETE FROM visit_contact WHERE visit_id = :v"), {"v": now.visit_id})
        for contact in then.contact_ids:
            conn.execute(
                text("INSERT INTO visit_contact(visit_id, contact_id) VALUES (:v, :c)"),
                {"v": now.visit_id, "c": contact},
            )
    if now.debrief is not None:  # the words typed stay, as the visit's draft
        save_draft(ws, replace(now.debrief, written_at=None, base_version=0))  # none saved now
