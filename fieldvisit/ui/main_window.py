"""The main window: navigation on the left, the current page on the right, a status bar below.

It only composes: pages do their own work through the core packages and the AppContext; the
menu bar (`menus.COMMANDS`: every command and its shortcut) calls the window's methods, which
route to the page or dialog that handles them; the window remembers its geometry. A CRM export
dropped on it opens the import wizard; a calendar (.ics, or a zip of them) starts a calendar
capture.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from fieldvisit.changes import ANOTHER_WORKSPACE, Changes, Kind
from fieldvisit.ui import window_geometry, workspace_switch
from fieldvisit.ui.dialogs.launch import (
    ask_before_quitting,
    open_debrief_editor,
    open_import_wizard,
)
from fieldvisit.ui.instance import WorkspaceLock
from fieldvisit.ui.keyboard_sort import install_keyboard_sort
from fieldvisit.ui.menus import MenuBar
from fieldvisit.ui.pages import ACCOUNT, PAGES, SETTINGS, Page, PageSpec
from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.tasks import Task
from fieldvisit.ui.widgets.navigation import NavigationPanel
from fieldvisit.ui.widgets.status import BackupStatus, TaskStatus
from fieldvisit.ui.workspace_names import show_workspace, window_title
from fieldvisit.ui.workspaces import describe, ui_settings

if TYPE_CHECKING:
    from fieldvisit.ui.context import AppContext

DEFAULT_SIZE = (1280, 820)


class MainWindow(QMainWindow):
    """Composes the pages; owns no business logic."""

    ctx: AppContext  # set by attach(): until then the window is its frame alone

    def __init__(
        self,
        ctx: AppContext | None,
        lock: WorkspaceLock | None = None,
        *,
        remember_geometry: bool = True,
    ):
        """Build the frame (navigation, empty page stack); with `ctx`, attach it right away.

        The app shows the frame before the workspace is open (SQLAlchemy, Alembic and the
        planning engine load after the first paint), then calls `attach`.
        """
        super().__init__()
        self.lock = lock
        self.remember_geometry = remember_geometry
        self.setMinimumSize(960, 640)
        self.setAcceptDrops(True)  # a CRM export dropped on the window opens the import wizard
        install_keyboard_sort()  # the Menu key on a sortable table: Sort by (keyboard_sort.py)
        self._specs: dict[str, PageSpec] = {}
        self._pages: dict[str, Page] = {}
        self._order: list[str] = []
        self._attached = False

        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.navigation = NavigationPanel(central)
        self.stack = QStackedWidget(central)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        for number, spec in enumerate(PAGES, start=1):
            self._register(spec, f"Ctrl+{number}")
        self._register(SETTINGS, "Ctrl+,")
        self._specs[ACCOUNT.key] = ACCOUNT  # opened from search and other pages, not the sidebar
        self.menu_bar = MenuBar(self)  # every command and its shortcut: fieldvisit/ui/menus.py
        self.statusBar().setSizeGripEnabled(False)
        self.setWindowTitle("Field Visit")
        if remember_geometry:
            self._restore_geometry()
        else:
            self.resize(*DEFAULT_SIZE)
        if ctx is not None:
            self.attach(ctx)

    def show_opening(self, path: Path) -> None:
        """Say in the frame which workspace is being opened (before `attach`)."""
        self.navigation.show_workspace(path)
        self.statusBar().showMessage(f"Opening {path.name}…")

    def attach(self, ctx: AppContext) -> None:
        """Give the window its open workspace: status, shortcuts, then the first page."""
        if self._attached:
            raise RuntimeError("the window already has its workspace")
        self._attached = True
        self.ctx = ctx
        self.statusBar().clearMessage()
        self.navigation.page_chosen.connect(self.show_page)
        self.navigation.open_workspace_requested.connect(self.open_workspace)
        self.navigation.new_workspace_requested.connect(self.new_workspace)
        self.navigation.demo_requested.connect(self.open_demo)
        self.navigation.demo_reset_requested.connect(self.reset_demo)
        self.navigation.import_requested.connect(self.open_import)
        self.navigation.capture_requested.connect(self.capture_calendars)

        self.task_status = TaskStatus(ctx.tasks, self)
        self.backup_status = BackupStatus(self)
        self.statusBar().addWidget(self.task_status, 1)
        self.statusBar().addPermanentWidget(self.backup_status)
        from fieldvisit.ui.dialogs.travel_status import TravelStatus  # travel copies only

        self.statusBar().addPermanentWidget(TravelStatus(ctx, self))
        self.backup_status.clicked.connect(self.back_up_now)
        self.navigation.backup_requested.connect(self.back_up_now)
        self.navigation.restore_requested.connect(self.restore_from_backup)
        ctx.tasks.task_failed.connect(self._task_failed)
        ctx.changed.connect(self._show_workspace)

        self.menu_bar.follow_undo()  # Edit › Undo/Redo follow the undo history (ui/undo.py)
        self.menu_bar.refresh()
        self._show_workspace()
        if self._order:
            self.show_page(self._order[0])

    # ----- pages ------------------------------------------------------------------------------

    def _register(self, spec: PageSpec, shortcut: str) -> None:
        self._specs[spec.key] = spec
        self._order.append(spec.key)
        self.navigation.add_page(spec.key, spec.title, spec.icon, shortcut)

    def page_keys(self) -> list[str]:
        """Return the keys of every page, in navigation order (Settings last)."""
        return list(self._order)

    def page(self, key: str) -> Page:
        """Return the page for `key`, building it on first use."""
        if key not in self._pages:
            page = self._specs[key].load()(self.ctx)
            page.search_requested.connect(self.open_search)
            page.navigate_requested.connect(self.show_page)
            self.stack.addWidget(page)
            self._pages[key] = page
        return self._pages[key]

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def show_page(self, key: str) -> Page | None:
        """Bring the page `key` forward (its content refreshes if it changed meanwhile);
        "settings#titles" also opens a section of the page."""
        key, _, section = key.partition("#")
        if key not in self._specs:
            return None
        page, previous = self.page(key), self.current_page()
        if previous is not None and previous is not page:
            page.opened_from(previous.key)  # the account page's Back (Alt+Left) returns there
        if section:
            page.show_section(section)
        self.stack.setCurrentWidget(page)
        self.navigation.select(key)
        self.setWindowTitle(window_title(page.title, self.ctx.workspace))
        return page

    # ----- shortcuts and actions -----------------------------------------------------------------

    def open_search(self) -> None:
        """Open the Ctrl+K search over accounts, deals, people and debriefs."""
        from fieldvisit.ui.search import SearchDialog

        dialog = SearchDialog(self.ctx, self)
        if dialog.exec() and dialog.hit is not None:
            self.go_to(dialog.hit)

    def go_to(self, hit: Any) -> None:
        """Show what a search found on the page that holds it."""
        target = self.show_page(hit.page)
        if hit.kind == "debrief":
            open_debrief_editor(self.ctx, hit.pk, self)
        elif target is not None:
            target.show_hit(hit)

    def go_back(self) -> None:
        """View › Back (Alt+Left): the account page returns to where it was opened from."""
        page = self.current_page()
        if page is not None:
            page.go_back()

    def plan_visit(self) -> None:
        """Plan a visit: for the deal selected on the current page, or choose one."""
        from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
        from fieldvisit.ui.undo_steps import watch_plan

        page = self.current_page()
        deal_pk = page.plan_visit_target() if page is not None else None
        watch_plan(self.ctx, PlanVisitDialog.plan(self.ctx, deal_pk=deal_pk, parent=self), self)

    def write_debrief(self) -> None:
        """Open the debrief editor for the selected visit, or the most recent one owed."""
        page = self.current_page()
        visit_pk = page.debrief_target() if page is not None else None
        if visit_pk is None:
            from fieldvisit.debriefs import debriefs_due

            with self.ctx.workspace.connect() as conn:
                due = debriefs_due(conn, self.ctx.as_of, limit=1)
            if not due:
                QMessageBox.information(
                    self, "No debrief owed", "Every visit that happened has its debrief."
                )
                return
            visit_pk = due[0].visit_id
        open_debrief_editor(self.ctx, visit_pk, self)

    def briefing_pack(self) -> None:
        """Save the briefing pack (PDF) of the selected visit, else of the coming week."""
        from fieldvisit.ui.briefing_save import save_briefing_here

        save_briefing_here(self.ctx, self.current_page(), self)

    def briefing_pack_week(self) -> None:
        """Save the briefing pack (PDF) of every visit planned in the coming seven days."""
        from fieldvisit.ui.briefing_save import save_week_briefing

        save_week_briefing(self.ctx, self)

    def choose_as_of(self) -> None:
        """Open the header's date chooser: plan every page as of another day."""
        page = self.current_page()
        if page is not None:
            page.choose_as_of()

    def open_import(self) -> None:
        """Open the import wizard (CSV exports from the CRM)."""
        open_import_wizard(self.ctx, self)

    def capture_calendars(self) -> None:
        """Show Settings › Executives' calendars: sources, Capture now and the review list."""
        self.show_page("settings#calendars")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        from fieldvisit.ui.dialogs.capture_drop import calendar_paths
        from fieldvisit.ui.dialogs.import_wizard import dropped_paths

        mime = event.mimeData()
        if self._attached and (calendar_paths(mime) or dropped_paths(mime)):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        from fieldvisit.ui.dialogs.capture_drop import calendar_paths, capture_dropped
        from fieldvisit.ui.dialogs.import_wizard import dropped_paths, open_with

        if not self._attached:
            return
        calendars = calendar_paths(event.mimeData())
        if calendars:  # an .ics file or a calendar zip: whose is it? then capture
            event.acceptProposedAction()
            capture_dropped(self.ctx, self, calendars)
            return
        paths = dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            open_with(self.ctx, self, paths)

    # ----- workspaces --------------------------------------------------------------------------

    def open_workspace(self, path: Path | None = None) -> bool:
        """Switch to another workspace file (asks for one when `path` is None)."""
        return workspace_switch.open_workspace(self, path)

    def new_workspace(self) -> bool:
        """Create an empty workspace where the user says and switch to it."""
        return workspace_switch.new_workspace(self)

    def open_demo(self) -> bool:
        """Switch to the demo workspace (built the first time, then kept: see `reset_demo`)."""
        return workspace_switch.open_demo(self)

    def reset_demo(self) -> bool:
        """File › Reset demo…: ask, back the demo up, rebuild it in the background, show it."""
        from fieldvisit.ui.dialogs.demo_reset import reset_demo

        return reset_demo(self.ctx, self, self.open_workspace)

    # ----- backups -----------------------------------------------------------------------------

    def back_up_now(self) -> None:
        """Back the workspace up in the background; the status bar says when it is done."""
        from fieldvisit.ui.dialogs.backups import back_up

        back_up(self.ctx, self.backup_status, self)

    def back_up_if_due(self) -> None:
        """Back up in the background when the newest backup is a day old (on opening)."""
        from fieldvisit.ui.dialogs.backups import back_up

        back_up(self.ctx, self.backup_status, self, automatic=True)

    def restore_from_backup(self) -> bool:
        """Choose one of the workspace's backups (or a file), restore it and reopen."""
        from fieldvisit.ui.dialogs.backups import restore_from_backup

        return restore_from_backup(self.ctx, self)

    def _show_workspace(self, changes: Changes = ANOTHER_WORKSPACE) -> None:
        if Kind.WORKSPACE not in changes:
            return
        show_workspace(self)  # a file's name and last backup, or "Team: …" (workspace_names)
        page = self.current_page()
        if page is not None:
            self.setWindowTitle(window_title(page.title, self.ctx.workspace))

    # ----- window ----------------------------------------------------------------------------

    def bring_forward(self) -> None:
        """Show the window on top (another start on the same workspace asked for it)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def _task_failed(self, task: Task, exc: BaseException) -> None:
        QMessageBox.warning(self, task.title, as_text(describe(exc)))

    def _restore_geometry(self) -> None:
        # As left, unless that is off every screen now or larger than it (window_geometry.py).
        window_geometry.restore(self, ui_settings(), QSize(*DEFAULT_SIZE))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._attached and not ask_before_quitting(self):
            event.ignore()  # asked; the window closes itself once the user chooses to quit
            return
        if self.remember_geometry:
            window_geometry.remember(self, ui_settings())
        if self._attached:
            self.ctx.tasks.cancel_all()
        super().closeEvent(event)
