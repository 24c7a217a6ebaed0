"""Debriefs are saved whole, drafts survive, search finds what was written, and due ones are chased."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlmodel import Session

from fieldvisit.debriefs import (
    DebriefData,
    NextStepItem,
    count_debriefs,
    count_debriefs_due,
    debriefs_due,
    discard_draft,
    fts_query,
    list_debriefs,
    load_debrief,
    load_draft,
    pending_drafts,
    save_debrief,
    save_draft,
    visit_header,
)
from fieldvisit.errors import NotFound
from fieldvisit.store import Workspace, open_workspace
from fieldvisit.store.models import (
    Account,
    Contact,
    Executive,
    Rep,
    Visit,
    VisitContact,
    VisitExecutive,
)

AS_OF = date(2026, 6, 15)


@pytest.fixture
def visits(workspace: Workspace) -> dict[str, int]:
    """A small world: Globex with three people, two done visits and one planned."""
    with Session(workspace.engine) as s:
        dana = Executive(email="dana@us.example", name="Dana Chief", level="C")
        rob = Rep(email="rob@us.example", name="Rob Revenue")
        globex = Account(external_id="A1", name="Globex Corporation", city="Chicago")
        initech = Account(external_id="A2", name="Initech")
        s.add_all([dana, rob, globex, initech])
        s.flush()
        cfo = Contact(external_id="C1", account_id=globex.id, name="Carla Finance", seniority="C")
        vp = Contact(external_id="C2", account_id=globex.id, name="Victor Ops", seniority="VP")
        eng = Contact(external_id="C3", account_id=globex.id, name="Erin Staff", seniority="Staff")
        s.add_all([cfo, vp, eng])
        done1 = Visit(
            external_id="V1",
            account_id=globex.id,
            start=datetime(2026, 6, 10, 15, tzinfo=UTC),
            status="done",
        )
        done2 = Visit(
            external_id="V2",
            account_id=initech.id,
            start=datetime(2026, 6, 12, 9, tzinfo=UTC),
            status="done",
        )
        planned = Visit(
            external_id="V3",
            account_id=globex.id,
            start=datetime(2026, 6, 24, 9, tzinfo=UTC),
            status="planned",
        )
        s.add_all([done1, done2, planned])
        s.flush()
        s.add_all(
            [
                VisitExecutive(visit_id=done1.id, executive_id=dana.id),
                VisitExecutive(visit_id=done2.id, executive_id=dana.id),
                VisitContact(visit_id=done1.id, contact_id=cfo.id),
                VisitContact(visit_id=done1.id, contact_id=eng.id),
            ]
        )
        s.commit()
        return {
            "globex": done1.id,
            "initech": done2.id,
            "planned": planned.id,
            "cfo": cfo.id,
            "vp": vp.id,
            "eng": eng.id,
        }  # type: ignore[return-value]


def full_debrief(visit_id: int, contacts: list[int]) -> DebriefData:
    return DebriefData(
        visit_id=visit_id,
        contact_ids=contacts,
        people_met="their new procurement lead",
        summary="Budget is there; legal is slow.",
        learned="They are consolidating vendors across three plants.",
        challenges="Plant rollout slipped a quarter.",
        friction_categories=["Legal and contract terms", "Security review"],
        field_friction="Our redlines take three weeks to come back.",
        competitors="Acme Analytics",
        current_vendor="Legacy Systems Inc",
        budget="$450K approved for FY26",
        sentiment="better",
        next_steps=[
            NextStepItem("Send revised MSA", "Rob Revenue", date(2026, 6, 19)),
            NextStepItem("Security questionnaire", "Dana Chief", None, done=True),
            NextStepItem("   "),  # an empty row in the editor is not a next step
        ],
    )


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


def test_a_debrief_is_found_by_the_name_of_someone_met(
    workspace: Workspace, visits: dict[str, int]
) -> None:
    save_debrief(workspace, full_debrief(visits["globex"], [visits["vp"]]))
    with workspace.connect() as conn:
        assert [h.visit_id for h in list_debriefs(conn, "victor")] == [visits["globex"]]
        assert [h.visit_id for h in list_debriefs(conn, "procurement lead")] == [visits["globex"]]
        back = load_debrief(conn, visits["globex"])
    assert back is not None
    # The free text comes back as typed, without the ticked contacts' names.
    assert back.people_met == "their new procurement lead"


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


def test_search_finds_saved_words_with_highlights(
    workspace: Workspace, visits: dict[str, int]
) -> None:
    save_debrief(workspace, full_debrief(visits["globex"], [visits["cfo"]]))
    save_debrief(
        workspace, DebriefData(visits["initech"], learned="Happy with support; renewal is safe.")
    )
    with workspace.connect() as conn:
        hits = list_debriefs(conn, "consolidat")  # a prefix of what was typed
        assert [h.account_name for h in hits] == ["Globex Corporation"]
        assert "<b>consolidating</b>" in hits[0].snippet_html
        assert [h.account_name for h in list_debriefs(conn, "renewal")] == ["Initech"]
        assert list_debriefs(conn, '"vendors across"')[0].account_name == "Globex Corporation"
        assert list_debriefs(conn, '"across vendors"') == []
        assert count_debriefs(conn, "") == 2
        assert count_debriefs(conn, "acme") == 1
        # Newest visit first when nothing is searched.
        assert [h.account_name for h in list_debriefs(conn)] == ["Initech", "Globex Corporation"]


@pytest.mark.parametrize(
    "typed",
    ['"', "AND", "OR NOT", "learned:", "a*b(c", "NEAR(x y)", "'; DROP TABLE debrief; --", "^"],
)
def test_search_syntax_typed_by_a_user_never_errors(
    workspace: Workspace, visits: dict[str, int], typed: str
) -> None:
    save_debrief(workspace, full_debrief(visits["globex"], []))
    with workspace.connect() as conn:
        list_debriefs(conn, typed)
        count_debriefs(conn, typed)
        assert conn.execute(text("SELECT count(*) FROM debrief")).scalar() == 1


def test_fts_query_quotes_every_word() -> None:
    assert fts_query("") == ""
    assert fts_query("  ") == ""
    assert fts_query("legal slow") == '"legal" "slow"*'
    assert fts_query("legal slow ") == '"legal" "slow"'
    assert fts_query('"security review" price') == '"security review" "price"*'
    assert fts_query("OR") == '"OR"*'


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
