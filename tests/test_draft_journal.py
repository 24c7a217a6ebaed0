"""Typed drafts never depend on the workspace's write lock: a local journal keeps them first, and
they are written into the workspace once it is free. The newer copy always wins; nothing typed is
dropped, even from a damaged journal file."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from fieldvisit.debriefs import (
    DebriefData,
    DraftNotStored,
    journal,
    keep_draft,
    land_kept_drafts,
    latest_draft,
    load_draft,
    recover_drafts,
    save_debrief,
    save_draft,
)
from fieldvisit.store import Workspace, create_workspace
from fieldvisit.store.models import Account, Visit

T0 = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


def add_visit(ws: Workspace, name: str) -> int:
    with Session(ws.engine) as s:
        account = Account(external_id=name, name=name, city="Lyon")
        s.add(account)
        s.flush()
        visit = Visit(
            external_id=f"V-{name}",
            account_id=account.id,
            start=datetime(2026, 6, 10, 15, tzinfo=UTC),
            status="done",
        )
        s.add(visit)
        s.commit()
        assert visit.id is not None
        return visit.id


@pytest.fixture
def visit(workspace: Workspace) -> int:
    return add_visit(workspace, "Globex")


@pytest.fixture
def write_lock(workspace_path: Path) -> Iterator[sqlite3.Connection]:
    """Another program holding the workspace's write lock until the test releases it."""
    other = sqlite3.connect(workspace_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def workspace_text(ws: Workspace, visit_id: int) -> str | None:
    with ws.connect() as conn:
        draft = load_draft(conn, visit_id)
    return None if draft is None else draft.learned


def test_a_draft_is_journalled_owner_only_in_a_folder_of_its_own_workspace(
    workspace: Workspace, visit: int, tmp_path: Path
) -> None:
    path = journal.write_entry(workspace.path, DebriefData(visit, learned="Kept here"), T0)
    assert path.parent == journal.journal_dir(workspace.path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    # A same-named workspace in another folder keeps its own journal.
    (tmp_path / "elsewhere").mkdir()
    other = tmp_path / "elsewhere" / workspace.path.name
    assert journal.journal_dir(other) != journal.journal_dir(workspace.path)
    assert journal.read_entries(other) == []
    [entry] = journal.read_entries(workspace.path)
    assert (entry.visit_id, entry.data.learned, entry.updated_at) == (visit, "Kept here", T0)
    assert not entry.damaged


def test_a_locked_workspace_keeps_the_draft_locally_without_freezing(
    workspace: Workspace, visit: int, write_lock: sqlite3.Connection
) -> None:
    started = time.monotonic()
    kept = keep_draft(workspace, DebriefData(visit, learned="Typed while it was busy"))
    assert time.monotonic() - started < 1.0  # a short wait, never the 5 s busy timeout
    assert (kept.in_workspace, kept.in_journal) == (False, True)
    assert workspace_text(workspace, visit) is None
    entry = journal.read_entry(workspace.path, visit)
    assert entry is not None and entry.data.learned == "Typed while it was busy"

    write_lock.execute("ROLLBACK")
    assert land_kept_drafts(workspace) == []
    assert workspace_text(workspace, visit) == "Typed while it was busy"
    assert journal.read_entry(workspace.path, visit) is None  # the workspace has it now


def test_save_draft_says_when_the_workspace_cannot_take_it(
    workspace: Workspace, visit: int, write_lock: sqlite3.Connection
) -> None:
    with pytest.raises(DraftNotStored, match="could not be written"):
        save_draft(workspace, DebriefData(visit, learned="x"), wait_ms=50)


def test_a_draft_the_workspace_takes_leaves_no_local_copy(workspace: Workspace, visit: int) -> None:
    kept = keep_draft(workspace, DebriefData(visit, learned="Straight in"))
    assert (kept.in_workspace, kept.in_journal) == (True, False)
    assert journal.read_entries(workspace.path) == []
    assert workspace_text(workspace, visit) == "Straight in"


def test_a_blank_editor_is_never_journalled(
    workspace: Workspace, visit: int, write_lock: sqlite3.Connection
) -> None:
    kept = keep_draft(workspace, DebriefData(visit, learned="   "))
    assert not kept.in_journal
    assert not journal.journal_dir(workspace.path).exists() or not journal.read_entries(
        workspace.path
    )


def test_the_newer_copy_wins_when_journal_and_workspace_disagree(
    workspace: Workspace, visit: int
) -> None:
    other = add_visit(workspace, "Initech")
    # Journal newer than the workspace: it wins and is written in.
    save_draft(workspace, DebriefData(visit, learned="old words"), now=T0)
    journal.write_entry(
        workspace.path, DebriefData(visit, learned="newer words"), T0 + timedelta(1)
    )
    # Workspace newer than the journal: the journal is stale and goes.
    journal.write_entry(workspace.path, DebriefData(other, learned="stale"), T0)
    save_draft(workspace, DebriefData(other, learned="fresh"), now=T0 + timedelta(1))

    data, local = latest_draft(workspace, visit)
    assert data is not None and (data.learned, local) == ("newer words", False)
    assert workspace_text(workspace, visit) == "newer words"
    data, local = latest_draft(workspace, other)
    assert data is not None and (data.learned, local) == ("fresh", False)
    assert journal.read_entries(workspace.path) == []


def test_a_newer_journal_entry_stays_offered_while_the_workspace_is_locked(
    workspace: Workspace, visit: int, write_lock: sqlite3.Connection
) -> None:
    journal.write_entry(workspace.path, DebriefData(visit, learned="only here"), T0)
    data, local = latest_draft(workspace, visit)
    assert data is not None and (data.learned, local) == ("only here", True)
    [found] = recover_drafts(workspace)
    assert (found.visit_id, found.account_name, found.kept_locally) == (visit, "Globex", True)
    assert journal.read_entry(workspace.path, visit) is not None


def test_a_journal_older_than_the_saved_debrief_is_dropped(
    workspace: Workspace, visit: int
) -> None:
    journal.write_entry(workspace.path, DebriefData(visit, learned="draft"), T0)
    save_debrief(workspace, DebriefData(visit, learned="the saved debrief"), now=T0 + timedelta(1))
    assert recover_drafts(workspace) == []
    assert journal.read_entries(workspace.path) == []


def test_a_damaged_journal_file_is_offered_back_as_text_and_kept(
    workspace: Workspace, visit: int
) -> None:
    save_draft(workspace, DebriefData(visit, learned="what the workspace had"), now=T0)
    path = journal.entry_path(workspace.path, visit)
    path.parent.mkdir(parents=True, mode=0o700)
    path.write_bytes(b'{"format": 1, "draft": {"learned": "They want SSO before renew')
    [entry] = journal.read_entries(workspace.path)
    assert entry.damaged and "They want SSO before renew" in entry.data.learned

    [found] = recover_drafts(workspace)
    assert found.visit_id == visit
    words = workspace_text(workspace, visit) or ""
    assert "what the workspace had" in words and "They want SSO before renew" in words


def test_a_damaged_journal_file_is_rewritten_whole_while_the_workspace_is_locked(
    workspace: Workspace, visit: int, write_lock: sqlite3.Connection
) -> None:
    path = journal.entry_path(workspace.path, visit)
    path.parent.mkdir(parents=True, mode=0o700)
    path.write_bytes(b"\x00\xffhalf a thought")
    [found] = recover_drafts(workspace)
    assert found.kept_locally
    entry = journal.read_entry(workspace.path, visit)
    assert entry is not None and not entry.damaged and "half a thought" in entry.data.learned


def test_a_crash_between_fsync_and_rename_keeps_the_newer_complete_copy(
    workspace: Workspace, visit: int
) -> None:
    newer = journal.write_entry(
        workspace.path, DebriefData(visit, learned="newer"), T0
    ).read_bytes()
    older = journal.write_entry(
        workspace.path, DebriefData(visit, learned="older"), T0 - timedelta(1)
    )
    folder = older.parent
    (folder / f".visit-{visit}.json.abc123.tmp").write_bytes(newer)  # whole, not yet renamed
    (folder / f".visit-{visit}.json.def456.tmp").write_bytes(newer[:20])  # killed mid-write
    [entry] = journal.read_entries(workspace.path)
    assert entry.data.learned == "newer"
    assert sorted(p.name for p in folder.iterdir()) == [f"visit-{visit}.json"]


def test_a_journal_needs_no_workspace_file_at_all(tmp_path: Path) -> None:
    """The journal is keyed by path only: a draft kept for a workspace read from a missing disk
    is there when the workspace comes back."""
    path = tmp_path / "later.fieldvisit"
    journal.write_entry(path, DebriefData(1, learned="offline words"), T0)
    ws = create_workspace(path)
    try:
        visit = add_visit(ws, "Acme")
        assert visit == 1
        [found] = recover_drafts(ws)
        assert (found.visit_id, found.kept_locally) == (1, False)
        assert workspace_text(ws, 1) == "offline words"
    finally:
        ws.close()
