"""The Coverage page on the small demo: target bars, heat map, uncovered strategic accounts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldvisit.ui.context import AppContext
from fieldvisit.ui.models.coverage import COL_CIRCLE, COL_LAST
from fieldvisit.ui.pages.coverage import CoveragePage
from tests.ui.demo_files import app_context, small_demo_copy


@pytest.fixture
def ctx(
    qapp: QApplication, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppContext]:
    path = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "demo.fieldvisit")
    with app_context(path) as context:
        yield context  # type: ignore[misc]


@pytest.fixture
def page(qtbot, ctx: AppContext) -> CoveragePage:
    shown = CoveragePage(ctx)
    qtbot.addWidget(shown)
    shown.resize(1240, 860)
    shown.show()
    qtbot.waitUntil(lambda: not shown.stale and not shown.busy)
    return shown


def test_coverage_shows_executives_against_target_and_the_heat_map(page: CoveragePage) -> None:
    cov = page.coverage
    assert cov is not None and cov.executives
    bars = page.chart.bars
    assert 0 < len(bars) <= len(cov.executives)
    # Furthest behind target first, each bar with the executive's real numbers.
    ratios = [b.visits / b.target for b in bars if b.target]
    assert ratios == sorted(ratios)
    assert "visits, target" in page.chart.accessibleDescription()
    assert len(page.heat.lines) == len(cov.executives)
    assert len(page.heat.weeks) == 12
    text = page.heat.text_alternative()
    assert text.splitlines()[1].startswith(page.heat.lines[0].name)
    covered = f"{round(cov.strategic_covered_90d_pct)}%"
    assert page.covered_big.text() == covered


def test_uncovered_strategic_accounts_stand_out_in_words(qtbot, page: CoveragePage) -> None:
    model = page.accounts
    assert model.rowCount() > 0
    top = model.index(0, COL_LAST)
    words = top.data()
    assert words == "Never visited" or words.endswith("days ago")
    assert top.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "executive" in top.data(Qt.ItemDataRole.ToolTipRole)
    assert any(w in model.index(0, COL_CIRCLE).data() for w in ("widening", "narrowing", "steady"))
    everything = model.matching
    page.only_uncovered.setChecked(True)
    uncovered = model.matching
    assert 0 < uncovered < everything
    assert all(not model.account_at(r).covered_90d for r in range(model.rowCount()))
    page.table.selectRow(0)
    assert "Last 90 days" in page.account_detail.text()


def test_the_heat_map_reads_out_the_cell_under_the_keyboard_cursor(
    qtbot, page: CoveragePage
) -> None:
    heat = page.heat
    heat.setFocus()
    qtbot.keyClick(heat, Qt.Key.Key_Down)
    qtbot.keyClick(heat, Qt.Key.Key_Left)
    description = heat.accessibleDescription()
    assert description.startswith(heat.lines[1].name + ", week of ")
    assert description.endswith(("visits", "visit"))
