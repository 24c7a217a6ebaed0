"""Deals: the rows a user sees first come with their signal chips, and never re-sort under them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fieldvisit.ui.context import AppContext
from fieldvisit.ui.models.deals_model import CODES_ROLE, SIGNALS
from fieldvisit.ui.pages.deals import DealsPage


def _shown(page: DealsPage) -> list[tuple[int, str]]:
    model = page.model
    return [
        (model.deal_pk(r), model.index(r, SIGNALS).data(CODES_ROLE))
        for r in range(model.rowCount())
    ]


def test_the_rows_shown_first_are_the_rows_left_when_loading_ends(
    qtbot, app_ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    page = DealsPage(app_ctx)
    qtbot.addWidget(page)
    first: list[list[tuple[int, str]]] = []

    def on_reset() -> None:  # the first time the table shows rows
        if not first and page.model.rowCount():
            first.append(_shown(page))

    page.model.modelReset.connect(on_reset)
    page.resize(1300, 860)
    page.show()
    qtbot.waitUntil(lambda: bool(first), timeout=30_000)
    assert sum(1 for _pk, codes in first[0] if codes) > len(first[0]) // 2, (
        "the signal chips come with the rows"
    )
    qtbot.waitUntil(lambda: page.all_deals_ready and not page.busy, timeout=30_000)
    assert _shown(page) == first[0], "no row moved once shown"

    # Every open deal is there once loading ends, and the user may look beyond strategic ones.
    assert page.strategic_only.isEnabled()
    strategic = page.model.total
    qtbot.mouseClick(page.strategic_only, Qt.MouseButton.LeftButton)
    assert not page.strategic_only.isChecked()
    assert page.model.total > strategic


def test_a_refresh_keeps_the_order_the_selection_and_the_chips(
    qtbot, app_ctx: AppContext, settle
) -> None:  # type: ignore[no-untyped-def]
    page = DealsPage(app_ctx)
    qtbot.addWidget(page)
    page.resize(1300, 860)
    page.show()
    qtbot.waitUntil(lambda: page.all_deals_ready and not page.busy, timeout=30_000)
    before = _shown(page)
    page.table.selectRow(3)
    chosen = page.selected_deal()
    resets: list[list[tuple[int, str]]] = []
    page.model.modelReset.connect(lambda: resets.append(_shown(page)))
    page.refresh()
    qtbot.waitUntil(lambda: page.all_deals_ready and not page.busy, timeout=30_000)
    settle(page.ctx)
    assert resets and all(rows[: len(before)] == before for rows in resets)
    assert page.selected_deal() == chosen
