"""The desktop app on a team workspace (PostgreSQL): opening it, its password, every page.

Against the session's private PostgreSQL server (tests/pg_server.py); skipped where none can run.
The password lives in the test keychain (an in-memory one): the dialog asks when it holds none,
says so when PostgreSQL refused what was typed, and the right one is kept there.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from fieldvisit.errors import FieldVisitError
from fieldvisit.secrets import SERVICE_NAME
from fieldvisit.store.as_of import store_as_of
from fieldvisit.store.location import TeamAddress, parse_team_url
from fieldvisit.ui.app import attach_workspace
from fieldvisit.ui.dialogs.open_team import OpenTeamDialog
from fieldvisit.ui.dialogs.team_password import TeamPasswordDialog
from fieldvisit.ui.main_window import MainWindow
from fieldvisit.ui.tasks import TaskRunner
from fieldvisit.ui.team_opening import open_team_asking
from fieldvisit.ui.workspace_names import show_opening
from fieldvisit.ui.workspaces import location_name, recent_locations, remember_workspace
from tests.planning.builders import AS_OF, Builder

PAGE_KEYS = ["week", "coverage", "deals", "visits", "debriefs", "impact", "map"]


def _fill(address: TeamAddress) -> None:
    """A few rows in the team database: an executive, a stalled deal, visits past and ahead."""
    from fieldvisit.store.team import open_team_workspace

    ws = open_team_workspace(address)
    try:
        with ws.begin() as conn:
            b = Builder(conn)
            ceo = b.executive("dana@us.example", name="Dana Chief", city="Chicago")
            rep = b.rep("rob@us.example", name="Rob Revenue")
            acct = b.account("Globex", owner=rep)
            cfo = b.contact(acct, "Carla", title="CFO", seniority="C", decision_maker=True)
            deal = b.deal(
                acct, rep, name="Plant rollout", stage="Negotiation", amount=487_000,
                entered=AS_OF - timedelta(days=75), strategic=True,
            )  # fmt: skip
            b.activity(AS_OF - timedelta(days=45), deal=deal, account=acct, contacts=(cfo,))
            b.visit(acct, AS_OF - timedelta(days=5), deal=deal, execs=(ceo,), reps=(rep,))
            b.visit(acct, AS_OF + timedelta(days=8), deal=deal, execs=(ceo,), status="planned")
            store_as_of(conn, AS_OF)
    finally:
        ws.close()


@pytest.fixture
def team_address(team_database: str, team_login: Callable[..., str]) -> TeamAddress:
    """A team database with a few rows, the app role's password in the keychain."""
    address = parse_team_url(team_login(team_database))
    _fill(address)
    return address


@pytest.fixture
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message box the app would show, recorded instead (an error dialog fails a test)."""
    shown: list[str] = []

    def record(_parent: QWidget | None, title: str, text: str, *_a: object, **_k: object) -> int:
        shown.append(f"{title}: {text}")
        return int(QMessageBox.StandardButton.Ok)

    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, record)
    return shown


def _answer_password(qtbot, typed: list[str], seen: list[bool]) -> None:  # type: ignore[no-untyped-def]
    """Type the next password into each password dialog as it appears, with the keyboard."""

    def answer() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, TeamPasswordDialog):
            QTimer.singleShot(20, answer)
            return
        seen.append(modal.refusal.isVisibleTo(modal))
        qtbot.keyClicks(modal.field, typed.pop(0))
        qtbot.keyClick(modal.field, Qt.Key.Key_Return)
        if typed:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)


@pytest.fixture
def team_window(qtbot, qapp: QApplication) -> Iterator[Callable[[TeamAddress], MainWindow]]:  # type: ignore[no-untyped-def]
    """Return a function opening a team workspace in a main window as the app does."""
    opened: list[MainWindow] = []

    def open_window(address: TeamAddress) -> MainWindow:
        runner = TaskRunner()
        window = MainWindow(None, None, remember_geometry=False)
        qtbot.addWidget(window)
        window.resize(1024, 768)
        show_opening(window, address)
        window.show()
        ws = open_team_asking(address, runner, window)
        assert ws is not None
        attach_workspace(window, ws, runner)
        opened.append(window)
        return window

    yield open_window
    for window in opened:
        window.ctx.tasks.shutdown()
        window.ctx.workspace.close()


def test_a_team_workspace_opens_in_the_window_named_by_its_address(
    qtbot, team_address: TeamAddress, team_window, no_message_boxes: list[str], settle
) -> None:  # type: ignore[no-untyped-def]
    window = team_window(team_address)
    ctx = window.ctx
    assert ctx.workspace.is_team and ctx.as_of == AS_OF
    settle(ctx, window.current_page(), timeout=30_000)
    assert window.windowTitle() == f"This week — {team_address.label} — Field Visit"
    assert window.backup_status.text() == f"Team: {team_address.label}"
    assert window.navigation.switcher.text() == location_name(team_address.label)
    assert window.lock is None  # a team workspace has no file to lock
    # Reset demo… and Restore from backup… are for workspace files.
    window.menu_bar.refresh()
    assert not window.menu_bar.action_for("reset_demo").isEnabled()
    assert not window.menu_bar.action_for("restore_from_backup").isEnabled()
    assert window.menu_bar.action_for("open_team_workspace").isEnabled()
    # This week's answers are not kept for the next start: the server's data has no stamp.
    cache = Path(os.environ["FIELDVISIT_HOME"])
    assert not [p for p in cache.rglob("week-*.json")]
    assert not [m for m in no_message_boxes if "no file" in m]


def test_ctrl_1_to_7_show_every_page_of_a_team_workspace_without_an_error(
    qtbot, team_address: TeamAddress, team_window, no_message_boxes: list[str], settle
) -> None:  # type: ignore[no-untyped-def]
    window = team_window(team_address)
    ctx = window.ctx
    failures: list[str] = []
    ctx.tasks.task_failed.connect(lambda task, exc: failures.append(f"{task.title}: {exc}"))
    for number, key in enumerate(PAGE_KEYS, start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        page = window.current_page()
        assert page is not None and page.key == key
        settle(ctx, page, timeout=30_000)
        assert team_address.label in window.windowTitle()
    assert no_message_boxes == [] and failures == []
    assert "Globex" in _texts(window.page("deals"))
    assert "Globex" in _texts(window.page("visits"))


def _texts(widget: QWidget) -> str:
    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtWidgets import QAbstractItemView, QLabel

    words = [label.text() for label in widget.findChildren(QLabel)]
    for view in widget.findChildren(QAbstractItemView):
        model: QAbstractItemModel | None = view.model()
        if model is None:
            continue
        for row in range(min(model.rowCount(), 50)):
            for col in range(model.columnCount()):
                words.append(str(model.index(row, col).data() or ""))
    return "\n".join(words)


def test_the_password_is_asked_when_the_keychain_has_none_and_a_wrong_one_asks_again(
    qtbot, team_address: TeamAddress, team_window, pg_server, no_message_boxes: list[str]
) -> None:  # type: ignore[no-untyped-def]
    keyring.delete_password(SERVICE_NAME, team_address.secret_key)
    right = pg_server.passwords["fv_app"]
    seen: list[bool] = []
    _answer_password(qtbot, ["not the password", right], seen)
    window = team_window(team_address)
    assert seen == [False, True], "asked, then asked again saying the password was refused"
    assert window.ctx.workspace.is_team
    assert keyring.get_password(SERVICE_NAME, team_address.secret_key) == right
    assert no_message_boxes == []


def test_cancelling_the_password_opens_nothing(
    qtbot, qapp: QApplication, team_address: TeamAddress
) -> None:  # type: ignore[no-untyped-def]
    keyring.delete_password(SERVICE_NAME, team_address.secret_key)

    def cancel() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, TeamPasswordDialog):
            QTimer.singleShot(20, cancel)
            return
        qtbot.keyClick(modal, Qt.Key.Key_Escape)

    QTimer.singleShot(0, cancel)
    runner = TaskRunner()
    try:
        assert open_team_asking(team_address, runner, None) is None
    finally:
        runner.shutdown()
    assert keyring.get_password(SERVICE_NAME, team_address.secret_key) is None


def test_open_team_workspace_refuses_a_password_in_the_address_in_one_line(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = OpenTeamDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.field, "postgresql://dana:secret@db.example/fv")
    assert not dialog.open_button.isEnabled()
    problem = dialog.problem.text()
    assert dialog.problem.isVisible() and "Leave the password out" in problem
    assert "\n" not in problem and "secret" not in problem
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.address is None and dialog.isVisible()
    dialog.field.clear()
    qtbot.keyClicks(dialog.field, "postgresql://dana@db.example/fv?sslmode=verify-full")
    assert not dialog.problem.isVisible() and dialog.open_button.isEnabled()
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.address is not None and dialog.address.database == "fv"
    assert dialog.address.option("sslmode") == "verify-full"


def test_file_open_team_workspace_switches_and_open_recent_reopens_it(
    qtbot, window, team_address: TeamAddress, small_demo: Path, settle
) -> None:  # type: ignore[no-untyped-def]
    def type_address() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, OpenTeamDialog):
            QTimer.singleShot(20, type_address)
            return
        qtbot.keyClicks(modal.field, team_address.label)
        qtbot.keyClick(modal.field, Qt.Key.Key_Return)

    QTimer.singleShot(0, type_address)
    window.menu_bar.action_for("open_team_workspace").trigger()
    ctx = window.ctx
    qtbot.waitUntil(lambda: ctx.workspace.is_team, timeout=30_000)
    settle(ctx, window.current_page(), timeout=30_000)
    assert window.lock is None  # a team workspace has no file to lock
    assert recent_locations()[0] == team_address.label
    assert window.backup_status.text() == f"Team: {team_address.label}"
    # Back to the file, then Open recent's team entry opens the team workspace again.
    assert window.open_workspace(small_demo)
    assert not ctx.workspace.is_team and window.lock is not None
    assert window.open_workspace(team_address.label)
    assert ctx.workspace.is_team
    settle(ctx, window.current_page(), timeout=30_000)
    assert window.open_workspace(small_demo)  # the team workspace's connections close


def test_the_recent_list_keeps_team_addresses_without_passwords(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    file = tmp_path / "acme.fieldvisit"
    file.write_bytes(b"")
    remember_workspace(file)
    remember_workspace(parse_team_url("postgresql://dana@db.example/fv"))
    assert recent_locations() == ["postgresql://dana@db.example:5432/fv", file.resolve()]
    assert location_name(recent_locations()[0]) == "fv on db.example"


def test_back_up_now_on_a_team_workspace_says_whose_business_it_is_and_takes_a_snapshot(
    qtbot, team_address: TeamAddress, team_window, no_message_boxes: list[str], settle
) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit import paths
    from fieldvisit.ui.dialogs.team_backup import TeamBackupDialog

    window = team_window(team_address)
    settle(window.ctx, timeout=30_000)
    said: list[str] = []
    offered: list[bool] = []

    def snapshot() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, TeamBackupDialog):
            QTimer.singleShot(20, snapshot)
            return
        said.append(" ".join(label.text() for label in modal.findChildren(QLabel)))
        offered.append(modal.snapshot_button.isVisible() and modal.snapshot_button.isDefault())
        qtbot.keyClick(modal, Qt.Key.Key_Return)  # the default button, or Close

    # The app collects garbage on the GUI thread only (ui/gc_guard.py); here, the earlier tests'
    # Qt objects go now, not when the snapshot's migrations set off a collection on its worker.
    gc.collect()
    QTimer.singleShot(0, snapshot)
    window.menu_bar.action_for("back_up_now").trigger()
    assert offered == [True]
    assert "the server's business" in said[0] and f"--db {team_address.label} backup" in said[0]
    qtbot.waitUntil(lambda: not window.backup_status.running, timeout=60_000)
    assert no_message_boxes and no_message_boxes[0].startswith("Snapshot taken"), no_message_boxes
    assert [p.name for p in paths.backup_dir().glob(f"{team_address.database}-*.fieldvisit")]
    assert window.backup_status.text() == f"Team: {team_address.label}"


def test_the_app_takes_its_workspace_from_db_else_fieldvisit_db(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from fieldvisit.cli import _app_location

    monkeypatch.setenv("FIELDVISIT_DB", "postgresql://dana@db.example/fv?sslmode=require")
    address = _app_location(None)
    assert isinstance(address, TeamAddress)
    assert address.label == "postgresql://dana@db.example:5432/fv?sslmode=require"
    assert _app_location(tmp_path / "acme.fieldvisit") == tmp_path / "acme.fieldvisit"
    monkeypatch.delenv("FIELDVISIT_DB")
    assert _app_location(None) is None
    with pytest.raises(FieldVisitError, match="Leave the password out"):
        _app_location("postgresql://dana:secret@db.example/fv")


def test_fieldvisit_db_with_an_address_starts_the_app_on_it_asking_for_the_password(
    qtbot,
    qapp: QApplication,
    team_address: TeamAddress,
    pg_server,
    monkeypatch,
    no_message_boxes: list[str],
) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.cli import main

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the app installs its own
    keyring.delete_password(SERVICE_NAME, team_address.secret_key)
    seen: list[bool] = []
    _answer_password(qtbot, [pg_server.passwords["fv_app"]], seen)
    looked: list[str] = []

    def look_then_quit() -> None:
        try:
            windows = [
                w for w in QApplication.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible() and getattr(w, "_attached", False)
            ]  # fmt: skip
            if not windows or windows[0].ctx.tasks.active():
                QTimer.singleShot(50, look_then_quit)
                return
            window = windows[0]
            looked.append(window.windowTitle())
            looked.append(window.backup_status.text())
            window.close()  # the last window: the app quits
        except Exception as exc:  # noqa: BLE001 - said by the assertions below, never a hang
            looked.append(repr(exc))
            qapp.exit(2)

    QTimer.singleShot(0, look_then_quit)
    QTimer.singleShot(120_000, lambda: qapp.exit(3))  # a safety net: the assertions say what
    try:
        code = main(["--db", team_address.label])
        assert (code, no_message_boxes, seen) == (0, [], [False]), looked
    finally:
        qapp.aboutToQuit.disconnect()  # the run's shutdown, done
    assert no_message_boxes == []
    assert seen == [False]
    assert looked == [
        f"This week — {team_address.label} — Field Visit",
        f"Team: {team_address.label}",
    ]
    assert recent_locations()[0] == team_address.label
    assert keyring.get_password(SERVICE_NAME, team_address.secret_key) is not None
