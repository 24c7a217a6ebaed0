"""The status bar's contents: what runs in the background (with Cancel) and the last backup."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from fieldvisit.ui import style
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


class BackupStatus(QLabel):
    """Says when the workspace was last backed up ("Last backup 3 days ago")."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Last backup")

    def show_for(self, workspace: Path) -> None:
        """Read the newest verified backup of `workspace` and say how old it is."""
        # Imported here: the store package brings SQLAlchemy, which the window's frame skips.
        from fieldvisit.store.backup import last_backup

        newest = last_backup(workspace)
        if newest is None:
            self.setText("No backup yet")
            self.setToolTip("Back up with `fieldvisit backup`; upgrades back up automatically.")
            return
        when = datetime.fromtimestamp(newest.stat().st_mtime, tz=UTC)
        today = datetime.now(UTC).date()
        self.setText(f"Last backup {style.relative(when.date(), today)}")
        self.setToolTip(str(newest))
