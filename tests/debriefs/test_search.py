"""Debrief search: what a user types finds the same debriefs, best first, with the same
highlighted snippet, on a workspace file (FTS5) and a team database (tsvector)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from fieldvisit.debriefs import (
    DebriefData,
    NextStepItem,
    count_debriefs,
    fts_query,
    list_debriefs,
    load_debrief,
    save_debrief,
)
from fieldvisit.debriefs.search_words import tsquery_text
from fieldvisit.store import Workspace, create_workspace
from tests.debriefs.world import full_debrief, make_visits


@pytest.fixture
def visits(workspace: Workspace) -> dict[str, int]:
    """A small world: Globex with three people, two done visits and one planned."""
    return make_visits(workspace)


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


def test_tsquery_text_speaks_the_same_language() -> None:
    assert tsquery_text("") == ""
    assert tsquery_text("  ") == ""
    assert tsquery_text("legal slow") == "'legal' & 'slow':*"
    assert tsquery_text("legal slow ") == "'legal' & 'slow'"
    assert tsquery_text('"security review" price') == "('security' <-> 'review') & 'price':*"
    assert tsquery_text('"vendors acr') == "('vendors' <-> 'acr':*)"
    assert tsquery_text("a*b(c") == "'a' & 'b' & 'c':*"
    assert tsquery_text("'; DROP TABLE x; --") == "'DROP' & 'TABLE' & 'x':*"


def _accented(ws: Workspace, visits: dict[str, int]) -> None:
    save_debrief(
        ws,
        DebriefData(
            visits["globex"],
            summary="Rencontre avec la Société Générale à Zürich.",
            next_steps=[NextStepItem("Envoyer le devis détaillé", "Hélène Dupré")],
        ),
    )


@pytest.mark.parametrize("typed", ["societe", "Société", "SOCIETE generale", "zurich", "Zür"])
def test_accents_and_case_do_not_matter(
    workspace: Workspace, visits: dict[str, int], typed: str
) -> None:
    _accented(workspace, visits)
    with workspace.connect() as conn:
        (hit,) = list_debriefs(conn, typed)
        assert count_debriefs(conn, typed) == 1
    assert "<b>" in hit.snippet_html and "Société" in hit.snippet_html


def test_next_step_owners_with_accents_are_found(
    workspace: Workspace, visits: dict[str, int]
) -> None:
    _accented(workspace, visits)
    with workspace.connect() as conn:
        assert count_debriefs(conn, "helene dupre") == 1
        assert count_debriefs(conn, '"devis detaille"') == 1
        assert count_debriefs(conn, '"detaille devis"') == 0


SEARCHES = (
    "consolidat",
    "renewal",
    '"vendors across"',
    "legal",
    "redlines three",
    "acme",
    "security",
    "procurement lead",
    "budget",
    "s",
    "nothing-like-this",
)


def _hits(ws: Workspace) -> dict[str, list[tuple[str, str]]]:
    with ws.connect() as conn:
        return {
            typed: [(h.account_name, h.snippet_html) for h in list_debriefs(conn, typed)]
            for typed in SEARCHES
        }


def test_a_team_database_finds_and_shows_what_a_workspace_file_does(
    team_workspace: Workspace, tmp_path: Path
) -> None:
    """The same debriefs, searched the same way: the same hits, in the same order, the same
    snippets (the team database's snippet is cut by Field Visit, the file's by FTS5)."""
    file_ws = create_workspace(tmp_path / "same.fieldvisit")
    try:
        found = []
        for ws in (file_ws, team_workspace):
            visits = make_visits(ws)
            save_debrief(ws, full_debrief(visits["globex"], [visits["cfo"], visits["vp"]]))
            save_debrief(
                ws,
                DebriefData(
                    visits["initech"],
                    summary="Security review passed; renewal is safe.",
                    learned="Happy with support. The budget for next year is flat.",
                    next_steps=[NextStepItem("Send the renewal quote", "Rob Revenue")],
                ),
            )
            found.append(_hits(ws))
    finally:
        file_ws.close()
    assert found[1] == found[0]
