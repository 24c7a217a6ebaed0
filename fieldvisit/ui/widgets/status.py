"""The status bar's contents: what runs in the background (with Cancel) and the last backup.

The backup entry is a button: clicking it (or Space on it) backs the workspace up now.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QToolButton, QWidget

from fieldvisit.ui import style
from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.tasks import Task, TaskRunner


class TaskStatus(QWidget):
    """Shows the newest running task: its title, progress, message and a Cancel button."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        row = QHBoxLayout(self)
        row.setContentsMargins(style.SPACE_M, 0, 0, 0)
        row.setSpacing(style.SPACE_M)
        self.text = QLabel(self)
        self.text.setAccessibleName("Background task")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Progress")
        self.cancel = QPushButton("Cancel", self)
        self.cancel.setAccessibleName("Cancel the background task")
        self.cancel.clicked.connect(self._cancel)
        row.addWidget(self.text)
        row.addWidget(self.bar)
        row.addWidget(self.cancel)
        self._shown: Task | None = None
        runner.task_started.connect(self._update)
        runner.task_progress.connect(self._update)
        runner.task_finished.connect(self._update)
        self._update()

    def _update(self, *_args: object) -> None:
        active = self.runner.active()
        # Quick page loads are not worth a flash in the status bar; cancellable work is.
        visible = [t for t in active if t.cancellable]
        if not visible:
            self._shown = None
            self.hide()
            return
        task = visible[-1]
        self._shown = task
        more = f"  (+{len(visible) - 1} more)" if len(visible) > 1 else ""
        pct = f" {round(task.fraction * 100)}%" if task.fraction > 0 else "…"
        message = f" — {task.message}" if task.message else ""
        self.text.setText(f"{task.title}{pct}{message}{more}")
        if task.fraction > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(task.fraction * 1000))
        else:
            self.bar.setRange(0, 0)  # busy indicator until the first report
        self.cancel.setEnabled(task.cancellable and not task.is_cancel_requested())
        self.show()

    def _cancel(self) -> None:
        if self._shown is not None:
            self._shown.cancel()
            self.cancel.setEnabled(False)
            self.text.setText(f"{self._shown.title}: cancelling…")


class BackupStatus(QToolButton):
    """Says when the workspace was last backed up ("Last backup 3 days ago"); click to back up."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Last backup")
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.running = False

    def show_for(self, workspace: Path) -> None:
        """Read the newest verified backup of `workspace` and say how old it is."""
        # Imported here: the store package brings SQLAlchemy, which the window's frame skips.
        from fieldvisit import paths
        from fieldvisit.store.backup import KEEP, list_backups

        self.running = False
        self.setEnabled(True)
        newest = list_backups(workspace)
        where = (
            f"Backups are kept in {style.home_relative(paths.backup_dir())} (the last {KEEP} of each workspace).\n"
            "To restore one, choose “Restore from backup…” in the workspace menu "
            "(the workspace's name at the foot of the left panel).\n"
            "Click here to back up now."
        )
        if not newest:
            self.setText("No backup yet")
            self.setToolTip(as_text(f"This workspace has no backup yet.\n{where}"))
            return
        today = datetime.now(UTC).astimezone().date()
        taken = newest[0].taken_at.astimezone()
        self.setText(f"Last backup {style.relative(taken.date(), today)}")
        self.setToolTip(
            as_text(f"Last backup {taken:%d %b %Y, %H:%M}: {newest[0].path.name}\n{where}")
        )

    def show_running(self) -> None:
        """Say that a backup is being taken (clicking again does nothing meanwhile)."""
        self.running = True
        self.setEnabled(False)
        self.setText("Backing up…")

    def show_failed(self, message: str) -> None:
        """Say that the last backup failed, and why (in the tooltip)."""
        self.running = False
        self.setEnabled(True)
        self.setText("Backup failed")
        self.setToolTip(as_text(f"{message}\nClick to try again."))
