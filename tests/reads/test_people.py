"""People the plan dialog and the visit pane list, in the core's one order of levels."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from fieldvisit.executive_levels import (
    EXEC_RANK,
    EXECUTIVE_LEVELS,
    LEVEL_WORDS,
    level_order,
    level_order_sql,
    level_word,
)
from fieldvisit.reads import people, visit_form
from fieldvisit.store import Workspace
from fieldvisit.store.models import LEVELS
from tests.planning.builders import AS_OF, Builder


def test_executives_list_most_senior_first_then_by_name(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("vp@us.example", name="Avery Vp", level="VP")
        b.executive("c2@us.example", name="Zoe Chief", level="C")
        b.executive("svp@us.example", name="Bo Svp", level="SVP")
        b.executive("c1@us.example", name="Al Chief", level="C")
    with workspace.connect() as conn:
        found = people.executives(conn)
        zones = people.executive_zones(conn)
    assert [(p.name, p.detail) for p in found] == [
        ("Al Chief", "C"),
        ("Zoe Chief", "C"),
        ("Bo Svp", "SVP"),
        ("Avery Vp", "VP"),
    ]
    assert set(zones.values()) == {"America/New_York"}


def test_the_executive_levels_have_one_owner() -> None:
    assert LEVELS == EXECUTIVE_LEVELS == ("C", "SVP", "VP")
    assert [level_word(level) for level in EXECUTIVE_LEVELS] == ["C-level", "SVP", "VP"]
    assert level_word(None, "—") == "—" and LEVEL_WORDS["C"] == "C-level"
    assert EXEC_RANK == {"C": 3, "SVP": 2, "VP": 1}
    assert sorted(["VP", "", "C", "SVP"], key=level_order) == ["C", "SVP", "VP", ""]
    assert level_order_sql("e.level") == (
        "CASE e.level WHEN 'C' THEN 0 WHEN 'SVP' THEN 1 WHEN 'VP' THEN 2 ELSE 3 END"
    )


def test_contacts_reps_attendees_and_the_visit_form(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo = b.executive("ceo@us.example")
        rep = b.rep("rep@us.example", name="Robin Rep")
        acct = b.account("Globex", city="Chicago")
        deal = b.deal(acct, rep, name="Plant rollout", stage="Proposal", amount=480_000)
        b.deal(acct, rep, name="Closed one", status="won")
        mgr = b.contact(acct, "Max Manager", seniority="Manager")
        b.contact(acct, "Casey Cfo", seniority="C")
        dm = b.contact(acct, "Dee Maker", seniority="Director", decision_maker=True)
        visit = b.visit(acct, AS_OF + timedelta(days=2), deal=deal, execs=(ceo,), reps=(rep,),
                        contacts=(mgr, dm), status="planned")  # fmt: skip
        conn.execute(
            text(
                "UPDATE visit SET agenda = 'Pilot scope', objective = 'Agree the pilot' WHERE id = :v"
            ),
            {"v": visit},
        )
    with workspace.connect() as conn:
        contacts = people.account_contacts(conn, acct)
        invited = people.visit_contacts(conn, visit)
        attendees = people.visit_attendees(conn, visit)
        reps = people.reps(conn)
        choices = visit_form.open_deal_choices(conn, "glob", 10)
        place = visit_form.account_place(conn, acct)
        notes = visit_form.visit_notes(conn, visit)
    assert [c.name for c in contacts] == ["Dee Maker", "Casey Cfo", "Max Manager"]
    assert contacts[0].decision_maker and contacts[1].detail == "C"
    assert [c.name for c in invited] == ["Dee Maker", "Max Manager"]
    assert attendees == ([ceo], [rep], sorted([mgr, dm]))
    assert [(r.name, r.email) for r in reps] == [("Robin Rep", "rep@us.example")]
    assert [(c.pk, c.account, c.deal, c.amount) for c in choices] == [
        (deal, "Globex", "Plant rollout", 480_000)
    ]
    assert (place.name, place.tz, place.city) == ("Globex", "America/Chicago", "Chicago")
    assert (notes.agenda, notes.objective) == ("Pilot scope", "Agree the pilot")
