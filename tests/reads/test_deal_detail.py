"""The Deals page's pane reads one deal from the core: head, history, people, visits, snooze."""

from __future__ import annotations

import json
from datetime import date, timedelta

from fieldvisit.planning.outcomes import record
from fieldvisit.planning.snoozes import running_snooze
from fieldvisit.reads.deal_detail import CONTACTS_SHOWN, VISITS_SHOWN, load_detail
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder


def _deal(workspace: Workspace) -> tuple[int, dict[str, int]]:
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo = b.executive("ceo@us.example", name="Dana Ceo")
        rep = b.rep("rep@us.example", name="Robin Rep")
        acct = b.account("Globex", city="Chicago")
        deal = b.deal(acct, rep, name="Globex - Plant rollout", stage="Proposal", amount=480_000)
        b.stage_change(deal, "Discovery", date(2026, 3, 2))
        b.stage_change(deal, "Proposal", date(2026, 5, 4))
        cfo = b.contact(acct, "Casey Cfo", title="CFO", seniority="C", decision_maker=True)
        mgr = b.contact(acct, "Max Manager", seniority="Manager")
        vp = b.contact(acct, "Val Vp", seniority="VP")
        b.activity(date(2026, 6, 1), deal=deal, contacts=(vp,))
        done = b.visit(acct, date(2026, 5, 20), deal=deal, execs=(ceo,), contacts=(cfo,))
        b.visit(acct, date(2026, 4, 2), execs=(ceo,))  # on the account, no deal
        b.visit(acct, AS_OF + timedelta(days=9), deal=deal, execs=(ceo,), status="planned")
        other = b.deal(acct, rep, name="Other deal")
        b.visit(acct, date(2026, 5, 1), deal=other)  # another deal's visit is not shown
    return deal, {"acct": acct, "cfo": cfo, "mgr": mgr, "vp": vp, "done": done}


def test_the_pane_reads_a_deals_facts_history_people_and_visits(workspace: Workspace) -> None:
    deal, keys = _deal(workspace)
    signals = json.dumps([["no_exec", "No executive visit in 90 days", True]])
    with workspace.connect() as conn:
        d = load_detail(conn, deal, AS_OF, signals)
    assert (d.account, d.city, d.deal, d.stage, d.amount, d.owner) == (
        "Globex",
        "Chicago",
        "Globex - Plant rollout",
        "Proposal",
        480_000,
        "Robin Rep",
    )
    assert d.account_pk == keys["acct"]
    assert d.close_date == AS_OF + timedelta(days=60)
    assert d.signals[0].code == "no_exec" and d.signals[0].stalls is True
    assert [(s.stage, s.entered_on) for s in d.history] == [
        ("Discovery", date(2026, 3, 2)),
        ("Proposal", date(2026, 5, 4)),
    ]
    # Decision makers first, then the most senior (C, VP, …, Manager).
    assert [c.name for c in d.contacts] == ["Casey Cfo", "Val Vp", "Max Manager"]
    assert d.contacts[1].last_touch == date(2026, 6, 1)
    assert d.contacts[0].decision_maker and not d.contacts[2].decision_maker
    # Newest first: the planned one, the deal's visit, the account's visit without a deal.
    assert [(v.day, v.status) for v in d.visits] == [
        (AS_OF + timedelta(days=9), "planned"),
        (date(2026, 5, 20), "done"),
        (date(2026, 4, 2), "done"),
    ]
    assert d.visits[1].executives == "Dana Ceo"
    assert d.planned == AS_OF + timedelta(days=9)
    assert d.snoozed is None and d.dismissed is None
    assert VISITS_SHOWN == 8 and CONTACTS_SHOWN == 12


def test_the_pane_shows_the_snooze_planning_keeps_running(workspace: Workspace) -> None:
    deal, _keys = _deal(workspace)
    until = AS_OF + timedelta(days=20)
    with workspace.begin() as conn:
        b = Builder(conn)
        b.snooze(deal, AS_OF - timedelta(days=1), "over already")
        b.snooze(deal, until, "first reason")
        b.snooze(deal, until, "newest reason")  # same day: the newest one runs
    with workspace.connect() as conn:
        d = load_detail(conn, deal, AS_OF, "[]")
        rule = running_snooze(conn, deal, AS_OF)
    assert rule is not None and d.snoozed is not None
    assert (d.snoozed.until, d.snoozed.reason) == (rule.until, rule.reason)
    assert d.snoozed.reason == "newest reason"


def test_the_pane_shows_a_running_dismissal(workspace: Workspace) -> None:
    deal, _keys = _deal(workspace)
    with workspace.begin() as conn:
        record(conn, deal, "dismissed", AS_OF, reason="Reorg at the customer")
    with workspace.connect() as conn:
        d = load_detail(conn, deal, AS_OF, "[]")
    assert d.dismissed == (AS_OF, "Reorg at the customer")
