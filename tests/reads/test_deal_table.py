"""The Deals page's in-memory store: one row per open deal, filtered, sorted and paged in SQL."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from fieldvisit.errors import Cancelled
from fieldvisit.reads import deal_table
from fieldvisit.reads.deal_table import DealFilter, count_rows, page_rows
from fieldvisit.settings import load_rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder


def _workspace(workspace: Workspace) -> dict[str, int]:
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo = b.executive("ceo@us.example")
        ann = b.rep("ann@us.example", name="Ann Owner")
        bob = b.rep("bob@us.example", name="Bob Owner")
        globex = b.account("Globex", city="Chicago")
        initech = b.account("Initech", tier="standard", city="Boston")
        big = b.deal(globex, ann, name="Plant rollout", stage="Proposal", amount=900_000,
                     entered=AS_OF - timedelta(days=40))  # fmt: skip
        small = b.deal(initech, bob, name="Pilot", stage="Discovery", amount=20_000,
                       entered=AS_OF - timedelta(days=3))  # fmt: skip
        b.deal(initech, bob, name="Lost one", status="lost")
        b.activity(date(2026, 6, 2), deal=big)
        b.visit(globex, date(2026, 5, 10), deal=big, execs=(ceo,))
        b.visit(initech, date(2026, 6, 5), deal=small)  # no executive on it
    return {"big": big, "small": small, "ann": ann, "bob": bob}


def test_the_store_holds_every_open_deal_with_what_the_table_shows(workspace: Workspace) -> None:
    keys = _workspace(workspace)
    with workspace.connect() as conn:
        rules = load_rules(conn)
        store = deal_table.build_store(conn, AS_OF, rules)
    everything = DealFilter(strategic_only=False)
    assert count_rows(store, everything) == 2  # the lost deal is not open
    rows = page_rows(store, everything, "amount", descending=True, limit=10)
    big, small = rows
    assert (big.pk, big.account, big.account_city, big.deal, big.stage) == (
        keys["big"],
        "Globex",
        "Chicago",
        "Plant rollout",
        "Proposal",
    )
    assert (big.days_in_stage, big.amount, big.owner, big.strategic) == (
        40,
        900_000,
        "Ann Owner",
        True,
    )
    assert big.last_activity == "2026-06-02"  # the call after the visit
    assert big.last_exec == "2026-05-10"
    assert (small.last_activity, small.last_exec, small.strategic) == ("2026-06-05", None, False)
    assert deal_table.owners(store) == [(keys["ann"], "Ann Owner"), (keys["bob"], "Bob Owner")]
    store.close()


def test_filters_sorting_and_paging_happen_in_the_store(workspace: Workspace) -> None:
    keys = _workspace(workspace)
    with workspace.connect() as conn:
        store = deal_table.build_store(conn, AS_OF, load_rules(conn))
    assert count_rows(store, DealFilter()) == 1  # strategic only, by default
    assert count_rows(store, DealFilter(text="pilot bob", strategic_only=False)) == 1
    assert count_rows(store, DealFilter(text="50%", strategic_only=False)) == 0  # % is literal
    assert count_rows(store, DealFilter(stage="Discovery", strategic_only=False)) == 1
    assert count_rows(store, DealFilter(owner_pk=keys["bob"], strategic_only=False)) == 1
    by_days = page_rows(store, DealFilter(strategic_only=False), "days_in_stage", False, 10)
    assert [r.pk for r in by_days] == [keys["small"], keys["big"]]
    second = page_rows(store, DealFilter(strategic_only=False), "days_in_stage", False, 1, 1)
    assert [r.pk for r in second] == [keys["big"]]
    with pytest.raises(ValueError, match="Cannot sort"):
        page_rows(store, DealFilter(), "amount; DROP TABLE deal_row", False, 10)
    store.close()


def test_the_store_holds_signals_and_the_pane_reads_their_words(workspace: Workspace) -> None:
    keys = _workspace(workspace)
    with workspace.connect() as conn:
        rules = load_rules(conn)
        store = deal_table.build_store(conn, AS_OF, rules)
        found = deal_table.deal_signals(conn, AS_OF, rules)
        assert [r.pk for r in found] == [keys["big"]]  # strategic deals only
        row = page_rows(store, DealFilter(), "score", True, 10)[0]
        assert row.signals == ",".join(found[0].codes)
        assert row.score == pytest.approx(found[0].score)
        codes = deal_table.stored_signals(store, keys["big"])
        details = json.loads(deal_table.signal_details(conn, keys["big"], AS_OF, rules, codes))
        assert [tuple(d) for d in details] == list(found[0].details)
        assert deal_table.stored_signals(store, keys["small"]) == ""
        assert deal_table.signal_details(conn, keys["small"], AS_OF, rules, "") == "[]"
    assert deal_table.stored_signals(None, keys["big"]) == ""
    store.close()


def test_the_other_deals_join_a_copy_of_the_strategic_store(workspace: Workspace) -> None:
    keys = _workspace(workspace)
    with workspace.connect() as conn:
        rules = load_rules(conn)
        first = deal_table.build_store(conn, AS_OF, rules, others=False)
        everything = DealFilter(strategic_only=False)
        assert [r.pk for r in page_rows(first, everything, "amount", True, 10)] == [keys["big"]]
        whole = deal_table.add_other_deals(deal_table.snapshot(first), conn, AS_OF, rules)
    assert [r.pk for r in page_rows(whole, everything, "amount", True, 10)] == [
        keys["big"],
        keys["small"],
    ]
    assert page_rows(whole, DealFilter(), "score", True, 10) == page_rows(
        first, DealFilter(), "score", True, 10
    )
    first.close()
    whole.close()


def test_building_the_store_can_be_cancelled(workspace: Workspace) -> None:
    _workspace(workspace)
    with workspace.connect() as conn, pytest.raises(Cancelled):
        deal_table.build_store(conn, AS_OF, load_rules(conn), cancelled=lambda: True)


def test_the_filter_folds_case_of_plain_and_accented_words(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ann = b.rep("ann@us.example", name="Ann Owner")
        zurich = b.account("ÉCLAIR Zürich", city="London")
        plain = b.account("Acme Bank", city="Boston")
        accented = b.deal(zurich, ann, name="Über rollout")
        banked = b.deal(plain, ann, name="Vault")
    with workspace.connect() as conn:
        store = deal_table.build_store(conn, AS_OF, load_rules(conn))

    def found(text: str) -> list[int]:
        rows = page_rows(store, DealFilter(text=text, strategic_only=False), "amount", True, 9)
        return [r.pk for r in rows]

    assert found("éclair london") == [accented]
    assert found("zürich") == [accented]
    assert found("ÜBER") == [accented]
    assert found("bank BOSTON") == [banked]
    assert sorted(found("ann")) == sorted([accented, banked])
    assert found("bank zürich") == []  # every word must match the same deal
    store.close()


def test_a_page_deep_in_a_sort_reads_the_same_rows_once_indexed(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _workspace(workspace)
    with workspace.connect() as conn:
        store = deal_table.build_store(conn, AS_OF, load_rules(conn))
    everything = DealFilter(strategic_only=False)
    before = [page_rows(store, everything, key, True, 1, 1) for key in deal_table.SORT_KEYS]
    monkeypatch.setattr(deal_table, "DEEP_OFFSET", 1)  # as if the user scrolled far down
    after = [page_rows(store, everything, key, True, 1, 1) for key in deal_table.SORT_KEYS]
    assert after == before
    indexes = {
        name for (name,) in store.execute("SELECT name FROM sqlite_schema WHERE type = 'index'")
    }
    assert {f"ix_{key}" for key in deal_table.SORT_KEYS} <= indexes
    store.close()
