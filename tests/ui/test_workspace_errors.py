"""The app when the workspace is busy or something fails: writes that wait say so in the status
bar (and the window keeps painting), the UI thread never waits long, switching workspaces that
fails gives its lock back, and no error reaches the user as a traceback."""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from fieldvisit.errors import WorkspaceError
from fieldvisit.logs import start_logging
from fieldvisit.ui.dialogs.snooze import SnoozeDialog
from fieldvisit.ui.error_reports import install_excepthook
from fieldvisit.ui.instance import WorkspaceLock
from fieldvisit.ui.lock_waiting import UI_THREAD_WAIT_MS, ui_thread_writes
from tests.cli_runs import lock_held


class Told:
    """Collects what the app told the user through QMessageBox instead of showing it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.messages: list[tuple[str, str]] = []

        def tell(_parent: object, title: str, text: str, *args: object) -> object:
            self.messages.append((title, text))
            return QMessageBox.StandardButton.Ok

        for name in ("critical", "warning", "information"):
            monkeypatch.setattr(QMessageBox, name, staticmethod(tell))


def holder_words(pid: int) -> str:
    return f"{Path(sys.executable).name} (process {pid})"


def unsnoozed_deal(path: Path) -> tuple[int, str, str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT d.id, a.name, d.name FROM deal d JOIN account a ON a.id = d.account_id "
            "WHERE d.status = 'open' AND d.id NOT IN (SELECT deal_id FROM snooze) LIMIT 1"
        ).fetchone()
    finally:
        conn.close()


def test_a_snooze_waiting_for_another_program_says_so_and_then_saves(
    qtbot, window, app_ctx
) -> None:  # type: ignore[no-untyped-def]
    path = app_ctx.workspace.path
    deal_pk, account, deal = unsnoozed_deal(path)
    bar = window.statusBar()
    with lock_held(path) as holder:
        dialog = SnoozeDialog.ask(app_ctx, deal_pk, account, deal, window)
        qtbot.keyClicks(dialog.reason.lineEdit(), "Budget decision on 30 June")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        waiting = f"Waiting for the workspace (in use by {holder_words(holder.pid)})…"
        qtbot.waitUntil(lambda: bar.currentMessage() == waiting, timeout=10_000)
        # The window is not frozen: its event loop runs (a timer fires) while the snooze waits.
        fired: list[bool] = []
        QTimer.singleShot(0, lambda: fired.append(True))
        qtbot.waitUntil(lambda: fired == [True], timeout=2_000)
        assert dialog.isVisible()
        with qtbot.waitSignal(dialog.snoozed, timeout=20_000):
            holder.release()
    assert bar.currentMessage() == ""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT reason FROM snooze WHERE deal_id = ?", (deal_pk,)).fetchone()
    finally:
        conn.close()


def test_a_write_on_the_ui_thread_says_it_waits_then_gives_up_with_one_line(
    qtbot, window, app_ctx
) -> None:  # type: ignore[no-untyped-def]
    bar = window.statusBar()
    shown: list[tuple[float, str]] = []
    started = time.monotonic()
    bar.messageChanged.connect(lambda text: shown.append((time.monotonic() - started, text)))
    path = app_ctx.workspace.path
    with lock_held(path) as holder, ui_thread_writes():
        started = time.monotonic()
        with pytest.raises(WorkspaceError) as refused, app_ctx.workspace.begin() as conn:
            conn.exec_driver_sql("UPDATE setting SET value = value")
        took = time.monotonic() - started
    waiting = f"Waiting for the workspace (in use by {holder_words(holder.pid)})…"
    assert shown and shown[0][1] == waiting
    assert shown[0][0] < 2.0, f"the first word came after {shown[0][0]:.1f} s"
    assert took < UI_THREAD_WAIT_MS / 1000 + 1.5
    assert str(refused.value) == (
        f"{path} is in use by {holder_words(holder.pid)} and was not free after 3 seconds; "
        "the change was not saved. Try again when it is done."
    )
    assert bar.currentMessage() == ""


def test_a_failed_switch_gives_the_lock_back_and_says_what_failed(
    qtbot, window, app_ctx, tmp_path: Path, fieldvisit_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """An OSError (a file where a folder should be) while creating a new workspace."""
    log = start_logging()
    told = Told(monkeypatch)
    in_the_way = tmp_path / "reports"
    in_the_way.write_text("a file, not a folder")
    target = in_the_way / "new.fieldvisit"
    monkeypatch.setattr(
        "fieldvisit.ui.file_dialogs.QFileDialog.getSaveFileName",
        staticmethod(lambda *_args, **_kwargs: (str(target), "")),
    )
    before = app_ctx.workspace.path
    assert window.new_workspace() is False
    assert app_ctx.workspace.path == before, "the window stays on its workspace"
    ((title, text),) = told.messages
    assert title == "Cannot open the workspace"
    assert text.startswith(f"Opening {target} failed (") and f"details are in {log}" in text
    assert "Traceback" not in text
    other = WorkspaceLock(target)
    assert other.acquire(), "the lock on the workspace that failed to open was given back"
    other.release()
    assert log is not None and "Traceback" in log.read_text()


def test_an_error_escaping_a_slot_is_a_dialog_not_a_traceback(
    qtbot, window, fieldvisit_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    log = start_logging()
    told = Told(monkeypatch)
    previous = install_excepthook()
    try:
        QTimer.singleShot(0, lambda: 1 / 0)
        qtbot.waitUntil(lambda: bool(told.messages), timeout=5_000)
    finally:
        sys.excepthook = previous
    ((title, text),) = told.messages
    assert title == "Field Visit"
    assert (
        text
        == f"Something went wrong (ZeroDivisionError: division by zero). The details are in {log}."
    )
    assert log is not None and "ZeroDivisionError" in log.read_text()
