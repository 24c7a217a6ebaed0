"""Editing a planned visit: who goes, whom they meet, when, where, the agenda and the objective."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError, NotFound
from fieldvisit.planning import plan_visit, set_visit_status, update_visit
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from tests.planning.builders import Builder, people, visit_row

RULES = Rules()
START = datetime(2026, 6, 23, 15, 0, tzinfo=UTC)


def sequence(conn: Connection, pk: int) -> int:
    return int(visit_row(conn, pk)["sequence"])  # type: ignore[call-overload]


def trip_of(conn: Connection, visit: int) -> str | None:
    return conn.execute(
        text(
            "SELECT t.external_id FROM visit v LEFT JOIN trip t ON t.id = v.trip_id WHERE v.id = :v"
        ),
        {"v": visit},
    ).scalar()


def _world(b: Builder) -> dict[str, int]:
    acct = b.account("Globex")
    w = {
        "ceo": b.executive("ceo@us.example", name="Cee Oh", city="Chicago"),
        "cro": b.executive("cro@us.example", name="Cro Ow", city="Chicago"),
        "rep": b.rep("rep@us.example"),
        "rep2": b.rep("rep2@us.example"),
        "acct": acct,
        "cfo": b.contact(acct, "Carla", title="CFO", seniority="C", decision_maker=True),
        "cto": b.contact(acct, "Tom", title="CTO", seniority="C", decision_maker=True),
    }
    w["deal"] = b.deal(acct, w["rep"], external_id="D1")
    return w


def _plan(conn: Connection, w: dict[str, int], start: datetime = START) -> int:
    return plan_visit(
        conn,
        deal_pk=w["deal"],
        executive_pks=[w["ceo"]],
        rep_pks=[w["rep"]],
        contact_pks=[w["cfo"]],
        start=start,
        minutes=60,
        agenda="Roll-out plan",
        objective="Unblock legal",
        rules=RULES,
    )


def test_every_field_of_a_planned_visit_can_be_changed(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = _world(Builder(conn))
        pk = _plan(conn, w)
        before = visit_row(conn, pk)
        update_visit(
            conn,
            pk,
            executive_pks=[w["cro"]],
            rep_pks=[w["rep2"]],
            contact_pks=[w["cto"], w["cfo"]],
            start=START + timedelta(days=1, hours=2),
            minutes=45,
            location="https://meet.example/globex",
            mode="video",
            agenda="Pricing and next steps",
            objective="Get the signature date",
            rules=RULES,
        )
        row = visit_row(conn, pk)
        assert str(row["start"]).startswith("2026-06-24 17:00")
        assert str(row["end"]).startswith("2026-06-24 17:45")
        assert row["location"] == "https://meet.example/globex" and row["mode"] == "video"
        assert row["agenda"] == "Pricing and next steps"
        assert row["objective"] == "Get the signature date"
        assert row["updated_at"] != before["updated_at"]
        assert people(conn, "visit_executive", "executive_id", pk) == {w["cro"]}
        assert people(conn, "visit_rep", "rep_id", pk) == {w["rep2"]}
        assert people(conn, "visit_contact", "contact_id", pk) == {w["cto"], w["cfo"]}
        assert row["sequence"] == 1  # one edit, one new version of the invite

        update_visit(conn, pk, rep_pks=[], agenda="  ", rules=RULES)  # blank clears
        row = visit_row(conn, pk)
        assert people(conn, "visit_rep", "rep_id", pk) == set()
        assert row["agenda"] is None and row["location"] == "https://meet.example/globex"
        assert str(row["end"]).startswith("2026-06-24 17:45")  # the length stays

        update_visit(conn, pk, start=START, rules=RULES)  # only the start: the length stays
        row = visit_row(conn, pk)
        assert str(row["start"]).startswith("2026-06-23 15:00")
        assert str(row["end"]).startswith("2026-06-23 15:45")


def test_the_sequence_rises_only_for_what_a_calendar_shows(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = _world(Builder(conn))
        pk = _plan(conn, w)
        update_visit(conn, pk, objective="Internal note only", rules=RULES)
        assert sequence(conn, pk) == 0
        assert visit_row(conn, pk)["objective"] == "Internal note only"
        # The same values again, or nothing at all, are no change.
        update_visit(conn, pk, executive_pks=[w["ceo"]], agenda="Roll-out plan", rules=RULES)
        update_visit(conn, pk, start=START, minutes=60, rules=RULES)
        update_visit(conn, pk, rules=RULES)
        assert sequence(conn, pk) == 0
        visible = [
            {"agenda": "New agenda"},
            {"contact_pks": [w["cfo"], w["cto"]]},
            {"rep_pks": [w["rep2"]]},
            {"executive_pks": [w["ceo"], w["cro"]]},
            {"location": "Head office"},
            {"mode": "phone"},
            {"minutes": 90},
            {"start": START + timedelta(hours=1)},
        ]
        for n, change in enumerate(visible, start=1):
            update_visit(conn, pk, rules=RULES, **change)  # type: ignore[arg-type]
            assert sequence(conn, pk) == n, change


def test_a_contact_from_another_account_is_refused_and_nothing_changes(
    workspace: Workspace,
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        w = _world(b)
        stranger = b.contact(b.account("Other Co"), "Stan", external_id="C-STAN")
        pk = _plan(conn, w)
        before = visit_row(conn, pk)
        with pytest.raises(FieldVisitError, match="C-STAN do not work at Globex"):
            update_visit(
                conn,
                pk,
                contact_pks=[w["cto"], stranger],
                agenda="Should not be saved",
                executive_pks=[w["cro"]],
                rules=RULES,
            )
        with pytest.raises(FieldVisitError, match="at least one executive"):
            update_visit(conn, pk, executive_pks=[], rules=RULES)
        with pytest.raises(FieldVisitError, match="at least one minute"):
            update_visit(conn, pk, minutes=0, agenda="Should not be saved", rules=RULES)
        with pytest.raises(FieldVisitError, match="time zone"):
            update_visit(conn, pk, start=datetime(2026, 6, 24, 9), rules=RULES)
        with pytest.raises(FieldVisitError, match="Mode must be"):
            update_visit(conn, pk, mode="carrier pigeon", rules=RULES)
        with pytest.raises(NotFound):
            update_visit(conn, pk, rep_pks=[4242], rules=RULES)
        with pytest.raises(NotFound):
            update_visit(conn, 4242, agenda="Nobody", rules=RULES)
        assert visit_row(conn, pk) == before
        assert people(conn, "visit_contact", "contact_id", pk) == {w["cfo"]}
        assert people(conn, "visit_executive", "executive_id", pk) == {w["ceo"]}


def test_a_cancelled_or_done_visit_cannot_be_edited(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = _world(Builder(conn))
        cancelled = _plan(conn, w)
        set_visit_status(conn, cancelled, "cancelled", RULES)
        before = visit_row(conn, cancelled)
        with pytest.raises(FieldVisitError, match="this one is cancelled"):
            update_visit(conn, cancelled, agenda="Too late", rules=RULES)
        assert visit_row(conn, cancelled) == before
        done = _plan(conn, w, START + timedelta(days=7))
        set_visit_status(conn, done, "done", RULES)
        with pytest.raises(FieldVisitError, match="this one is done"):
            update_visit(conn, done, contact_pks=[w["cto"]], rules=RULES)


def test_changing_the_executive_moves_the_visit_to_the_new_executives_trip(
    workspace: Workspace,
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        w = _world(b)
        evanston = b.deal(b.account("Initech", city="Evanston"), w["rep"], external_id="EVA")
        first = _plan(conn, w)  # the CEO in Chicago on the 23rd
        second = plan_visit(
            conn,
            deal_pk=evanston,
            executive_pks=[w["ceo"]],
            rep_pks=[],
            contact_pks=[],
            start=START + timedelta(days=1),
            minutes=60,
            rules=RULES,
        )
        assert trip_of(conn, first) == trip_of(conn, second) is not None
        cro_visit = plan_visit(
            conn,
            deal_pk=evanston,
            executive_pks=[w["cro"]],
            rep_pks=[],
            contact_pks=[],
            start=START + timedelta(days=2),
            minutes=60,
            rules=RULES,
        )
        assert trip_of(conn, cro_visit) is None  # alone, the CRO has no trip yet

        update_visit(conn, second, executive_pks=[w["cro"]], rules=RULES)
        # The CEO's trip is gone (one visit left); the CRO now travels Evanston twice.
        assert trip_of(conn, first) is None
        assert trip_of(conn, second) == trip_of(conn, cro_visit) is not None
        owner = conn.execute(
            text(
                "SELECT executive_id FROM trip t JOIN visit v ON v.trip_id = t.id WHERE v.id = :v"
            ),
            {"v": second},
        ).scalar()
        assert owner == w["cro"]
