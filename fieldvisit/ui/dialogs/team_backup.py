"""Backing up a team workspace from the app: the server's business, and a snapshot on request.

A team database is backed up where it lives (its server's own backups); File › Back up now says
so, and offers "Back up now (SQLite snapshot)": a verified copy of every row in a workspace
file on this computer (the core's `store.snapshot.snapshot_team`, the same as
`fieldvisit --db ADDRESS backup`). Nothing is backed up automatically on opening. A restore
loads a snapshot into an empty team database from the command line only.
"""

from __future__ import annotations

import importlib.util
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldvisit import paths
from fieldvisit.ui import style
from fieldvisit.ui.plain_text import tell

if TYPE_CHECKING:
    from fieldvisit.ui.context import AppContext
    from fieldvisit.ui.tasks import CancelledFn, ProgressFn, Task
    from fieldvisit.ui.widgets.status import BackupStatus

SNAPSHOT_MODULE = "fieldvisit.store.snapshot"


def snapshots_available() -> bool:
    """True when this Field Visit can write a team workspace's SQLite snapshot."""
    return importlib.util.find_spec(SNAPSHOT_MODULE) is not None


class TeamBackupDialog(QDialog):
    """Says who backs a team database up; `snapshot_wanted` once "Back up now" was chosen."""

    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.snapshot_wanted = False
        self.setWindowTitle("Back up the team workspace")
        self.setAccessibleName("Back up the team workspace")
        self.setMinimumWidth(560)
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        col.setSpacing(style.SPACE_M)
        head = style.label("Backups of a team workspace", wrap=True)
        head.setFont(style.section_font())
        col.addWidget(head)
        col.addWidget(
            style.label(
                "This workspace lives on a PostgreSQL server, and its backups are the server's "
                "business: ask whoever runs it (the database's own dumps or the host's "
                "snapshots).",
                wrap=True,
            )
        )
        available = snapshots_available()
        folder = style.home_relative(paths.backup_dir())
        self.how = style.label(
            (
                "You can also keep a verified SQLite snapshot of every row on this computer, "
                f"in {folder}; from a terminal:"
            )
            if available
            else (
                "This version of Field Visit cannot take a snapshot of a team workspace; "
                "back it up on the server."
            ),
            role="muted",
            wrap=True,
        )
        col.addWidget(self.how)
        # Quoted for the shell: an address with options holds "?" and "&".
        self.command = style.label(f"fieldvisit --db {shlex.quote(label)} backup", wrap=True)
        self.command.setAccessibleName("The snapshot command")
        self.command.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.command.setVisible(available)
        col.addWidget(self.command)
        col.addStretch(1)

        buttons = QDialogButtonBox(self)
        self.snapshot_button = QPushButton("&Back up now (SQLite snapshot)", self)
        self.snapshot_button.setVisible(available)
        close = QPushButton("Close", self)
        buttons.addButton(self.snapshot_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        self.snapshot_button.clicked.connect(self._snapshot)
        close.clicked.connect(self.reject)
        col.addWidget(buttons)
        (self.snapshot_button if available else close).setDefault(True)

    def _snapshot(self) -> None:
        self.snapshot_wanted = True
        self.accept()


def back_up_team(ctx: AppContext, status: BackupStatus, parent: QWidget | None) -> Task | None:
    """Say how a team workspace is backed up; take its SQLite snapshot in the background when
    asked (the status bar says it is running; a dialog says where it went or why it failed)."""
    from fieldvisit.ui.workspaces import describe

    ws = ctx.workspace
    if status.running:
        return None
    dialog = TeamBackupDialog(ws.label, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.snapshot_wanted:
        return None
    label = ws.label
    status.show_running()

    def work(progress: ProgressFn, _cancelled: CancelledFn) -> Path:
        snapshot = importlib.import_module(SNAPSHOT_MODULE)
        return Path(snapshot.snapshot_team(ws, progress=progress))

    def settle() -> None:
        from fieldvisit.ui.workspace_names import show_workspace

        window = status.window()
        if hasattr(window, "ctx"):
            show_workspace(window)  # type: ignore[arg-type]

    def done(target: Path) -> None:
        settle()
        tell(
            parent,
            "Snapshot taken",
            f"A verified snapshot of {label} is kept in {style.home_relative(target)}.",
        )

    def failed(exc: BaseException) -> None:
        settle()
        tell(parent, "Snapshot failed", describe(exc), warn=True)

    return ctx.tasks.run(
        work,
        title="Taking a snapshot of the team workspace",
        on_done=done,
        on_error=failed,
        cancellable=False,
    )
