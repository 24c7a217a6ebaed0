"""The Coverage page shows its figures, chart and heat map before the strategic accounts: the
table's circle of influence reaches into every activity and comes second, the cadence third. Going
back to a date shows what it found at once, until the data changes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from fieldvisit.changes import Changes, Kind
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.pages import coverage_load
from fieldvisit.ui.pages.coverage import CoveragePage
from tests.ui.demo_files import AS_OF, app_context, small_demo_copy


@pytest.fixture
def ctx(
    qapp: QApplication, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppContext]:
    path = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "demo.fieldvisit")
    with app_context(path) as context:
        yield context  # type: ignore[misc]


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Hold the accounts step until the test opens the gate."""
    opened = threading.Event()
    real = coverage_load.coverage_accounts

    def held(conn: Any, head: Any) -> Any:
        opened.wait(timeout=60)
        return real(conn, head)

    monkeypatch.setattr(coverage_load, "coverage_accounts", held)
    yield opened
    opened.set()  # never leave a worker waiting


def test_the_figures_and_heat_map_show_while_the_accounts_are_worked_out(
    qtbot, ctx: AppContext, gate: threading.Event
) -> None:
    page = CoveragePage(ctx)
    qtbot.addWidget(page)
    page.resize(1240, 860)
    page.show()
    qtbot.waitUntil(lambda: page.covered_big.text() != "")
    assert page.busy and page.coverage is None
    assert page.covered_big.text().endswith("%")
    assert page.heat.lines and page.chart.bars
    assert page.accounts.rowCount() == 0
    assert page.account_count.text() == "Working out the accounts…"
    assert page.scroll.isVisible() and not page.loading.isVisible()

    gate.set()
    qtbot.waitUntil(lambda: not page.busy)
    cov = page.coverage
    assert cov is not None and page.cadence is not None
    assert page.accounts.rowCount() == len(cov.strategic_accounts) > 0
    assert page.covered_big.text() == f"{round(cov.strategic_covered_90d_pct)}%"
    assert page.tabs.tabText(1).startswith("Due for a visit")


def test_a_newer_refresh_replaces_the_steps_of_an_older_one(
    qtbot, ctx: AppContext, gate: threading.Event
) -> None:
    page = CoveragePage(ctx)
    qtbot.addWidget(page)
    filled: list[Any] = []
    loaded = page._loaded
    page._loaded = lambda cov: (filled.append(cov), loaded(cov))  # type: ignore[method-assign]
    page.show()
    qtbot.waitUntil(lambda: page.covered_big.text() != "")
    page.refresh()  # the first load is held at its accounts step; this one starts over
    gate.set()
    qtbot.waitUntil(lambda: not page.busy)
    assert ctx.tasks.wait_idle()  # the first load's accounts step has finished too
    assert len(filled) == 1 and page.coverage is filled[0]  # the table filled once


def _settled(qtbot, ctx: AppContext, page: CoveragePage) -> None:
    qtbot.waitUntil(lambda: not ctx.announcing and not page.stale and not page.busy)


def test_going_back_to_a_date_shows_what_it_found_at_once(qtbot, ctx: AppContext) -> None:
    page = CoveragePage(ctx)
    qtbot.addWidget(page)
    page.show()
    _settled(qtbot, ctx, page)
    first = page.coverage
    assert first is not None and first.as_of == AS_OF

    earlier = AS_OF - timedelta(days=30)
    ctx.set_as_of(earlier)
    _settled(qtbot, ctx, page)
    assert page.coverage is not None and page.coverage.as_of == earlier
    assert page.heat.weeks[-1] <= earlier

    started: list[str] = []
    ctx.tasks.task_started.connect(lambda task: started.append(task.title))
    ctx.set_as_of(AS_OF)
    qtbot.waitUntil(lambda: not ctx.announcing and not page.stale)
    assert page.coverage is first and not page.busy  # shown at once, nothing worked out
    assert started == []
    assert page.heat.weeks[-1] > earlier

    ctx.announce(Changes.of(Kind.VISITS))  # a visit changed: every date is worked out again
    _settled(qtbot, ctx, page)
    assert started == ["Working out coverage"] * 3  # the head, the accounts, the cadence
    assert page.coverage is not first and page.coverage == first
