"""Help › Open log folder shows the log's folder; an unexpected error's dialog says where it is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from fieldvisit import logs
from fieldvisit.ui.error_reports import report_error
from fieldvisit.ui.main_window import MainWindow
from tests.ui.file_manager import FileManager


def test_help_open_log_folder_shows_the_folder_of_the_log(
    qtbot, window: MainWindow, fieldvisit_home: Path
) -> None:  # type: ignore[no-untyped-def]
    logs.start_logging()
    manager = FileManager()
    QDesktopServices.setUrlHandler("file", manager, "show")
    try:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
        help_menu = window.menu_bar.menus["&Help"]
        qtbot.waitUntil(help_menu.isVisible)
        QTest.keyClick(help_menu, Qt.Key.Key_L)
        qtbot.waitUntil(lambda: bool(manager.shown))
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert manager.shown == [fieldvisit_home / "logs"]


def test_an_unexpected_error_dialog_names_the_log_file(
    qtbot, window: MainWindow, fieldvisit_home: Path
) -> None:  # type: ignore[no-untyped-def]
    logs.start_logging()
    said: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            said.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(10, read_and_close)

    QTimer.singleShot(0, read_and_close)
    report_error(window, "Plan visit", RuntimeError("the planner broke"), "Planning")
    log = fieldvisit_home / "logs" / logs.LOG_NAME
    assert said == [f"Planning failed (RuntimeError: the planner broke). The details are in {log}."]
    assert "RuntimeError: the planner broke" in log.read_text()
