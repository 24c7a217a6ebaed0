"""Ctrl+K's reads in the core: what matches, in which order, with the caller's words for money."""

from __future__ import annotations

from datetime import date

from fieldvisit import debriefs
from fieldvisit.reads.search import find, like_pattern
from fieldvisit.store import Workspace
from tests.planning.builders import Builder


def _money(amount: float | None, currency: str | None) -> str:
    return f"{currency} {amount:,.0f}"


def _day(d: date) -> str:
    return d.isoformat()


def _workspace(workspace: Workspace) -> dict[str, int]:
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo = b.executive("dana.glob@us.example", name="Dana Glob", title="CEO")
        rep = b.rep("globrep@us.example", name="Robin Rep")
        acct = b.account("Globex", city="Chicago", tier="key")
        deal = b.deal(acct, rep, name="Globex rollout", external_id="OPP-77", amount=480_000)
        b.deal(acct, rep, name="Globex lost", status="lost")
        contact = b.contact(acct, "Gloria Globbins", title="CFO")
    return {"ceo": ceo, "rep": rep, "acct": acct, "deal": deal, "contact": contact}


def test_find_lists_accounts_deals_people_and_contacts(workspace: Workspace) -> None:
    keys = _workspace(workspace)
    with workspace.connect() as conn:
        hits = find(conn, "glob", money=_money, day=_day)
    assert [(h.kind, h.pk, h.label, h.detail) for h in hits] == [
        ("account", keys["acct"], "Globex", "Account · Chicago · key"),
        ("deal", keys["deal"], "Globex rollout", "Deal · Globex · Proposal · USD 480,000"),
        ("executive", keys["ceo"], "Dana Glob", "CEO"),
        ("rep", keys["rep"], "Robin Rep", "Rep"),
        ("contact", keys["contact"], "Gloria Globbins", "CFO · Globex"),
    ]
    assert hits[-1].account_pk == keys["acct"]


def test_find_takes_a_deals_crm_id_and_wildcards_literally(workspace: Workspace) -> None:
    keys = _workspace(workspace)
    with workspace.connect() as conn:
        assert [h.pk for h in find(conn, "OPP-77", money=_money, day=_day)] == [keys["deal"]]
        assert find(conn, "%%", money=_money, day=_day) == []
        assert find(conn, "g", money=_money, day=_day) == []  # two letters or more
    assert like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"


def test_find_reaches_debriefs_by_their_words(workspace: Workspace) -> None:
    keys = _workspace(workspace)
    with workspace.begin() as conn:
        visit = Builder(conn).visit(keys["acct"], date(2026, 6, 1), deal=keys["deal"])
    debriefs.save_debrief(
        workspace, debriefs.DebriefData(visit, summary="Procurement wants a pilot in Milwaukee")
    )
    with workspace.connect() as conn:
        hits = find(conn, "Milwaukee", money=_money, day=_day)
    assert [(h.kind, h.pk, h.label) for h in hits] == [
        ("debrief", visit, "Debrief: Globex, 2026-06-01")
    ]
    assert "Milwaukee" in hits[0].detail
