"""Coverage: executives' customer time, strategic accounts, circle of influence, heat map."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fieldvisit.planning import coverage, heat_map
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder

RULES = Rules()


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


@pytest.mark.parametrize(
    ("day", "in_30", "in_90"),
    [(0, 1, 1), (29, 1, 1), (30, 0, 1), (89, 0, 1), (90, 0, 0), (-1, 0, 0)],
)
def test_visit_windows_are_inclusive_and_end_on_the_as_of_date(
    workspace: Workspace, day: int, in_30: int, in_90: int
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        e = b.executive("ceo@us.example", target=6)
        acct = b.account("Globex")
        b.visit(acct, ago(day), execs=(e,))
        [row] = coverage(conn, AS_OF, RULES).executives
        assert (row.visits_30d, row.visits_90d) == (in_30, in_90)
        assert row.monthly_target == 6
        if day >= 0:
            assert row.last_visit_on == ago(day) and row.days_since_last_visit == day
        else:
            assert row.last_visit_on is None and row.days_since_last_visit is None


def test_only_done_visits_count(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        e = b.executive("ceo@us.example")
        acct = b.account("Globex")
        b.visit(acct, ago(3), execs=(e,), status="planned")
        b.visit(acct, ago(4), execs=(e,), status="cancelled")
        b.visit(acct, AS_OF + timedelta(days=3), execs=(e,), status="planned")
        b.visit(acct, ago(5), reps=(b.rep("r@us.example"),))  # nobody senior: no coverage
        cov = coverage(conn, AS_OF, RULES)
        [row] = cov.executives
        assert (row.visits_30d, row.visits_90d, row.last_visit_on) == (0, 0, None)
        assert row.monthly_target == RULES.default_monthly_visit_target
        assert row.planned_next_30d == 1
        [acct_row] = cov.strategic_accounts
        assert acct_row.last_exec_visit_on is None and not acct_row.covered_90d
        assert cov.strategic_covered_90d_pct == 0.0


def test_strategic_accounts_are_the_tier_or_an_open_strategic_deal(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        rep = b.rep("r@us.example")
        b.account("Tiered", external_id="TIER", tier="strategic")
        big = b.account("Big deal", external_id="BIG", tier="key")
        b.deal(big, rep, amount=100_000)
        flagged = b.account("Flagged", external_id="FLAG", tier="standard")
        b.deal(flagged, rep, amount=1_000, strategic=True)
        small = b.account("Small", external_id="SMALL", tier="standard")
        b.deal(small, rep, amount=99_999)
        won = b.account("Won", external_id="WON", tier="key")
        b.deal(won, rep, amount=5_000_000, status="won")
        ids = {a.account_id for a in coverage(conn, AS_OF, RULES).strategic_accounts}
        assert ids == {"TIER", "BIG", "FLAG"}


def test_accounts_show_who_went_and_the_most_senior_person_met(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ann, bob = b.executive("ann@us.example"), b.executive("bob@us.example")
        acct = b.account("Globex", external_id="GLOBEX")
        never = b.account("Hooli", external_id="HOOLI")
        old = b.account("Initech", external_id="INITECH")
        cfo = b.contact(acct, "Carla", title="CFO", seniority="C")
        vp = b.contact(acct, "Vic", title="VP IT", seniority="VP")
        ceo = b.contact(acct, "Cy", title="CEO", seniority="C")
        b.visit(acct, ago(100), execs=(ann,), contacts=(vp,))
        b.visit(acct, ago(10), execs=(bob,), contacts=(cfo,))
        b.visit(acct, ago(5), reps=(b.rep("r@us.example"),), contacts=(ceo,))  # no executive
        b.visit(old, ago(120), execs=(ann,))
        cov = coverage(conn, AS_OF, RULES)
        by_id = {a.account_id: a for a in cov.strategic_accounts}
        g = by_id["GLOBEX"]
        assert g.executives == ("bob@us.example", "ann@us.example")
        assert g.last_exec_visit_on == ago(10) and g.days_since_exec_visit == 10 and g.covered_90d
        assert g.most_senior_met is not None and g.most_senior_met.title == "CFO"
        assert by_id["INITECH"].covered_90d is False
        # never visited first, then the longest without a visit
        assert [a.account_id for a in cov.strategic_accounts] == ["HOOLI", "INITECH", "GLOBEX"]
        assert cov.strategic_covered_90d_pct == pytest.approx(33.3)
        assert never and by_id["HOOLI"].most_senior_met is None


def test_circle_of_influence_compares_the_last_90_days_with_the_90_before(
    workspace: Workspace,
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        acct = b.account("Globex")
        e = b.executive("ceo@us.example")
        staff = [b.contact(acct, f"S{i}", seniority="Staff") for i in range(3)]
        cfo = b.contact(acct, "Carla", seniority="C")
        vp = b.contact(acct, "Vic", seniority="VP")
        b.activity(ago(100), account=acct, contacts=(staff[0], staff[1]))
        b.activity(ago(179), account=acct, contacts=(staff[2],))
        b.activity(ago(180), account=acct, contacts=(vp,))  # before both windows
        b.activity(ago(89), account=acct, contacts=(staff[0],))
        b.visit(acct, ago(20), execs=(e,), contacts=(cfo, vp))
        b.visit(acct, ago(10), execs=(e,), contacts=(cfo,), status="planned")
        [a] = coverage(conn, AS_OF, RULES).strategic_accounts
        assert (a.circle.contacts, a.circle.vp_plus) == (3, 2)
        assert (a.circle.contacts_before, a.circle.vp_plus_before) == (3, 0)
        assert a.circle.trend == "widening"


def test_heat_map_counts_done_visits_per_week(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ann, bob = b.executive("ann@us.example"), b.executive("bob@us.example")
        acct = b.account("Globex")
        b.visit(acct, AS_OF, execs=(ann, bob))  # this week (Monday 15 Jun)
        b.visit(acct, ago(1), execs=(ann,))  # Sunday: last week
        b.visit(acct, ago(7 * 11), execs=(ann,))  # Monday 11 weeks back: the first column
        b.visit(acct, ago(7 * 11 + 1), execs=(ann,))  # before the map
        hm = heat_map(conn, AS_OF, RULES)
        assert len(hm.weeks) == 12 and hm.weeks[-1] == AS_OF and hm.weeks[0] == ago(77)
        rows = {r.email: r.counts for r in hm.rows}
        assert rows["ann@us.example"] == (1,) + (0,) * 9 + (1, 1)
        assert rows["bob@us.example"] == (0,) * 11 + (1,)
        assert coverage(conn, AS_OF, RULES).heat_map == hm
