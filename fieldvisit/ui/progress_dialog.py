"""A modal progress dialog over one background task, for work the user must wait for.

`run_with_progress_dialog(runner, fn, title=…)` runs `fn(progress, cancelled)` on the task runner
(`tasks.py`) behind an application-modal `QProgressDialog` with Cancel, and returns its result
(or raises its exception, `Cancelled` when the user cancelled): building the demo at first
start, restoring a backup, resetting the demo, switching workspaces.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from fieldvisit.ui.tasks import TaskFn, TaskRunner


def run_with_progress_dialog(
    runner: TaskRunner, fn: TaskFn, *, title: str, parent: QWidget | None = None
) -> Any:
    """Run `fn` in the background behind a modal progress dialog; return its result.

    For work the user must wait for before anything else makes sense (building the demo at
    first start). Raises the task's exception, or `Cancelled` when the user cancelled.
    """
    dialog = QProgressDialog(title, "Cancel", 0, 1000, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def done(result: Any) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(exc: BaseException) -> None:
        outcome["error"] = exc
        loop.quit()

    task = runner.run(fn, title=title, on_done=done, on_error=failed)
    task.progressed.connect(
        lambda fraction, message: (
            dialog.setValue(int(fraction * 1000)),
            dialog.setLabelText(message or title),
        )
    )
    dialog.canceled.connect(task.cancel)
    if task.running:
        loop.exec()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")
