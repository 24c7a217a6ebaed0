"""The menu bar: every command of `menus.COMMANDS` is in it with its shortcut, every shortcut does
what its entry says (the page shown, the dialog opened), the Keyboard shortcuts dialog lists every
command, Alt+letter opens a menu, and View › Appearance switches the palette and is remembered."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMenu, QMessageBox, QWidget

from fieldvisit.ui import appearance, theme
from fieldvisit.ui.dialogs.as_of import AsOfDialog
from fieldvisit.ui.dialogs.debrief_editor import DebriefEditor
from fieldvisit.ui.dialogs.import_wizard import ImportWizard
from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
from fieldvisit.ui.dialogs.shortcuts import AboutDialog, ShortcutsDialog, keys_text
from fieldvisit.ui.main_window import MainWindow
from fieldvisit.ui.menus import COMMANDS, RECENT, SEPARATOR, MenuCommand, plain
from fieldvisit.ui.search import SearchDialog


class Opened:
    """Every dialog or window that opens while a key is pressed; each is closed at once."""

    def __init__(self, window: MainWindow, look: Callable[[QWidget], None] | None = None):
        self.window = window
        self.look = look
        self.seen: list[QWidget] = []
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._look)

    def _look(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible() or isinstance(widget, QMenu):
                continue
            if widget not in self.seen:
                self.seen.append(widget)
                if self.look is not None:
                    self.look(widget)
            if isinstance(widget, QDialog):
                widget.reject()
            else:
                widget.close()

    def kinds(self) -> list[type]:
        return [type(w) for w in self.seen]

    def __enter__(self) -> Opened:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.stop()
        self._look()


def page_is(key: str) -> Callable[[MainWindow, Opened], bool]:
    def check(window: MainWindow, _opened: Opened) -> bool:
        page = window.current_page()
        return page is not None and page.key == key

    return check


def dialog_is(*kinds: type) -> Callable[[MainWindow, Opened], bool]:
    return lambda _window, opened: any(issubclass(k, kinds) for k in opened.kinds())


# What each command visibly does (a new row in menus.COMMANDS with a shortcut needs one here).
EXPECTED: dict[tuple[str, tuple[Any, ...]], Callable[[MainWindow, Opened], bool]] = {
    **{("show_page", (key,)): page_is(key) for key in ("week", "coverage", "deals")},
    **{("show_page", (key,)): page_is(key) for key in ("visits", "debriefs", "impact")},
    ("show_page", ("settings",)): page_is("settings"),
    ("open_workspace", ()): dialog_is(QFileDialog),
    ("open_import", ()): dialog_is(ImportWizard),
    ("capture_calendars", ()): page_is("settings"),
    ("open_search", ()): dialog_is(SearchDialog),
    ("choose_as_of", ()): dialog_is(AsOfDialog),
    ("plan_visit", ()): dialog_is(PlanVisitDialog),
    ("write_debrief", ()): dialog_is(DebriefEditor, QMessageBox),
    ("show_shortcuts", ()): dialog_is(ShortcutsDialog),
}


def commands() -> list[MenuCommand]:
    return [c for c in COMMANDS if c.text != SEPARATOR]


def menu_actions(window: MainWindow) -> dict[str, list[Any]]:
    """The entries of every menu (and submenu) of the window's menu bar, by menu path."""
    found: dict[str, list[Any]] = {}

    def walk(menu: QMenu, path: str) -> None:
        found[path] = list(menu.actions())
        for action in menu.actions():
            if action.menu() is not None and action.menu().objectName() != "recent":
                walk(action.menu(), f"{path}/{action.text()}")

    for action in window.menuBar().actions():
        walk(action.menu(), action.text())
    return found


def test_every_command_is_in_the_menu_bar_with_its_shortcut(window: MainWindow) -> None:
    entries = menu_actions(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "V&isit", "&Help"]
    for command in commands():
        assert command.menu in entries, command
        texts = {a.text(): a for a in entries[command.menu]}
        assert command.text in texts, f"{command.text} missing from {command.menu}"
        action = texts[command.text]
        if command.method == RECENT:
            assert action.menu() is not None
            continue
        if command.enabled_when in ("", "has_workspace"):
            assert action.isEnabled(), command.text
        assert [k.toString() for k in action.shortcuts()] == list(command.shortcuts)
        if command.shortcuts:  # the menu shows the key next to the entry
            assert action.shortcut().toString() == command.shortcut
    edit = {plain(a.text()): a for a in entries["&Edit"]}
    assert not edit["Undo"].isEnabled() and not edit["Redo"].isEnabled()  # nothing done yet


def test_every_shortcut_does_what_its_entry_says(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    # Undo and Redo are enabled only after an action: tests/ui/test_undo.py presses them.
    skipped = ("close", "undo", "redo")
    with_keys = [c for c in commands() if c.shortcuts and c.method not in skipped]
    for command in with_keys:
        action = window.menu_bar.actions[command]
        for key in command.shortcuts:
            window.show_page("week" if command.args != ("week",) else "impact")
            window.activateWindow()  # as the user does: back to the main window
            qtbot.waitUntil(window.isActiveWindow)
            check = EXPECTED.get((command.method, command.args))
            with Opened(window) as opened:
                with qtbot.waitSignal(action.triggered, timeout=5_000):
                    QTest.keySequence(window, QKeySequence(key))
                if check is not None:  # None: a row whose result needs a page of its own
                    qtbot.waitUntil(lambda c=check, o=opened: c(window, o), timeout=10_000)
            qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    checked = {(c.method, c.args) for c in with_keys} & set(EXPECTED)
    assert len(checked) >= 13, "the window's own commands are each checked by what they show"


def test_ctrl_q_closes_the_window(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    QTest.keySequence(window, QKeySequence("Ctrl+Q"))
    qtbot.waitUntil(lambda: not window.isVisible())


def test_the_shortcuts_dialog_lists_every_command_with_its_keys(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with Opened(window) as opened:
        QTest.keyClick(window, Qt.Key.Key_F1)
        qtbot.waitUntil(lambda: ShortcutsDialog in opened.kinds())
    listed = ShortcutsDialog(window).rows()
    assert len(listed) == len(commands())
    for command in commands():
        text = plain(command.text) + (" ▸" if command.method == RECENT else "")
        assert (text, keys_text(command)) in listed
    assert ("Plan visit…", "Ctrl+N") in listed
    assert ("Search…", "Ctrl+K, Ctrl+F") in listed


def test_help_about_opens_from_the_keyboard(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with Opened(window) as opened:
        window.menu_bar.action_for("show_about").trigger()
        qtbot.waitUntil(lambda: AboutDialog in opened.kinds())
    about = AboutDialog(window)
    assert about.version.text().startswith("Version ")


def test_mnemonics_are_unique_within_each_menu(window: MainWindow) -> None:
    def letter(text: str) -> str:
        found = re.search(r"&([^&])", text)
        assert found, f"{text!r} has no mnemonic"
        return found.group(1).lower()

    bar = [letter(a.text()) for a in window.menuBar().actions()]
    assert len(bar) == len(set(bar)), bar
    for path, actions in menu_actions(window).items():
        letters = [letter(a.text()) for a in actions if not a.isSeparator()]
        assert len(letters) == len(set(letters)), f"{path}: {letters}"


def test_alt_f_opens_the_file_menu(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    file_menu = window.menu_bar.menus["&File"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(file_menu.isVisible)
    QTest.keyClick(file_menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not file_menu.isVisible())


@pytest.fixture
def plain_theme(qapp: QApplication) -> Iterator[None]:
    palette, sheet, style = qapp.palette(), qapp.styleSheet(), qapp.style().name()
    yield
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)


def test_appearance_switches_the_palette_and_is_remembered(
    qtbot, qapp: QApplication, window: MainWindow, plain_theme: None
) -> None:  # type: ignore[no-untyped-def]
    window_colour = QPalette.ColorRole.Window
    dark = window.menu_bar.action_for("set_appearance", "dark")
    light = window.menu_bar.action_for("set_appearance", "light")
    system = window.menu_bar.action_for("set_appearance", "system")
    assert system.isChecked() and not dark.isChecked()

    dark.trigger()
    assert qapp.palette().color(window_colour) == theme.dark_palette().color(window_colour)
    assert dark.isChecked() and not system.isChecked()
    assert appearance.chosen() == "dark"

    # A new window (the app started again) reads the remembered choice.
    from fieldvisit.ui.app import apply_theme

    qapp.setPalette(theme.light_palette())
    apply_theme(qapp)
    assert qapp.palette().color(window_colour) == theme.dark_palette().color(window_colour)
    again = MainWindow(None, None, remember_geometry=False)  # the frame, before its workspace
    qtbot.addWidget(again)
    assert again.menu_bar.action_for("set_appearance", "dark").isChecked()

    light.trigger()
    assert qapp.palette().color(window_colour) == theme.light_palette().color(window_colour)
    system.trigger()
    assert appearance.chosen() == "system"


def open_menu_entry(qtbot, window: MainWindow, menu: str, letter: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """Alt+the menu's letter, then the entry's letter, as a keyboard user does."""
    bar_letter = re.search(r"&(.)", menu).group(1).upper()  # type: ignore[union-attr]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key(ord(bar_letter)), Qt.KeyboardModifier.AltModifier)
    opened = window.menu_bar.menus[menu]
    qtbot.waitUntil(opened.isVisible)
    QTest.keyClick(opened, letter)


def test_import_csv_opens_the_wizard_on_one_csv_file(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    crms: list[str] = []

    def seen(widget: QWidget) -> None:
        if isinstance(widget, ImportWizard):
            crms.append(widget.source_page.crm())

    with Opened(window, seen) as opened:
        open_menu_entry(qtbot, window, "&File", Qt.Key.Key_C)
        qtbot.waitUntil(lambda: ImportWizard in opened.kinds())
    assert crms == ["generic"]


def test_export_invites_is_for_the_visit_selected_on_the_visits_page(
    qtbot, window: MainWindow, settle
) -> None:  # type: ignore[no-untyped-def]
    export = window.menu_bar.action_for("export_invites")
    window.menu_bar.refresh()
    assert not export.isEnabled(), "no visit chosen on This week"
    page = window.show_page("visits")
    settle(window.ctx, page)
    assert page.visit_rows()
    page.select_visit(page.visit_rows()[0].pk)
    with Opened(window) as opened:
        open_menu_entry(qtbot, window, "V&isit", Qt.Key.Key_X)
        qtbot.waitUntil(lambda: QFileDialog in opened.kinds())
    assert export.isEnabled()


def test_the_file_menu_reaches_new_back_up_and_restore(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.ui.dialogs.backups import RestoreDialog

    assert window.backup_status.text() == "No backup yet"
    with Opened(window) as opened:
        open_menu_entry(qtbot, window, "&File", Qt.Key.Key_B)  # Back up now
        qtbot.waitUntil(
            lambda: window.backup_status.text().startswith("Last backup"), timeout=20_000
        )
    assert not opened.seen, "a backup asks nothing"
    for letter, kind in ((Qt.Key.Key_N, QFileDialog), (Qt.Key.Key_T, RestoreDialog)):
        with Opened(window) as opened:
            open_menu_entry(qtbot, window, "&File", letter)
            qtbot.waitUntil(lambda k=kind, o=opened: k in o.kinds())
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def test_open_recent_lists_the_workspaces_used_lately_and_opens_one(
    qtbot, window: MainWindow, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.ui.workspaces import remember_workspace

    other = tmp_path / "other.fieldvisit"
    other.write_bytes(window.ctx.workspace.path.read_bytes())
    remember_workspace(other)
    recent = window.menu_bar.actions[next(c for c in COMMANDS if c.method == RECENT)].menu()
    window.menu_bar.fill_recent(recent)
    entries = [a for a in recent.actions() if a.isEnabled()]
    assert [plain(a.text()) for a in entries] == ["1 other"]
    try:
        entries[0].trigger()
        qtbot.waitUntil(
            lambda: window.ctx.workspace.path.resolve() == other.resolve(), timeout=20_000
        )
        assert window.navigation.switcher.text() == "other"
    finally:
        window.ctx.tasks.wait_idle(10_000)
        if window.lock is not None:  # the app gives the workspace back when it quits
            window.lock.release()
        if window.ctx.workspace.path.resolve() == other.resolve():
            window.ctx.workspace.close()
