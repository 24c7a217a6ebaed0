"""Coverage → "Due for a visit", driven by keyboard, and Settings → Visit cadence.

The workspace is the one of tests/planning/test_cadence.py (as of Mon 15 Jun 2026): Dyno never
met, Bolt 16 days overdue (Elena and Tom), Acme due 30 Jun (Elena), Core due 9 Jul (Tom), Fern
due in October (Elena), Echo a standard account without a cadence.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldvisit.settings import load_rules
from fieldvisit.store import create_workspace
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.models.cadence import COL_DUE, COL_EXECS, COL_LAST, COL_PLANNED
from fieldvisit.ui.pages.coverage import CoveragePage
from fieldvisit.ui.pages.settings import SettingsPage
from tests.planning.builders import AS_OF, Builder
from tests.planning.test_cadence import build_world


@pytest.fixture
def ctx(qapp: QApplication, tmp_path: Path) -> Iterator[AppContext]:
    ws = create_workspace(tmp_path / "due.fieldvisit")
    with ws.begin() as conn:
        build_world(Builder(conn))
    context = AppContext(ws, AS_OF)
    try:
        yield context
    finally:
        context.tasks.shutdown()
        ws.close()


@pytest.fixture
def page(qtbot, ctx: AppContext) -> CoveragePage:
    shown = CoveragePage(ctx)
    qtbot.addWidget(shown)
    shown.resize(1024 - 212, 768 - 60)  # the page's share of a 1024×768 window
    shown.show()
    qtbot.waitUntil(lambda: not shown.stale and not shown.busy)
    return shown


def names(page: CoveragePage) -> list[str]:
    model = page.due.accounts
    return [a.name for r in range(model.rowCount()) if (a := model.account_at(r))]


def test_due_for_a_visit_by_keyboard(qtbot, page: CoveragePage) -> None:
    tabs = page.tabs
    assert tabs.tabText(1) == "Due for a visit (2 overdue)"
    tabs.tabBar().setFocus()
    qtbot.keyClick(tabs.tabBar(), Qt.Key.Key_Right)
    assert tabs.currentWidget() is page.due
    # Overdue (never met first) and due in the next 30 days, the earliest due first.
    assert names(page) == ["Dyno", "Bolt", "Acme", "Core"]
    model = page.due.accounts
    assert model.index(0, COL_DUE).data() == "Now: never met"
    assert model.index(0, COL_LAST).data() == "Never met"
    assert model.index(0, COL_EXECS).data() == "Nobody yet"
    assert model.index(0, COL_PLANNED).data() == "22 Jun"
    assert model.index(1, COL_DUE).data() == "30 May, 16 days overdue"
    assert model.index(1, COL_EXECS).data() == "Elena Ruiz, Tom Berg"
    assert model.index(2, COL_DUE).data() == "30 Jun, in 15 days"
    assert page.due.count.text() == "4 accounts"

    show, executive = page.due.show_choice, page.due.executive
    show.setFocus()
    qtbot.keyClick(show, Qt.Key.Key_Down)  # Overdue
    assert names(page) == ["Dyno", "Bolt"]
    qtbot.keyClick(show, Qt.Key.Key_Down)  # Due in the next 30 days
    assert names(page) == ["Acme", "Core"]
    qtbot.keyClick(show, Qt.Key.Key_Down)  # every account with a cadence
    assert names(page) == ["Dyno", "Bolt", "Acme", "Core", "Fern"]

    executive.setFocus()
    qtbot.keyClick(executive, Qt.Key.Key_Down)
    assert executive.currentText() == "Elena Ruiz"
    assert names(page) == ["Bolt", "Acme", "Fern"]
    qtbot.keyClick(executive, Qt.Key.Key_Down)
    assert executive.currentText() == "Tom Berg"
    assert names(page) == ["Bolt", "Core"]
    page.due.table.setFocus()
    qtbot.keyClick(page.due.table, Qt.Key.Key_Down)
    assert page.due.detail.text() == (
        "Core: Key accounts get an executive visit every 180 days; the last was on "
        "Sat 10 Jan 2026, so the next is due Thu 9 Jul 2026 (in 24 days)."
    )
    executive.setFocus()
    qtbot.keyClick(executive, Qt.Key.Key_Down)
    assert names(page) == ["Dyno"]  # nobody has met them yet
    page.due.table.setFocus()
    assert page.due.detail.text().startswith("Dyno: Strategic accounts get an executive visit")
    assert "planned for Mon 22 Jun 2026" in page.due.detail.text()


def test_the_due_list_fits_the_page_at_1024_by_768(page: CoveragePage) -> None:
    page.tabs.setCurrentIndex(1)
    table = page.due.table
    header = table.horizontalHeader()
    shown = sum(header.sectionSize(c) for c in range(header.count()))
    assert shown <= table.viewport().width()  # no column cut off to the right
    assert table.viewport().height() >= 3 * table.verticalHeader().defaultSectionSize()
    assert page.minimumSizeHint().height() <= page.height()


def test_a_cadence_changed_in_settings_changes_what_is_due(
    qtbot, ctx: AppContext, page: CoveragePage
) -> None:
    settings = SettingsPage(ctx)
    qtbot.addWidget(settings)
    settings.show()
    qtbot.waitUntil(lambda: not settings.stale)
    settings.show_section("cadence")
    days = settings.cadence.days
    assert [days[t].value() for t in ("strategic", "key", "standard")] == [90, 180, 0]
    assert days["standard"].text() == "No cadence"
    days["key"].setFocus()
    days["key"].selectAll()
    qtbot.keyClicks(days["key"], "0")  # key accounts: no cadence
    days["strategic"].setFocus()
    days["strategic"].selectAll()
    qtbot.keyClicks(days["strategic"], "30")
    qtbot.keyClick(settings, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with ctx.workspace.connect() as conn:
        assert load_rules(conn).cadence_days == {"strategic": 30}
    assert "Saved 1 change" in settings.status.text()
    # The Coverage page reloads by itself on the saved settings.
    qtbot.waitUntil(lambda: page.tabs.tabText(1) == "Due for a visit (3 overdue)")
    page.due.show_choice.setCurrentIndex(3)  # every account with a cadence
    # Acme's last visit (1 Apr) + 30 days is 1 May: overdue now; the key accounts have left.
    assert names(page) == ["Dyno", "Bolt", "Acme"]
