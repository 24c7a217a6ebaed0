"""Backups from the app: Back up now, the daily backup on opening, and Restore from backup…"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from fieldvisit import paths
from fieldvisit.store import backup as backup_module
from fieldvisit.store.backup import STAMP_FORMAT, backup_workspace, list_backups
from fieldvisit.store.processes import app_lock_path
from fieldvisit.ui.dialogs.backups import RestoreDialog
from fieldvisit.ui.instance import WorkspaceLock, lock_path


class Said:
    """Collects what the app told the user through QMessageBox instead of showing it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer=QMessageBox.StandardButton.Yes):  # type: ignore[no-untyped-def]
        self.messages: list[tuple[str, str]] = []
        self.questions: list[str] = []

        def tell(_parent, title, words, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.messages.append((title, words))
            return QMessageBox.StandardButton.Ok

        def ask(_parent, _title, words, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.questions.append(words)
            return answer

        for name in ("information", "warning", "critical"):
            monkeypatch.setattr(QMessageBox, name, staticmethod(tell))
        monkeypatch.setattr(QMessageBox, "question", staticmethod(ask))


def deal_name(ctx) -> str:  # type: ignore[no-untyped-def]
    with ctx.workspace.connect() as conn:
        return str(conn.exec_driver_sql("SELECT name FROM deal WHERE id = 1").scalar())


def rename_deal(ctx, name: str) -> None:  # type: ignore[no-untyped-def]
    with ctx.workspace.begin() as conn:
        conn.exec_driver_sql("UPDATE deal SET name = ? WHERE id = 1", (name,))


def menu_actions(window):  # type: ignore[no-untyped-def]
    menu = window.navigation._menu
    menu.aboutToShow.emit()
    return {action.text(): action for action in menu.actions()}


def test_the_core_reads_the_apps_lock_file_where_and_as_qt_writes_it(
    qapp: QApplication, small_demo: Path
) -> None:
    assert app_lock_path(small_demo) == lock_path(small_demo)
    lock = WorkspaceLock(small_demo)
    assert lock.acquire()
    try:
        pid, _app, host = app_lock_path(small_demo).read_text().splitlines()[:3]
        assert int(pid) == os.getpid() and host == socket.gethostname()
    finally:
        lock.release()


def test_back_up_now_from_the_status_bar_runs_in_the_background(
    qtbot, window, app_ctx, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    status = window.backup_status
    assert status.text() == "No backup yet"
    tip = status.toolTip()
    assert str(paths.backup_dir()) in tip, "says where backups are"
    assert "Restore from backup…" in tip, "and how to restore one"
    assert "`fieldvisit" not in tip, "no command to run"

    threads: list[threading.Thread] = []
    real = backup_module.backup_workspace

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(backup_module, "backup_workspace", recording)
    status.setFocus()
    qtbot.keyClick(status, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: status.text() == "Last backup today", timeout=20_000)
    assert threads and threads[0] is not threading.main_thread(), "off the UI thread"
    (made,) = list_backups(app_ctx.workspace.path)
    assert made.path.name in status.toolTip()


def test_back_up_now_and_restore_are_in_the_workspace_menu(qtbot, window, app_ctx, settle) -> None:  # type: ignore[no-untyped-def]
    actions = menu_actions(window)
    assert "Restore from backup…" in actions
    actions["Back up now"].trigger()
    qtbot.waitUntil(lambda: window.backup_status.text() == "Last backup today", timeout=20_000)
    assert len(list_backups(app_ctx.workspace.path)) == 1


def test_opening_a_workspace_backs_it_up_at_most_once_a_day(qtbot, window, app_ctx, settle) -> None:  # type: ignore[no-untyped-def]
    path = app_ctx.workspace.path
    window.back_up_if_due()
    qtbot.waitUntil(lambda: window.backup_status.text() == "Last backup today", timeout=20_000)
    (first,) = list_backups(path)

    window.back_up_if_due()
    settle(app_ctx)
    assert list_backups(path) == [first], "not again the same day"

    # The newest backup is two days old: opening takes a new one.
    old_stamp = (datetime.now(UTC) - timedelta(days=2)).strftime(STAMP_FORMAT)
    stem = first.path.name.split(first.taken_at.strftime(STAMP_FORMAT))[0]
    first.path.rename(first.path.with_name(f"{stem}{old_stamp}-backup.fieldvisit"))
    assert window.backup_status.text() == "Last backup today"
    window.back_up_if_due()
    qtbot.waitUntil(lambda: len(list_backups(path)) == 2, timeout=20_000)
    settle(app_ctx)


def test_the_app_backs_a_workspace_up_when_it_opens_it(
    small_demo: Path, fieldvisit_home: Path
) -> None:
    env = {**os.environ, "FIELDVISIT_HOME": str(fieldvisit_home), "QT_QPA_PLATFORM": "offscreen"}
    app = subprocess.Popen(
        [sys.executable, "-m", "fieldvisit", "--db", str(small_demo)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not list_backups(small_demo):
            assert app.poll() is None, "the app is running"
            assert time.monotonic() < deadline, "the app backed the workspace up"
            time.sleep(0.02)  # polling for the file, not waiting for a time to pass
    finally:
        app.kill()
        app.wait()
    assert [b.label for b in list_backups(small_demo)] == ["backup"]


def test_restore_lists_backups_newest_first_and_brings_the_old_data_back(
    qtbot, window, app_ctx, settle, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = app_ctx.workspace.path
    original = deal_name(app_ctx)
    older = backup_workspace(path)
    rename_deal(app_ctx, "Renamed after the first backup")
    newer = backup_workspace(path)
    rename_deal(app_ctx, "Renamed after both backups")
    said = Said(monkeypatch)
    seen: dict[str, object] = {}

    def choose_the_older_one() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RestoreDialog)
        rows = [dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount())]
        seen["rows"] = [(r.text(0), r.text(1), r.toolTip(0)) for r in rows]
        qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)

    QTimer.singleShot(0, choose_the_older_one)
    menu_actions(window)["Restore from backup…"].trigger()
    settle(app_ctx)

    rows = seen["rows"]
    assert [tip for _when, _size, tip in rows] == [str(newer), str(older)], "newest first"  # type: ignore[attr-defined]
    assert all(when and size for when, size, _tip in rows), "with dates and sizes"  # type: ignore[attr-defined]
    assert said.questions and older.name in said.questions[0]
    assert deal_name(app_ctx) == original, "the workspace is back as in the older backup"
    kept = [b for b in list_backups(path) if b.label == "before-restore"]
    assert len(kept) == 1
    title, words = said.messages[-1]
    assert title == "Workspace restored" and str(kept[0].path) in words
    assert window.backup_status.text() == "Last backup today"
    app_ctx.workspace.close()


def test_a_file_chosen_by_hand_that_is_no_backup_is_refused_and_the_app_goes_on(
    qtbot, window, app_ctx, settle, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    not_a_backup = tmp_path / "notes.fieldvisit"
    not_a_backup.write_text("account_id,name\nA1,Globex\n")
    said = Said(monkeypatch)
    monkeypatch.setattr(
        "fieldvisit.ui.file_dialogs.QFileDialog.getOpenFileName",
        staticmethod(lambda *_a, **_k: (str(not_a_backup), "")),
    )
    before = deal_name(app_ctx)

    def choose_a_file() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RestoreDialog)
        assert dialog.empty.isVisibleTo(dialog), "says there are no backups yet"
        dialog.choose_button.click()

    QTimer.singleShot(0, choose_a_file)
    assert not window.restore_from_backup()
    title, words = said.messages[-1]
    assert title == "Could not restore"
    assert str(not_a_backup) in words and "not a Field Visit backup" in words
    assert deal_name(app_ctx) == before, "the open workspace still works"
    assert list_backups(app_ctx.workspace.path) == []
