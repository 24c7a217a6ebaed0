"""Typed debrief text on a team workspace (PostgreSQL) is never lost: steady typing reaches the
database within about a second, and what only the local journal holds (the team database was
busy) is offered back after the editor and the app are gone without saving.

Against the session's private PostgreSQL server (tests/pg_server.py); skipped where none can run.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldvisit import debriefs
from fieldvisit.debriefs import journal
from fieldvisit.store import Workspace
from fieldvisit.store.as_of import store_as_of
from fieldvisit.store.team import TeamWorkspace, open_team_workspace
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.unsaved_debriefs import offer_recovered_drafts
from tests.planning.builders import AS_OF, Builder
from tests.ui.test_draft_keeping import STEADY, SteadyTypist, open_editor

ACCOUNT = "Globex Team Account"


def _fill(ws: Workspace) -> int:
    """An account with a visit five days ago and no debrief yet; return the visit."""
    with ws.begin() as conn:
        b = Builder(conn)
        ceo = b.executive("dana@us.example", name="Dana Chief", city="Chicago")
        rep = b.rep("rob@us.example", name="Rob Revenue")
        acct = b.account(ACCOUNT, owner=rep)
        visit = b.visit(acct, AS_OF - timedelta(days=5), execs=(ceo,), reps=(rep,))
        store_as_of(conn, AS_OF)
    return int(visit)


@pytest.fixture
def team_ctx(qapp: QApplication, team_workspace: TeamWorkspace) -> Iterator[AppContext]:
    _fill(team_workspace)
    ctx = AppContext(team_workspace, AS_OF)
    yield ctx
    ctx.tasks.shutdown()


def due_visit(ctx: AppContext) -> int:
    with ctx.workspace.connect() as conn:
        return debriefs.debriefs_due(conn, ctx.as_of, limit=1)[0].visit_id


def draft_text(ctx: AppContext, visit: int) -> str | None:
    with ctx.workspace.connect() as conn:
        draft = debriefs.load_draft(conn, visit)
    return None if draft is None else draft.learned


def test_steady_typing_on_a_team_workspace_is_kept_within_a_second(  # type: ignore[no-untyped-def]
    qtbot, team_ctx: AppContext
) -> None:
    visit = due_visit(team_ctx)
    editor = open_editor(qtbot, team_ctx, visit)
    typist = SteadyTypist(editor.form.learned, STEADY[:32])  # 3.2 s at 100 ms a key

    qtbot.waitUntil(lambda: bool(draft_text(team_ctx, visit)), timeout=2000)
    first_kept = time.monotonic() - typist.first_key_at
    kept = draft_text(team_ctx, visit) or ""
    assert typist.typing(), "the draft must land while the typing goes on"
    assert first_kept <= 1.2, f"first draft {first_kept:.2f} s after the first key"
    assert typist.typed.startswith(kept)

    qtbot.waitUntil(lambda: not typist.typing(), timeout=5000)
    qtbot.waitUntil(lambda: draft_text(team_ctx, visit) == typist.typed.strip(), timeout=1200)
    assert "Draft kept at" in editor.draft_label.text()
    # The team database has it all: nothing is left waiting on this computer.
    assert journal.read_entry(team_ctx.workspace.key, visit) is None


def test_a_draft_the_busy_team_database_missed_is_offered_back_after_the_app_is_gone(  # type: ignore[no-untyped-def]
    qtbot, qapp: QApplication, team_workspace: TeamWorkspace
) -> None:
    visit = _fill(team_workspace)
    ctx = AppContext(team_workspace, AS_OF)
    words = "Busy database, words kept here"
    # Another user holds the drafts table for the whole of the typing.
    holder = team_workspace.engine.connect()
    held = holder.begin()
    holder.exec_driver_sql("LOCK TABLE debrief_draft IN EXCLUSIVE MODE")
    try:
        editor = open_editor(qtbot, ctx, visit)
        editor.form.learned.setFocus()
        qtbot.waitUntil(editor.form.learned.hasFocus)
        qtbot.keyClicks(editor.form.learned, words)
        qtbot.keyClick(editor.form.learned, Qt.Key.Key_Tab)  # leaving the field keeps it now
        qtbot.waitUntil(lambda: journal.read_entry(team_workspace.key, visit) is not None)
        entry = journal.read_entry(team_workspace.key, visit)
        assert entry is not None and entry.data.learned == words
        assert "://" not in entry.path.parent.name, "the journal folder's name is file-safe"
        # The app goes away without saving: no close question, no last write.
        editor.hide()
        editor.deleteLater()
        qtbot.waitUntil(lambda: not editor.isVisible())
        ctx.tasks.shutdown()
    finally:
        held.rollback()
        holder.close()
    with team_workspace.connect() as conn:
        assert debriefs.load_draft(conn, visit) is None, "the database never had the draft"

    again = open_team_workspace(team_workspace.address)
    restarted = AppContext(again, AS_OF)
    try:
        box = offer_recovered_drafts(restarted)
        assert box is not None
        qtbot.addWidget(box)
        assert ACCOUNT in box.informativeText()
        # The team database was free at the start: the journal's draft was written into it.
        assert draft_text(restarted, visit) == words
        assert journal.read_entry(again.key, visit) is None
        box.open_button.click()
        first = box.editors[0]
        qtbot.addWidget(first)
        assert first.form.learned.toPlainText() == words
    finally:
        restarted.tasks.shutdown()
        again.close()
