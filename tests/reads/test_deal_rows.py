"""The Deals table's signals, worked out in SQL, are planning's signals: same codes, same scores."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from fieldvisit.demo import generate_demo
from fieldvisit.reads import deal_table
from fieldvisit.settings import load_rules, save_rules
from fieldvisit.signal_table import codes
from fieldvisit.store import Workspace, open_workspace
from tests.planning.builders import AS_OF, Builder


def _varied(workspace: Workspace) -> dict[str, int]:
    """Deals where each signal fires, or just does not, for each reason planning knows."""
    day = timedelta(days=1)
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo = b.executive("ceo@us.example")
        ann = b.rep("ann@us.example", name="Ann Owner")
        globex = b.account("Globex", city="Chicago")
        initech = b.account("Initech", tier="standard", city="Boston")
        zurich = b.account("Überbank", tier="standard", city=None)
        boss = b.contact(globex, "Dana Decider", decision_maker=True)
        two = [b.contact(globex, f"Person {n}") for n in range(2)]
        # Past deals teach a stage its usual stay (history-based limits).
        for n in range(12):
            past = b.deal(initech, ann, name=f"Won {n}", stage="Closed Won", status="won")
            b.stage_change(past, "Proposal", AS_OF - 200 * day)
            b.stage_change(past, "Negotiation", AS_OF - (190 - n) * day)
        keys = {
            "fresh": b.deal(globex, ann, name="Fresh", entered=AS_OF - 2 * day),
            "stuck": b.deal(globex, ann, name="Stuck", entered=AS_OF - 400 * day),
            "quiet": b.deal(globex, ann, name="Quiet", stage="Negotiation"),
            "slipped": b.deal(globex, ann, name="Slipped", close=AS_OF - day),
            "pushed": b.deal(globex, ann, name="Pushed", amount=50_000, strategic=True),
            "busy": b.deal(globex, ann, name="Busy", amount=5_000_000),
            "euro": b.deal(initech, ann, name="Euro", amount=95_000, currency="EUR"),
            "small": b.deal(initech, ann, name="Small", amount=10_000),
            "umlaut": b.deal(zurich, ann, name="Ölpreis", amount=None, strategic=True),
            "no_stage_day": b.deal(globex, ann, name="No stage day", created=AS_OF - 90 * day),
        }
        b.stage_change(keys["no_stage_day"], "Proposal", AS_OF - 33 * day)
        conn.execute(
            text("UPDATE deal SET stage_entered_on = NULL WHERE id = :d"),
            {"d": keys["no_stage_day"]},
        )
        for n in range(3):
            b.close_change(keys["pushed"], AS_OF + n * day, AS_OF + (n + 9) * day, AS_OF - day)
        b.close_change(keys["pushed"], AS_OF, AS_OF + 99 * day, AS_OF + day)  # after as_of
        b.activity(AS_OF - 21 * day, deal=keys["quiet"])  # idle from exactly idle_days
        b.activity(AS_OF + 3 * day, deal=keys["quiet"])  # after as_of: not counted
        b.activity(AS_OF - 2 * day, deal=keys["busy"], contacts=(two[0], boss))
        b.visit(globex, AS_OF - 3 * day, deal=keys["busy"], contacts=(two[1],), execs=(ceo,))
        b.visit(globex, AS_OF - 4 * day, deal=keys["fresh"], contacts=(boss,), status="planned")
        b.activity(AS_OF - 5 * day, deal=keys["fresh"], contacts=(boss,))
        b.visit(initech, AS_OF - 100 * day, deal=keys["euro"], execs=(ceo,))
        b.activity(AS_OF - 1 * day, deal=keys["stuck"], contacts=tuple(two))
        save_rules(conn, {"currency_rates": {"EUR": 1.1}})
    return keys


def _store_signals(ws: Workspace, as_of: date) -> dict[int, tuple[str, float, int]]:
    with ws.connect() as conn:
        store = deal_table.build_store(conn, as_of, load_rules(conn))
    rows = store.execute("SELECT pk, signals, score, stalled FROM deal_row WHERE strategic = 1")
    found = {pk: (signals, score, stalled) for pk, signals, score, stalled in rows}
    store.close()
    return found


def _planning_signals(ws: Workspace, as_of: date) -> dict[int, tuple[str, float, int]]:
    with ws.connect() as conn:
        rows = deal_table.deal_signals(conn, as_of, load_rules(conn))
    return {r.pk: (",".join(r.codes), r.score, int(r.stalled)) for r in rows}


def test_the_table_shows_the_signals_and_scores_planning_works_out(workspace: Workspace) -> None:
    keys = _varied(workspace)
    for as_of in (AS_OF, AS_OF - timedelta(days=30), AS_OF + timedelta(days=200)):
        assert _store_signals(workspace, as_of) == _planning_signals(workspace, as_of)
    found = _store_signals(workspace, AS_OF)
    assert keys["small"] not in found  # not strategic: no signals worked out
    assert keys["euro"] in found  # 95,000 EUR at 1.1 is over the strategic 100,000
    shown = {name: found[pk][0].split(",") for name, pk in keys.items() if pk in found}
    assert "stage_age" in shown["stuck"] and "stage_age" not in shown["fresh"]
    assert "idle" in shown["quiet"] and "close_slipped" in shown["slipped"]
    assert "close_slipped" in shown["pushed"]
    assert "single_threaded" not in shown["busy"] and "no_decision_maker" not in shown["busy"]
    assert "no_exec_touch" not in shown["busy"] and "no_exec_touch" in shown["euro"]
    assert "stage_age" in shown["no_stage_day"]  # 33 days in Proposal, from its stage history
    fired = {code for words in shown.values() for code in words if code}
    assert fired == set(codes()), "every signal fires somewhere in this workspace"


def test_the_filter_finds_words_in_any_case_accents_included(workspace: Workspace) -> None:
    _varied(workspace)
    with workspace.connect() as conn:
        store = deal_table.build_store(conn, AS_OF, load_rules(conn))
    everything = deal_table.DealFilter(strategic_only=False)
    for word in ("überbank", "ÖLPREIS", "globex stuck"):
        found = deal_table.count_rows(store, deal_table.DealFilter(text=word, strategic_only=False))
        assert found == 1, word
    assert deal_table.count_rows(store, everything) == 10
    store.close()


def test_signals_match_planning_on_every_strategic_deal_of_a_demo(tmp_path: Path) -> None:
    path = tmp_path / "demo.fieldvisit"
    generate_demo(path, "small", seed=11, as_of=AS_OF)
    ws = open_workspace(path)
    try:
        planned = _planning_signals(ws, AS_OF)
        assert len(planned) > 100
        assert _store_signals(ws, AS_OF) == planned
    finally:
        ws.close()


def test_visit_times_compare_as_days(workspace: Workspace) -> None:
    """A done visit late on the as-of day counts; one the next morning does not."""
    with workspace.begin() as conn:
        b = Builder(conn)
        ann = b.rep("ann@us.example")
        acme = b.account("Acme")
        deal = b.deal(acme, ann, name="Late visit")
        b.activity(AS_OF - timedelta(days=40), deal=deal)
        b.visit(acme, datetime(2026, 6, 15, 23, 30, tzinfo=UTC), deal=deal)
        b.visit(acme, datetime(2026, 6, 16, 6, 0, tzinfo=UTC), deal=deal)
    assert _store_signals(workspace, AS_OF) == _planning_signals(workspace, AS_OF)
