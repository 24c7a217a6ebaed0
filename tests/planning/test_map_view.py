"""The Map page's content: the week's visits pinned by status, a trip's route in visit order
with numbered stops, the stalled deals near it (the add-on rule's answer), and the accounts that
cannot be placed, counted rather than guessed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.planning import plan_visit
from fieldvisit.planning.map_view import (
    CANCELLED,
    CONFIRMED,
    DONE,
    PLANNED,
    STALLED,
    VISIT,
    map_executives,
    map_view,
)
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, CITIES, Builder

RULES = Rules()
OLD = AS_OF - timedelta(days=90)  # in its stage since then: stalled


def at(day: int, hour: int = 15) -> datetime:
    return datetime(2026, 6, day, hour, tzinfo=UTC)


def _plan(conn: Connection, exec_: int, deal: int, start: datetime) -> int:
    return plan_visit(
        conn, deal_pk=deal, executive_pks=[exec_], rep_pks=[], contact_pks=[], start=start,
        minutes=60, rules=RULES,
    )  # fmt: skip


class Trip:
    """Valentina's trip to Chicago on 23-24 Jun (planned last stop first), a stalled deal at
    Initech nearby (Evanston) and one far away in Boston."""

    def __init__(self, conn: Connection):
        b = self.b = Builder(conn)
        self.valentina = b.executive("valentina@x.example", name="Valentina Meyer", city="London")
        self.elena = b.executive("elena@x.example", name="Elena Ruiz", city="Chicago")
        rep = b.rep("rae@x.example")
        globex = b.account("Globex", city="Chicago")
        umbrella = b.account("Umbrella", city="Chicago")
        initech = b.account("Initech", city="Evanston")
        far = b.account("Hooli", city="Boston")
        on_trip = b.deal(globex, rep, entered=OLD, external_id="TRIP")
        second = b.deal(umbrella, rep, entered=OLD, external_id="SECOND")
        b.deal(initech, rep, entered=OLD, external_id="NEAR")
        b.deal(far, rep, entered=OLD, external_id="FAR")
        self.last = _plan(conn, self.valentina, second, at(24))
        self.first = _plan(conn, self.valentina, on_trip, at(23))


def test_the_weeks_visits_are_pinned_with_their_status(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ana = b.executive("ana@x.example", name="Ana")
        acme, globex = b.account("Acme", city="Chicago"), b.account("Globex", city="Boston")
        b.visit(acme, at(16), execs=(ana,), status="done", external_id="V-DONE")
        b.visit(globex, at(17), execs=(ana,), status="cancelled", external_id="V-OFF")
        b.visit(acme, at(18), execs=(ana,), status="planned", external_id="V-PLAN")
        sent = b.visit(globex, at(19), execs=(ana,), status="planned", external_id="V-SENT")
        b.visit(acme, at(22), execs=(ana,), status="planned", external_id="V-NEXT-WEEK")
        conn.execute(text("UPDATE visit SET sent_sequence = sequence WHERE id = :v"), {"v": sent})
        view = map_view(conn, AS_OF, RULES)
    assert (view.first, view.last) == (AS_OF, date(2026, 6, 21))
    assert [(p.ref, p.kind, p.status) for p in view.points] == [
        ("V-DONE", VISIT, DONE),
        ("V-OFF", VISIT, CANCELLED),
        ("V-PLAN", VISIT, PLANNED),
        ("V-SENT", VISIT, CONFIRMED),
    ]
    chicago, boston = CITIES["Chicago"], CITIES["Boston"]
    assert (view.points[0].label, view.points[0].detail) == ("Acme", "Ana")
    assert (view.points[0].lat, view.points[0].lon) == chicago[:2]
    assert view.box == (chicago[0], chicago[1], boston[0], boston[1])
    assert view.routes == () and view.unplaced == ()


def test_a_trip_is_a_route_in_visit_order_with_the_stalled_deal_nearby(
    workspace: Workspace,
) -> None:
    with workspace.begin() as conn:
        t = Trip(conn)
        this_week = map_view(conn, AS_OF, RULES)
        view = map_view(conn, AS_OF, RULES, weeks_ahead=1)
    assert this_week.points == () and this_week.box is None
    [route] = view.routes
    assert route.executive_name == "Valentina Meyer"
    assert [(s.stop, s.label) for s in route.stops] == [(1, "Globex"), (2, "Umbrella")]
    stalled = [p for p in view.points if p.kind == STALLED]
    # Initech is 19 km from Globex; Hooli in Boston is stalled too, but far from any trip.
    assert [(p.label, p.ref, p.status, p.trip_id) for p in stalled] == [
        ("Initech", "NEAR", STALLED, route.trip_id)
    ]
    assert "19 km from" in stalled[0].detail
    assert {p.ref for p in view.points if p.kind == VISIT} == {s.ref for s in route.stops}
    del t


def test_a_trip_reaching_past_the_week_keeps_its_whole_route(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        Trip(conn)
        # The week of 17-23 Jun holds the first stop only; the route still has both.
        view = map_view(conn, AS_OF + timedelta(days=2), RULES)
    [route] = view.routes
    assert [s.label for s in route.stops] == ["Globex", "Umbrella"]
    assert [s.stop for s in route.stops] == [1, 2]


def test_one_executive_at_a_time(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        t = Trip(conn)
        b = t.b
        other = b.account("Other", city="New York City")
        b.visit(other, at(23), execs=(t.elena,), status="planned", external_id="V-ELENA")
        everyone = map_view(conn, AS_OF, RULES, weeks_ahead=1)
        elena = map_view(conn, AS_OF, RULES, t.elena, weeks_ahead=1)
        names = [name for _pk, name in map_executives(conn)]
    assert "V-ELENA" in {p.ref for p in everyone.points}
    assert [p.ref for p in elena.points] == ["V-ELENA"]
    assert elena.routes == ()
    assert names == ["Elena Ruiz", "Valentina Meyer"]


def test_accounts_without_a_known_place_are_counted_not_guessed(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ana = b.executive("ana@x.example", name="Ana")
        nowhere = b.account("Nowhere Ltd", city=None)
        odd = b.account("Odd Town Inc", city="Chicago")
        by_city = b.account("By City", city="Milwaukee")
        conn.execute(
            text("UPDATE account SET lat = NULL, lon = NULL, city = 'Qwxzyville' WHERE id = :a"),
            {"a": odd},
        )
        # No coordinates stored, but a city geo.py knows: placed from the city.
        conn.execute(
            text("UPDATE account SET lat = NULL, lon = NULL WHERE id = :a"), {"a": by_city}
        )
        for pk, day in ((nowhere, 16), (odd, 17), (nowhere, 18), (by_city, 19)):
            b.visit(pk, at(day), execs=(ana,), status="planned")
        view = map_view(conn, AS_OF, RULES)
    assert view.unplaced == ("Nowhere Ltd", "Odd Town Inc")
    [placed] = view.points
    assert placed.label == "By City"
    assert abs(placed.lat - CITIES["Milwaukee"][0]) < 0.1


def test_add_ons_worked_out_already_give_the_same_map_without_a_second_pass(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldvisit.planning import map_view as module
    from fieldvisit.planning.trips import trip_add_ons

    with workspace.begin() as conn:
        Trip(conn)
        computed = map_view(conn, AS_OF, RULES, weeks_ahead=1)
        known = trip_add_ons(conn, AS_OF, RULES)  # as This week holds them

        def walked(*_args: object) -> None:
            raise AssertionError("the stalled deals were walked again")

        monkeypatch.setattr(module, "trip_add_ons", walked)
        reused = map_view(conn, AS_OF, RULES, weeks_ahead=1, add_ons=known)
        empty_week = map_view(conn, AS_OF, RULES)  # no trip shown: nothing to walk
    assert reused == computed
    assert any(p.kind == STALLED for p in reused.points)
    assert empty_week.routes == ()
