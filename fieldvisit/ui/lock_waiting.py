"""A write waiting for another program's lock on the workspace, said in the status bar.

Writes wait for the lock (`fieldvisit.store.locking`): up to TASK_WAIT_MS in a background task
(`ui/tasks.py`), and only UI_THREAD_WAIT_MS on the UI thread, which cannot repaint while it
waits. After about a second the status bar says "Waiting for the workspace (in use by …)…".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtWidgets import QApplication, QMainWindow

if TYPE_CHECKING:
    from fieldvisit.store.locking import Waiting

# How long a write waits for another program's lock on the workspace: in a task, and on the UI
# thread (frozen meanwhile, so short; the status bar says why after about a second).
TASK_WAIT_MS = 30_000
UI_THREAD_WAIT_MS = 3_000
WAITING_PREFIX = "Waiting for the workspace"


def waiting_text(waiting: Waiting) -> str:
    """Return the status bar's words for a write waiting for the lock."""
    return f"{WAITING_PREFIX} (in use by {waiting.holder})…"


def show_waiting(text: str | None) -> None:
    """Show `text` in every main window's status bar (None: take our waiting message away).

    Called on the UI thread. While the UI thread itself waits, the bar is repainted at once,
    since no event is processed until the wait ends.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    waiting_here = QThread.currentThread() is app.thread()
    for widget in app.topLevelWidgets():
        if not isinstance(widget, QMainWindow) or not widget.isVisible():
            continue
        bar = widget.statusBar()
        if text:
            if bar.currentMessage() != text:
                bar.showMessage(text)
            if waiting_here:
                bar.repaint()
        elif bar.currentMessage().startswith(WAITING_PREFIX):
            bar.clearMessage()


def _ui_thread_notice(waiting: Waiting | None) -> None:
    app = QCoreApplication.instance()
    if app is not None and QThread.currentThread() is app.thread():
        show_waiting(waiting_text(waiting) if waiting is not None else None)


@contextmanager
def ui_thread_writes() -> Iterator[None]:
    """Make writes on this (the UI) thread wait briefly for the lock, shown in the status bar."""
    from fieldvisit.store.locking import WritePolicy, write_policy

    with write_policy(WritePolicy(UI_THREAD_WAIT_MS, notice=_ui_thread_notice)):
        yield
