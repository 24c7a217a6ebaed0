"""Planning actions: plan a visit (by hand or from a suggestion), snooze, status, reschedule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from fieldvisit.errors import FieldVisitError, NotFound
from fieldvisit.planning import (
    held_deals,
    plan_from_suggestion,
    plan_visit,
    reschedule_visit,
    set_visit_status,
    snooze_deal,
    suggest_visits,
)
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder, people, visit_row

RULES = Rules()
START = datetime(2026, 6, 23, 15, 0, tzinfo=UTC)


def _world(b: Builder) -> dict[str, int]:
    ceo = b.executive("ceo@us.example", name="Cee Oh", city="Chicago")
    rep = b.rep("rep@us.example")
    acct = b.account("Globex")
    cfo = b.contact(acct, "Carla", title="CFO", seniority="C", decision_maker=True)
    cto = b.contact(acct, "Tom", title="CTO", seniority="C", decision_maker=True)
    user = b.contact(acct, "Una", seniority="Staff")
    deal = b.deal(acct, rep, entered=AS_OF - timedelta(days=60), external_id="D1")
    return {
        "ceo": ceo,
        "rep": rep,
        "acct": acct,
        "cfo": cfo,
        "cto": cto,
        "user": user,
        "deal": deal,
    }


def test_plan_visit_writes_the_visit_and_its_attendees(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = _world(Builder(conn))
        pk = plan_visit(
            conn,
            deal_pk=w["deal"],
            executive_pks=[w["ceo"]],
            rep_pks=[w["rep"]],
            contact_pks=[w["cfo"]],
            start=START,
            minutes=90,
            objective="Unblock legal",
        )
        row = visit_row(conn, pk)
        assert row["external_id"] == "V000001" and row["status"] == "planned"
        assert row["account_id"] == w["acct"] and row["deal_id"] == w["deal"]
        assert row["start"].startswith("2026-06-23 15:00:00") and row["end"].startswith(
            "2026-06-23 16:30"
        )
        assert row["sequence"] == 0 and row["location"] == "Globex, Chicago"
        assert str(row["internal_uid"]).endswith("@fieldvisit")
        assert row["internal_uid"] != row["external_uid"]
        assert people(conn, "visit_executive", "executive_id", pk) == {w["ceo"]}
        assert people(conn, "visit_rep", "rep_id", pk) == {w["rep"]}
        assert people(conn, "visit_contact", "contact_id", pk) == {w["cfo"]}
        second = plan_visit(
            conn,
            deal_pk=w["deal"],
            executive_pks=[w["ceo"]],
            rep_pks=[],
            contact_pks=[],
            start=START + timedelta(days=30),
            minutes=30,
        )
        assert visit_row(conn, second)["external_id"] == "V000002"


def test_plan_visit_refuses_bad_input_and_changes_nothing(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        w = _world(b)
        stranger = b.contact(b.account("Other Co"), "Stan")
        base = dict(
            deal_pk=w["deal"], executive_pks=[w["ceo"]], rep_pks=[], start=START, minutes=60
        )
        with pytest.raises(FieldVisitError, match="do not work at Globex"):
            plan_visit(conn, **base, contact_pks=[stranger])  # type: ignore[arg-type]
        with pytest.raises(FieldVisitError, match="at least one executive"):
            plan_visit(conn, **base | {"executive_pks": []}, contact_pks=[])  # type: ignore[arg-type]
        with pytest.raises(FieldVisitError, match="time zone"):
            plan_visit(conn, **base | {"start": datetime(2026, 6, 23, 9)}, contact_pks=[])  # type: ignore[arg-type]
        with pytest.raises(NotFound):
            plan_visit(conn, **base | {"deal_pk": 999}, contact_pks=[])  # type: ignore[arg-type]
        assert conn.execute(text("SELECT COUNT(*) FROM visit")).scalar() == 0


def test_accepting_a_suggestion_plans_it_and_the_deal_shows_as_planned(
    workspace: Workspace,
) -> None:
    with workspace.begin() as conn:
        w = _world(Builder(conn))
        [s] = suggest_visits(conn, AS_OF, RULES)
        pk = plan_from_suggestion(conn, s, rules=RULES)
        row = visit_row(conn, pk)
        # 10:00 in Chicago on the window's first day (Tue 16 Jun) is 15:00 UTC
        local = datetime(2026, 6, 16, 10, tzinfo=ZoneInfo("America/Chicago"))
        assert row["start"].startswith(local.astimezone(UTC).strftime("%Y-%m-%d %H:%M"))
        assert row["objective"].startswith("Move Platform renewal forward. In Proposal for 60 days")
        assert row["agenda"] == "Meeting with Cee Oh"  # customer-facing: no stall reasons
        assert people(conn, "visit_contact", "contact_id", pk) == {w["cfo"], w["cto"]}
        assert people(conn, "visit_rep", "rep_id", pk) == {w["rep"]}
        assert suggest_visits(conn, AS_OF, RULES) == []
        [held] = held_deals(conn, AS_OF, RULES)
        assert held.status == "planned" and held.visit_pk == pk


def test_snooze_needs_a_reason_and_a_known_deal(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = _world(Builder(conn))
        with pytest.raises(FieldVisitError, match="reason"):
            snooze_deal(conn, w["deal"], date(2026, 7, 1), "  ", as_of=AS_OF)
        with pytest.raises(NotFound):
            snooze_deal(conn, 4242, date(2026, 7, 1), "why", as_of=AS_OF)
        snooze_deal(conn, w["deal"], date(2026, 7, 1), "Waiting for the budget", as_of=AS_OF)
        assert suggest_visits(conn, AS_OF, RULES) == []
        assert held_deals(conn, AS_OF, RULES)[0].snooze_reason == "Waiting for the budget"


def test_cancelling_bumps_the_sequence_and_frees_the_deal(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = _world(Builder(conn))
        [s] = suggest_visits(conn, AS_OF, RULES)
        pk = plan_from_suggestion(conn, s, rules=RULES)
        set_visit_status(conn, pk, "cancelled", RULES)
        row = visit_row(conn, pk)
        assert (row["status"], row["sequence"]) == ("cancelled", 1)
        assert [x.deal.deal_pk for x in suggest_visits(conn, AS_OF, RULES)] == [w["deal"]]
        set_visit_status(conn, pk, "cancelled", RULES)  # again: nothing changes
        assert visit_row(conn, pk)["sequence"] == 1
        with pytest.raises(FieldVisitError, match="cannot be rescheduled"):
            reschedule_visit(conn, pk, START, 60, RULES)
        with pytest.raises(FieldVisitError, match="Status must be"):
            set_visit_status(conn, pk, "maybe", RULES)


def test_marking_done_keeps_the_sequence_and_counts_as_activity(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = _world(Builder(conn))
        pk = plan_visit(
            conn,
            deal_pk=w["deal"],
            executive_pks=[w["ceo"]],
            rep_pks=[],
            contact_pks=[w["cfo"]],
            start=datetime(2026, 6, 12, 15, tzinfo=UTC),
            minutes=60,
            rules=RULES,
        )
        set_visit_status(conn, pk, "done", RULES)
        assert (visit_row(conn, pk)["status"], visit_row(conn, pk)["sequence"]) == ("done", 0)
        from fieldvisit.planning import signals_for_deal

        found = signals_for_deal(conn, w["deal"], AS_OF, RULES)
        assert found.last_activity_on == date(2026, 6, 12)
        assert found.last_exec_visit_on == date(2026, 6, 12)


def test_rescheduling_moves_the_visit_and_bumps_the_sequence(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = _world(Builder(conn))
        pk = plan_visit(
            conn,
            deal_pk=w["deal"],
            executive_pks=[w["ceo"]],
            rep_pks=[],
            contact_pks=[],
            start=START,
            minutes=60,
            rules=RULES,
        )
        reschedule_visit(conn, pk, START + timedelta(days=2, hours=1), 45, RULES)
        row = visit_row(conn, pk)
        assert row["start"].startswith("2026-06-25 16:00") and row["end"].startswith(
            "2026-06-25 16:45"
        )
        assert row["sequence"] == 1


def test_without_a_decision_maker_the_most_senior_contact_is_invited(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example", name="Cee Oh", city="Chicago")
        rep = b.rep("rep@us.example")
        acct = b.account("Initech")
        b.contact(acct, "Stan", seniority="Staff")
        director = b.contact(acct, "Dora", title="Director of IT", seniority="Director")
        b.contact(acct, "Mona", seniority="Manager")
        b.deal(acct, rep, entered=AS_OF - timedelta(days=60), external_id="D9")
        [s] = suggest_visits(conn, AS_OF, RULES)
        pk = plan_from_suggestion(conn, s, rules=RULES)
        assert people(conn, "visit_contact", "contact_id", pk) == {director}
