"""Starting the desktop app: QApplication, theme, one instance per workspace, the first run."""

from __future__ import annotations

import logging
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from fieldvisit import paths
from fieldvisit.app_id import APP_ID, APP_NAME, ORGANIZATION_DOMAIN, ORGANIZATION_NAME
from fieldvisit.errors import Cancelled, FieldVisitError
from fieldvisit.logs import start_logging
from fieldvisit.ui import gc_guard, style, theme
from fieldvisit.ui.dialogs.first_run import FirstRunChoice, FirstRunDialog
from fieldvisit.ui.error_reports import error_message, install_excepthook
from fieldvisit.ui.instance import WorkspaceLock, ask_first_instance_to_raise
from fieldvisit.ui.lock_waiting import ui_thread_writes
from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.progress_dialog import run_with_progress_dialog
from fieldvisit.ui.resources import app_icon
from fieldvisit.ui.source_lines import forget_when_idle
from fieldvisit.ui.tasks import TaskRunner
from fieldvisit.ui.workspace_names import show_opening
from fieldvisit.ui.workspaces import (
    build_demo,
    create_empty,
    describe,
    open_existing,
    recent_locations,
    remember_workspace,
)

if TYPE_CHECKING:
    from fieldvisit.store import Workspace
    from fieldvisit.store.location import TeamAddress
    from fieldvisit.ui.context import AppContext
    from fieldvisit.ui.main_window import MainWindow


log = logging.getLogger(__name__)


def apply_theme(app: QApplication) -> None:
    """Give the app the light or dark palette (View › Appearance, else the OS's), and the style
    sheet."""
    from fieldvisit.ui.appearance import wants_dark

    app.setStyle("Fusion")
    dark = wants_dark(app)
    app.setPalette(theme.dark_palette() if dark else theme.light_palette())
    app.setStyleSheet(theme.stylesheet())


def apply_font(app: QApplication) -> None:
    """Use the system font, at least at the body size of the type scale."""
    body = app.font()
    if body.pointSizeF() < style.BODY_PT:
        body.setPointSizeF(style.BODY_PT)
        app.setFont(body)


def use_locale() -> None:
    """Write numbers and dates in the user's locale; plain "C" (no locale set) reads as en-US."""
    if QLocale.system().name() in ("C", "POSIX"):
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


def make_application() -> QApplication:
    """Return the one QApplication (created with our name, icon and theme if there is none)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(sys.argv[:1])
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
    app.setApplicationName(APP_NAME)
    # Every saved setting is in the data folder's app-settings.ini (workspaces.ui_settings), not
    # in Qt's per-organisation place, so the domain added here moves nothing a user saved.
    app.setOrganizationName(ORGANIZATION_NAME)
    app.setOrganizationDomain(ORGANIZATION_DOMAIN)
    # The Wayland app id and the desktop entry's name (resources/linux/APP_ID.desktop).
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    use_locale()
    apply_font(app)
    apply_theme(app)
    gc_guard.install(app)
    return app


def starting_path(db: Path | TeamAddress | None, demo: bool) -> Path | TeamAddress:
    """Return the workspace to open: the demo (kept in the data folder), the one asked for
    (a file or a team workspace), else the last used, else the default."""
    if demo:
        return paths.demo_workspace()
    if db is not None:
        return Path(db).expanduser() if isinstance(db, Path) else db
    recent = recent_locations()
    if not recent:
        return paths.default_workspace()
    if isinstance(recent[0], Path):
        return recent[0]
    # A team workspace was the last: its address is read before any worker starts, so this
    # thread loading the store here races with no one (a file's start never pays for it).
    from fieldvisit.store.location import parse_team_url

    return parse_team_url(recent[0])


def show_error(title: str, message: str, parent: QWidget | None = None) -> None:
    """Tell the user what went wrong in a dialog."""
    QMessageBox.critical(parent, title, as_text(message))


def prepare_workspace(path: Path, demo: bool, runner: TaskRunner) -> tuple[Workspace, bool] | None:
    """Open, create or build the workspace at `path`; return it and whether to import next.

    With `demo` the demo workspace is built only when it does not exist yet.

    Returns None when the user closed the first-run chooser.
    """
    want_import = False
    if demo and not path.exists():
        # Built once, then kept: what was planned or written in the demo survives the next
        # start; only File › Reset demo… starts it afresh (after asking, with a backup).
        run_with_progress_dialog(
            runner,
            lambda progress, cancelled: build_demo(path, progress, cancelled),
            title="Building the demo workspace",
        )
    elif not path.exists():
        chooser = FirstRunDialog(path)
        if chooser.exec() != FirstRunDialog.DialogCode.Accepted or chooser.choice is None:
            return None
        if chooser.choice is FirstRunChoice.DEMO:
            run_with_progress_dialog(
                runner,
                lambda progress, cancelled: build_demo(path, progress, cancelled),
                title="Building the demo workspace",
            )
        else:
            create_empty(path).close()
            want_import = chooser.choice is FirstRunChoice.IMPORT
    return open_existing(path), want_import


def attach_workspace(
    window: MainWindow,
    ws: Workspace,
    tasks: TaskRunner | None = None,
    *,
    deterministic: bool = False,
) -> AppContext:
    """Give the window (shown as a frame) its open workspace; return the pages' context."""
    from fieldvisit.ui.context import AppContext, workspace_as_of

    ctx = AppContext(ws, workspace_as_of(ws, deterministic=deterministic), tasks=tasks)
    if tasks is not None:
        tasks.setParent(ctx)
    forget_when_idle(ctx.tasks)  # the source lines PySide6 has Python keep (~30 MiB)
    window.attach(ctx)
    return ctx


def run_app(
    db: Path | TeamAddress | None = None,
    demo: bool = False,
    screenshots: Path | None = None,
    shot_size: str | None = None,
    shot_appearance: str = "light",
) -> int:
    """Open the desktop app (or write screenshots and quit); return the exit code.

    The window's frame paints first; the workspace opens right after, from the event loop
    (its checks load SQLAlchemy and Alembic), so a large workspace never delays the window.
    `db` is a workspace file or a team workspace's address (`store.location.parse_location`).
    """
    app = make_application()
    # Details of any error go to the log file; the user sees a dialog, never a traceback.
    start_logging()
    install_excepthook()
    if screenshots is not None:
        from fieldvisit.ui.screenshots import take_screenshots

        return take_screenshots(
            Path(screenshots), db=db, demo=demo, size=shot_size, appearance=shot_appearance
        )

    where = starting_path(db, demo)
    # A team workspace has no file to lock: PostgreSQL serves every window and every user.
    path = where if isinstance(where, Path) else None
    lock = WorkspaceLock(path) if path is not None else None
    if path is not None and lock is not None and not lock.acquire():
        if ask_first_instance_to_raise(path):
            print(
                f"fieldvisit: {path} is already open; its window was brought forward.",
                file=sys.stderr,
            )
            return 0
        show_error(
            "Field Visit is already open",
            f"The workspace {path} is open in {lock.holder()}. Switch to that window, or close "
            "it and start Field Visit again.",
        )
        return 1

    from fieldvisit.ui.main_window import MainWindow

    runner = TaskRunner()
    window = MainWindow(None, lock)
    show_opening(window, where)
    window.show()
    # Until the workspace is open, closing a dialog must not end the app by itself.
    app.setQuitOnLastWindowClosed(False)

    writes = ExitStack()
    label = str(where) if isinstance(where, Path) else where.label

    def stop(code: int) -> None:
        if lock is not None:
            lock.release()
        window.hide()
        window.deleteLater()
        app.exit(code)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            stop(0)
        elif isinstance(exc, FieldVisitError):
            show_error("Cannot open the workspace", describe(exc), window)
            stop(1)
        else:  # anything else must still reach the user
            log.error("opening %s failed", label, exc_info=exc)
            show_error("Cannot open the workspace", error_message(exc, f"Opening {label}"), window)
            stop(1)

    def open_it() -> None:
        if path is None:  # a team workspace: on a worker, asking for its password here
            from fieldvisit.ui.team_opening import open_team_asking

            try:
                ws = open_team_asking(where, runner, window)  # type: ignore[arg-type]
            except Exception as exc:  # noqa: BLE001 - `failed` tells the user
                failed(exc)
                return
            opened(None if ws is None else (ws, False))
            return
        if path.exists():
            # The store (SQLAlchemy, Alembic) loads and checks the file on a worker while the
            # window's frame paints; the window gets it when it is open. Until then the window's
            # thread must import nothing of the store: SQLAlchemy imported by two threads at
            # once fails half-way ("partially initialized module"); test_launch_path checks it.
            runner.run(
                lambda _progress, _cancelled: open_existing(path),
                title="Opening the workspace",
                on_done=lambda ws: opened((ws, False)),
                on_error=failed,
                cancellable=False,
            )
            return
        try:  # the first run: ask what to make of the missing file (or build the demo)
            prepared = prepare_workspace(path, demo, runner)
        except Exception as exc:  # noqa: BLE001 - `failed` tells the user
            failed(exc)
            return
        opened(prepared)

    def opened(prepared: tuple[Workspace, bool] | None) -> None:
        if prepared is None:
            stop(0)
            return
        if not window.isVisible():  # closed while the workspace was opening
            prepared[0].close()
            stop(0)
            return
        # Writes on the UI thread wait briefly for another program's lock, shown in the status
        # bar (entered here: the store is loaded now, after the first paint).
        writes.enter_context(ui_thread_writes())
        ws, want_import = prepared
        remember_workspace(where)
        ctx = attach_workspace(window, ws, runner)
        window.back_up_if_due()  # in the background, at most once a day
        if lock is not None:
            lock.raise_requested.connect(window.bring_forward)
        app.setQuitOnLastWindowClosed(True)

        def shutdown() -> None:
            runner.shutdown()
            if window.lock is not None:
                window.lock.release()
            ctx.workspace.close()

        app.aboutToQuit.connect(shutdown)
        # Debriefs a crash or a quit left unsaved (in the workspace or only in the local draft
        # journal): say which, and offer to open them.
        from fieldvisit.ui.dialogs.unsaved_debriefs import offer_recovered_drafts

        offer_recovered_drafts(ctx, window)
        if want_import:
            window.open_import()

    QTimer.singleShot(0, open_it)
    with writes:
        return int(app.exec())
