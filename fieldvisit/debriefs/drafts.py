"""Drafts: what was typed but not saved yet, kept so a crash loses nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError, OperationalError

from fieldvisit.debriefs.data import DebriefData, DraftInfo
from fieldvisit.errors import WorkspaceError
from fieldvisit.store import Workspace
from fieldvisit.store.types import UTCDateTime


class DraftNotStored(WorkspaceError):
    """The workspace could not take the draft now (busy, read-only, damaged or full)."""


def _why(exc: BaseException) -> str:
    if isinstance(exc, WorkspaceError):
        return str(exc).rstrip(".")  # the store's own one-line words (locked, read-only, full…)
    orig = getattr(exc, "orig", exc)
    words = str(orig)
    if "locked" in words or getattr(orig, "sqlite_errorname", "") == "SQLITE_BUSY":
        return "another program is writing to it"
    if "readonly" in words or "read-only" in words:
        return "it is read-only"
    return words


def save_draft(
    ws: Workspace, data: DebriefData, *, now: datetime | None = None, wait_ms: int | None = None
) -> None:
    """Store the editor's content as the visit's draft (replacing an older one).

    `wait_ms` bounds the wait for another writer's lock. Raises DraftNotStored when the workspace
    cannot take it (the caller keeps the text elsewhere and tries again later).
    """
    try:
        with ws.begin(wait_ms=wait_ms) as conn:
            conn.execute(
                text(
                    "INSERT INTO debrief_draft(visit_id, payload, updated_at) VALUES (:v, :p, :u) "
                    "ON CONFLICT(visit_id) DO UPDATE SET payload = excluded.payload, "
                    "updated_at = excluded.updated_at"
                ).bindparams(bindparam("u", type_=UTCDateTime())),
                {"v": data.visit_id, "p": data.to_json(), "u": now or datetime.now(UTC)},
            )
    except (OperationalError, DatabaseError, WorkspaceError) as exc:
        raise DraftNotStored(
            f"The draft of visit {data.visit_id} could not be written into {_where(ws)}: "
            f"{_why(exc)}."
        ) from exc


def _where(ws: Workspace) -> str:
    """How a message names the workspace: its file's name, or a team workspace's address."""
    return ws.label if ws.is_team else ws.path.name


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


def draft_updated_at(conn: Connection, visit_id: int) -> datetime | None:
    """Return when the visit's draft in the workspace was last written (None: no draft)."""
    return conn.execute(
        text("SELECT updated_at FROM debrief_draft WHERE visit_id = :v").columns(
            updated_at=UTCDateTime()
        ),
        {"v": visit_id},
    ).scalar()


def discard_draft(ws: Workspace, visit_id: int, *, wait_ms: int | None = None) -> None:
    """Delete the visit's draft, if any (DraftNotStored when the workspace cannot be written)."""
    try:
        with ws.begin(wait_ms=wait_ms) as conn:
            conn.execute(text("DELETE FROM debrief_draft WHERE visit_id = :v"), {"v": visit_id})
    except (OperationalError, DatabaseError, WorkspaceError) as exc:
        raise DraftNotStored(
            f"The draft of visit {visit_id} could not be removed from {_where(ws)}: {_why(exc)}."
        ) from exc


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
