"""Drafts: what was typed but not saved yet, kept so a crash loses nothing.

A draft belongs to the visit and to the person who typed it (`store.identity.person_of`): on a
team workspace a colleague's notes on the same debrief are theirs, never offered to you, never
replacing yours, and their save does not discard yours. A draft from before drafts had authors
(author "") is offered to whoever opens the visit first, and taken over by their next draft; one
written under a name the person went by before (File › Your name…) is still theirs.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError, OperationalError

from fieldvisit.debriefs.data import DebriefData, DraftInfo
from fieldvisit.errors import WorkspaceError
from fieldvisit.store import Workspace
from fieldvisit.store.dialect import dialect_of
from fieldvisit.store.identity import names_of, person_of
from fieldvisit.store.types import UTCDateTime


def mine(conn: Connection, alias: str = "debrief_draft") -> str:
    """Return the SQL condition "this draft is mine": written under one of my names on this
    computer (`identity.names_of`), or from before drafts had authors. Bind `mine_params(conn)`."""
    return f"({alias}.author IN {dialect_of(conn).texts_in_json('mine')} OR {alias}.author = '')"


def mine_params(conn: Connection) -> dict[str, str]:
    """Return the parameter `mine` needs."""
    return {"mine": json.dumps(names_of(conn))}


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
            me = person_of(conn)
            conn.execute(
                text(
                    "INSERT INTO debrief_draft(visit_id, author, payload, updated_at) "
                    "VALUES (:v, :me, :p, :u) ON CONFLICT(visit_id, author) DO UPDATE "
                    "SET payload = excluded.payload, updated_at = excluded.updated_at"
                ).bindparams(bindparam("u", type_=UTCDateTime())),
                {"v": data.visit_id, "me": me, "p": data.to_json(), "u": now or datetime.now(UTC)},
            )
            if me:  # an authorless draft was offered to me: mine now replaces it
                conn.execute(
                    text("DELETE FROM debrief_draft WHERE visit_id = :v AND author = ''"),
                    {"v": data.visit_id},
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
        text(
            f"SELECT payload FROM debrief_draft WHERE visit_id = :v AND {mine(conn)} "
            "ORDER BY author = '', updated_at DESC LIMIT 1"
        ),
        {"v": visit_id, **mine_params(conn)},
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
        text(
            f"SELECT MAX(updated_at) AS updated_at FROM debrief_draft WHERE visit_id = :v "
            f"AND {mine(conn)}"
        ).columns(updated_at=UTCDateTime()),
        {"v": visit_id, **mine_params(conn)},
    ).scalar()


def discard_draft(ws: Workspace, visit_id: int, *, wait_ms: int | None = None) -> None:
    """Delete my draft of the visit, if any (DraftNotStored when the workspace cannot be
    written)."""
    try:
        with ws.begin(wait_ms=wait_ms) as conn:
            discard_mine(conn, visit_id)
    except (OperationalError, DatabaseError, WorkspaceError) as exc:
        raise DraftNotStored(
            f"The draft of visit {visit_id} could not be removed from {_where(ws)}: {_why(exc)}."
        ) from exc


def discard_mine(conn: Connection, visit_id: int) -> None:
    """Delete my draft of the visit in the caller's transaction (saving the debrief does)."""
    conn.execute(
        text(f"DELETE FROM debrief_draft WHERE visit_id = :v AND {mine(conn)}"),
        {"v": visit_id, **mine_params(conn)},
    )


def pending_drafts(conn: Connection) -> list[DraftInfo]:
    """Return every draft of mine left in the workspace, the newest first."""
    rows = conn.execute(
        text(
            "SELECT dd.visit_id, a.name, v.start, MAX(dd.updated_at) AS updated_at "
            "FROM debrief_draft dd "
            "JOIN visit v ON v.id = dd.visit_id JOIN account a ON a.id = v.account_id "
            f"WHERE {mine(conn, 'dd')} GROUP BY dd.visit_id, a.name, v.start "
            "ORDER BY MAX(dd.updated_at) DESC"
        ).columns(start=UTCDateTime(), updated_at=UTCDateTime()),
        mine_params(conn),
    )
    return [DraftInfo(v, name, start, updated) for v, name, start, updated in rows]


def adopt_drafts(ws: Workspace, old: str, new: str) -> int:
    """Give `old`'s drafts to `new` (the person at this computer took another name); return how
    many moved. Where `new` already has a draft of the visit (typed since), that one is kept."""
    if old == new:
        return 0
    with ws.begin() as conn:
        moved = conn.execute(
            text(
                "UPDATE debrief_draft SET author = :new WHERE author = :old AND NOT EXISTS "
                "(SELECT 1 FROM debrief_draft n WHERE n.visit_id = debrief_draft.visit_id "
                "AND n.author = :new)"
            ),
            {"old": old, "new": new},
        ).rowcount
        conn.execute(text("DELETE FROM debrief_draft WHERE author = :old"), {"old": old})
    return int(moved or 0)
