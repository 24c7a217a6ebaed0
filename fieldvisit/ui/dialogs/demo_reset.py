"""File › Reset demo…: ask, back the demo workspace up, build it afresh in the background.

The demo workspace (`paths.demo_workspace()`) is built once and then kept, so what someone plans,
snoozes and writes in it survives the next start. Only this command starts it afresh, and never
without asking and a verified backup first (Restore from backup… brings it back).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow, QWidget

from fieldvisit import paths
from fieldvisit.errors import Cancelled, FieldVisitError
from fieldvisit.ui.instance import WorkspaceLock
from fieldvisit.ui.plain_text import ask, tell
from fieldvisit.ui.progress_dialog import run_with_progress_dialog
from fieldvisit.ui.tasks import CancelledFn, ProgressFn
from fieldvisit.ui.workspaces import build_demo, describe, open_existing

if TYPE_CHECKING:
    from fieldvisit.ui.context import AppContext

log = logging.getLogger(__name__)

QUESTION_TITLE = "Reset demo"
QUESTION = (
    "Reset the demo? The visits, snoozes and debriefs you added to it are lost; a backup is kept."
)
EDITING = "Close the open debrief first: its notes belong to the demo being reset."
BACKUP_LABEL = "before-reset"


def _editing(parent: QWidget | None) -> bool:
    """Return True while a debrief editor of this window is open."""
    from fieldvisit.ui.dialogs.debrief_editor import DebriefEditor

    if parent is None:
        return False
    return any(e.isVisible() for e in parent.findChildren(DebriefEditor))


def rebuild_demo(path: Path, progress: ProgressFn, cancelled: CancelledFn) -> Path | None:
    """Back the demo at `path` up (when it exists), then build it afresh; return the backup.

    Off the UI thread. The backup is verified before anything is replaced, and the new demo is
    renamed into place only once complete, so a failure or Cancel leaves the old demo as it was.
    Drafts kept locally for the old demo's visits go with it (they would land on other visits).
    """
    from fieldvisit.debriefs import journal
    from fieldvisit.store.backup import backup_workspace

    backup = None
    if path.exists():
        progress(0.0, "Backing up the demo")
        backup = backup_workspace(path, label=BACKUP_LABEL)
    if cancelled():
        raise Cancelled("The demo was not reset.")
    build_demo(path, progress, cancelled)
    for entry in journal.read_entries(path):
        journal.remove_entry(path, entry.visit_id)
    return backup


def reset_demo(
    ctx: AppContext,
    parent: QWidget | None,
    open_workspace: Callable[[Path], bool],
) -> bool:
    """Ask, then back up and rebuild the demo workspace and show it; True when it was reset.

    When the demo is the open workspace it is closed during the rebuild and reopened after;
    otherwise it is rebuilt under its own lock and then opened with `open_workspace`.
    """
    path = paths.demo_workspace()
    # On a team workspace (File › Reset demo… is disabled there) the demo is another workspace.
    is_open = not ctx.workspace.is_team and ctx.workspace.path.resolve() == path.resolve()
    if is_open and _editing(parent):
        # Its draft keeper would write the old demo's notes into the new demo's visit.
        tell(parent, QUESTION_TITLE, EDITING)
        return False
    if not ask(parent, QUESTION_TITLE, QUESTION):
        return False
    lock: WorkspaceLock | None = None
    if not is_open:
        lock = WorkspaceLock(path)
        if not lock.acquire():
            tell(
                parent,
                "The demo is open elsewhere",
                f"The demo workspace is open in {lock.holder()}. Close it there and try again.",
                warn=True,
            )
            return False
    else:
        ctx.tasks.cancel_all()
        ctx.tasks.wait_idle(10_000)
        ctx.workspace.close()  # our pooled connections must not hold the file being replaced
    try:
        backup = run_with_progress_dialog(
            ctx.tasks,
            lambda progress, cancelled: rebuild_demo(path, progress, cancelled),
            title="Resetting the demo",
            parent=parent,
        )
    except Cancelled:
        _show_again(ctx, path, is_open, lock, parent)
        return False
    except FieldVisitError as exc:
        tell(parent, "Could not reset the demo", describe(exc), warn=True)
        _show_again(ctx, path, is_open, lock, parent)
        return False
    except Exception as exc:  # noqa: BLE001 - anything else must still reach the user
        log.exception("resetting the demo at %s failed", path)
        tell(parent, "Could not reset the demo", f"{path}: {exc}", warn=True)
        _show_again(ctx, path, is_open, lock, parent)
        return False
    shown = _show_again(ctx, path, is_open, lock, parent)
    if not (shown if is_open else open_workspace(path)):
        return False
    if isinstance(parent, QMainWindow):
        kept = (
            "; the old one is kept as a backup (File › Restore from backup…)"
            if backup is not None
            else ""
        )
        parent.statusBar().showMessage(f"The demo was reset{kept}.", 10_000)
    return True


def _show_again(
    ctx: AppContext, path: Path, is_open: bool, lock: WorkspaceLock | None, parent: QWidget | None
) -> bool:
    """Reopen the demo in this window when it was the open workspace; True when reopened.

    Otherwise only give its lock back (the caller switches to it when the reset succeeded).
    """
    from fieldvisit.ui.context import workspace_as_of

    if lock is not None:
        lock.release()
    if not is_open:
        return False
    try:
        ws = open_existing(path)
    except FieldVisitError as exc:
        tell(parent, "Cannot open the demo", describe(exc), warn=True)
        return False
    ctx.replace_workspace(ws, workspace_as_of(ws))
    return True
