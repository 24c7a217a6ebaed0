"""Trips: an executive's planned visits close in place and time, and add-on deals nearby."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.planning import (
    plan_visit,
    refresh_trips,
    reschedule_visit,
    set_visit_status,
    snooze_deal,
    trips,
)
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from fieldvisit.store.driver_rows import fetch_rows
from tests.planning.builders import AS_OF, Builder

RULES = Rules()


def at(day: int, hour: int = 15) -> datetime:
    return datetime(2026, 6, day, hour, tzinfo=UTC)


def trip_of(conn: Connection, visit: int) -> str | None:
    return conn.execute(
        text(
            "SELECT t.external_id FROM visit v LEFT JOIN trip t ON t.id = v.trip_id WHERE v.id = :v"
        ),
        {"v": visit},
    ).scalar()


def _plan(conn: Connection, exec_: int, deal: int, start: datetime) -> int:
    return plan_visit(
        conn, deal_pk=deal, executive_pks=[exec_], rep_pks=[], contact_pks=[], start=start,
        minutes=60, rules=RULES,
    )  # fmt: skip


def test_nearby_visits_a_few_days_apart_form_one_trip(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo, rep = b.executive("ceo@us.example", city="London"), b.rep("r@us.example")
        chicago = b.deal(b.account("Globex", city="Chicago"), rep, external_id="CHI")
        evanston = b.deal(b.account("Initech", city="Evanston"), rep, external_id="EVA")
        milwaukee = b.deal(b.account("Hooli", city="Milwaukee"), rep, external_id="MKE")
        boston = b.deal(b.account("Acme", city="Boston"), rep, external_id="BOS")
        v1 = _plan(conn, ceo, chicago, at(23))
        v2 = _plan(conn, ceo, evanston, at(25))  # 2 days later, 19 km away
        v5 = _plan(conn, ceo, chicago, at(29))  # Thu → Mon: the weekend does not end a trip
        v3 = _plan(conn, ceo, milwaukee, at(24))  # 130 km from Chicago: not on the trip
        v4 = _plan(conn, ceo, boston, at(26))
        assert trip_of(conn, v1) == trip_of(conn, v2) == trip_of(conn, v5) == "T0001"
        assert trip_of(conn, v3) is None and trip_of(conn, v4) is None
        [trip] = trips(conn, AS_OF, RULES)
        assert (trip.trip_id, trip.executive_email) == ("T0001", "ceo@us.example")
        assert (trip.starts_on, trip.ends_on) == (date(2026, 6, 23), date(2026, 6, 29))
        assert [v.account_name for v in trip.visits] == ["Globex", "Initech", "Globex"]
        name = conn.execute(text("SELECT name FROM trip")).scalar()
        assert name == "Chicago, Jun 23-29"


def test_visits_too_far_apart_in_time_are_separate(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo, rep = b.executive("ceo@us.example"), b.rep("r@us.example")
        deal = b.deal(b.account("Globex", city="Chicago"), rep)
        v1 = _plan(conn, ceo, deal, at(16))
        v2 = _plan(conn, ceo, deal, at(22))  # Tue → Mon: 4 business days, the gap is 3
        assert trip_of(conn, v1) is None and trip_of(conn, v2) is None
        v3 = _plan(conn, ceo, deal, at(19))  # Fri bridges them: 3 business days, then 1
        assert trip_of(conn, v1) == trip_of(conn, v2) == trip_of(conn, v3) == "T0001"


def test_trip_ids_stay_when_the_trip_changes_and_go_when_it_breaks(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo, rep = b.executive("ceo@us.example"), b.rep("r@us.example")
        deal = b.deal(b.account("Globex", city="Chicago"), rep)
        v1, v2 = _plan(conn, ceo, deal, at(22)), _plan(conn, ceo, deal, at(23))
        v3 = _plan(conn, ceo, deal, at(24))
        assert {trip_of(conn, v) for v in (v1, v2, v3)} == {"T0001"}
        set_visit_status(conn, v3, "cancelled", RULES)
        assert trip_of(conn, v3) is None and trip_of(conn, v1) == "T0001"
        assert fetch_rows(conn, "SELECT ends_on FROM trip", {}) == [("2026-06-23",)]
        reschedule_visit(conn, v2, at(29), 60, RULES)
        assert trip_of(conn, v1) is None and trip_of(conn, v2) is None
        assert conn.execute(text("SELECT COUNT(*) FROM trip")).scalar() == 0


def test_two_executives_never_share_a_trip(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ann, bob, rep = (
            b.executive("ann@us.example"),
            b.executive("bob@us.example"),
            b.rep("r@us.example"),
        )
        deal = b.deal(b.account("Globex", city="Chicago"), rep)
        a1, a2 = _plan(conn, ann, deal, at(22)), _plan(conn, ann, deal, at(23))
        b1, b2 = _plan(conn, bob, deal, at(22, 17)), _plan(conn, bob, deal, at(23, 17))
        assert trip_of(conn, a1) == trip_of(conn, a2) != trip_of(conn, b1) == trip_of(conn, b2)
        assert refresh_trips(conn, AS_OF, RULES) == 2
        assert {t.executive_email for t in trips(conn, AS_OF, RULES)} == {
            "ann@us.example",
            "bob@us.example",
        }


def test_add_ons_are_stalled_strategic_deals_near_the_trip(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo, rep = b.executive("ceo@us.example", city="London"), b.rep("r@us.example")
        old = AS_OF - timedelta(days=90)
        on_trip = b.deal(b.account("Globex", city="Chicago"), rep, entered=old, external_id="TRIP")
        b.deal(b.account("Initech", city="Evanston"), rep, entered=old, external_id="NEAR")
        b.deal(b.account("Hooli", city="Boston"), rep, entered=old, external_id="FAR")
        snoozed = b.deal(b.account("Umbrella", city="Chicago"), rep, entered=old, external_id="ZZZ")
        b.deal(b.account("Fresh", city="Chicago"), rep, external_id="FRESH")  # not stalled
        snooze_deal(conn, snoozed, date(2026, 8, 1), "later", as_of=AS_OF)
        v1 = _plan(conn, ceo, on_trip, at(23))
        _plan(conn, ceo, on_trip, at(24))
        [trip] = trips(conn, AS_OF, RULES)
        assert [a.deal.deal_id for a in trip.add_ons] == ["NEAR"]
        add_on = trip.add_ons[0]
        visit_id = conn.execute(
            text("SELECT external_id FROM visit WHERE id = :v"), {"v": v1}
        ).scalar()
        assert add_on.reason == f"19 km from Globex (visit {visit_id} on Tue 23 Jun)"
        assert 18 < add_on.distance_km < 20


def test_past_trips_are_not_listed(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo, rep = b.executive("ceo@us.example"), b.rep("r@us.example")
        deal = b.deal(b.account("Globex", city="Chicago"), rep)
        _plan(conn, ceo, deal, at(22))
        _plan(conn, ceo, deal, at(23))
        assert len(trips(conn, AS_OF, RULES)) == 1
        assert trips(conn, AS_OF + timedelta(days=9), RULES) == []
