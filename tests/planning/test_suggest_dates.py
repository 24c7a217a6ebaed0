"""Dates a person would accept: working days at both ends, business hours, notice by distance."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.cli import main
from fieldvisit.planning import suggest_visits
from fieldvisit.planning.actions import suggested_start
from fieldvisit.planning.visit_hours import proposed_start
from fieldvisit.planning.wording import weekday_day
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder

RULES = Rules()
NO_LEAD = Rules(lead_days_near=1, lead_days_mid=1, lead_days_far=1)  # only the calendar counts
THANKSGIVING_EVE = date(2026, 11, 25)  # a Wednesday; Thu 26 Nov is US Thanksgiving

PLACES = {
    "Los Angeles": (34.0522, -118.2437, "America/Los_Angeles", "US"),
    "Tokyo": (35.6762, 139.6503, "Asia/Tokyo", "JP"),
}


def move(conn: Connection, table: str, pk: int, city: str) -> None:
    """Put an executive's home or an account in a city the builder does not know."""
    lat, lon, tz, country = PLACES[city]
    if table == "executive":
        sql = "UPDATE executive SET home_city=:c, home_country=:k, lat=:la, lon=:lo, tz=:tz"
    else:
        sql = "UPDATE account SET city=:c, country=:k, lat=:la, lon=:lo, tz=:tz"
    conn.execute(
        text(sql + " WHERE id = :pk"),
        {"c": city, "k": country, "la": lat, "lo": lon, "tz": tz, "pk": pk},
    )


def one_deal(b: Builder, exec_city: str, account_city: str, name: str = "Cee Oh") -> int:
    """An executive living in one city and a stalled strategic deal in another; the account."""
    b.executive("ceo@us.example", name=name, city=exec_city)
    account = b.account("Globex", city=account_city)
    b.deal(account, b.rep("rep@us.example"), entered=date(2026, 4, 1), external_id="D1")
    return account


def test_a_public_holiday_at_the_customer_is_skipped(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        one_deal(Builder(conn), exec_city="London", account_city="Chicago")
        [s] = suggest_visits(conn, THANKSGIVING_EVE, NO_LEAD)
        assert s.window_start == date(2026, 11, 27)  # not Thanksgiving in Chicago
        assert "Fri 27 Nov" in s.window_reason


def test_a_public_holiday_at_the_executives_home_is_skipped(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        one_deal(Builder(conn), exec_city="Chicago", account_city="London")
        [s] = suggest_visits(conn, THANKSGIVING_EVE, NO_LEAD)
        assert s.window_start == date(2026, 11, 27)  # London works, but it is Thanksgiving at home


def test_a_company_closure_is_skipped(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        one_deal(Builder(conn), exec_city="Chicago", account_city="Chicago")
        [s] = suggest_visits(conn, AS_OF, replace(RULES, company_closures=["2026-06-16"]))
        assert s.window_start == date(2026, 6, 17)


def test_a_window_never_holds_a_weekend(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        one_deal(Builder(conn), exec_city="Chicago", account_city="Chicago")
        [s] = suggest_visits(conn, date(2026, 6, 25), RULES)  # a Thursday
        assert (s.window_start, s.window_end) == (date(2026, 6, 26), date(2026, 6, 26))
        [s] = suggest_visits(conn, date(2026, 6, 26), RULES)  # a Friday
        assert s.window_start == date(2026, 6, 29) and s.window_end.weekday() < 5


def test_the_notice_grows_with_the_distance_from_home(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example", name="Cee Oh", city="Chicago")
        rep = b.rep("rep@us.example")
        for n, city in enumerate(("Milwaukee", "Boston", "London")):
            b.deal(b.account(city, city=city), rep, entered=date(2026, 4, 1), external_id=f"D{n}")
        found = {s.city: s for s in suggest_visits(conn, AS_OF, replace(RULES, weekly_visit_max=9))}
        # Milwaukee, 130 km: the next working day. Boston, 1,370 km: three working days.
        assert found["Milwaukee"].window_start == date(2026, 6, 16)
        assert found["Boston"].window_start == date(2026, 6, 18)
        # London, 6,400 km: ten working days at both ends (Fri 19 Jun is Juneteenth at home).
        london = found["London"]
        assert london.window_start == date(2026, 6, 30)
        assert "10 working days' notice" in london.window_reason
        assert london.window_reason.count("Tue 30 Jun") == 1


def test_a_planned_trip_nearby_needs_no_notice(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        account = one_deal(b, exec_city="Chicago", account_city="London")
        (ceo,) = conn.execute(text("SELECT id FROM executive")).scalars()
        other = b.account("Initech", city="London", tier="standard")
        b.visit(other, date(2026, 6, 17), execs=(ceo,), status="planned")
        [s] = suggest_visits(conn, AS_OF, RULES)
        assert s.deal.account_pk == account
        assert s.window_start == s.window_end == date(2026, 6, 17)
        assert s.window_reason == "Cee is already in London on Wed 17 Jun"
        assert "Already in London on Wed 17 Jun" in s.executive.reasons


def test_the_hour_is_business_hours_there_and_daytime_at_home(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        account = one_deal(b, exec_city="Chicago", account_city="Chicago")
        (ceo,) = conn.execute(text("SELECT id FROM executive")).scalars()
        move(conn, "executive", ceo, "Tokyo")
        move(conn, "account", account, "Los Angeles")
        [s] = suggest_visits(conn, AS_OF, RULES)
        start = suggested_start(conn, s)
        at_customer = start.astimezone(ZoneInfo("America/Los_Angeles"))
        at_home = start.astimezone(ZoneInfo("Asia/Tokyo"))
        assert at_customer.date() == s.window_start
        # 10:00 in Los Angeles is 02:00 in Tokyo; 15:00 is 07:00 there, the first waking hour.
        assert at_customer.time() == time(15, 0) and at_home.time() == time(7, 0)


def test_on_a_trip_there_the_home_night_does_not_count(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        account = one_deal(b, exec_city="Chicago", account_city="Chicago")
        (ceo,) = conn.execute(text("SELECT id FROM executive")).scalars()
        move(conn, "executive", ceo, "Tokyo")
        move(conn, "account", account, "Los Angeles")
        other = b.account("Initech", tier="standard")
        move(conn, "account", other, "Los Angeles")
        b.visit(other, datetime(2026, 6, 17, 18, tzinfo=UTC), execs=(ceo,), status="planned")
        [s] = suggest_visits(conn, AS_OF, RULES)
        assert s.window_start == date(2026, 6, 17)
        start = suggested_start(conn, s).astimezone(ZoneInfo("America/Los_Angeles"))
        assert (start.date(), start.time()) == (date(2026, 6, 17), time(10, 0))


def test_no_waking_hour_at_home_means_a_journey_at_ten(workspace: Workspace) -> None:
    # Business hours in Brisbane are all night in London: the visit is a journey anyway.
    day = date(2026, 12, 7)
    start = proposed_start(day, "Australia/Brisbane", "Europe/London", RULES)
    assert start.astimezone(ZoneInfo("Australia/Brisbane")).time() == time(10, 0)
    # A short day at the customer: the whole visit still fits its hours.
    short = proposed_start(day, "Europe/London", None, replace(RULES, visit_hours_end=11))
    assert short.time() == time(10, 0)
    late = proposed_start(day, "Europe/London", None, replace(RULES, visit_hours_start=14))
    assert late.time() == time(14, 0)


def test_the_reason_names_the_windows_first_day(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example", name="Cee Oh", city="Chicago")
        rep = b.rep("rep@us.example")
        cities = ("Chicago", "Milwaukee", "Boston", "London", "New York City", "Evanston")
        for n, city in enumerate(cities):
            b.deal(b.account(city, city=city), rep, entered=date(2026, 4, 1), external_id=f"D{n}")
        for s in suggest_visits(conn, AS_OF, RULES):
            assert weekday_day(s.window_start, AS_OF) in s.window_reason
            assert suggested_start(conn, s).date() == s.window_start


def test_visit_days_from_the_command_line(
    workspace: Workspace, workspace_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with workspace.begin() as conn:
        one_deal(Builder(conn), exec_city="Chicago", account_city="Chicago")
    db = ["--db", workspace_db]
    assert main([*db, "visit-days", "--close", "2026-06-16", "--notice", "2,3,10"]) == 0
    out = capsys.readouterr().out
    assert "Company closures: 2026-06-16" in out and "Notice: 2 working days within 300 km" in out
    assert main([*db, "suggest", "--as-of", AS_OF.isoformat(), "--json"]) == 0
    [found] = json.loads(capsys.readouterr().out)
    # Tue 16 Jun is closed; two working days' notice from Mon 15 Jun is then Thu 18 Jun.
    assert found["window"]["start"] == "2026-06-18"
    assert main([*db, "visit-days", "--reopen", "2026-06-16", "--hours", "17-9"]) == 1
    assert "Visits should end after they start" in capsys.readouterr().err
    assert main([*db, "visit-days", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["company_closures"] == ["2026-06-16"]  # the refused change left it as it was
    assert (shown["visit_hours_start"], shown["visit_hours_end"]) == (9, 17)
