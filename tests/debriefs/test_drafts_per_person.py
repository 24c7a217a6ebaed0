"""Each person's unsaved debrief notes are their own, on a file and on a team database: Priya's
draft of the same visit neither replaces Dana's nor is offered to her, Priya's save discards only
Priya's draft, and a draft from before drafts had authors (schema 0009) is offered once and then
taken over."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit import debriefs
from fieldvisit.debriefs import DebriefData
from fieldvisit.store import Workspace, open_workspace
from fieldvisit.store.identity import act_as
from tests.either_engine import reopen
from tests.planning.builders import AS_OF, Builder


def _done_visit_on(conn: Connection) -> int:
    b = Builder(conn)
    ceo = b.executive("dana@us.example", name="Dana Chief", city="Chicago")
    acct = b.account("Globex")
    return int(b.visit(acct, AS_OF - timedelta(days=2), execs=(ceo,)))


def _done_visit(ws: Workspace) -> int:
    with ws.begin() as conn:
        return _done_visit_on(conn)


def _draft(ws: Workspace, visit: int) -> str | None:
    with ws.connect() as conn:
        found = debriefs.load_draft(conn, visit)
    return None if found is None else found.learned


def test_two_people_keep_their_own_drafts_of_one_debrief(workspace: Workspace) -> None:
    visit = _done_visit(workspace)
    act_as(workspace, "Dana")
    priya = reopen(workspace.label)
    act_as(priya, "Priya")
    try:
        debriefs.save_draft(workspace, DebriefData(visit_id=visit, learned="Dana's notes"))
        debriefs.save_draft(priya, DebriefData(visit_id=visit, learned="Priya's notes"))
        assert (_draft(workspace, visit), _draft(priya, visit)) == ("Dana's notes", "Priya's notes")
        with workspace.connect() as conn:
            assert [d.visit_id for d in debriefs.pending_drafts(conn)] == [visit]

        debriefs.save_debrief(priya, DebriefData(visit_id=visit, learned="Priya's debrief"))
        assert (_draft(workspace, visit), _draft(priya, visit)) == ("Dana's notes", None)
        debriefs.discard_draft(workspace, visit)
        assert _draft(workspace, visit) is None
    finally:
        priya.close()


def test_a_draft_from_before_authors_is_offered_once_then_taken_over(workspace: Workspace) -> None:
    visit = _done_visit(workspace)
    act_as(workspace, "Dana")
    with workspace.begin() as conn:  # as migration 0010 leaves a draft written before it
        conn.execute(
            text(
                "INSERT INTO debrief_draft(visit_id, author, payload, updated_at) "
                "VALUES (:v, '', :p, '2026-06-14 10:00:00')"
            ),
            {"v": visit, "p": DebriefData(visit_id=visit, learned="Typed in 0.1").to_json()},
        )
    assert _draft(workspace, visit) == "Typed in 0.1"
    debriefs.save_draft(workspace, DebriefData(visit_id=visit, learned="Typed in 0.1, and more"))
    with workspace.connect() as conn:
        rows = conn.execute(
            text("SELECT author FROM debrief_draft WHERE visit_id = :v"), {"v": visit}
        )
        assert [r[0] for r in rows] == ["Dana"]
    assert _draft(workspace, visit) == "Typed in 0.1, and more"


def test_a_draft_typed_before_the_upgrade_survives_it(workspace_path: Path) -> None:
    from alembic import command

    from fieldvisit.store.schema import alembic_config
    from fieldvisit.store.workspace import APPLICATION_ID, make_engine

    workspace_path.touch()
    engine = make_engine(workspace_path)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        command.upgrade(alembic_config(conn), "0009")
        visit = _done_visit_on(conn)
        conn.execute(
            text(
                "INSERT INTO debrief_draft(visit_id, payload, updated_at) "
                "VALUES (:v, :p, '2026-06-14 10:00:00')"
            ),
            {"v": visit, "p": DebriefData(visit_id=visit, learned="Typed before").to_json()},
        )
    engine.dispose()
    with open_workspace(workspace_path) as ws:  # opening upgrades it (after a backup)
        assert _draft(ws, visit) == "Typed before"
        with ws.connect() as conn:
            assert conn.execute(text("SELECT author FROM debrief_draft")).scalar_one() == ""


def test_notes_only_the_journal_holds_survive_a_colleagues_later_save(
    workspace: Workspace,
) -> None:
    from datetime import UTC, datetime

    from fieldvisit.debriefs import journal

    visit = _done_visit(workspace)
    act_as(workspace, "Dana")
    priya = reopen(workspace.label)
    act_as(priya, "Priya")
    try:
        typed = DebriefData(visit_id=visit, learned="Only on Dana's laptop", base_version=0)
        journal.write_entry(workspace.key, typed, datetime(2026, 6, 14, 10, 0, tzinfo=UTC))
        debriefs.save_debrief(priya, DebriefData(visit_id=visit, learned="Priya's debrief"))
        found, kept_locally = debriefs.latest_draft(workspace, visit)
        assert found is not None and found.learned == "Only on Dana's laptop"
        assert not kept_locally and _draft(workspace, visit) == "Only on Dana's laptop"
    finally:
        priya.close()


def test_drafts_under_an_earlier_name_stay_mine_in_every_workspace(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldvisit.store.identity import save_person

    monkeypatch.delenv("FIELDVISIT_USER", raising=False)
    visit = _done_visit(workspace)
    save_person("dana.w")
    debriefs.save_draft(workspace, DebriefData(visit_id=visit, learned="Typed as dana.w"))
    save_person("Dana Whitfield")  # File › Your name… while another workspace was open
    assert _draft(workspace, visit) == "Typed as dana.w"
    with workspace.connect() as conn:
        assert [d.visit_id for d in debriefs.pending_drafts(conn)] == [visit]
    debriefs.save_debrief(workspace, DebriefData(visit_id=visit, learned="Saved as Dana"))
    assert _draft(workspace, visit) is None


def test_a_name_set_by_the_variable_owns_only_its_own_drafts(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldvisit.store.identity import save_person

    visit = _done_visit(workspace)
    save_person("dana.w")
    monkeypatch.setenv("FIELDVISIT_USER", "Priya")
    debriefs.save_draft(workspace, DebriefData(visit_id=visit, learned="Priya's notes"))
    monkeypatch.setenv("FIELDVISIT_USER", "Ravi")
    assert _draft(workspace, visit) is None  # Ravi at the same computer: not his
