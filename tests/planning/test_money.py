"""Money in one currency: the strategic amount and priorities compare converted amounts, deals keep
their own currency, and the `currency` command sets and shows the rates."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy.engine import Connection

from fieldvisit.cli import main
from fieldvisit.errors import FieldVisitError
from fieldvisit.planning import signals_for_deal, stalled_deals
from fieldvisit.planning.coverage import strategic_account_pks
from fieldvisit.planning.money import check_rates, is_big, missing_rates
from fieldvisit.planning.serialize import deal_json
from fieldvisit.settings import Rules, load_rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder

USD = Rules(strategic_amount=100_000.0)
RATED = replace(USD, currency_rates={"EUR": 1.1, "JPY": 0.0067})


def idle_deal(b: Builder, name: str, amount: float, currency: str) -> int:
    """Return a standard-tier deal that stalls (no activity at all) unless it is not strategic."""
    rep = b.rep(b.next_id("rep") + "@us.example")
    account = b.account(name, tier="standard")
    return b.deal(
        account, rep, amount=amount, currency=currency, entered=AS_OF - timedelta(days=60)
    )


def test_a_euro_deal_under_the_line_in_euros_is_strategic_once_converted(
    workspace: Workspace,
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        euro = idle_deal(b, "Euro GmbH", 95_000, "EUR")  # 104,500 USD
        yen = idle_deal(b, "Yen KK", 12_000_000, "JPY")  # 80,400 USD, though 12 million
        dollars = idle_deal(b, "Dollar Inc", 99_000, "USD")
        unconverted = {d.deal_pk for d in stalled_deals(conn, AS_OF, USD)}
        converted = {d.deal_pk for d in stalled_deals(conn, AS_OF, RATED)}
        assert unconverted == {yen}
        assert converted == {euro}
        assert dollars not in converted
        accounts = strategic_account_pks(conn, RATED)
        assert len(accounts) == 1


def test_amounts_keep_their_own_currency_and_priority_compares_converted(
    workspace: Workspace,
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        euro = idle_deal(b, "Euro GmbH", 950_000, "EUR")
        dollars = idle_deal(b, "Dollar Inc", 950_000, "USD")
        found = signals_for_deal(conn, euro, AS_OF, RATED)
        shown = deal_json(found)
        assert (shown["amount"], shown["currency"]) == (950_000, "EUR")
        same_size = signals_for_deal(conn, dollars, AS_OF, RATED)
        assert found.size_factor > same_size.size_factor  # 1,045,000 USD against 950,000 USD


def test_rates_are_checked_and_gaps_named(workspace: Workspace) -> None:
    assert is_big(100, "eur", replace(USD, strategic_amount=100, currency_rates={"EUR": 1.0}))
    assert check_rates(" usd ", {"eur": "1.08", "USD": 1}) == ("USD", {"EUR": 1.08})
    with pytest.raises(FieldVisitError, match="'euro' is not a three-letter code"):
        check_rates("USD", {"euro": 1.08})
    with pytest.raises(FieldVisitError, match="rate of EUR must be above zero"):
        check_rates("USD", {"EUR": -1})
    with pytest.raises(FieldVisitError, match="rate of GBP must be a number"):
        check_rates("USD", {"GBP": "1,27"})
    with workspace.begin() as conn:
        b = Builder(conn)
        idle_deal(b, "Euro GmbH", 1, "EUR")
        idle_deal(b, "Pound Ltd", 1, "GBP")
        idle_deal(b, "Pound Two", 1, "gbp")
        assert missing_rates(conn, replace(USD, currency_rates={"EUR": 1.1})) == [("GBP", 2)]


def stored(conn: Connection) -> tuple[str, dict[str, float]]:
    rules = load_rules(conn)
    return rules.currency, rules.currency_rates


def test_the_currency_command_sets_rates_and_names_what_is_missing(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        idle_deal(b, "Euro GmbH", 95_000, "EUR")
        idle_deal(b, "Pound Ltd", 95_000, "GBP")
    db = workspace.label
    assert main(["--db", db, "currency", "--rate", "EUR=1.1"]) == 0
    out = capsys.readouterr().out
    assert "1 EUR = 1.1 USD" in out
    assert "No rate for GBP (1 open deal)" in out
    with workspace.connect() as conn:
        assert stored(conn) == ("USD", {"EUR": 1.1})
        assert len(stalled_deals(conn, AS_OF, load_rules(conn))) == 1

    assert main(["--db", db, "currency", "--rate", "EUR=0", "--rate", "GBP=1.27", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown == {"currency": "USD", "rates": {"GBP": 1.27}, "without_rate": {"EUR": 1}}

    assert main(["--db", db, "currency", "--rate", "GBP=abc"]) != 0
    assert "rate of GBP must be a number" in capsys.readouterr().err
    with workspace.connect() as conn:
        assert stored(conn) == ("USD", {"GBP": 1.27})
