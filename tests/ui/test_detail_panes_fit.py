"""The deal and visit detail panes at the smallest window: the deal's four columns reflow (two rows
of two at 1024 px, one row when there is room) so no column wraps one word per line, and the visit
pane is as wide as its buttons need (nothing cut at the right)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from fieldvisit.ui.screenshots import _pump as pump
from tests.ui.test_capture_screens import themed  # noqa: F401 - the app's own look

pytestmark = pytest.mark.usefixtures("themed")


def _deal_shown(qtbot, window, settle, ctx):  # type: ignore[no-untyped-def]
    page = window.show_page("deals")
    settle(ctx, page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.columns is not None, timeout=20_000)
    pump()
    return page


def test_deal_columns_stand_two_by_two_at_1024_and_in_one_row_when_wide(  # type: ignore[no-untyped-def]
    qtbot, window, settle, app_ctx
) -> None:
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: window.width() == 1024)
    page = _deal_shown(qtbot, window, settle, app_ctx)
    columns = page.detail.columns
    qtbot.waitUntil(lambda: columns.per_row() == 2)
    rows = columns.rows()
    assert [len(r) for r in rows] == [2, 2]
    assert rows[0][0].y() == rows[0][1].y() < rows[1][0].y(), "two rows of two"
    for column in [c for row in rows for c in row]:
        assert column.width() >= 220, f"a column squeezed to {column.width()} px"
    # Stage history: each stage on one line ("Prospecting  16 Apr  60 days so far").
    history = rows[0][1].findChildren(QLabel)[1]
    stages = len(page.detail.detail.history)
    line = history.fontMetrics().lineSpacing()
    assert history.height() < (stages + 1) * (line + 8), "the stage history wraps word per line"
    window.resize(1440, 900)
    qtbot.waitUntil(lambda: columns.per_row() == 4)
    qtbot.waitUntil(lambda: len({c.y() for c in columns.rows()[0]}) == 1)


def test_visit_detail_is_as_wide_as_its_buttons(qtbot, window, settle, app_ctx) -> None:  # type: ignore[no-untyped-def]
    window.resize(1024, 768)
    page = window.show_page("visits")
    settle(app_ctx, page)
    visit = next(v for v in page.visit_rows() if v.status == "planned")
    page.select_visit(visit.pk)
    pane = page.detail
    qtbot.waitUntil(lambda: pane.visit is not None and "cancel" in pane.buttons)
    qtbot.waitUntil(lambda: all(b.isVisible() for b in pane.buttons.values()))
    pump()
    inner = pane.widget()
    room = pane.viewport().width()
    assert inner.minimumSizeHint().width() <= room, "the buttons need more than the pane has"
    assert inner.width() <= room
    for b in inner.findChildren(QAbstractButton):
        right = b.mapTo(inner, b.rect().topRight()).x()
        assert right < room, f"{b.text()} ends at {right} > {room}"
