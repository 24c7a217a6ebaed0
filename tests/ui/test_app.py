"""The app frame: pages and shortcuts, one instance per workspace, the first run, search,
remembered geometry, and screenshot mode."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess, QRect, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from fieldvisit.cli import main as cli_main
from fieldvisit.store import open_workspace
from fieldvisit.ui.app import prepare_workspace
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.first_run import FirstRunChoice, FirstRunDialog
from fieldvisit.ui.instance import WorkspaceLock
from fieldvisit.ui.main_window import MainWindow
from fieldvisit.ui.search import SearchDialog, find
from fieldvisit.ui.tasks import TaskRunner
from tests.ui.demo_files import AS_OF

PAGES = ["week", "coverage", "deals", "visits", "debriefs", "impact"]


def test_every_page_is_one_shortcut_away_and_renders(qtbot, window, app_ctx, settle) -> None:  # type: ignore[no-untyped-def]
    assert window.page_keys()[:6] == PAGES
    assert "settings" in window.page_keys()
    for number, key in enumerate(PAGES, start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        page = window.current_page()
        assert page is not None and page.key == key
        settle(app_ctx, page)
        assert page.title and page.question
        assert page.title in window.windowTitle()
    assert window.navigation.switcher.text() == app_ctx.workspace.path.stem


def test_a_second_start_on_the_same_workspace_brings_the_first_window_forward(
    qtbot, small_demo: Path, fieldvisit_home: Path
) -> None:  # type: ignore[no-untyped-def]
    first = WorkspaceLock(small_demo)
    assert first.acquire()
    try:
        assert not WorkspaceLock(small_demo).acquire(), "one window per workspace"
        assert "process" in WorkspaceLock(small_demo).holder()
        other = small_demo.with_name("other.fieldvisit")
        other.write_bytes(small_demo.read_bytes())
        elsewhere = WorkspaceLock(other)
        assert elsewhere.acquire(), "another workspace may be open at the same time"
        elsewhere.release()

        second = QProcess()
        env = second.processEnvironment()
        env.insert("FIELDVISIT_HOME", str(fieldvisit_home))
        env.insert("QT_QPA_PLATFORM", "offscreen")
        second.setProcessEnvironment(env)
        with qtbot.waitSignal(first.raise_requested, timeout=30_000):
            second.start(sys.executable, ["-m", "fieldvisit", "--db", str(small_demo)])
        assert second.waitForFinished(30_000)
        assert second.exitCode() == 0
        assert b"already open" in bytes(second.readAllStandardError().data())
    finally:
        first.release()
    assert WorkspaceLock(small_demo).acquire(), "the lock is free once the first window quits"


def test_the_first_run_offers_three_doors_and_starting_empty_makes_a_workspace(
    qapp: QApplication, tmp_path: Path
) -> None:
    target = tmp_path / "new.fieldvisit"
    dialog = FirstRunDialog(target)
    assert set(dialog.buttons) == set(FirstRunChoice)
    assert {b.text() for b in dialog.buttons.values()} == {
        "Open the demo",
        "Import CSV files",
        "Start an empty workspace",
    }

    def choose_empty() -> None:
        modal = QApplication.activeModalWidget()
        assert isinstance(modal, FirstRunDialog)
        modal.buttons[FirstRunChoice.EMPTY].click()

    QTimer.singleShot(0, choose_empty)
    runner = TaskRunner()
    prepared = prepare_workspace(target, False, runner)
    assert prepared is not None
    ws, want_import = prepared
    assert not want_import and target.exists()
    with ws.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM deal").scalar() == 0
    ws.close()


def test_ctrl_k_finds_a_deal_and_shows_it_on_the_deals_page(qtbot, window, app_ctx, settle) -> None:  # type: ignore[no-untyped-def]
    with app_ctx.workspace.connect() as conn:
        name = conn.exec_driver_sql(
            "SELECT name FROM deal WHERE status = 'open' ORDER BY amount DESC LIMIT 1"
        ).scalar()
        hits = find(conn, name)
        assert hits and any(h.kind == "deal" and h.label == name for h in hits)
        assert find(conn, "x") == [], "one letter finds nothing yet"
    dialog = SearchDialog(app_ctx, window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.box, name)
    dialog.run_search()
    while (
        dialog.results.currentItem()
        and dialog.results.currentItem().data(Qt.ItemDataRole.UserRole + 1).kind != "deal"
    ):
        qtbot.keyClick(dialog.box, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    assert dialog.hit is not None and dialog.hit.kind == "deal"
    window.go_to(dialog.hit)
    deals = window.current_page()
    assert deals is not None and deals.key == "deals"
    qtbot.waitUntil(lambda: deals.detail.detail is not None, timeout=20_000)
    settle(app_ctx, deals)
    assert deals.detail.detail.deal == name


def test_the_window_remembers_its_size(qtbot, app_ctx: AppContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A 1920×1080 screen: on the 800 px offscreen one the window would not fit and be refitted
    # (tests/ui/test_window_geometry.py).
    monkeypatch.setattr(
        "fieldvisit.ui.window_geometry.available_screens", lambda: [QRect(0, 0, 1920, 1080)]
    )
    first = MainWindow(app_ctx, None)
    qtbot.addWidget(first)
    first.show()
    first.resize(1000, 701)  # the offscreen screen is 800 px wide: the height tells
    first.close()
    again = MainWindow(app_ctx, None)
    qtbot.addWidget(again)
    assert again.height() == 701
    app_ctx.tasks.wait_idle(10_000)


def test_screenshot_mode_writes_every_page_at_1440_by_900(
    qapp, small_demo: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shots"
    assert cli_main(["--db", str(small_demo), "--screenshots", str(out)]) == 0
    files = sorted(p.name for p in out.glob("*.png"))
    for key in PAGES:
        assert f"{key}.png" in files
    assert {"dialog-plan-visit.png", "dialog-why.png", "dialog-first-run.png"} <= set(files)
    page = QImage(str(out / "week.png"))
    assert (page.width(), page.height()) == (1440, 900)
    with open_workspace(small_demo) as ws, ws.connect() as conn:
        assert conn.exec_driver_sql("SELECT max(occurred_on) FROM activity").scalar() == str(AS_OF)
