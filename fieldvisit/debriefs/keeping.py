"""Keeping typed drafts safe: the local journal first, the workspace when its lock is free.

`keep_draft` is what an autosave calls: it writes the journal (never waits for anyone), then tries
the workspace with a short lock wait. A draft the workspace could not take stays in the journal
and is written in later by `land_kept_drafts` (a timer in the app, and every start-up). When the
two disagree, the newer one wins; a debrief saved after the journal's last write makes it stale.
No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.debriefs import journal
from fieldvisit.debriefs.data import DebriefData
from fieldvisit.debriefs.drafts import (
    DraftNotStored,
    discard_draft,
    draft_updated_at,
    load_draft,
    mine,
    mine_params,
    save_draft,
)
from fieldvisit.errors import FieldVisitError
from fieldvisit.store import Workspace
from fieldvisit.store.types import UTCDateTime

# How long an autosave waits for another writer's lock: short, so the app's UI never freezes.
DRAFT_WAIT_MS = 200


class DraftNotKept(FieldVisitError):
    """Neither the local journal nor the workspace could take the draft."""


@dataclass(frozen=True)
class DraftKept:
    """Where an autosave put the draft; `problem` says why the workspace did not take it."""

    in_workspace: bool
    in_journal: bool
    problem: str = ""


@dataclass(frozen=True)
class RecoveredDraft:
    """An unsaved debrief found at start-up; `kept_locally` when only the journal holds it."""

    visit_id: int
    account_name: str
    account_tz: str | None
    visit_start: datetime
    updated_at: datetime
    kept_locally: bool


def keep_draft(
    ws: Workspace,
    data: DebriefData,
    *,
    now: datetime | None = None,
    wait_ms: int = DRAFT_WAIT_MS,
    try_workspace: bool = True,
) -> DraftKept:
    """Keep the editor's content: journal first (unless blank), then the workspace if it is free.

    Raises DraftNotKept only when neither could take non-blank text.
    """
    now = now or datetime.now(UTC)
    blank = data.is_blank()
    in_journal = False
    journal_problem = ""
    if not blank:
        try:
            journal.write_entry(ws.key, data, now)
            in_journal = True
        except journal.JournalError as exc:
            journal_problem = str(exc)
    if not try_workspace:
        if not in_journal and not blank:
            raise DraftNotKept(journal_problem)
        return DraftKept(False, in_journal, "the workspace was not tried")
    try:
        save_draft(ws, data, now=now, wait_ms=wait_ms)
    except DraftNotStored as exc:
        if not in_journal and not blank:
            raise DraftNotKept(f"{exc} {journal_problem}") from exc
        return DraftKept(False, in_journal, str(exc))
    # The workspace holds this very draft now: the local copy has done its job.
    try:
        journal.remove_entry(ws.key, data.visit_id)
    except journal.JournalError:
        return DraftKept(True, True)  # stale but harmless: start-up sees the workspace is as new
    return DraftKept(True, False)


def forget_kept_draft(ws: Workspace, visit_id: int) -> None:
    """Remove the journal entry of a visit whose debrief was saved (the workspace has it all)."""
    journal.remove_entry(ws.key, visit_id)


def discard_kept_draft(ws: Workspace, visit_id: int) -> None:
    """Throw the visit's draft away: from the workspace first, then from the journal."""
    discard_draft(ws, visit_id)
    journal.remove_entry(ws.key, visit_id)


def _visit_exists(conn: Connection, visit_id: int) -> bool:
    return (
        conn.execute(text("SELECT 1 FROM visit WHERE id = :v"), {"v": visit_id}).first() is not None
    )


def _debrief_written_at(conn: Connection, visit_id: int) -> datetime | None:
    return conn.execute(
        text("SELECT written_at FROM debrief WHERE visit_id = :v").columns(
            written_at=UTCDateTime()
        ),
        {"v": visit_id},
    ).scalar()


def _with_damaged_text(existing: DebriefData | None, entry: journal.JournalEntry) -> DebriefData:
    data = existing or DebriefData(entry.visit_id)
    if entry.data.learned and entry.data.learned not in data.learned:
        data.learned = (
            f"{data.learned}\n\n{entry.data.learned}" if data.learned else entry.data.learned
        )
    return data


def settle_entry(
    ws: Workspace, entry: journal.JournalEntry, *, wait_ms: int = DRAFT_WAIT_MS
) -> bool | None:
    """Bring one journal entry and the workspace into step.

    Returns True when the workspace has it all, False when it must wait (the workspace is busy),
    None when its visit is no longer in the workspace (the file is left where it is).

    A newer entry is written into the workspace (then removed); an entry the workspace already
    matches, or that a later saved debrief made stale (entries that do not know the version they
    were typed on), is removed. A damaged entry's text is added
    to the workspace's draft, never dropped.
    """
    with ws.connect() as conn:
        if not _visit_exists(conn, entry.visit_id):
            return None
        stamp = draft_updated_at(conn, entry.visit_id)
        saved_at = _debrief_written_at(conn, entry.visit_id)
        existing = load_draft(conn, entry.visit_id) if entry.damaged else None
    if entry.damaged:
        data, when, newer = _with_damaged_text(existing, entry), datetime.now(UTC), True
    else:
        data, when = entry.data, entry.updated_at
        # A later saved debrief makes an entry stale only when the entry does not say which
        # version it was typed on: one that does is kept, and saving it is a Conflict if anyone
        # saved since (a colleague's save never throws my notes away).
        newer = (stamp is None or entry.updated_at > stamp) and (
            stamp is not None
            or saved_at is None
            or entry.updated_at > saved_at
            or entry.data.base_version is not None
        )
    if newer:
        try:
            save_draft(ws, data, now=when, wait_ms=wait_ms)
        except DraftNotStored:
            if entry.damaged:
                # Now readable, text and all: the next try needs no merging.
                journal.write_entry(ws.key, data, when)
            return False
    journal.remove_entry(ws.key, entry.visit_id)
    return True


def land_kept_drafts(ws: Workspace, *, wait_ms: int = DRAFT_WAIT_MS) -> list[journal.JournalEntry]:
    """Write every journal entry the workspace lacks into it; return the entries still waiting."""
    return [
        entry
        for entry in journal.read_entries(ws.key)
        if settle_entry(ws, entry, wait_ms=wait_ms) is False
    ]


def latest_draft(
    ws: Workspace, visit_id: int, *, wait_ms: int = DRAFT_WAIT_MS
) -> tuple[DebriefData | None, bool]:
    """Return the visit's newest draft (journal or workspace) and whether only the journal has it."""
    entry = journal.read_entry(ws.key, visit_id)
    if entry is not None and settle_entry(ws, entry, wait_ms=wait_ms) is False:
        fresh = journal.read_entry(ws.key, visit_id)
        return (fresh or entry).data, True
    with ws.connect() as conn:
        return load_draft(conn, visit_id), False


def _draft_visits(conn: Connection) -> str:
    return (
        "SELECT v.id, a.name, a.tz, v.start, dd.updated_at FROM visit v "
        "JOIN account a ON a.id = v.account_id "
        f"LEFT JOIN debrief_draft dd ON dd.visit_id = v.id AND {mine(conn, 'dd')} "
    )


def recover_drafts(ws: Workspace, *, wait_ms: int = DRAFT_WAIT_MS) -> list[RecoveredDraft]:
    """Return every unsaved debrief (workspace drafts and journal entries), the newest first.

    Journal entries newer than the workspace's drafts are written into it first, when it is free.
    """
    waiting = {entry.visit_id: entry for entry in land_kept_drafts(ws, wait_ms=wait_ms)}
    columns = {"start": UTCDateTime(), "updated_at": UTCDateTime()}
    with ws.connect() as conn:
        me, sql = mine_params(conn), _draft_visits(conn)
        rows = list(
            conn.execute(text(sql + "WHERE dd.visit_id IS NOT NULL").columns(**columns), me)
        )
        for visit_id in waiting:
            rows += conn.execute(
                text(sql + "WHERE v.id = :v").columns(**columns), {"v": visit_id, **me}
            ).all()
    found: dict[int, RecoveredDraft] = {}
    for visit_id, name, tz, start, updated_at in rows:
        entry = waiting.get(visit_id)
        found[visit_id] = RecoveredDraft(
            visit_id,
            name,
            tz,
            start,
            entry.updated_at if entry is not None else updated_at,
            entry is not None,
        )
    return sorted(found.values(), key=lambda d: d.updated_at, reverse=True)
