"""Deals: a lean table over thousands of deals, sorted and filtered in SQL, with a detail pane."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from fieldvisit.store import open_workspace
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.models.deals_model import (
    ACCOUNT,
    AMOUNT,
    DAYS,
    PAGE,
    SIGNALS,
    STAGE,
)
from fieldvisit.ui.pages.deals import DealsPage
from tests.ui.demo_files import AS_OF


@pytest.fixture(scope="module")
def loaded_page(qapp, medium_demo_template: Path) -> Iterator[DealsPage]:  # type: ignore[no-untyped-def]
    """The deals page on the medium demo, loaded once: these tests only read."""
    ws = open_workspace(medium_demo_template)
    ctx = AppContext(ws, AS_OF)
    page = DealsPage(ctx)
    page.resize(1300, 860)
    page.show()
    deadline = time.monotonic() + 60
    while not (page.signals_ready and not page.busy) and time.monotonic() < deadline:
        ctx.tasks.wait_idle(1000)
        QApplication.processEvents()
    assert page.signals_ready
    yield page
    page.close()
    ctx.tasks.shutdown()
    ws.close()


@pytest.fixture
def deals(loaded_page: DealsPage, qtbot, settle) -> DealsPage:  # type: ignore[no-untyped-def]
    """The loaded deals page with its filters and sort back to how a user first sees them."""
    page = loaded_page
    page.search.clear()
    page._apply_search()
    page.stalled_only.setChecked(False)
    page.strategic_only.setChecked(True)
    page.stage.setCurrentIndex(0)
    page.owner.setCurrentIndex(0)
    page.table.sortByColumn(SIGNALS, Qt.SortOrder.DescendingOrder)
    settle(page.ctx)
    return page


def _column(page: DealsPage, col: int, rows: int = 50) -> list[str]:
    model = page.model
    return [model.index(r, col).data() for r in range(min(rows, model.rowCount()))]


def test_the_table_fetches_a_page_at_a_time_and_puts_the_most_urgent_first(
    deals: DealsPage,
) -> None:
    model = deals.model
    assert model.total > PAGE, "the medium demo has thousands of strategic deals"
    assert model.rowCount() == PAGE
    deals.table.scrollToBottom()  # the view asks for more as it reaches the end
    assert PAGE < model.rowCount() < model.total
    assert model.rowCount() % PAGE == 0
    scores = [model.row(r)[13] for r in range(model.rowCount())]
    assert scores == sorted(scores, reverse=True)
    assert model.index(0, SIGNALS).data(Qt.ItemDataRole.ToolTipRole)  # reasons in words
    assert "strategic deal" in deals.count.text()


def test_clicking_a_header_sorts_the_whole_table(qtbot, deals: DealsPage) -> None:
    header = deals.table.horizontalHeader()
    deals.table.sortByColumn(AMOUNT, Qt.SortOrder.DescendingOrder)
    amounts = [deals.model.row(r)[6] for r in range(deals.model.rowCount())]
    assert amounts == sorted(amounts, reverse=True)
    store = deals.model.store
    assert store is not None
    biggest = store.execute("SELECT max(amount) FROM deal_row WHERE strategic = 1").fetchone()
    assert amounts[0] == biggest[0], "sorted over every deal, not only the rows fetched"
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.rect().center().__class__(header.sectionViewportPosition(DAYS) + 20, 10),
    )
    assert deals.model.sort_column == DAYS
    days = [deals.model.row(r)[5] for r in range(deals.model.rowCount())]
    expected = sorted(days, reverse=deals.model.sort_order == Qt.SortOrder.DescendingOrder)
    assert days == expected
    deals.table.sortByColumn(ACCOUNT, Qt.SortOrder.AscendingOrder)
    names = _column(deals, ACCOUNT)
    assert names == sorted(names)


def test_filters_narrow_the_table_in_words_people_use(qtbot, deals: DealsPage) -> None:
    total = deals.model.total
    deals.stalled_only.setChecked(True)
    stalled = deals.model.total
    assert 0 < stalled < total
    assert all(deals.model.row(r)[12] == 1 for r in range(deals.model.rowCount()))
    deals.stalled_only.setChecked(False)

    deals.strategic_only.setChecked(False)
    assert deals.model.total > total, "every open deal, not only the strategic ones"
    deals.strategic_only.setChecked(True)

    word = deals.model.row(0)[1].split()[0]
    qtbot.keyClicks(deals.search, word)
    qtbot.waitUntil(lambda: deals.model.filter.text == word)
    assert 0 < deals.model.total < total
    assert all(
        word.lower() in " ".join(map(str, deals.model.row(r)[1:4])).lower()
        or word.lower() in str(deals.model.row(r)[10]).lower()
        for r in range(deals.model.rowCount())
    )
    deals.search.clear()
    qtbot.waitUntil(lambda: deals.model.filter.text == "")

    deals.stage.setCurrentIndex(deals.stage.findText("Negotiation"))
    assert set(_column(deals, STAGE, 500)) == {"Negotiation"}
    deals.stage.setCurrentIndex(0)
    owner_pk = deals.owner.itemData(1)
    deals.owner.setCurrentIndex(1)
    assert deals.model.total > 0
    assert deals.model.filter.owner_pk == owner_pk

    qtbot.keyClicks(deals.search, "no deal is called this")
    qtbot.waitUntil(lambda: deals.model.total == 0)
    assert deals.count.text() == "No deal matches these filters"


def test_choosing_a_deal_shows_its_signals_history_people_and_visits(
    qtbot, deals: DealsPage, settle
) -> None:  # type: ignore[no-untyped-def]
    deals.table.selectRow(0)
    pk = deals.model.deal_pk(0)
    qtbot.waitUntil(lambda: deals.detail.detail is not None and deals.detail.detail.pk == pk)
    settle(deals.ctx)
    text = " ".join(lab.text() for lab in deals.detail.findChildren(QLabel))
    for heading in ("Signals", "Stage history", "People at the account", "Visits and debriefs"):
        assert heading in text
    assert deals.detail.detail.signals
    assert deals.detail.detail.signals[0][1] in text
    assert deals.plan_visit_target() == pk
