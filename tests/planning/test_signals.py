"""Stall and risk signals: each at and around its threshold, with the words a user reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Connection

from fieldvisit.planning import open_deal_signals, signals_for_deal, stalled_deals
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder

RULES = Rules()


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def healthy(b: Builder, *, stage: str = "Proposal", entered: int = 5, **deal: object) -> int:
    """Return a strategic deal with no signal at all; tests then break one thing."""
    rep = b.rep(b.next_id("rep") + "@us.example")
    exec_ = b.executive(b.next_id("exec") + "@us.example")
    acct = b.account("Globex")
    dm = b.contact(acct, "Dana Decider", seniority="C", decision_maker=True, title="CFO")
    other = b.contact(acct, "Olly Other", seniority="Manager")
    pk = b.deal(acct, rep, stage=stage, entered=ago(entered), **deal)  # type: ignore[arg-type]
    b.activity(ago(1), deal=pk, account=acct, contacts=(dm, other))
    b.visit(acct, ago(10), deal=pk, execs=(exec_,), contacts=(dm,))
    return pk


def codes(conn: Connection, deal: int, rules: Rules = RULES) -> dict[str, str]:
    found = signals_for_deal(conn, deal, AS_OF, rules)
    return {s.code: s.detail for s in found.signals}


def test_a_healthy_strategic_deal_has_no_signal(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        deal = healthy(Builder(conn))
        assert codes(conn, deal) == {}
        assert stalled_deals(conn, AS_OF, RULES) == []
        assert [d.deal_pk for d in open_deal_signals(conn, AS_OF, RULES)] == [deal]


@pytest.mark.parametrize(("days", "flagged"), [(29, False), (30, False), (31, True)])
def test_stage_age_uses_the_default_limit_without_history(
    workspace: Workspace, days: int, flagged: bool
) -> None:
    with workspace.begin() as conn:
        deal = healthy(Builder(conn), entered=days)
        found = codes(conn, deal)
        if flagged:
            assert found == {"stage_age": f"In Proposal for {days} days, limit 30"}
        else:
            assert found == {}


def test_stage_age_uses_the_stage_limit_setting(workspace: Workspace) -> None:
    rules = replace(RULES, stage_limits={"Negotiation": 20})
    with workspace.begin() as conn:
        b = Builder(conn)
        at_limit = healthy(b, stage="Negotiation", entered=20)
        over = healthy(b, stage="Negotiation", entered=21)
        assert codes(conn, at_limit, rules) == {}
        assert codes(conn, over, rules) == {"stage_age": "In Negotiation for 21 days, limit 20"}


def _history(b: Builder, n: int, days: int, stage: str = "Negotiation") -> None:
    """Add n past deals that spent `days` days in `stage` before moving on."""
    rep, acct = b.rep(f"hist{n}{days}@us.example"), b.account("History Inc", tier="standard")
    for i in range(n):
        deal = b.deal(acct, rep, stage="Closed Won", status="won", amount=10_000)
        entered = ago(400 - i)
        b.stage_change(deal, stage, entered)
        b.stage_change(deal, "Closed Won", entered + timedelta(days=days))


def test_stage_age_learns_the_usual_stay_from_ten_past_deals(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        _history(b, 10, 20)
        long_ = healthy(b, stage="Negotiation", entered=47)
        at_limit = healthy(b, stage="Negotiation", entered=30)
        found = signals_for_deal(conn, long_, AS_OF, RULES)
        assert found.signal("stage_age").detail == "In Negotiation for 47 days, 2.3× the usual 20"  # type: ignore[union-attr]
        assert found.stage_limit == 30 and found.stage_limit_source == "history"
        assert codes(conn, at_limit) == {}


def test_stage_age_ignores_history_of_fewer_than_ten_deals(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        _history(b, 9, 5)
        deal = healthy(b, stage="Negotiation", entered=25)
        found = signals_for_deal(conn, deal, AS_OF, RULES)
        assert found.stage_limit_source == "default" and found.signals == ()


def test_stage_age_median_ignores_the_open_stay(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        _history(b, 5, 10)
        _history(b, 6, 40)
        deal = healthy(b, stage="Negotiation", entered=70)
        b.stage_change(deal, "Negotiation", ago(70))  # still there: not a completed stay
        found = signals_for_deal(conn, deal, AS_OF, RULES)
        # 11 stays: five of 10 days, six of 40 → median 40, limit 60
        assert found.stage_limit == 60
        assert found.signal("stage_age").detail == "In Negotiation for 70 days, 1.7× the usual 40"  # type: ignore[union-attr]


@pytest.mark.parametrize(("days", "flagged"), [(20, False), (21, True), (45, True)])
def test_idle_counts_days_since_the_last_activity(
    workspace: Workspace, days: int, flagged: bool
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        rep, acct = b.rep("r@us.example"), b.account("Initech")
        c1 = b.contact(acct, "A", decision_maker=True)
        c2 = b.contact(acct, "B")
        deal = b.deal(acct, rep, entered=ago(5), created=ago(200))
        b.activity(ago(days), deal=deal, contacts=(c1, c2))
        b.visit(acct, ago(days + 3), deal=deal, execs=(b.executive("e@us.example"),))
        found = codes(conn, deal)
        assert found.get("idle") == (f"No activity for {days} days" if flagged else None)


def test_a_done_visit_counts_as_activity_but_planned_and_cancelled_do_not(
    workspace: Workspace,
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        rep, acct = b.rep("r@us.example"), b.account("Initech")
        quiet = b.deal(acct, rep, created=ago(100))
        b.activity(ago(40), deal=quiet)
        b.visit(acct, ago(3), deal=quiet, status="cancelled")
        b.visit(acct, ago(2), deal=quiet, status="planned")
        assert codes(conn, quiet)["idle"] == "No activity for 40 days"
        b.visit(acct, ago(4), deal=quiet, status="done")
        assert "idle" not in codes(conn, quiet)
        assert signals_for_deal(conn, quiet, AS_OF, RULES).last_activity_on == ago(4)


def test_a_deal_never_touched_is_idle_since_it_was_created(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        rep, acct = b.rep("r@us.example"), b.account("Initech")
        old = b.deal(acct, rep, created=ago(60), entered=ago(5))
        new = b.deal(acct, rep, created=ago(20), entered=ago(5))
        assert codes(conn, old)["idle"] == "No activity recorded in 60 days since 16 Apr"
        assert "idle" not in codes(conn, new)


def test_activity_after_the_as_of_date_is_ignored(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        deal = healthy(b)
        acct = signals_for_deal(conn, deal, AS_OF, RULES).account_pk
        later = AS_OF + timedelta(days=30)
        b.activity(later, deal=deal, account=acct)
        found = signals_for_deal(conn, deal, AS_OF + timedelta(days=25), RULES)
        assert found.signal("idle") is not None and found.last_activity_on == ago(1)


def test_close_slipped_after_two_pushes_not_one_and_not_pull_ins(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        deal = healthy(b)
        d1, d2, d3 = AS_OF + timedelta(10), AS_OF + timedelta(40), AS_OF + timedelta(70)
        b.close_change(deal, d1, d2, ago(30))
        b.close_change(deal, d3, d2, ago(20))  # pulled in: not a push
        assert codes(conn, deal) == {}
        b.close_change(deal, d2, d3, ago(10))
        assert codes(conn, deal) == {"close_slipped": "Close date pushed 2 times"}


@pytest.mark.parametrize(("offset", "flagged"), [(0, False), (1, True)])
def test_close_slipped_when_the_close_date_has_passed(
    workspace: Workspace, offset: int, flagged: bool
) -> None:
    with workspace.begin() as conn:
        deal = healthy(Builder(conn), close=ago(offset))
        expected = {"close_slipped": "Close date 14 Jun passed"} if flagged else {}
        assert codes(conn, deal) == expected


def _threads(b: Builder, contact_days: tuple[int, ...], dm_day: int | None) -> int:
    rep, acct = b.rep(b.next_id("r") + "@us.example"), b.account("Umbrella")
    deal = b.deal(acct, rep, entered=ago(5))
    b.activity(ago(1), deal=deal)  # recent, but with nobody named
    b.visit(acct, ago(10), execs=(b.executive(b.next_id("x") + "@us.example"),))
    for i, day in enumerate(contact_days):
        b.activity(ago(day), deal=deal, contacts=(b.contact(acct, f"P{i}"),))
    if dm_day is not None:
        dm = b.contact(acct, "Boss", seniority="C", decision_maker=True)
        b.visit(acct, ago(dm_day), deal=deal, contacts=(dm,))
    return deal


def test_single_threaded_counts_distinct_contacts_in_the_window(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        none_ = _threads(b, (), 5)  # the decision maker alone
        one_in = _threads(b, (89,), None)
        edge = _threads(b, (89, 90), None)  # day 90 ago is outside the 90-day window
        two = _threads(b, (89, 3), None)
        assert (
            codes(conn, none_)["single_threaded"] == "Only one customer contact engaged in 90 days"
        )
        assert (
            codes(conn, one_in)["single_threaded"] == "Only one customer contact engaged in 90 days"
        )
        assert "single_threaded" in codes(conn, edge)
        assert "single_threaded" not in codes(conn, two)
        nobody = _threads(b, (), None)
        assert codes(conn, nobody)["single_threaded"] == "No customer contact engaged in 90 days"


@pytest.mark.parametrize(("day", "flagged"), [(59, False), (60, True)])
def test_no_decision_maker_in_the_window(workspace: Workspace, day: int, flagged: bool) -> None:
    with workspace.begin() as conn:
        deal = _threads(Builder(conn), (1, 2), day)
        found = codes(conn, deal)
        assert found.get("no_decision_maker") == (
            "No decision maker engaged in 60 days" if flagged else None
        )


@pytest.mark.parametrize(("day", "flagged"), [(89, False), (90, True), (134, True)])
def test_no_exec_touch_counts_done_executive_visits_on_the_account(
    workspace: Workspace, day: int, flagged: bool
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        rep, acct, exec_ = b.rep("r@us.example"), b.account("Hooli"), b.executive("e@us.example")
        deal = b.deal(acct, rep, entered=ago(5))
        engaged_deal = b.deal(acct, rep, entered=ago(5))
        b.visit(acct, ago(day), deal=engaged_deal, execs=(exec_,))  # any deal of the account
        b.visit(acct, ago(5), deal=deal, reps=(rep,))  # no executive: does not count
        b.visit(acct, ago(3), execs=(exec_,), status="cancelled")
        expected = f"No executive has met them in {day} days" if flagged else None
        assert codes(conn, deal).get("no_exec_touch") == expected


def test_no_exec_touch_when_never_met(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        deal = b.deal(b.account("Hooli"), b.rep("r@us.example"))
        assert codes(conn, deal)["no_exec_touch"] == "No executive has ever met them"


def test_risk_signals_alone_do_not_make_a_deal_stalled(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        deal = b.deal(b.account("Hooli"), b.rep("r@us.example"), created=ago(3))
        found = signals_for_deal(conn, deal, AS_OF, RULES)
        assert {s.code for s in found.signals} == {
            "single_threaded",
            "no_decision_maker",
            "no_exec_touch",
        }
        assert not found.stalled and stalled_deals(conn, AS_OF, RULES) == []


def test_only_open_strategic_deals_are_flagged(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        rep = b.rep("r@us.example")
        key, strat = b.account("Keyco", tier="key"), b.account("Stratco", tier="strategic")
        old = ago(100)
        small = b.deal(key, rep, amount=99_999, entered=old, external_id="SMALL")
        b.deal(key, rep, amount=100_000, entered=old, external_id="BIG")
        b.deal(key, rep, amount=5_000, entered=old, strategic=True, external_id="FLAGGED")
        b.deal(strat, rep, amount=None, entered=old, external_id="TIER")
        won = b.deal(strat, rep, amount=900_000, entered=old, status="won", external_id="WON")
        ids = {d.deal_id for d in stalled_deals(conn, AS_OF, RULES)}
        assert ids == {"BIG", "FLAGGED", "TIER"}
        everyone = {d.deal_id for d in stalled_deals(conn, AS_OF, RULES, strategic_only=False)}
        assert everyone == {"SMALL", "BIG", "FLAGGED", "TIER"}
        assert signals_for_deal(conn, won, AS_OF, RULES).signals == ()
        assert not signals_for_deal(conn, small, AS_OF, RULES).strategic


def test_priority_is_weights_times_size_with_the_breakdown(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        rep, acct = b.rep("r@us.example"), b.account("Hooli")
        big = b.deal(acct, rep, amount=1_000_000, entered=ago(100), external_id="BIG")
        mid = b.deal(acct, rep, amount=100_000, entered=ago(100), external_id="MID")
        found = {d.deal_id: d for d in stalled_deals(conn, AS_OF, RULES)}
        assert [d.deal_id for d in stalled_deals(conn, AS_OF, RULES)] == ["BIG", "MID"]
        assert found["MID"].size_factor == 1.0 and found["BIG"].size_factor == 2.0
        weights = RULES.signal_weights
        expected = sum(weights[s.code] for s in found["MID"].signals)
        assert found["MID"].score == pytest.approx(expected)
        assert found["BIG"].score == pytest.approx(2 * expected)
        assert sum(p for _, p in found["BIG"].score_breakdown) == pytest.approx(found["BIG"].score)
        assert found["BIG"].score_breakdown[0] == ("stage_age", 6.0)
        assert big != mid
