"""Help › About says which Field Visit this is and where its files are; the app introduces
itself to the desktop under the one app id; a double-clicked workspace file opens that workspace."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QTimer, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from fieldvisit import __version__
from fieldvisit.app_id import APP_ID, ORGANIZATION_DOMAIN, WM_CLASS
from fieldvisit.ui.dialogs.shortcuts import AboutDialog
from fieldvisit.ui.instance import WorkspaceLock, server_name
from fieldvisit.ui.main_window import MainWindow
from tests.ui.file_manager import FileManager


def test_help_about_shows_the_version_the_data_folder_and_opens_it(
    qtbot, window: MainWindow, fieldvisit_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(fieldvisit_home.parent))
    manager = FileManager()
    seen: dict[str, list[str]] = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, AboutDialog) or not dialog.isActiveWindow():
            QTimer.singleShot(10, look)
            return
        seen["labels"] = [label.text() for label in dialog.findChildren(QLabel)]
        QTest.keyClick(dialog, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
        close_when_shown(dialog)

    def close_when_shown(dialog: AboutDialog) -> None:
        # A mnemonic clicks its button a moment later (animateClick): close after that.
        if manager.shown:
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            QTimer.singleShot(10, lambda: close_when_shown(dialog))

    QDesktopServices.setUrlHandler("file", manager, "show")
    try:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
        help_menu = window.menu_bar.menus["&Help"]
        qtbot.waitUntil(help_menu.isVisible)
        QTimer.singleShot(0, look)
        QTest.keyClick(help_menu, Qt.Key.Key_A)
        qtbot.waitUntil(lambda: "labels" in seen and QApplication.activeModalWidget() is None)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    labels = seen["labels"]
    assert f"Version {__version__}" in labels
    assert os.path.join("Your files: ~", "fieldvisit-home", "data") in labels
    assert (
        f"Qt {qVersion()} · Qt for Python {pyside_version} · Python {platform.python_version()}"
        in labels
    )
    assert any(text.startswith("Licence: Proprietary") and "LGPL" in text for text in labels)
    assert not any(str(fieldvisit_home) in text for text in labels), "home is written as ~"
    assert manager.shown == [fieldvisit_home / "data"]


def test_the_about_box_folder_can_be_selected_and_copied(qtbot) -> None:  # type: ignore[no-untyped-def]
    about = AboutDialog()
    qtbot.addWidget(about)
    flags = about.folder.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
    assert flags & Qt.TextInteractionFlag.TextSelectableByKeyboard


def test_the_app_introduces_itself_to_the_desktop_under_its_app_id() -> None:
    probe = (
        "from fieldvisit.ui.app import make_application\n"
        "app = make_application()\n"
        "print(app.desktopFileName(), app.organizationDomain(), app.applicationName())\n"
        "print(*sorted(s.width() for s in app.windowIcon().availableSizes()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    names, sizes = done.stdout.splitlines()[-2:]
    # On X11, Qt names the windows' WM_CLASS class after the application name: the desktop
    # entry's StartupWMClass. On Wayland the app id is the desktop file name.
    assert names.split(" ", 2) == [APP_ID, ORGANIZATION_DOMAIN, WM_CLASS]
    assert [int(s) for s in sizes.split()] == [16, 24, 32, 48, 64, 128, 256, 512]
    assert server_name(Path("team.fieldvisit")).startswith(APP_ID + ".")


def test_a_workspace_file_named_alone_opens_that_workspace(qtbot, workspace_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The app already has the file open: a second start on it (a double-click in the file
    # manager runs `fieldvisit FILE`) brings that window forward instead of opening another.
    workspace_path.touch()
    lock = WorkspaceLock(workspace_path)
    assert lock.acquire()
    raised: list[bool] = []
    lock.raise_requested.connect(lambda: raised.append(True))
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "fieldvisit", str(workspace_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        qtbot.waitUntil(lambda: child.poll() is not None, timeout=60_000)
        _out, err = child.communicate()
    finally:
        lock.release()
    assert child.returncode == 0, err
    assert raised == [True]
    assert f"{workspace_path} is already open; its window was brought forward." in err


def test_a_mistyped_command_is_still_an_error_not_a_new_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fieldvisit.cli import main

    monkeypatch.chdir(tmp_path)
    for typo in ("sugest", "notes.txt"):
        with pytest.raises(SystemExit) as exited:
            main([typo])
        assert exited.value.code == 2
        assert "invalid choice" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
