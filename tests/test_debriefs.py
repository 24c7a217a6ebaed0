"""Debriefs are saved whole, drafts survive, search finds what was written, and due ones are chased."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from fieldvisit.debriefs import (
    DebriefData,
    NextStepItem,
    count_debriefs_due,
    debriefs_due,
    discard_draft,
    load_debrief,
    load_draft,
    pending_drafts,
    save_debrief,
    save_draft,
    visit_header,
)
from fieldvisit.errors import NotFound
from fieldvisit.store import Workspace, open_workspace
from tests.debriefs.world import full_debrief, make_visits

AS_OF = date(2026, 6, 15)


@pytest.fixture
def visits(workspace: Workspace) -> dict[str, int]:
    """A small world: Globex with three people, two done visits and one planned."""
    return make_visits(workspace)


def test_the_editor_is_offered_the_accounts_people_most_senior_first(
    workspace: Workspace, visits: dict[str, int]
) -> None:
    with workspace.connect() as conn:
        header = visit_header(conn, visits["globex"])
    assert header.account_name == "Globex Corporation"
    assert header.executives == ["Dana Chief"]
    assert [c.name for c in header.contacts] == ["Carla Finance", "Victor Ops", "Erin Staff"]
    assert sorted(header.planned_contact_ids) == sorted([visits["cfo"], visits["eng"]])
    with workspace.connect() as conn, pytest.raises(NotFound):
        visit_header(conn, 999)


def test_a_saved_debrief_reads_back_exactly(workspace: Workspace, visits: dict[str, int]) -> None:
    data = full_debrief(visits["globex"], [visits["cfo"], visits["vp"]])
    save_debrief(workspace, data, now=datetime(2026, 6, 10, 18, tzinfo=UTC))
    with workspace.connect() as conn:
        back = load_debrief(conn, visits["globex"])
    assert back is not None
    assert back.learned == data.learned
    assert back.friction_categories == ["Legal and contract terms", "Security review"]
    assert [(s.text, s.owner, s.due_on, s.done) for s in back.next_steps] == [
        ("Send revised MSA", "Rob Revenue", date(2026, 6, 19), False),
        ("Security questionnaire", "Dana Chief", None, True),
    ]
    # Who was met replaces who was planned: the VP came, the engineer did not.
    assert sorted(back.contact_ids) == sorted([visits["cfo"], visits["vp"]])
    assert back.sentiment == "better"
    assert back.written_at == datetime(2026, 6, 10, 18, tzinfo=UTC)


def test_saving_again_replaces_friction_and_next_steps(
    workspace: Workspace, visits: dict[str, int]
) -> None:
    data = full_debrief(visits["globex"], [visits["cfo"]])
    save_debrief(workspace, data)
    data.friction_categories = ["Product gap"]
    data.next_steps = [NextStepItem("Book a follow-up with the CFO", "Dana Chief")]
    save_debrief(workspace, data)
    with workspace.connect() as conn:
        back = load_debrief(conn, visits["globex"])
        assert conn.execute(text("SELECT count(*) FROM debrief")).scalar() == 1
    assert back is not None
    assert back.friction_categories == ["Product gap"]
    assert [s.text for s in back.next_steps] == ["Book a follow-up with the CFO"]


def test_a_failed_save_changes_nothing(workspace: Workspace, visits: dict[str, int]) -> None:
    save_draft(workspace, DebriefData(visits["globex"], learned="half a thought"))
    bad = full_debrief(visits["globex"], [visits["cfo"], 424242])  # a contact that does not exist
    with pytest.raises(Exception, match="FOREIGN KEY"):
        save_debrief(workspace, bad)
    with workspace.connect() as conn:
        assert load_debrief(conn, visits["globex"]) is None
        assert conn.execute(text("SELECT count(*) FROM next_step")).scalar() == 0
        assert load_draft(conn, visits["globex"]) is not None  # the draft is still there
        assert len(visit_header(conn, visits["globex"]).planned_contact_ids) == 2


def test_a_draft_survives_reopening_and_saving_the_debrief_removes_it(
    workspace: Workspace, workspace_path, visits: dict[str, int]
) -> None:
    draft = DebriefData(
        visits["globex"],
        learned="They want a pilot in Q3",
        next_steps=[NextStepItem("Pilot plan", "Rob", date(2026, 7, 1))],
    )
    save_draft(workspace, draft)
    workspace.close()  # as if the app died here

    ws = open_workspace(workspace_path)
    with ws.connect() as conn:
        pending = pending_drafts(conn)
        back = load_draft(conn, visits["globex"])
    assert [(d.visit_id, d.account_name) for d in pending] == [
        (visits["globex"], "Globex Corporation")
    ]
    assert back is not None
    assert back.learned == "They want a pilot in Q3"
    assert back.next_steps[0].due_on == date(2026, 7, 1)

    save_debrief(ws, back)
    with ws.connect() as conn:
        assert pending_drafts(conn) == []
    ws.close()


def test_a_discarded_draft_is_gone(workspace: Workspace, visits: dict[str, int]) -> None:
    save_draft(workspace, DebriefData(visits["initech"], learned="x"))
    discard_draft(workspace, visits["initech"])
    with workspace.connect() as conn:
        assert load_draft(conn, visits["initech"]) is None


def test_a_damaged_draft_is_offered_back_as_text_not_dropped(
    workspace: Workspace, visits: dict[str, int]
) -> None:
    with workspace.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO debrief_draft(visit_id, payload, updated_at) "
                "VALUES (:v, :p, '2026-06-01 10:00:00.000000')"
            ),
            {"v": visits["initech"], "p": '{"learned": "They want SSO before renewal'},
        )
    with workspace.connect() as conn:
        draft = load_draft(conn, visits["initech"])
    assert draft is not None and draft.visit_id == visits["initech"]
    assert "They want SSO before renewal" in draft.learned


def test_done_visits_without_a_debrief_are_due(
    workspace: Workspace, visits: dict[str, int]
) -> None:
    with workspace.connect() as conn:
        due = debriefs_due(conn, AS_OF)
        assert [d.account_name for d in due] == ["Initech", "Globex Corporation"]
        assert due[1].executives == "Dana Chief"
        assert count_debriefs_due(conn, AS_OF) == 2
        # Before the Initech visit happened only Globex was owed.
        assert [d.visit_id for d in debriefs_due(conn, date(2026, 6, 11))] == [visits["globex"]]
    save_debrief(workspace, full_debrief(visits["globex"], []))
    with workspace.connect() as conn:
        assert [d.visit_id for d in debriefs_due(conn, AS_OF)] == [visits["initech"]]
        assert count_debriefs_due(conn, AS_OF) == 1


def test_draft_json_round_trips_everything() -> None:
    data = full_debrief(7, [1, 2])
    data.written_at = datetime(2026, 6, 10, 18, tzinfo=UTC)
    assert DebriefData.from_json(data.to_json()) == data
    assert DebriefData(7).is_blank()
    assert not DebriefData(7, sentiment="same").is_blank()
