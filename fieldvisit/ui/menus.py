"""The menu bar, built from one table of commands; the Keyboard shortcuts dialog reads the same table.

To add a command, add one row to COMMANDS (in menu order):

    MenuCommand(menu, text, shortcuts, method, args=(), enabled_when="has_workspace", checked_when="")

- menu: the menu's title with its mnemonic ("&File", "&View", "V&isit", "&Help"); a submenu is
  "parent/child", e.g. "&View/&Appearance". Menus appear in the order they first occur.
- text: the entry with its "&" mnemonic (unique within its menu: tests/ui/test_menus.py checks),
  "…" when it asks something first. SEPARATOR rows (text "-") draw a line.
- shortcuts: key sequences as Qt writes them ("Ctrl+N", "Ctrl+Shift+D", "F1"); the first is the
  one the menu shows, the others work too. "" for none.
- method: the name of the method called with `args` (never Qt's `checked` flag): looked up on
  the MenuBar controller below first (its own few commands: shortcuts, about, appearance,
  recent), then on the MainWindow.
- enabled_when: a method name (controller, then window) returning bool, asked each time the menu
  opens and when the workspace is attached; "" = always enabled. Default: "has_workspace".
- checked_when: a method name returning bool makes the entry checkable (a radio group per menu).

Rows whose method is "fill_recent" make a submenu filled when it opens (Open recent ▸).
Edit › Undo and Redo run the window's undo history (`fieldvisit/ui/undo.py`); they are enabled
only while there is something to undo or redo (the MenuBar follows the history's stack).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from fieldvisit.ui import appearance

if TYPE_CHECKING:
    from fieldvisit.ui.main_window import MainWindow

SEPARATOR = "-"
RECENT = "fill_recent"


@dataclass(frozen=True)
class MenuCommand:
    """One entry of the menu bar (see the module's docstring for each field)."""

    menu: str
    text: str
    shortcuts: tuple[str, ...] = ()
    method: str = ""
    args: tuple[Any, ...] = ()
    enabled_when: str = "has_workspace"
    checked_when: str = ""

    @property
    def shortcut(self) -> str:
        """The shortcut shown in the menu ("" for none)."""
        return self.shortcuts[0] if self.shortcuts else ""


def _sep(menu: str) -> MenuCommand:
    return MenuCommand(menu, SEPARATOR, enabled_when="")


FILE, VIEW, APPEARANCE, VISIT, HELP = "&File", "&View", "&View/&Appearance", "V&isit", "&Help"
EDIT = "&Edit"

COMMANDS: tuple[MenuCommand, ...] = (
    MenuCommand(FILE, "&New workspace…", (), "new_workspace"),
    MenuCommand(FILE, "&Open workspace…", ("Ctrl+O",), "open_workspace"),
    MenuCommand(FILE, "Open team &workspace…", (), "open_team_workspace"),
    MenuCommand(FILE, "Open &recent", (), RECENT),
    MenuCommand(FILE, "Open the &demo workspace", (), "open_demo"),
    MenuCommand(FILE, "R&eset demo…", (), "reset_demo", (), "has_file_workspace"),
    _sep(FILE),
    MenuCommand(FILE, "&Import from your CRM…", ("Ctrl+I",), "open_import"),
    MenuCommand(FILE, "Import &CSV…", (), "import_csv"),
    MenuCommand(FILE, "Capture c&alendars…", ("Ctrl+Shift+I",), "capture_calendars"),
    _sep(FILE),
    MenuCommand(FILE, "&Back up now", (), "back_up_now"),
    MenuCommand(FILE, "Res&tore from backup…", (), "restore_from_backup", (), "has_file_workspace"),
    _sep(FILE),
    MenuCommand(FILE, "Take o&ffline…", (), "take_offline", (), "has_team_workspace"),
    MenuCommand(FILE, "&Sync now", (), "sync_now", (), "is_travel_copy"),
    MenuCommand(FILE, "&Pending changes…", (), "pending_changes", (), "is_travel_copy"),
    _sep(FILE),
    MenuCommand(FILE, "Yo&ur name…", (), "your_name", enabled_when=""),
    _sep(FILE),
    MenuCommand(FILE, "&Quit", ("Ctrl+Q",), "close", enabled_when=""),
    MenuCommand(EDIT, "&Undo", ("Ctrl+Z",), "undo", (), "can_undo"),
    MenuCommand(EDIT, "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "redo", (), "can_redo"),
    MenuCommand(VIEW, "This &week", ("Ctrl+1",), "show_page", ("week",)),
    MenuCommand(VIEW, "&Coverage", ("Ctrl+2",), "show_page", ("coverage",)),
    MenuCommand(VIEW, "&Deals", ("Ctrl+3",), "show_page", ("deals",)),
    MenuCommand(VIEW, "&Visits", ("Ctrl+4",), "show_page", ("visits",)),
    MenuCommand(VIEW, "De&briefs", ("Ctrl+5",), "show_page", ("debriefs",)),
    MenuCommand(VIEW, "&Impact", ("Ctrl+6",), "show_page", ("impact",)),
    MenuCommand(VIEW, "&Map", ("Ctrl+7",), "show_page", ("map",)),
    MenuCommand(VIEW, "Se&ttings", ("Ctrl+,",), "show_page", ("settings",)),
    _sep(VIEW),
    MenuCommand(VIEW, "&Search…", ("Ctrl+K", "Ctrl+F"), "open_search"),
    MenuCommand(VIEW, "Bac&k", ("Alt+Left",), "go_back", enabled_when=""),
    MenuCommand(VIEW, "&Look at another date…", ("Ctrl+Shift+D",), "choose_as_of"),
    MenuCommand(APPEARANCE, "&System", (), "set_appearance", ("system",), "", "is_system"),
    MenuCommand(APPEARANCE, "&Light", (), "set_appearance", ("light",), "", "is_light"),
    MenuCommand(APPEARANCE, "&Dark", (), "set_appearance", ("dark",), "", "is_dark"),
    MenuCommand(VISIT, "&Plan visit…", ("Ctrl+N",), "plan_visit"),
    MenuCommand(VISIT, "Write &debrief…", ("Ctrl+D",), "write_debrief"),
    MenuCommand(VISIT, "E&xport invites…", (), "export_invites", (), "has_selected_visit"),
    MenuCommand(VISIT, "&Briefing pack…", (), "briefing_pack"),
    MenuCommand(VISIT, "Briefing pack for the &week…", (), "briefing_pack_week"),
    MenuCommand(HELP, "&Keyboard shortcuts", ("F1", "Ctrl+/"), "show_shortcuts", enabled_when=""),
    MenuCommand(HELP, "Open &log folder", (), "open_log_folder", enabled_when=""),
    MenuCommand(HELP, "&About Field Visit", (), "show_about", enabled_when=""),
)


def plain(text: str) -> str:
    """Return a menu text without its mnemonic ("Open &recent" → "Open recent")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


class MenuBar:
    """Builds the window's menu bar from COMMANDS and keeps enabled/checked states current."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.bar: QMenuBar = window.menuBar()
        self.bar.setNativeMenuBar(True)  # macOS: the system menu bar
        self.menus: dict[str, QMenu] = {}
        self.actions: dict[MenuCommand, QAction] = {}
        self._groups: dict[str, QActionGroup] = {}
        for command in COMMANDS:
            menu = self._menu(command.menu)
            if command.text == SEPARATOR:
                menu.addSeparator()
            elif command.method == RECENT:
                recent = menu.addMenu(command.text)
                recent.setObjectName("recent")
                recent.aboutToShow.connect(lambda m=recent: self.fill_recent(m))
                self.actions[command] = recent.menuAction()
            else:
                self.actions[command] = self._action(menu, command)
        self.refresh()

    # ----- building ----------------------------------------------------------------------------

    def _menu(self, path: str) -> QMenu:
        if path not in self.menus:
            parent, _, title = path.rpartition("/")
            owner = self._menu(parent) if parent else self.bar
            menu = owner.addMenu(title)
            menu.aboutToShow.connect(self.refresh)
            self.menus[path] = menu
        return self.menus[path]

    def _action(self, menu: QMenu, command: MenuCommand) -> QAction:
        action = QAction(command.text, self.window)
        action.setShortcuts([QKeySequence(key) for key in command.shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if command.method == "close":  # Ctrl+Q from any window of the app
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.setMenuRole(QAction.MenuRole.QuitRole)
        elif command.method == "show_about":
            action.setMenuRole(QAction.MenuRole.AboutRole)
        elif command.args == ("settings",):  # macOS: Field Visit › Settings…, Cmd+,
            action.setMenuRole(QAction.MenuRole.PreferencesRole)
        else:
            action.setMenuRole(QAction.MenuRole.NoRole)
        if command.checked_when:
            action.setCheckable(True)
            group = self._groups.setdefault(command.menu, QActionGroup(self.window))
            group.addAction(action)
        action.triggered.connect(lambda _checked=False, c=command: self.run(c))
        menu.addAction(action)
        self.window.addAction(action)  # shortcuts work while the menu bar is hidden (tests, macOS)
        return action

    def _find(self, name: str) -> Callable[..., Any]:
        found = getattr(self, name, None) or getattr(self.window, name, None)
        if not callable(found):
            raise AttributeError(
                f"menu command {name!r}: neither the menu bar nor the window has it"
            )
        return found

    # ----- running -----------------------------------------------------------------------------

    def run(self, command: MenuCommand) -> None:
        """Call the command's method (with its args), if it is enabled now."""
        if command.enabled_when and not self._find(command.enabled_when)():
            return
        self._find(command.method)(*command.args)

    def refresh(self) -> None:
        """Enable and check the entries as the window's state says."""
        for command, action in self.actions.items():
            if command.enabled_when:
                action.setEnabled(bool(self._find(command.enabled_when)()))
            if command.checked_when:
                action.setChecked(bool(self._find(command.checked_when)()))

    def action_for(self, method: str, *args: Any) -> QAction:
        """Return the action of the row calling `method` with `args` (for tests and callers)."""
        for command, action in self.actions.items():
            if command.method == method and command.args == args:
                return action
        raise KeyError(method)

    # ----- the menu bar's own commands ---------------------------------------------------------

    def follow_undo(self) -> None:
        """Keep Edit › Undo/Redo enabled exactly while the window's history allows them."""
        from fieldvisit.ui.undo import follow

        follow(self.window.ctx, self.bar, self.refresh)

    def can_undo(self) -> bool:
        if not self.has_workspace():  # the frame paints first: the store is not loaded yet
            return False
        from fieldvisit.ui.undo import can_undo

        return can_undo(self.window.ctx)

    def can_redo(self) -> bool:
        if not self.has_workspace():
            return False
        from fieldvisit.ui.undo import can_redo

        return can_redo(self.window.ctx)

    def undo(self) -> None:
        """Edit › Undo (Ctrl+Z): undo the newest action; the page's notice says what happened."""
        from fieldvisit.ui.undo import undo_last

        undo_last(self.window.ctx, self.window)

    def redo(self) -> None:
        """Edit › Redo (Ctrl+Shift+Z, Ctrl+Y): do again what was undone last."""
        from fieldvisit.ui.undo import redo_last

        redo_last(self.window.ctx, self.window)

    def has_workspace(self) -> bool:
        """True once the window has its workspace (the frame paints before it opens)."""
        return bool(getattr(self.window, "_attached", False))

    def has_file_workspace(self) -> bool:
        """True while the window has a workspace file, not a team one (Reset demo…, Restore…)."""
        return self.has_workspace() and not self.window.ctx.workspace.is_team

    def has_team_workspace(self) -> bool:
        """True while the window has a team workspace (Take offline…)."""
        return self.has_workspace() and self.window.ctx.workspace.is_team

    def is_travel_copy(self) -> bool:
        """True while the window has a travel copy (Sync now, Pending changes…)."""
        from fieldvisit.ui.dialogs.pending_changes import is_travel_copy

        return self.has_file_workspace() and is_travel_copy(self.window.ctx)

    def take_offline(self) -> None:
        """File › Take offline…: write a travel copy of the team workspace."""
        from fieldvisit.ui.dialogs.take_offline import take_offline

        take_offline(self.window)

    def sync_now(self) -> None:
        """File › Sync now: push the travel copy's changes and pull the team's latest."""
        from fieldvisit.ui.dialogs.pending_changes import sync_from_menu

        sync_from_menu(self.window)

    def pending_changes(self) -> None:
        """File › Pending changes…: what the travel copy has not pushed, and its conflicts."""
        from fieldvisit.ui.dialogs.pending_changes import open_pending_changes

        open_pending_changes(self.window)

    def open_team_workspace(self) -> None:
        """File › Open team workspace…: ask for its address, then switch to it."""
        from fieldvisit.ui.workspace_switch import open_team_workspace

        open_team_workspace(self.window)

    def your_name(self) -> None:
        """File › Your name…: who this computer's changes are recorded as made by."""
        from fieldvisit.ui.dialogs.your_name import ask_your_name

        ctx = getattr(self.window, "ctx", None)  # the frame before a workspace is attached
        ask_your_name(self.window, team=bool(ctx and ctx.workspace.is_team), ctx=ctx)

    def fill_recent(self, menu: QMenu) -> None:
        """Fill File › Open recent with the workspaces opened lately (newest first): files and
        team workspaces (by their password-free address)."""
        from fieldvisit.ui.workspaces import location_name, recent_locations

        menu.clear()
        paths = recent_locations()
        for number, path in enumerate(paths, start=1):
            name = location_name(path)
            action = menu.addAction(f"&{number} {name}" if number < 10 else name)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.window.open_workspace(p))
        if not paths:
            menu.addAction("No recent workspaces").setEnabled(False)

    def _selected_visit(self) -> Any:
        page = self.window.current_page() if self.has_workspace() else None
        if page is None or page.key != "visits":
            return None
        return page.selected_visit()

    def has_selected_visit(self) -> bool:
        """True while the Visits page has a visit selected (Visit › Export invites…)."""
        return self._selected_visit() is not None

    def export_invites(self) -> None:
        """Write the selected visit's invites (team and customer .ics) into a folder."""
        page, visit = self.window.current_page(), self._selected_visit()
        if visit is not None:
            page.actions.export_invites(visit)  # type: ignore[union-attr]

    def import_csv(self) -> None:
        """Open the import wizard on "A CSV file" (the generic one-file import)."""
        from fieldvisit.ui.dialogs.import_wizard import ImportWizard

        ImportWizard(self.window.ctx, self.window, crm="generic").exec()

    def open_log_folder(self) -> None:
        """Open Help › Open log folder (where errors are logged with their details)."""
        from fieldvisit.ui.log_folder import open_log_folder

        open_log_folder(self.window)

    def show_shortcuts(self) -> None:
        """Open Help › Keyboard shortcuts (every row of COMMANDS with a shortcut)."""
        from fieldvisit.ui.dialogs.shortcuts import ShortcutsDialog

        ShortcutsDialog(self.window).exec()

    def show_about(self) -> None:
        """Open Help › About Field Visit."""
        from fieldvisit.ui.dialogs.shortcuts import AboutDialog

        AboutDialog(self.window).exec()

    def set_appearance(self, choice: str) -> None:
        """View › Appearance: follow the system, or always light or dark; remembered."""
        appearance.choose(choice)
        self.refresh()

    def is_system(self) -> bool:
        return appearance.chosen() == appearance.SYSTEM

    def is_light(self) -> bool:
        return appearance.chosen() == appearance.LIGHT

    def is_dark(self) -> bool:
        return appearance.chosen() == appearance.DARK
