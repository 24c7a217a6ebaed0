"""Settings › Money by keyboard: a rate per currency the deals use, Add currency, refusals in words,
and the saved rates changing which deals count as strategic."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from fieldvisit.planning import stalled_deals
from fieldvisit.settings import load_rules
from fieldvisit.ui.context import AppContext
from tests.ui.demo_files import AS_OF, app_context, small_demo_copy
from tests.ui.test_settings import shown


@pytest.fixture
def euro_demo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo with its deals of 90,000–99,999 moved to euros."""
    path = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "demo.fieldvisit")
    with app_context(path) as ctx, ctx.workspace.begin() as conn:
        conn.execute(
            text("UPDATE deal SET currency = 'EUR' WHERE amount >= 90000 AND amount < 100000")
        )
    return path


@pytest.fixture
def ctx(qapp: QApplication, euro_demo: Path) -> Iterator[AppContext]:
    with app_context(euro_demo) as context:
        yield context  # type: ignore[misc]


def test_a_euro_rate_typed_in_settings_makes_big_euro_deals_strategic(
    qtbot, ctx: AppContext
) -> None:
    with ctx.workspace.connect() as conn:
        before = {d.deal_pk for d in stalled_deals(conn, AS_OF, load_rules(conn))}
    page = shown(qtbot, ctx)
    page.show_section("Money")
    assert page.money.currency.text() == "USD"
    assert list(page.money.rates) == ["EUR"]  # the currency the deals use, without a rate yet
    assert page.money.rates["EUR"].text() == "No rate"

    page.money.rates["EUR"].setFocus()
    qtbot.keyClick(page.money.rates["EUR"], Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.money.rates["EUR"], "1.2")
    page.money.new_code.setFocus()
    qtbot.keyClicks(page.money.new_code, "gbp")
    qtbot.keyClick(page.money.new_code, Qt.Key.Key_Return)
    assert page.money.rates["GBP"].isAncestorOf(page.focusWidget())
    qtbot.keyClicks(page.money.rates["GBP"], "1.27")
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved"))

    with ctx.workspace.connect() as conn:
        rules = load_rules(conn)
        after = {d.deal_pk for d in stalled_deals(conn, AS_OF, rules)}
        euro_pks = {pk for (pk,) in conn.execute(text("SELECT id FROM deal WHERE currency='EUR'"))}
    assert rules.currency_rates == {"EUR": 1.2, "GBP": 1.27}
    assert after > before  # euro deals of 90,000 and more now pass the 100,000 USD line
    assert after - before <= euro_pks


def test_a_bad_currency_is_refused_in_words_and_nothing_saved(qtbot, ctx: AppContext) -> None:
    page = shown(qtbot, ctx)
    page.show_section("Money")
    page.money.currency.setFocus()
    page.money.currency.selectAll()
    qtbot.keyClicks(page.money.currency, "EU")
    assert not page.save()
    assert "'EU' is not a three-letter code" in page.status.text()
    with ctx.workspace.connect() as conn:
        assert load_rules(conn).currency == "USD"
