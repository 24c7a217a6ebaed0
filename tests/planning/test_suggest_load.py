"""Fair load: a weekly maximum outside a trip, one place a day, room under the monthly target."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from benchmarks.check_suggestions import check
from fieldvisit.planning import suggest_visits
from fieldvisit.planning.periods import monday
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder
from tests.ui.demo_files import AS_OF as DEMO_AS_OF
from tests.ui.demo_files import small_demo_copy

RULES = Rules()
ROOMY = replace(RULES, default_monthly_visit_target=50)  # only the weekly rules bind

# Cities a day's notice from Chicago, each farther than the trip radius from the others.
NEAR_CHICAGO = {
    "Rockford": (42.2711, -89.0940),
    "South Bend": (41.6764, -86.2520),
    "Madison": (43.0731, -89.4012),
    "Peoria": (40.6936, -89.5890),
}


def account_in(b: Builder, conn: Connection, name: str, city: str) -> int:
    """An account in Chicago or Milwaukee (builder cities) or one of NEAR_CHICAGO."""
    if city not in NEAR_CHICAGO:
        return b.account(name, city=city)
    pk = b.account(name, city="Chicago")
    lat, lon = NEAR_CHICAGO[city]
    conn.execute(
        text("UPDATE account SET city = :c, lat = :la, lon = :lo WHERE id = :pk"),
        {"c": city, "la": lat, "lo": lon, "pk": pk},
    )
    return pk


def deals_in(b: Builder, conn: Connection, cities: list[str], rep: int) -> None:
    """One stalled strategic deal per city, the first one best."""
    for n, city in enumerate(cities):
        account = account_in(b, conn, f"Account {n}", city)
        b.deal(
            account, rep, entered=date(2026, 4, 1), external_id=f"D{n}", amount=900_000 - n * 1000
        )


def test_no_more_than_the_weekly_maximum_in_different_places(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example", city="Chicago")
        cities = ["Chicago", "Milwaukee", "Rockford", "South Bend", "Madison", "Peoria"]
        deals_in(b, conn, cities, b.rep("rep@us.example"))
        found = suggest_visits(conn, AS_OF, ROOMY)
        weeks = Counter(monday(s.window_start) for s in found)
        assert max(weeks.values()) == RULES.weekly_visit_max
        assert weeks[date(2026, 6, 15)] == 3 and weeks[date(2026, 6, 22)] == 3
        assert len({s.window_start for s in found}) == len(found)  # one place a day


def test_a_trip_in_one_place_may_take_more_visits_a_week(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example", city="Chicago")
        deals_in(b, conn, ["Chicago", "Evanston", "Chicago", "Evanston", "Chicago"], b.rep("r@x"))
        found = suggest_visits(conn, AS_OF, ROOMY)
        assert {monday(s.window_start) for s in found} == {date(2026, 6, 15)}


def test_never_two_far_apart_cities_on_one_day(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example", city="Chicago")
        deals_in(b, conn, ["Chicago", "Milwaukee", "Evanston"], b.rep("rep@us.example"))
        chicago, milwaukee, evanston = suggest_visits(conn, AS_OF, ROOMY)
        assert chicago.window_start == date(2026, 6, 16)
        assert milwaukee.window_start == date(2026, 6, 17)  # 130 km away: another day
        assert evanston.window_start == date(2026, 6, 16)  # 20 km away: the same day is fine


def test_never_a_day_with_a_planned_visit_elsewhere(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo = b.executive("ceo@us.example", name="Cee Oh", city="Chicago")
        deals_in(b, conn, ["Chicago"], b.rep("rep@us.example"))
        elsewhere = b.account("Elsewhere", city="Milwaukee", tier="standard")
        b.visit(elsewhere, date(2026, 6, 16), execs=(ceo,), status="planned")
        b.visit(elsewhere, date(2026, 6, 18), execs=(ceo,), status="planned")
        [s] = suggest_visits(conn, AS_OF, ROOMY)
        assert (s.window_start, s.window_end) == (date(2026, 6, 17), date(2026, 6, 17))


def test_the_best_executive_full_that_week_gives_the_next_best(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        elena = b.executive("elena@x.example", name="Elena Best", city="Chicago", target=50)
        b.executive("valentina@x.example", name="Valentina Next", city="Milwaukee", target=50)
        deals_in(b, conn, ["Chicago"], b.rep("rep@us.example"))
        (account,) = conn.execute(text("SELECT id FROM account")).scalars()
        b.visit(account, date(2026, 5, 12), execs=(elena,))  # Elena met them: she would be best
        elsewhere = b.account("Elsewhere", city="Boston", tier="standard")
        # Elena is in Boston three days every week of the horizon.
        for week in (date(2026, 6, 15), date(2026, 6, 22), date(2026, 6, 29), date(2026, 7, 6)):
            for n in (1, 2, 3):
                day = week + timedelta(days=n)
                b.visit(elsewhere, day, execs=(elena,), status="planned")
        [s] = suggest_visits(conn, AS_OF, RULES)
        assert s.executive.email == "valentina@x.example"
        assert s.alternatives[0].email == "elena@x.example"
        assert s.window_reason.startswith("Elena is full until 6 Jul; Valentina is next best. ")


def test_at_the_monthly_target_someone_else_goes(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ann = b.executive("ann@x.example", name="Ann Full", city="Chicago", target=2)
        b.executive("bo@x.example", name="Bo Free", city="Milwaukee", target=2)
        deals_in(b, conn, ["Chicago"], b.rep("rep@us.example"))
        (account,) = conn.execute(text("SELECT id FROM account")).scalars()
        for day in (date(2026, 6, 2), date(2026, 6, 9)):  # Ann met them: she would be best
            b.visit(account, day, execs=(ann,))
        short = replace(RULES, suggestion_horizon_days=10)  # the horizon ends in June
        [s] = suggest_visits(conn, AS_OF, short)
        assert s.executive.email == "bo@x.example"
        assert s.window_reason.startswith("Ann is at their monthly target; Bo is next best")


def test_at_the_monthly_target_with_no_one_else_the_best_still_goes(
    workspace: Workspace,
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ann = b.executive("ann@x.example", name="Ann Only", city="Chicago", target=2)
        deals_in(b, conn, ["Chicago"], b.rep("rep@us.example"))
        for day in (date(2026, 6, 2), date(2026, 6, 9)):
            b.visit(b.account(f"Met {day}", tier="standard"), day, execs=(ann,))
        [s] = suggest_visits(conn, AS_OF, replace(RULES, suggestion_horizon_days=10))
        assert s.executive.email == "ann@x.example"
        assert s.window_start == date(2026, 6, 16)


def test_each_suggestion_counts_against_the_weekly_maximum(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example", city="Chicago")
        cities = ["Chicago", "Milwaukee", "Rockford", "South Bend", "Madison", "Peoria"] * 2
        deals_in(b, conn, cities, b.rep("rep@us.example"))
        found = suggest_visits(conn, AS_OF, ROOMY)
        per_week = Counter(monday(s.window_start) for s in found)
        assert sum(per_week.values()) == len(cities)
        assert all(n <= RULES.weekly_visit_max for n in per_week.values())


def test_the_demos_suggestions_pass_the_check_script(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    demo = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "small.fieldvisit")
    found = check(demo, DEMO_AS_OF)
    assert found["suggestions"] > 20
    counts = found["counts"]
    for key in (
        "exec_weeks_over_cap_outside_trip",
        "exec_days_far_apart_cities",
        "window_days_planned_elsewhere",
        "hours_outside_customer_business_hours",
        "hours_in_executive_night",
        "windows_before_lead_time",
    ):
        assert counts[key] == 0, (key, found["examples"].get(key))
