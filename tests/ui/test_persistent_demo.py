"""The demo workspace `make run` and `fieldvisit --demo` open: built once in the data folder, kept
on every later start, and started afresh only by File › Reset demo… (asked first, backed up)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from fieldvisit import paths
from fieldvisit.debriefs import journal
from fieldvisit.debriefs.data import DebriefData
from fieldvisit.planning.snoozes import snooze_deal
from fieldvisit.store import Workspace, open_workspace
from fieldvisit.store.as_of import local_today
from fieldvisit.store.backup import list_backups
from fieldvisit.ui.app import prepare_workspace, starting_path
from fieldvisit.ui.context import AppContext, workspace_as_of
from fieldvisit.ui.dialogs import demo_reset
from fieldvisit.ui.main_window import MainWindow
from fieldvisit.ui.tasks import TaskRunner

REASON = "Kept across starts"


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:  # type: ignore[no-untyped-def]
    """The app's one background-work helper, kept for the whole test."""
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


def _start_on_the_demo(runner: TaskRunner) -> Workspace:
    """Open the workspace `fieldvisit --demo` opens, the way the app does."""
    path = starting_path(None, demo=True)
    prepared = prepare_workspace(path, True, runner)
    assert prepared is not None
    ws, want_import = prepared
    assert not want_import
    return ws


def _snooze_a_deal(ws: Workspace) -> int:
    with ws.begin() as conn:
        pk = conn.execute(
            text("SELECT id FROM deal WHERE status = 'open' ORDER BY id LIMIT 1")
        ).scalar_one()
        snooze_deal(conn, pk, local_today() + timedelta(days=30), REASON)
    return int(pk)


def _snoozes_kept(path: Path) -> int:
    with open_workspace(path) as ws, ws.connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM snooze WHERE reason = :r"), {"r": REASON}
            ).scalar_one()
        )


def test_a_second_start_on_the_demo_keeps_a_change_made_in_the_first(
    runner: TaskRunner,
) -> None:
    first = _start_on_the_demo(runner)
    assert first.path == paths.demo_workspace(), "the demo lives in the data folder"
    deal = _snooze_a_deal(first)
    with first.connect() as conn:
        visit = conn.execute(text("SELECT id FROM visit ORDER BY id LIMIT 1")).scalar_one()
    journal.write_entry(
        first.path, DebriefData(visit, learned="Typed, not saved"), datetime.now(UTC)
    )
    first.close()

    again = _start_on_the_demo(runner)
    again.close()
    assert _snoozes_kept(again.path) == 1, "the snooze made in the first start is still there"
    with open_workspace(again.path) as ws, ws.connect() as conn:
        assert conn.execute(
            text("SELECT count(*) FROM snooze WHERE deal_id = :d"), {"d": deal}
        ).scalar_one()
    kept = journal.read_entries(again.path)
    assert [e.data.learned for e in kept] == ["Typed, not saved"], "the kept draft too"


@contextmanager
def _window_on(qtbot, ws: Workspace) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The main window on `ws`, This week loaded; its tasks are finished before it goes."""
    ctx = AppContext(ws, workspace_as_of(ws))
    win = MainWindow(ctx, None, remember_geometry=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: not ctx.tasks.active(), timeout=20_000)
    try:
        yield win
    finally:
        qtbot.waitUntil(lambda: not ctx.tasks.active(), timeout=20_000)
        ctx.tasks.shutdown()
        ctx.workspace.close()
        if win.lock is not None:
            win.lock.release()


@pytest.fixture
def demo_window(qtbot, runner: TaskRunner) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The main window on the demo workspace in the data folder, with one snooze added."""
    ws = _start_on_the_demo(runner)
    _snooze_a_deal(ws)
    with _window_on(qtbot, ws) as win:
        yield win


def _answer(monkeypatch: pytest.MonkeyPatch, yes: bool) -> list[str]:
    """Answer the next question with Yes or No; return the questions asked."""
    asked: list[str] = []

    def question(_parent, _title, words, *_args):  # type: ignore[no-untyped-def]
        asked.append(words)
        return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: None)
    return asked


def test_reset_demo_asks_first_and_changes_nothing_on_no(  # type: ignore[no-untyped-def]
    demo_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _answer(monkeypatch, yes=False)
    demo_window.menu_bar.action_for("reset_demo").trigger()
    assert asked == [demo_reset.QUESTION]
    assert "a backup is kept" in asked[0]
    assert _snoozes_kept(paths.demo_workspace()) == 1
    assert list_backups(paths.demo_workspace()) == []


def test_reset_demo_on_yes_backs_up_then_rebuilds_the_demo(  # type: ignore[no-untyped-def]
    demo_window, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    asked = _answer(monkeypatch, yes=True)
    demo = paths.demo_workspace()
    journal.write_entry(demo, DebriefData(1, learned="Old demo's draft"), datetime.now(UTC))
    before = demo_window.ctx.workspace
    demo_window.menu_bar.action_for("reset_demo").trigger()
    assert asked == [demo_reset.QUESTION]
    assert demo_window.ctx.workspace is not before, "the window shows the rebuilt demo"
    assert demo_window.ctx.workspace.path == demo
    assert _snoozes_kept(demo) == 0, "the demo is as new"
    backups = list_backups(demo)
    assert [b.label for b in backups] == [demo_reset.BACKUP_LABEL]
    assert _snoozes_kept(backups[0].path) == 1, "the backup holds what was added"
    assert journal.read_entries(demo) == [], "drafts for the old demo's visits went with it"
    assert "demo was reset" in demo_window.statusBar().currentMessage()
    with demo_window.ctx.workspace.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM deal")).scalar_one() > 0


def test_reset_demo_from_another_workspace_rebuilds_it_and_switches_to_it(  # type: ignore[no-untyped-def]
    qtbot, runner: TaskRunner, small_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = _start_on_the_demo(runner)
    _snooze_a_deal(demo)
    demo.close()
    _answer(monkeypatch, yes=True)
    with _window_on(qtbot, open_workspace(small_demo)) as win:
        assert win.reset_demo()
        assert win.ctx.workspace.path == paths.demo_workspace()
        assert _snoozes_kept(paths.demo_workspace()) == 0
        assert len(list_backups(paths.demo_workspace())) == 1


def test_open_the_demo_workspace_from_the_menu_keeps_what_was_added(  # type: ignore[no-untyped-def]
    qtbot, runner: TaskRunner, small_demo: Path
) -> None:
    demo = _start_on_the_demo(runner)
    _snooze_a_deal(demo)
    demo.close()
    with _window_on(qtbot, open_workspace(small_demo)) as win:
        win.menu_bar.action_for("open_demo").trigger()
        assert win.ctx.workspace.path == paths.demo_workspace()
        assert _snoozes_kept(paths.demo_workspace()) == 1


def test_reset_demo_waits_while_a_debrief_of_the_demo_is_open(  # type: ignore[no-untyped-def]
    demo_window, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    from fieldvisit.ui.dialogs.launch import open_debrief_editor

    told: list[str] = []
    asked = _answer(monkeypatch, yes=True)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, words, *_a: told.append(words))
    with demo_window.ctx.workspace.connect() as conn:
        visit = conn.execute(text("SELECT id FROM visit ORDER BY id LIMIT 1")).scalar_one()
    editor = open_debrief_editor(demo_window.ctx, visit, demo_window)
    assert editor is not None
    qtbot.waitUntil(editor.isVisible)
    demo_window.menu_bar.action_for("reset_demo").trigger()
    assert told == [demo_reset.EDITING] and asked == []
    assert _snoozes_kept(paths.demo_workspace()) == 1
    editor.close()
