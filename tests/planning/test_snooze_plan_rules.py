"""Snoozes and plans a user controls, as the command line shows them: ending, shortening and
extending a snooze, refusing a day already passed, refusing a double booking or the same visit
twice, and warning (but planning) on a weekend or public holiday."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from fieldvisit.cli import main
from fieldvisit.errors import FieldVisitError
from fieldvisit.planning import plan_visit, suggest_visits, update_visit
from fieldvisit.planning.snoozes import end_snooze, running_snooze, snooze_deal
from fieldvisit.planning.visit_checks import DuplicateVisit, VisitClash, day_warning
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from fieldvisit.store.driver_rows import fetch_rows
from tests.planning.builders import AS_OF, Builder

ASOF = AS_OF.isoformat()  # Mon 15 Jun 2026
RULES = Rules()


@pytest.fixture
def world(workspace: Workspace, workspace_db: str) -> str:
    """Naomi (Chicago) and two stalled strategic deals at Chicago accounts, Acme and Globex."""
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("naomi@us.example", name="Naomi Park", city="Chicago")
        rep = b.rep("rep@us.example", name="Rae Rep")
        acme = b.account("Acme", external_id="ACME")
        globex = b.account("Globex", external_id="GLOBEX")
        b.contact(acme, "Ada", seniority="C", decision_maker=True, external_id="C-ADA")
        b.contact(globex, "Gus", seniority="C", decision_maker=True, external_id="C-GUS")
        b.deal(acme, rep, external_id="D-ACME", entered=AS_OF - timedelta(days=60))
        b.deal(globex, rep, external_id="D-GLOBEX", entered=AS_OF - timedelta(days=50))
    return workspace_db


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def suggested(capsys: pytest.CaptureFixture[str], db: Path, as_of: str = ASOF) -> list[str]:
    code, out, _ = run(capsys, "--db", str(db), "suggest", "--as-of", as_of, "--json")
    assert code == 0
    return [s["deal_id"] for s in json.loads(out) if s.get("status", "suggested") == "suggested"]


def snooze(capsys: pytest.CaptureFixture[str], db: Path, until: str, reason: str = "Budget"):  # type: ignore[no-untyped-def]
    return run(capsys, "--db", str(db), "snooze", "--deal", "D-ACME", "--until", until,
               "--reason", reason, "--as-of", ASOF)  # fmt: skip


# ----- snoozes -----------------------------------------------------------------------------------


def test_unsnooze_ends_the_snooze_and_says_so_when_there_is_none(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert snooze(capsys, world, "2026-07-01")[0] == 0
    assert "D-ACME" not in suggested(capsys, world)
    code, out, _ = run(capsys, "--db", str(world), "unsnooze", "--deal", "D-ACME", "--as-of", ASOF)
    assert code == 0
    assert out == (
        "Ended the snooze of D-ACME (was until 2026-07-01: Budget); it can be suggested again.\n"
    )
    assert "D-ACME" in suggested(capsys, world)
    code, out, err = run(
        capsys, "--db", str(world), "unsnooze", "--deal", "D-ACME", "--as-of", ASOF
    )
    assert (code, out, err) == (0, "D-ACME is not snoozed; nothing to end.\n", "")
    code, _, err = run(capsys, "--db", str(world), "unsnooze", "--deal", "NOPE", "--as-of", ASOF)
    assert code == 1 and err == "fieldvisit: No deal 'NOPE' in this workspace.\n"


def test_snoozing_again_to_an_earlier_day_shortens_the_snooze(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snooze(capsys, world, "2026-07-01")
    code, out, _ = snooze(capsys, world, "2026-06-17", "Customer back on Wednesday")
    assert code == 0
    assert out == (
        "Snoozed D-ACME until 2026-06-17 (was until 2026-07-01): Customer back on Wednesday\n"
    )
    assert "D-ACME" not in suggested(capsys, world, "2026-06-16")
    assert "D-ACME" in suggested(capsys, world, "2026-06-17")  # back on the new day, not 1 Jul


def test_snoozing_again_to_a_later_day_extends_it_with_the_new_reason(
    workspace: Workspace,
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("naomi@us.example", city="Chicago")
        deal = b.deal(b.account("Acme"), b.rep("rep@us.example"))
        snooze_deal(conn, deal, date(2026, 6, 20), "First", as_of=AS_OF)
        snooze_deal(conn, deal, date(2026, 8, 1), "Longer", as_of=AS_OF)
        assert running_snooze(conn, deal, AS_OF) == running_snooze(conn, deal, date(2026, 7, 1))
        assert running_snooze(conn, deal, AS_OF).reason == "Longer"  # type: ignore[union-attr]
        assert conn.execute(text("SELECT COUNT(*) FROM snooze")).scalar() == 1
        ended = end_snooze(conn, deal, as_of=AS_OF)
        assert ended is not None and ended.until == date(2026, 8, 1)
        assert running_snooze(conn, deal, AS_OF) is None
        # The ended snooze is kept (what was snoozed and why), running no longer.
        assert fetch_rows(conn, "SELECT until, reason FROM snooze", {}) == [
            ("2026-06-15", "Longer")
        ]


@pytest.mark.parametrize(
    ("until", "words"),
    [("2026-06-15", "Mon 15 Jun 2026 is today"), ("2026-06-01", "Mon 01 Jun 2026 is in the past")],
)
def test_a_snooze_to_today_or_a_past_day_is_refused(
    world: Path, capsys: pytest.CaptureFixture[str], until: str, words: str
) -> None:
    snooze(capsys, world, "2026-07-01")
    code, out, err = snooze(capsys, world, until)
    assert code == 1 and out == ""
    assert err == f"fieldvisit: {words}; snooze until a later day (after Mon 15 Jun 2026).\n"
    assert "D-ACME" not in suggested(capsys, world, "2026-06-30")  # the old snooze still runs


# ----- plans -------------------------------------------------------------------------------------


def plan(capsys: pytest.CaptureFixture[str], db: Path, deal: str, *more: str):  # type: ignore[no-untyped-def]
    return run(capsys, "--db", str(db), "plan", "--deal", deal, "--as-of", ASOF, *more)


def visit_count(db: Path | str) -> int:
    from fieldvisit.store.location import parse_location
    from fieldvisit.store.opening import open_location

    ws = open_location(parse_location(str(db)))
    try:
        with ws.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM visit")).scalar_one())
    finally:
        ws.close()


def test_plan_refuses_an_overlapping_visit_of_the_same_executive_naming_it(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = plan(capsys, world, "D-ACME", "--start", "2026-06-17T10:00")
    assert code == 0
    acme_visit = out.splitlines()[-1]
    code, out, err = plan(capsys, world, "D-GLOBEX", "--start", "2026-06-17T10:30")
    assert code == 1 and out == ""
    assert err == (
        f"fieldvisit: Naomi Park already has Acme ({acme_visit}) on Wed 17 Jun 2026, "
        "10:00–11:00; the visits would overlap.\n"
    )
    assert visit_count(world) == 1
    # Right after it ends is fine.
    code, out, err = plan(capsys, world, "D-GLOBEX", "--start", "2026-06-17T11:00")
    assert code == 0 and err == ""
    assert visit_count(world) == 2


def test_running_plan_twice_on_a_deal_does_not_make_two_visits(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = plan(capsys, world, "D-ACME")
    assert code == 0
    first = out.splitlines()[-1]
    code, out, err = plan(capsys, world, "D-ACME")
    assert code == 1 and out == ""
    assert err.startswith(f"fieldvisit: D-ACME already has a planned visit: {first}, Naomi Park")
    # The same start given by hand: the same visit again, refused too.
    code, _, err = plan(capsys, world, "D-ACME", "--start", "2026-06-16T10:00")
    assert code == 1 and err.startswith(f"fieldvisit: This visit is already planned: {first}")
    assert visit_count(world) == 1
    # A second visit on another day is a choice the user can make.
    code, _, _ = plan(capsys, world, "D-ACME", "--start", "2026-06-30T10:00")
    assert code == 0 and visit_count(world) == 2


def test_a_weekend_start_is_planned_with_a_warning(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = plan(capsys, world, "D-ACME", "--start", "2026-06-20T10:00")
    assert code == 0 and out.splitlines()[-1].startswith("V")
    assert err == "fieldvisit: warning: Sat 20 Jun 2026 is a Saturday. Planned anyway.\n"
    code, _, err = plan(capsys, world, "D-GLOBEX", "--start", "2026-06-18T10:00")
    assert code == 0 and err == ""  # an ordinary Thursday: no word


def test_a_public_holiday_start_is_planned_with_a_warning(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = plan(capsys, world, "D-ACME", "--start", "2026-11-26T10:00")
    assert code == 0 and visit_count(world) == 1
    assert err == (
        "fieldvisit: warning: Thu 26 Nov 2026 is Thanksgiving Day in United States. "
        "Planned anyway.\n"
    )
    code, out, err = plan(capsys, world, "D-GLOBEX", "--start", "2026-06-19T10:00")
    assert code == 0 and visit_count(world) == 2
    assert "Fri 19 Jun 2026 is Juneteenth National Independence Day" in err


def test_a_holiday_at_the_executives_home_counts_too() -> None:
    # 4 May 2026 is May Day in the United Kingdom, an ordinary Monday in the US.
    assert day_warning(RULES, date(2026, 5, 4), "US", ["US"]) is None
    words = day_warning(RULES, date(2026, 5, 4), "US", ["GB"])
    assert words is not None and words.startswith("Mon 04 May 2026 is May Day in ")
    closed = Rules(company_closures=["2026-06-18"])
    assert day_warning(closed, date(2026, 6, 18), "US", ["US"]) == (
        "Thu 18 Jun 2026 is a company closure."
    )


def test_the_core_refuses_overlaps_unless_the_user_said_plan_anyway(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        naomi = b.executive("naomi@us.example", name="Naomi Park", city="Chicago")
        rep = b.rep("rep@us.example")
        acme = b.deal(b.account("Acme"), rep)
        globex = b.deal(b.account("Globex"), rep)
        start = datetime(2026, 6, 17, 15, tzinfo=UTC)
        base = dict(executive_pks=[naomi], rep_pks=[], contact_pks=[], minutes=60)
        first = plan_visit(conn, deal_pk=acme, start=start, **base)  # type: ignore[arg-type]
        with pytest.raises(VisitClash, match="Naomi Park already has Acme") as refused:
            plan_visit(conn, deal_pk=globex, start=start + timedelta(minutes=30), **base)  # type: ignore[arg-type]
        assert refused.value.clash.question() == (
            f"Naomi already has Acme ({refused.value.clash.visit_id}) at 10:00–11:00 that day. "
            "Plan anyway?"
        )
        second = plan_visit(
            conn, deal_pk=globex, start=start + timedelta(minutes=30), allow_overlap=True, **base
        )  # type: ignore[arg-type]
        # Even "plan anyway" never makes the same visit twice.
        with pytest.raises(DuplicateVisit):
            plan_visit(conn, deal_pk=acme, start=start, allow_overlap=True, **base)  # type: ignore[arg-type]
        # Moving a visit onto another is refused the same way; moving it clear is fine.
        with pytest.raises(VisitClash):
            update_visit(conn, first, start=start + timedelta(minutes=45), rules=RULES)
        update_visit(conn, second, start=start + timedelta(hours=3), rules=RULES)
        update_visit(conn, first, start=start + timedelta(minutes=45), rules=RULES)
        cancelled = plan_visit(conn, deal_pk=globex, start=start + timedelta(days=1), **base)  # type: ignore[arg-type]
        conn.execute(text("UPDATE visit SET status = 'cancelled' WHERE id = :v"), {"v": cancelled})
        plan_visit(conn, deal_pk=acme, start=start + timedelta(days=1), **base)  # type: ignore[arg-type]


def test_a_snoozed_deal_is_back_in_suggestions_once_the_snooze_ends(
    workspace: Workspace,
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("naomi@us.example", city="Chicago")
        deal = b.deal(b.account("Acme"), b.rep("rep@us.example"), entered=AS_OF - timedelta(60))
        snooze_deal(conn, deal, date(2026, 7, 1), "Budget", as_of=AS_OF)
        assert suggest_visits(conn, AS_OF, RULES) == []
        end_snooze(conn, deal, as_of=AS_OF)
        assert [s.deal.deal_pk for s in suggest_visits(conn, AS_OF, RULES)] == [deal]
        with pytest.raises(FieldVisitError, match="needs a reason"):
            snooze_deal(conn, deal, date(2026, 7, 1), " ", as_of=AS_OF)
