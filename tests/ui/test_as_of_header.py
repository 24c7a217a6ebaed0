"""The header's as-of date: the app opens a demo on its own day, and the user can look at another.

Driven by the keyboard: Ctrl+Shift+D (or the focused header button and Space) opens the chooser,
arrow keys and Enter choose a day, Alt+T is Today, Alt+B goes back to the workspace's date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from fieldvisit.store import open_workspace
from fieldvisit.store.as_of import local_today
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.as_of import AsOfDialog
from fieldvisit.ui.main_window import MainWindow
from fieldvisit.ui.pages.base import Page
from tests.ui.demo_files import AS_OF

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def opened(qtbot, small_demo: Path) -> Iterator[tuple[MainWindow, AppContext]]:  # type: ignore[no-untyped-def]
    """The main window opened on the small demo the way the app opens a workspace."""
    from fieldvisit.ui.app import attach_workspace

    win = MainWindow(None, None, remember_geometry=False)
    qtbot.addWidget(win)
    ws = open_workspace(small_demo)
    ctx = attach_workspace(win, ws)
    win.resize(1440, 900)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    _settle(qtbot, ctx, win.current_page())
    try:
        yield win, ctx
    finally:
        ctx.tasks.shutdown()
        ws.close()


def _settle(qtbot, ctx: AppContext, page: Page | None) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: page is not None and not page.busy and not ctx.tasks.active(), timeout=20_000
    )


def _chooser(qtbot, page: Page) -> AsOfDialog:  # type: ignore[no-untyped-def]
    found: list[AsOfDialog] = []

    def shown() -> bool:
        found[:] = [d for d in page.findChildren(AsOfDialog) if d.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown)
    dialog = found[0]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_the_app_opens_a_demo_on_its_own_date_and_looks_at_another_from_the_keyboard(
    qtbot, opened: tuple[MainWindow, AppContext]
) -> None:  # type: ignore[no-untyped-def]
    win, ctx = opened
    assert ctx.as_of == AS_OF  # the demo's stored day, not today
    week = win.current_page()
    assert week is not None and week.key == "week"
    coverage = win.show_page("coverage")
    assert coverage is not None
    _settle(qtbot, ctx, coverage)
    assert coverage.coverage.as_of == AS_OF  # type: ignore[attr-defined]
    win.show_page("week")
    _settle(qtbot, ctx, week)
    assert week.as_of_button.text() == "as of Mon 15 Jun"
    assert week.as_of_button.property("primary") is False
    before = [s.window_start for s in week.suggested.suggestions]  # type: ignore[attr-defined]
    assert min(before) < AS_OF + timedelta(days=8)

    qtbot.keyClick(win, Qt.Key.Key_D, CTRL_SHIFT)
    dialog = _chooser(qtbot, week)
    assert not dialog.home_button.isVisible()  # already at the workspace's date
    view = dialog.calendar.findChild(QTableView)
    assert view is not None and view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)  # a week on: Mon 22 Jun
    qtbot.keyClick(view, Qt.Key.Key_Return)
    next_week = AS_OF + timedelta(days=7)
    assert ctx.as_of == next_week and not dialog.isVisible()

    # Every page plans again as of that day; the header says it is not the workspace's date.
    _settle(qtbot, ctx, week)
    after = [s.window_start for s in week.suggested.suggestions]  # type: ignore[attr-defined]
    assert after and min(after) >= next_week + timedelta(days=1)
    assert week.as_of_button.text() == "as of Mon 22 Jun · workspace date Mon 15 Jun"
    assert week.as_of_button.property("primary") is True
    assert week.as_of_button.accessibleDescription() == "Not the workspace's own date"
    win.show_page("coverage")
    _settle(qtbot, ctx, coverage)
    assert coverage.coverage.as_of == next_week  # type: ignore[attr-defined]
    assert coverage.as_of_button.text() == week.as_of_button.text()


def test_the_header_button_takes_focus_and_offers_today_and_the_way_back(
    qtbot, opened: tuple[MainWindow, AppContext]
) -> None:  # type: ignore[no-untyped-def]
    win, ctx = opened
    week = win.current_page()
    assert week is not None
    week.as_of_button.setFocus()
    assert week.as_of_button.hasFocus()
    qtbot.keyClick(week.as_of_button, Qt.Key.Key_Space)
    dialog = _chooser(qtbot, week)
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    today: date = local_today()
    qtbot.waitUntil(lambda: ctx.as_of == today)  # a mnemonic clicks the button a moment later
    assert ctx.looking_elsewhere
    _settle(qtbot, ctx, week)
    assert "workspace date Mon 15 Jun" in week.as_of_button.text()

    win.activateWindow()  # the offscreen platform does not hand activation back by itself
    qtbot.waitUntil(win.isActiveWindow)
    qtbot.keyClick(win, Qt.Key.Key_D, CTRL_SHIFT)
    dialog = _chooser(qtbot, week)
    assert dialog.home_button.isVisible()
    assert dialog.home_button.text().replace("&", "") == "Back to the workspace's date (Mon 15 Jun)"
    qtbot.keyClick(dialog, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: ctx.as_of == AS_OF)
    assert not ctx.looking_elsewhere
    _settle(qtbot, ctx, week)
    assert week.as_of_button.text() == "as of Mon 15 Jun"
    assert QApplication.activeModalWidget() is None
