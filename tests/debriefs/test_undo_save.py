"""Undoing a debrief save puts back what was saved before; a first save undone keeps its words as
the visit's draft; a debrief saved again since is left alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fieldvisit.debriefs import DebriefData, NextStepItem, load_debrief, load_draft, save_debrief
from fieldvisit.debriefs.undo import put_back_debrief, saved_debrief
from fieldvisit.planning.undo import UndoRefused
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder

FIRST = datetime(2026, 6, 15, 18, tzinfo=UTC)
SECOND = datetime(2026, 6, 16, 9, tzinfo=UTC)


def _visit(ws: Workspace) -> tuple[int, int, int]:
    with ws.begin() as conn:
        b = Builder(conn)
        ceo = b.executive("ceo@us.example", name="Cee Oh")
        acct = b.account("Globex")
        cfo = b.contact(acct, "Carla", title="CFO")
        cto = b.contact(acct, "Tom", title="CTO")
        return b.visit(acct, AS_OF, execs=(ceo,), contacts=(cfo,)), cfo, cto


def _debrief(visit: int, summary: str, contacts: list[int], step: str) -> DebriefData:
    return DebriefData(
        visit_id=visit,
        contact_ids=contacts,
        summary=summary,
        sentiment="better",
        next_steps=[NextStepItem(text=step, owner="Dana")],
    )


def test_undoing_a_second_save_restores_the_first_and_redo_the_second(
    workspace: Workspace,
) -> None:
    visit, cfo, cto = _visit(workspace)
    save_debrief(workspace, _debrief(visit, "First words", [cfo], "Send the deck"), now=FIRST)
    before = saved_debrief(workspace, visit)
    save_debrief(workspace, _debrief(visit, "Better words", [cfo, cto], "Call legal"), now=SECOND)
    after = saved_debrief(workspace, visit)
    put_back_debrief(workspace, after, before)
    with workspace.connect() as conn:
        back = load_debrief(conn, visit)
    assert back is not None
    assert (back.summary, back.contact_ids, [s.text for s in back.next_steps]) == (
        "First words",
        [cfo],
        ["Send the deck"],
    )
    assert back.written_at == FIRST
    put_back_debrief(workspace, before, after)
    with workspace.connect() as conn:
        again = load_debrief(conn, visit)
    assert again is not None and again.summary == "Better words"


def test_undoing_a_first_save_keeps_the_words_as_a_draft(workspace: Workspace) -> None:
    visit, cfo, cto = _visit(workspace)
    before = saved_debrief(workspace, visit)
    save_debrief(workspace, _debrief(visit, "Only words", [cto], "Call legal"), now=FIRST)
    put_back_debrief(workspace, saved_debrief(workspace, visit), before)
    with workspace.connect() as conn:
        assert load_debrief(conn, visit) is None
        draft = load_draft(conn, visit)
        assert saved_debrief(workspace, visit).contact_ids == (cfo,)
    assert draft is not None and draft.summary == "Only words"
    assert [s.text for s in draft.next_steps] == ["Call legal"]


def test_a_debrief_saved_again_since_is_not_overwritten(workspace: Workspace) -> None:
    visit, cfo, _cto = _visit(workspace)
    before = saved_debrief(workspace, visit)
    save_debrief(workspace, _debrief(visit, "Mine", [cfo], "Step"), now=FIRST)
    mine = saved_debrief(workspace, visit)
    save_debrief(workspace, _debrief(visit, "A colleague's", [cfo], "Step"), now=SECOND)
    with pytest.raises(UndoRefused, match="saved again since"):
        put_back_debrief(workspace, mine, before)
    with workspace.connect() as conn:
        kept = load_debrief(conn, visit)
    assert kept is not None and kept.summary == "A colleague's"
