"""An empty workspace says there is no data yet (never "nothing needs a visit") and offers the fix:
This week has Import and Capture calendars; `fieldvisit suggest` says the same headline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from fieldvisit.cli import main
from fieldvisit.planning.readiness import NO_DATA
from fieldvisit.store import open_workspace
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.import_wizard import ImportWizard
from fieldvisit.ui.main_window import MainWindow

FALSE_REASSURANCE = "No stalled strategic deal"


@pytest.fixture
def empty_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "empty.fieldvisit"
    assert main(["--db", str(path), "init"]) == 0
    capsys.readouterr()
    return path


@pytest.fixture
def opened(qtbot, empty_path: Path) -> Iterator[tuple[MainWindow, AppContext]]:  # type: ignore[no-untyped-def]
    from fieldvisit.ui.app import attach_workspace

    win = MainWindow(None, None, remember_geometry=False)
    qtbot.addWidget(win)
    ws = open_workspace(empty_path)
    ctx = attach_workspace(win, ws)
    win.resize(1440, 900)
    win.show()
    page = win.current_page()
    qtbot.waitUntil(
        lambda: page is not None and not page.busy and not ctx.tasks.active(), timeout=20_000
    )
    try:
        yield win, ctx
    finally:
        ctx.tasks.shutdown()
        ws.close()


def _button(widget, words: str) -> QPushButton:  # type: ignore[no-untyped-def]
    return next(b for b in widget.findChildren(QPushButton) if b.text() == words and b.isVisible())


def test_suggest_on_an_empty_workspace_says_no_data_yet_and_how_to_fill_it(
    empty_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(empty_path), "suggest"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == NO_DATA == "No data yet: this workspace holds no deals."
    out = "\n".join(lines)
    assert "fieldvisit import-crm" in out and "fieldvisit capture-calendar" in out
    assert FALSE_REASSURANCE not in out


def test_this_week_on_an_empty_workspace_offers_import_and_calendar_capture(
    qtbot, opened: tuple[MainWindow, AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    win, _ctx = opened
    week = win.current_page()
    assert week is not None and week.key == "week"
    words = " ".join(lab.text() for lab in week.findChildren(QLabel) if lab.isVisible())
    assert NO_DATA in words  # the same headline as `fieldvisit suggest`
    assert FALSE_REASSURANCE not in words

    opened_wizards: list[object] = []
    monkeypatch.setattr(ImportWizard, "exec", lambda self: opened_wizards.append(self) or 0)
    importing = _button(week, "Import")
    assert "Ctrl+I" in importing.toolTip()
    importing.setFocus()
    qtbot.keyClick(importing, Qt.Key.Key_Space)
    assert len(opened_wizards) == 1

    capturing = _button(week, "Capture calendars")
    assert "Ctrl+Shift+I" in capturing.toolTip()
    capturing.setFocus()
    qtbot.keyClick(capturing, Qt.Key.Key_Space)
    shown = win.current_page()
    assert shown is not None and shown.key == "settings"
