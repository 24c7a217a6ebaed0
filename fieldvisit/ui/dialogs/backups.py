"""Backing up and restoring from the app: "Back up now", the daily backup, "Restore from backup…".

The work runs in the core (`fieldvisit.store.backup`, `fieldvisit.store.restore`) off the UI
thread through the one TaskRunner; this module only asks, shows and reports.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldvisit import paths
from fieldvisit.errors import Cancelled, FieldVisitError
from fieldvisit.ui import file_dialogs, style
from fieldvisit.ui.plain_text import as_text, ask, tell
from fieldvisit.ui.progress_dialog import run_with_progress_dialog
from fieldvisit.ui.tasks import CancelledFn, ProgressFn, Task
from fieldvisit.ui.workspaces import describe, open_existing

if TYPE_CHECKING:
    from fieldvisit.store.backup import Backup
    from fieldvisit.ui.context import AppContext
    from fieldvisit.ui.widgets.status import BackupStatus

log = logging.getLogger(__name__)

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
KINDS = {
    "backup": "Backup",
    "before-upgrade": "Before an upgrade",
    "before-restore": "Before a restore",
}


def when(backup: Backup) -> str:
    """Return when a backup was taken, in local time and the user's locale."""
    taken = backup.taken_at.astimezone()
    return f"{style.day(taken.date(), with_year=True)}, {taken:%H:%M}"


class RestoreDialog(QDialog):
    """Lists this workspace's backups, newest first; `chosen` is the one to restore."""

    def __init__(self, workspace: Path, parent: QWidget | None = None):
        from fieldvisit.store.backup import list_backups

        super().__init__(parent)
        self.workspace = workspace
        self.chosen: Path | None = None
        self.setWindowTitle("Restore from backup")
        self.setAccessibleName("Restore from backup")
        self.setMinimumWidth(560)
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        col.setSpacing(style.SPACE_M)
        head = QLabel(f"Restore {workspace.stem} from a backup", self)
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setFont(style.section_font())
        col.addWidget(head)
        col.addWidget(
            style.label(
                "The workspace goes back to how it was when the backup was taken. The current "
                "file is kept as a backup of its own, so a restore can be undone.",
                role="muted",
                wrap=True,
            )
        )
        self.backups = list_backups(workspace)
        self.list = QTreeWidget(self)
        self.list.setAccessibleName("Backups")
        self.list.setHeaderLabels(["Taken", "Size", "Kind"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        locale = QLocale()
        for backup in self.backups:
            item = QTreeWidgetItem(
                [
                    when(backup),
                    locale.formattedDataSize(backup.size),
                    KINDS.get(backup.label, backup.label),
                ]
            )
            item.setData(0, PATH_ROLE, str(backup.path))
            item.setToolTip(0, as_text(str(backup.path)))
            self.list.addTopLevelItem(item)
        for column in range(3):
            self.list.resizeColumnToContents(column)
        self.list.itemActivated.connect(lambda _item, _col: self.accept())
        col.addWidget(self.list, 1)
        self.empty = style.label(
            f"{workspace.stem} has no backups yet. Choose a backup file instead.",
            role="muted",
            wrap=True,
        )
        col.addWidget(self.empty)
        self.empty.setVisible(not self.backups)
        self.list.setVisible(bool(self.backups))

        buttons = QDialogButtonBox(self)
        self.restore_button = QPushButton("Restore", self)
        self.restore_button.setEnabled(bool(self.backups))
        self.choose_button = QPushButton("Choose a file…", self)
        cancel = QPushButton("Cancel", self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.choose_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self.accept)
        self.choose_button.clicked.connect(self.choose_file)
        cancel.clicked.connect(self.reject)
        col.addWidget(buttons)
        if self.backups:
            self.list.setCurrentItem(self.list.topLevelItem(0))
            self.restore_button.setDefault(True)
            self.list.setFocus()
        else:
            self.choose_button.setDefault(True)

    def accept(self) -> None:
        if self.chosen is None:
            item = self.list.currentItem()
            if item is None:
                return
            self.chosen = Path(str(item.data(0, PATH_ROLE)))
        super().accept()

    def choose_file(self) -> None:
        """Pick a backup file anywhere (a copy kept on another disk, say)."""
        chosen = file_dialogs.open_file(
            self,
            "backup",
            "Restore from a backup file",
            "Field Visit workspaces and backups (*.fieldvisit);;All files (*)",
            fallback=paths.backup_dir(),
        )
        if chosen is not None:
            self.chosen = chosen
            super().accept()


def restore_from_backup(ctx: AppContext, parent: QWidget | None = None) -> bool:
    """Ask which backup to restore, confirm, restore it and reopen; True when restored."""
    if ctx.workspace.is_team:
        tell(parent, "Restore from backup", team_restore_words(ctx.workspace.label))
        return False
    chooser = RestoreDialog(ctx.workspace.path, parent)
    if chooser.exec() != QDialog.DialogCode.Accepted or chooser.chosen is None:
        return False
    if not ask(
        parent,
        "Restore this backup?",
        f"Replace {ctx.workspace.path} with {chooser.chosen.name}?\n\n"
        "Changes made since that backup are set aside: the current file is kept as a backup "
        "of its own, so you can restore it again.",
    ):
        return False
    return restore_now(ctx, chooser.chosen, parent)


def restore_now(ctx: AppContext, backup: Path, parent: QWidget | None = None) -> bool:
    """Restore `backup` over the open workspace in the background, then reopen it."""
    from fieldvisit.store.restore import Restored, restore_workspace
    from fieldvisit.ui.context import workspace_as_of

    path = ctx.workspace.path
    ctx.tasks.cancel_all()
    ctx.tasks.wait_idle(10_000)
    # Our own pooled connections would hold the file: the restore takes SQLite's exclusive lock.
    ctx.workspace.close()
    outcome: dict[str, Restored] = {}

    def work(progress: ProgressFn, _cancelled: CancelledFn) -> Restored:
        # Past its checks a restore is not stopped halfway: Cancel only hides the dialog.
        outcome["done"] = restore_workspace(path, backup, progress=progress)
        return outcome["done"]

    try:
        run_with_progress_dialog(ctx.tasks, work, title="Restoring the workspace", parent=parent)
    except Cancelled:
        ctx.tasks.wait_idle(60_000)
    except FieldVisitError as exc:
        QMessageBox.critical(parent, "Could not restore", as_text(describe(exc)))
        return False
    except Exception as exc:  # noqa: BLE001 - anything else must still reach the user
        log.exception("restoring %s from %s failed", path, backup)
        QMessageBox.critical(parent, "Could not restore", as_text(f"{path}: {exc}"))
        return False
    done = outcome.get("done")
    if done is None:
        return False
    try:
        ws = open_existing(path)
    except FieldVisitError as exc:
        QMessageBox.critical(parent, "Cannot open the restored workspace", as_text(describe(exc)))
        return False
    ctx.replace_workspace(ws, workspace_as_of(ws))
    tell(parent, "Workspace restored", restored_text(done))
    return True


def team_restore_words(label: str) -> str:
    """Return how a team workspace is restored (not from the app)."""
    return (
        f"{label} is a team workspace: the server that holds it restores its own backups. A "
        "Field Visit snapshot loads into an empty team database (one `init` built) from a "
        "terminal: fieldvisit --db postgresql://USER@HOST/NEW_DATABASE restore SNAPSHOT"
    )


def restored_text(done: Any) -> str:
    """Return what a restore did, in words."""
    lines = [f"{done.workspace.name} is back as it was in {done.backup.name}."]
    if done.rolled_back:
        lines.append("The last change to the old file had been interrupted; SQLite rolled it back.")
    if done.kept is not None:
        how = "was unreadable and was moved aside" if done.kept_damaged else "was kept as a backup"
        lines.append(f"The file it replaced {how}: {done.kept}")
    return "\n\n".join(lines)


def back_up(
    ctx: AppContext,
    status: BackupStatus,
    parent: QWidget | None = None,
    *,
    automatic: bool = False,
) -> Task | None:
    """Back the workspace up in the background; the status bar says when it is done.

    `automatic` (on opening a workspace) backs up only when the newest backup is a day old, and
    reports a failure in the status bar rather than a dialog. Returns the task, or None when
    nothing was started.
    """
    if ctx.workspace.is_team:  # the server's business; a snapshot only when asked for
        from fieldvisit.ui.dialogs.team_backup import back_up_team

        return None if automatic else back_up_team(ctx, status, parent)
    from fieldvisit.store.backup import backup_due, backup_workspace

    path = ctx.workspace.path
    if status.running:
        return None
    try:
        if automatic and not backup_due(path):
            return None
    except OSError as exc:
        status.show_failed(f"The backup folder cannot be read: {exc}")
        return None
    status.show_running()

    def done(_target: object) -> None:
        status.show_for(ctx.workspace.path)

    def failed(exc: BaseException) -> None:
        status.show_failed(describe(exc))
        if not automatic:
            tell(parent, "Backup failed", describe(exc), warn=True)

    return ctx.tasks.run(
        lambda progress, _cancelled: backup_workspace(path, progress=progress),
        title="Backing up the workspace",
        on_done=done,
        on_error=failed,
        cancellable=False,
    )
