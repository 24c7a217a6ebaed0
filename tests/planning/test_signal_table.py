"""One signal table: a new signal is one row in `fieldvisit.signal_table` plus its rule.

The fixture adds a stall signal the product does not have; planning, the chips' words and tone,
the default weights, Settings' weight rows and the Why? sentences all pick it up with no other
edit. If a second list of signals comes back somewhere, the new signal is missing there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldvisit import signal_table
from fieldvisit.planning import signals as planning_signals
from fieldvisit.planning import signals_for_deal, stalled_deals
from fieldvisit.planning.explain import signal_clause
from fieldvisit.planning.signals import RULES, SignalRule
from fieldvisit.settings import Rules, load_rules, save_rules
from fieldvisit.signal_table import SignalKind
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder
from tests.planning.test_signals import healthy

SOURCE = Path(__file__).resolve().parents[2] / "fieldvisit"
OVER_BUDGET = SignalKind("over_budget", "stall", "Over budget", "Budget", 2.5)


@pytest.fixture
def over_budget(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A new stall signal: the table's row and its rule, nothing else."""
    monkeypatch.setattr(signal_table, "SIGNALS", (*signal_table.SIGNALS, OVER_BUDGET))
    monkeypatch.setitem(
        RULES,
        "over_budget",
        SignalRule(
            fires=lambda b, s: (s.row.amount or 0) > 1_000_000,
            detail=lambda b, s: f"Asks for {s.row.amount:,.0f}, over the budget",
            facts=lambda b, s: (None, 1_000_000, None, None),
            sql="coalesce(f.amount, 0) > 1000000",
        ),
    )
    yield


def test_a_new_signal_reaches_planning_words_weights_and_settings(
    workspace: Workspace, over_budget: None
) -> None:
    from fieldvisit.ui.widgets.chips import chip_tone

    with workspace.begin() as conn:
        deal = healthy(Builder(conn), amount=2_000_000.0)
        rules = load_rules(conn)
        found = signals_for_deal(conn, deal, AS_OF, rules)
        assert [s.code for s in found.signals] == ["over_budget"]
        sig = found.signals[0]
        assert sig.stalls and sig.weight == 2.5  # its kind and default weight, from the row
        assert [d.deal_pk for d in stalled_deals(conn, AS_OF, rules)] == [deal]  # a stall
        assert signal_clause(sig, found, AS_OF) == "asks for 2,000,000, over the budget"
        # A workspace whose weights were saved before the signal existed gets its default.
        save_rules(conn, {"signal_weights": {"stage_age": 4.0}})
        assert load_rules(conn).signal_weights["over_budget"] == 2.5
    assert signal_table.signal_label("over_budget") == "Over budget"
    assert signal_table.signal_label("over_budget", short=True) == "Budget"
    assert signal_table.signal_words()["over_budget"] == "Over budget"  # Settings' weight rows
    assert Rules().signal_weights["over_budget"] == 2.5
    assert chip_tone("over_budget") == "amber"
    assert signal_table.signal_rank("over_budget") < len(signal_table.SIGNALS)


def test_every_row_has_a_rule_and_every_rule_a_row() -> None:
    assert set(RULES) == set(signal_table.codes())
    assert planning_signals.RULES is RULES


def test_one_label_per_signal() -> None:
    labels = [s.label for s in signal_table.SIGNALS]
    assert len(set(labels)) == len(labels)
    assert signal_table.codes("stall") == ("stage_age", "idle", "close_slipped")


def test_signal_codes_and_words_are_listed_once() -> None:
    """No dict keyed by signal code outside the table and the rules (chips, Settings, results
    each had their own once, with three names for one signal)."""
    keyed = re.compile(
        r"\"(stage_age|idle|close_slipped|single_threaded|no_decision_maker|no_exec_touch)\": "
        r"|\(\"stage_age\", \"idle\""
    )
    found = [
        f"{path.relative_to(SOURCE)}:{n}"
        for path in sorted(SOURCE.rglob("*.py"))
        if path.name != "signal_table.py"
        and path.relative_to(SOURCE).as_posix() != "planning/signals.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if keyed.search(line)
    ]
    assert found == []
