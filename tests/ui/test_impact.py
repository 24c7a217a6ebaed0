"""The Impact page: visited against unvisited stalled deals, with counts and a plain conclusion."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from fieldvisit.planning import Cohort, Impact
from fieldvisit.planning.impact import suggestion_impact
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.pages.impact import ImpactPage, conclusion
from tests.ui.demo_files import app_context, small_demo_copy


@pytest.fixture
def ctx(
    qapp: QApplication, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppContext]:
    path = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "demo.fieldvisit")
    with app_context(path) as context:
        yield context  # type: ignore[misc]


def result(visited: tuple[int, int], not_visited: tuple[int, int]) -> Impact:
    day = date(2026, 6, 15)
    return Impact(
        day, date(2026, 2, 16), date(2026, 5, 16), 30, Cohort(*visited), Cohort(*not_visited)
    )


def test_the_page_shows_both_groups_with_their_counts(qtbot, ctx: AppContext) -> None:
    page = ImpactPage(ctx)
    qtbot.addWidget(page)
    page.resize(1240, 860)
    page.show()
    qtbot.waitUntil(lambda: not page.stale and not page.busy)
    found = page.result
    assert found is not None
    groups = page.chart.groups
    assert [(g.n, g.advanced) for g in groups] == [
        (found.visited.n, found.visited.advanced),
        (found.not_visited.n, found.not_visited.advanced),
    ]
    assert f"of {found.visited.n} stalled deal" in page.visited_words.text()
    assert page.finding.text()
    assert "Visited by an executive" in page.chart.accessibleDescription()


def test_the_conclusion_is_plain_and_warns_when_groups_are_small() -> None:
    finding, caveat = conclusion(result((4, 3), (40, 8)))
    assert finding.startswith("Stalled deals that got an executive visit advanced more often: 75%")
    assert "Only 4 deals" in caveat
    finding, caveat = conclusion(result((60, 30), (200, 98)))
    assert "about as often" in finding
    assert caveat == ""
    finding, _ = conclusion(result((50, 5), (50, 25)))
    assert "less often" in finding
    finding, caveat = conclusion(result((0, 0), (12, 3)))
    assert finding.startswith("Not enough to compare yet")


def test_the_page_compares_suggestions_acted_on_with_the_rest(qtbot, ctx: AppContext) -> None:
    page = ImpactPage(ctx)
    qtbot.addWidget(page)
    page.resize(1024, 768)
    page.show()
    qtbot.waitUntil(lambda: not page.stale and not page.busy)
    with ctx.workspace.connect() as conn:
        expected = suggestion_impact(conn, ctx.as_of, ctx.rules())
    assert expected.acted.n > 0 and expected.dismissed > 0  # the demo records what became of them
    assert page.acted_result == expected
    text = page.acted.text()
    assert f"{expected.acted.advanced} of {expected.acted.n} stalled deals whose" in text
    assert f"({expected.not_acted.advanced} of {expected.not_acted.n} deals) of the rest" in text
    assert f"{expected.dismissed} dismissed as not relevant" in page.method.text()
