"""Where a rep or an executive found with Ctrl+K lands, visibly.

A rep: the Deals page with its owner filter ("All owners") set to the rep and the search box
left empty, so the filter shows and one choice clears it. An executive: Coverage with their row
of the weekly visits map picked out (scrolled to and focused), and a notice saying how they stand
against their target. A page still loading is waited for (`busy_changed`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QScrollArea, QWidget

from fieldvisit.ui import style
from fieldvisit.ui.pages.base import Page
from fieldvisit.ui.widgets.notice import show_notice

WAIT_STEP_MS = 50
WAIT_MAX_MS = 60_000


def when_loaded(page: Page, act: Callable[[], None]) -> None:
    """Run `act` now, or once the page has loaded (it may be reading in the background)."""
    if not page.busy:
        act()
        return
    timer = QTimer(page)
    timer.setInterval(WAIT_STEP_MS)
    waited = [0]

    def check() -> None:
        waited[0] += WAIT_STEP_MS
        if not page.busy or waited[0] > WAIT_MAX_MS:
            timer.stop()
            timer.deleteLater()
            if not page.busy:
                act()

    timer.timeout.connect(check)
    timer.start()


def scroll_to(widget: QWidget, rect: QRect) -> None:
    """Scroll every scroll area around `widget` so that `rect` (in its coordinates) shows."""
    area = widget.parentWidget()
    while area is not None:
        if isinstance(area, QScrollArea) and area.widget() is not None:
            spot = widget.mapTo(area.widget(), rect.center())
            # Well inside the view (a third of it around the row), not at its very edge.
            room = rect.height() // 2 + area.viewport().height() // 3
            area.ensureVisible(spot.x(), spot.y(), rect.width() // 2 + 8, room)
        area = area.parentWidget()


def show_rep(deals: Any, rep_pk: int, name: str) -> None:
    """Filter the Deals page (`pages.deals.DealsPage`) by owner: the rep found."""

    def apply() -> None:
        deals.search.clear()
        index = deals.owner.findData(rep_pk)
        if index < 0:
            deals.owner.setCurrentIndex(0)
            show_notice(deals, f"{name} owns no open deal.", None)
            return
        deals.owner.setCurrentIndex(index)
        deals.owner.setFocus()
        show_notice(deals, f"Deals owned by {name} (“All owners” shows every deal again).", None)

    when_loaded(deals, apply)


def show_executive(coverage: Any, executive_pk: int, name: str) -> None:
    """Pick out an executive on Coverage (`pages.coverage.CoveragePage`): their row of the weekly
    visits map, scrolled into view and focused, and their figures in a notice."""

    def apply() -> None:
        cov = coverage.coverage
        if cov is None:
            return
        rows = [row.executive_pk for row in cov.heat_map.rows]
        if executive_pk not in rows:
            show_notice(coverage, f"{name} has no visits to show on Coverage yet.", None)
            return
        heat = coverage.heat
        row = heat.select_row(rows.index(executive_pk))
        show_notice(coverage, _standing(cov, executive_pk, name), None)  # first: it takes room
        scroll_to(heat, row)
        heat.setFocus()

    when_loaded(coverage, apply)


def _standing(cov: Any, executive_pk: int, name: str) -> str:
    """Return "Dana Chief: 2 visits in the last 30 days, target 4; last visit 3 weeks ago"."""
    ex = next((e for e in cov.executives if e.executive_pk == executive_pk), None)
    if ex is None:
        return f"{name} is picked out in the weekly visits below."
    last = style.relative(ex.last_visit_on, cov.as_of) if ex.last_visit_on else "no visit yet"
    return (
        f"{name}: {style.plural(ex.visits_30d, 'visit')} in the last 30 days, "
        f"target {style.number(ex.monthly_target)}; last visit {last}."
    )
