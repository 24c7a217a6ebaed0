"""One answer per deal: a stalled deal near a planned trip goes to that trip's executive, the
suggestion and the trip's add-on list agree, and "Add to trip" plans it on the trip's days."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.cli import main
from fieldvisit.errors import NotFound
from fieldvisit.planning import (
    held_deals,
    plan_visit,
    suggest_for_deal,
    suggest_visits,
    trips,
)
from fieldvisit.planning.add_ons import MAX_ADD_ONS
from fieldvisit.planning.add_to_trip import NotAnAddOn, add_to_trip
from fieldvisit.settings import Rules, load_rules
from fieldvisit.store import Workspace, open_workspace
from tests.planning.builders import AS_OF, Builder, visit_row
from tests.ui.demo_files import AS_OF as DEMO_AS_OF
from tests.ui.demo_files import small_demo_copy

RULES = Rules()
OLD = AS_OF - timedelta(days=90)  # stuck in its stage since then: stalled


def at(day: int, hour: int = 15) -> datetime:
    """15:00 UTC is 10:00 in Chicago in June."""
    return datetime(2026, 6, day, hour, tzinfo=UTC)


def _plan(conn: Connection, exec_: int, deal: int, start: datetime) -> int:
    return plan_visit(
        conn, deal_pk=deal, executive_pks=[exec_], rep_pks=[], contact_pks=[], start=start,
        minutes=60, rules=RULES,
    )  # fmt: skip


class World:
    """Valentina (London) has a trip to Chicago on 23-24 Jun; Elena lives in Chicago and has
    met Initech before, so without the trip rule Elena would be sent to Initech."""

    def __init__(self, conn: Connection):
        b = self.b = Builder(conn)
        self.elena = b.executive("elena@us.example", name="Elena Ruiz", city="Chicago")
        self.valentina = b.executive("valentina@us.example", name="Valentina Meyer", city="London")
        self.rep = b.rep("rae@us.example", name="Rae Rep")
        globex = b.account("Globex", city="Chicago")
        self.initech = b.account("Initech", city="Evanston")
        self.cfo = b.contact(self.initech, "Carla", seniority="C", decision_maker=True)
        on_trip = b.deal(globex, self.rep, entered=OLD, external_id="TRIP")
        self.near = b.deal(self.initech, self.rep, entered=OLD, external_id="NEAR")
        b.visit(self.initech, date(2026, 3, 10), execs=(self.elena,))
        self.v1 = _plan(conn, self.valentina, on_trip, at(23))
        self.v2 = _plan(conn, self.valentina, on_trip, at(24))


def test_a_deal_near_a_trip_goes_to_that_trip_and_both_lists_agree(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = World(conn)
        [s] = suggest_visits(conn, AS_OF, RULES)
        assert s.deal.deal_id == "NEAR"
        assert s.executive.email == "valentina@us.example"  # not Elena, who met them before
        assert s.trip_id == "T0001"
        assert (s.window_start, s.window_end) == (date(2026, 6, 23), date(2026, 6, 24))
        assert s.window_reason.startswith("On Valentina's trip to Chicago (T0001), Tue 23 Jun")
        assert "19 km from Globex" in s.window_reason
        assert [a.email for a in s.alternatives][0] == "elena@us.example"
        [trip] = trips(conn, AS_OF, RULES)
        assert trip.executive_email == "valentina@us.example"
        assert [a.deal.deal_id for a in trip.add_ons] == ["NEAR"]
        alone = suggest_for_deal(conn, w.near, AS_OF, RULES)  # the plan dialog's question
        assert (alone.executive.email, alone.trip_id, alone.window_start) == (
            "valentina@us.example",
            "T0001",
            date(2026, 6, 23),
        )
        chosen = suggest_for_deal(conn, w.near, AS_OF, RULES, executive_pk=w.elena)
        assert chosen.executive.email == "elena@us.example" and chosen.trip_id is None


def test_a_deal_near_two_trips_goes_to_the_nearest_only(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = World(conn)
        hooli = w.b.deal(w.b.account("Hooli", city="Evanston"), w.rep, external_id="HOOLI")
        _plan(conn, w.elena, hooli, at(25))  # Elena's trip to Evanston: 0 km from Initech
        _plan(conn, w.elena, hooli, at(26))
        offered: dict[str, set[str]] = {}
        for trip in trips(conn, AS_OF, RULES):
            for a in trip.add_ons:
                offered.setdefault(a.deal.deal_id, set()).add(trip.executive_email)
        assert offered == {"NEAR": {"elena@us.example"}}
        [s] = suggest_visits(conn, AS_OF, RULES)
        assert (s.executive.email, s.trip_id) == ("elena@us.example", "T0002")


def test_a_trip_beyond_the_horizon_takes_no_add_ons(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = World(conn)
        rules = replace(RULES, suggestion_horizon_days=7)  # up to 22 Jun: the trip is later
        [trip] = trips(conn, AS_OF, rules)
        assert trip.add_ons == ()
        [s] = suggest_visits(conn, AS_OF, rules)
        assert s.trip_id is None and s.executive.email == "elena@us.example"
        assert s.deal.deal_pk == w.near


def test_a_trip_takes_at_most_a_few_add_ons_best_first(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = World(conn)
        for n in range(MAX_ADD_ONS):
            account = w.b.account(f"Extra {n}", city="Evanston")
            w.b.deal(account, w.rep, entered=OLD, external_id=f"X{n}", amount=900_000.0 + n)
        [trip] = trips(conn, AS_OF, RULES)
        assert len(trip.add_ons) == MAX_ADD_ONS
        assert "NEAR" not in {a.deal.deal_id for a in trip.add_ons}  # the smallest deal
        found = suggest_visits(conn, AS_OF, RULES)
        on_trip = {s.deal.deal_id for s in found if s.trip_id == "T0001"}
        assert on_trip == {a.deal.deal_id for a in trip.add_ons}


def test_add_to_trip_plans_the_visit_on_the_trip_clear_of_its_visits(
    workspace: Workspace,
) -> None:
    with workspace.begin() as conn:
        w = World(conn)
        visit = add_to_trip(conn, "T0001", w.near, AS_OF, RULES)
        row = visit_row(conn, visit)
        row = (row["start"], row["deal_id"], row["trip_id"])
        # 10:00-11:00 Chicago is taken; 30 minutes to travel: 11:30 Chicago is 16:30 UTC.
        assert row[0].startswith("2026-06-23 16:30")
        assert row[1] == w.near
        execs = conn.execute(
            text("SELECT executive_id FROM visit_executive WHERE visit_id = :v"), {"v": visit}
        ).scalars()
        reps = conn.execute(
            text("SELECT rep_id FROM visit_rep WHERE visit_id = :v"), {"v": visit}
        ).scalars()
        contacts = conn.execute(
            text("SELECT contact_id FROM visit_contact WHERE visit_id = :v"), {"v": visit}
        ).scalars()
        assert (list(execs), list(reps), list(contacts)) == ([w.valentina], [w.rep], [w.cfo])
        [trip] = trips(conn, AS_OF, RULES)
        assert trip.add_ons == () and len(trip.visits) == 3
        assert suggest_visits(conn, AS_OF, RULES) == []
        assert [h.status for h in held_deals(conn, AS_OF, RULES)] == ["planned", "planned"]
        with pytest.raises(NotAnAddOn, match="NEAR .*already has a planned visit"):
            add_to_trip(conn, "T0001", w.near, AS_OF, RULES)
        with pytest.raises(NotFound, match="No trip 'T0999'"):
            add_to_trip(conn, "T0999", w.near, AS_OF, RULES)


def test_a_deal_that_is_no_add_on_of_the_trip_is_refused(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = World(conn)
        far = w.b.deal(w.b.account("Acme", city="Boston"), w.rep, entered=OLD, external_id="FAR")
        with pytest.raises(NotAnAddOn, match="FAR .*not an add-on of trip T0001"):
            add_to_trip(conn, "T0001", far, AS_OF, RULES)
        assert w.near  # still offered
        [trip] = trips(conn, AS_OF, RULES)
        assert [a.deal.deal_id for a in trip.add_ons] == ["NEAR"]


@pytest.mark.parametrize("radius", [100.0, 800.0, 3000.0])
def test_on_the_small_demo_no_deal_is_offered_to_two_executives(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, radius: float
) -> None:
    path = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "demo.fieldvisit")
    ws = open_workspace(path)
    try:
        with ws.connect() as conn:
            rules = replace(load_rules(conn), trip_radius_km=radius)
            for as_of in (DEMO_AS_OF, DEMO_AS_OF + timedelta(days=7)):
                found = suggest_visits(conn, as_of, rules)
                offered: dict[int, set[str]] = {}
                for s in found:
                    offered.setdefault(s.deal.deal_pk, set()).add(s.executive.email)
                by_deal = {s.deal.deal_pk: s for s in found}
                add_ons = 0
                for trip in trips(conn, as_of, rules):
                    for a in trip.add_ons:
                        add_ons += 1
                        offered.setdefault(a.deal.deal_pk, set()).add(trip.executive_email)
                        s = by_deal[a.deal.deal_pk]
                        assert (s.trip_id, s.executive.email) == (
                            trip.trip_id,
                            trip.executive_email,
                        )
                assert all(len(e) == 1 for e in offered.values())
                assert add_ons == sum(1 for s in found if s.trip_id)
                if as_of == DEMO_AS_OF:
                    assert add_ons >= 1  # the demo has a deal near a trip: the test can fail
    finally:
        ws.close()


# ----- the command line ------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_trips_command_lists_trips_and_adds_an_add_on(
    workspace: Workspace, workspace_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with workspace.begin() as conn:
        World(conn)
    db, asof = workspace_db, AS_OF.isoformat()
    code, out, _ = run(capsys, "--db", db, "trips", "--as-of", asof, "--json")
    assert code == 0
    [trip] = json.loads(out)
    assert (trip["trip_id"], trip["executive_email"], trip["city"]) == (
        "T0001",
        "valentina@us.example",
        "Chicago",
    )
    assert (trip["starts_on"], trip["ends_on"], len(trip["visits"])) == (
        "2026-06-23",
        "2026-06-24",
        2,
    )
    [add_on] = trip["add_ons"]
    assert add_on["deal_id"] == "NEAR" and add_on["account_name"] == "Initech"
    assert add_on["stage"] == "Proposal" and add_on["signals"][0]["code"] == "stage_age"
    assert add_on["window"] == {"start": "2026-06-23", "end": "2026-06-24"}
    code, out, _ = run(capsys, "--db", db, "suggest", "--as-of", asof, "--json")
    [suggestion] = json.loads(out)
    assert suggestion["executive"]["email"] == "valentina@us.example"
    assert suggestion["trip_id"] == "T0001"

    code, out, _ = run(capsys, "--db", db, "trips", "--as-of", asof)
    assert code == 0
    assert "T0001  Valentina Meyer <valentina@us.example>  Chicago" in out
    assert "+ NEAR  Initech · Platform renewal · Proposal" in out
    assert "fieldvisit trips --add-to T0001 --deal NEAR" in out

    code, out, _ = run(capsys, "--db", db, "trips", "--as-of", asof, "--add-to", "T0001",
                       "--deal", "NEAR")  # fmt: skip
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == (
        "Added NEAR (Initech) to trip T0001: Valentina Meyer, Tue 23 Jun 2026, 11:30 Chicago time."
    )
    assert lines[-1].startswith("V")
    code, out, err = run(capsys, "--db", db, "trips", "--as-of", asof, "--add-to", "T0001",
                         "--deal", "NEAR")  # fmt: skip
    assert code != 0 and out == ""
    assert "not an add-on of trip T0001: it already has a planned visit" in err
    code, _, err = run(capsys, "--db", db, "trips", "--add-to", "T0001")
    assert code != 0 and "--add-to TRIP_ID and --deal DEAL_ID go together" in err
