"""Drafts: what was typed but not saved yet, kept so a crash loses nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from fieldvisit.debriefs.data import DebriefData, DraftInfo
from fieldvisit.store import Workspace
from fieldvisit.store.types import UTCDateTime


def save_draft(ws: Workspace, data: DebriefData, *, now: datetime | None = None) -> None:
    """Store the editor's current content as the visit's draft (replacing an older one)."""
    with ws.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO debrief_draft(visit_id, payload, updated_at) VALUES (:v, :p, :u) "
                "ON CONFLICT(visit_id) DO UPDATE SET payload = excluded.payload, "
                "updated_at = excluded.updated_at"
            ).bindparams(bindparam("u", type_=UTCDateTime())),
            {"v": data.visit_id, "p": data.to_json(), "u": now or datetime.now(UTC)},
        )


def load_draft(conn: Connection, visit_id: int) -> DebriefData | None:
    """Return the visit's draft, or None when there is none.

    A draft that cannot be decoded is still offered back, its raw text under "What we learned",
    so the next autosave never replaces typed words with nothing.
    """
    payload = conn.execute(
        text("SELECT payload FROM debrief_draft WHERE visit_id = :v"), {"v": visit_id}
    ).scalar()
    if payload is None:
        return None
    try:
        data = DebriefData.from_json(payload)
    except (ValueError, TypeError, KeyError, AttributeError):
        data = DebriefData(visit_id=visit_id, learned=str(payload))
    data.visit_id = visit_id
    return data


def discard_draft(ws: Workspace, visit_id: int) -> None:
    """Delete the visit's draft, if any."""
    with ws.begin() as conn:
        conn.execute(text("DELETE FROM debrief_draft WHERE visit_id = :v"), {"v": visit_id})


def pending_drafts(conn: Connection) -> list[DraftInfo]:
    """Return every draft left in the workspace, the newest first."""
    rows = conn.execute(
        text(
            "SELECT dd.visit_id, a.name, v.start, dd.updated_at FROM debrief_draft dd "
            "JOIN visit v ON v.id = dd.visit_id JOIN account a ON a.id = v.account_id "
            "ORDER BY dd.updated_at DESC"
        ).columns(start=UTCDateTime(), updated_at=UTCDateTime())
    )
    return [DraftInfo(v, name, start, updated) for v, name, start, updated in rows]
