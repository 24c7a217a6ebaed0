"""Switching the window to another workspace: open a file, create one, open the demo, open a
team workspace.

A switch takes the new file's lock first (another window may hold it), opens the workspace,
hands it to the context (every page refreshes), then releases the old lock and remembers the
file in Open recent. Whatever fails on the way gives the lock back and says what failed. A team
workspace has no file and no lock (PostgreSQL serves many at once): it opens on a worker, asking
for its password when the keychain has none (`team_opening`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from fieldvisit import paths
from fieldvisit.errors import Cancelled
from fieldvisit.ui import file_dialogs
from fieldvisit.ui.instance import WorkspaceLock
from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.progress_dialog import run_with_progress_dialog
from fieldvisit.ui.workspaces import build_demo, create_empty, open_existing, remember_workspace

if TYPE_CHECKING:
    from fieldvisit.store.location import TeamAddress
    from fieldvisit.ui.main_window import MainWindow


def open_workspace(window: MainWindow, path: Path | str | None = None) -> bool:
    """Switch to another workspace file (asks for one when `path` is None); a team workspace's
    address (from Open recent) opens it."""
    if isinstance(path, str) and not Path(path).exists():
        return open_team_workspace(window, path)
    if path is None:
        any_file = file_dialogs.WORKSPACE_FILTER + ";;All files (*)"
        path = file_dialogs.open_file(window, "workspace", "Open workspace", any_file)
        if path is None:
            return False
    chosen = Path(path)
    return switch(window, chosen, lambda: open_existing(chosen))


def new_workspace(window: MainWindow) -> bool:
    """Create an empty workspace where the user says and switch to it."""
    name, kind = "workspace.fieldvisit", file_dialogs.WORKSPACE_FILTER
    picked = file_dialogs.save_file(window, "workspace", "New workspace", name, kind)
    if picked is None:
        return False
    chosen = str(picked)
    path = Path(chosen) if chosen.endswith(".fieldvisit") else Path(f"{chosen}.fieldvisit")
    return switch(window, path, lambda: create_empty(path))


def open_demo(window: MainWindow) -> bool:
    """Switch to the demo workspace (built the first time, then kept: see Reset demo…)."""
    path = paths.demo_workspace()

    def build() -> Any:
        if not path.exists():
            run_with_progress_dialog(
                window.ctx.tasks,
                lambda progress, cancelled: build_demo(path, progress, cancelled),
                title="Building the demo workspace",
                parent=window,
            )
        return open_existing(path)

    return switch(window, path, build)


def open_team_workspace(window: MainWindow, given: str | None = None) -> bool:
    """File › Open team workspace…: ask for the address (checked as typed), then switch to it;
    `given` (a recent team workspace) opens without asking, unless it no longer reads."""
    from fieldvisit.ui.dialogs.open_team import OpenTeamDialog

    address: TeamAddress | None = None
    if given is not None:
        from fieldvisit.errors import FieldVisitError
        from fieldvisit.store.location import parse_team_url

        try:
            address = parse_team_url(given)
        except FieldVisitError:
            address = None
    if address is None:
        dialog = OpenTeamDialog(window, given or "")
        if dialog.exec() != OpenTeamDialog.DialogCode.Accepted or dialog.address is None:
            return False
        address = dialog.address
    chosen = address

    def opener() -> Any:
        from fieldvisit.ui.team_opening import open_team_asking

        ws = open_team_asking(chosen, window.ctx.tasks, window)
        if ws is None:
            raise Cancelled()
        return ws

    return switch(window, chosen, opener)


def _is_open(window: MainWindow, where: Path | TeamAddress) -> bool:
    ws = window.ctx.workspace
    if isinstance(where, Path):
        return not ws.is_team and where.resolve() == ws.path.resolve()
    return bool(ws.is_team and ws.key == where.label)


def switch(window: MainWindow, path: Path | TeamAddress, opener: Callable[[], Any]) -> bool:
    """Open `path` with `opener` (under its lock, for a file) and make it the window's
    workspace."""
    from fieldvisit.ui.context import workspace_as_of
    from fieldvisit.ui.error_reports import report_error

    lock: WorkspaceLock | None = None
    ws: Any = None
    where = path if isinstance(path, Path) else path.label
    try:
        if _is_open(window, path):
            return True
        lock = WorkspaceLock(path) if isinstance(path, Path) else None
        if lock is not None and not lock.acquire():
            QMessageBox.information(
                window,
                "Already open",
                as_text(f"{path} is open in {lock.holder()}. Switch to that window instead."),
            )
            return False
        ws = opener()
        as_of = workspace_as_of(ws)
    except Exception as exc:  # noqa: BLE001 - whatever failed, the lock must go back
        if ws is not None:
            ws.close()
        if lock is not None:
            lock.release()
        if isinstance(exc, Cancelled):
            return False
        report_error(window, "Cannot open the workspace", exc, f"Opening {where}")
        return False
    old_lock = window.lock
    window.lock = lock
    if lock is not None:
        lock.raise_requested.connect(window.bring_forward)
    window.ctx.replace_workspace(ws, as_of)
    if old_lock is not None:
        old_lock.release()
    remember_workspace(path)
    window.back_up_if_due()
    return True
