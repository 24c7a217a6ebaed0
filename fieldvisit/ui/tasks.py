"""The one helper for background work: run a callable on a thread pool with progress and cancel.

A task's function is called as ``fn(progress, cancelled)`` on a worker thread:

- ``progress(fraction, message)`` reports 0.0–1.0 and a short line for the status bar;
- ``cancelled()`` returns True once the user pressed Cancel; the function should then stop
  (raise ``fieldvisit.errors.Cancelled`` or return early; either way the task ends as cancelled).

Both are safe to call from the worker. The function must open its own database connection
(``ctx.workspace.begin()`` / ``.connect()`` inside ``fn``): SQLite connections belong to one
thread. It returns plain data (dicts, tuples, dataclasses), never ORM objects bound to a session.
``on_done(result)`` and ``on_error(exc)`` run later on the UI thread; with ``key=``, only while
the task is the newest with that key (a page's older read that ends late is dropped).

Writes wait for another program's lock on the workspace (`fieldvisit.store.locking`): up to
TASK_WAIT_MS in a task, and only UI_THREAD_WAIT_MS on the UI thread (which cannot repaint while
it waits). After about a second the status bar says "Waiting for the workspace (in use by …)…".
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QObject,
    QRunnable,
    QThread,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QApplication, QMainWindow

from fieldvisit.errors import Cancelled

if TYPE_CHECKING:
    from fieldvisit.store.locking import Waiting

log = logging.getLogger(__name__)

ProgressFn = Callable[[float, str], None]
CancelledFn = Callable[[], bool]
TaskFn = Callable[[ProgressFn, CancelledFn], Any]

# Progress reports closer together than this are dropped (the last one always gets through):
# a tight loop reporting every row would flood the UI thread's event queue.
PROGRESS_INTERVAL_S = 0.05
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


class TaskState(Enum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class _WorkerSignals(QObject):
    """Signals a worker emits from its thread; Qt queues them to the UI thread."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)
    waiting = Signal(str)  # "" once the wait for the workspace's lock is over


class Task(QObject):
    """One piece of background work, as the UI sees it."""

    progressed = Signal(float, str)
    finished = Signal()

    def __init__(self, number: int, title: str, cancellable: bool, parent: QObject | None = None):
        super().__init__(parent)
        self.number = number
        self.title = title
        self.cancellable = cancellable
        self.key: str | None = None  # its answer is dropped once a newer task has this key
        self.state = TaskState.RUNNING
        self.fraction = 0.0
        self.message = ""
        self.error: BaseException | None = None
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the worker to stop (it notices at its next `cancelled()` check)."""
        if self.cancellable and self.state is TaskState.RUNNING:
            self._cancel.set()

    def is_cancel_requested(self) -> bool:
        """Return True once Cancel was pressed (safe from any thread)."""
        return self._cancel.is_set()

    @property
    def running(self) -> bool:
        return self.state is TaskState.RUNNING


class _Runnable(QRunnable):
    def __init__(self, fn: TaskFn, task: Task, signals: _WorkerSignals):
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._task = task
        self._signals = signals
        self._last_report = 0.0

    def _progress(self, fraction: float, message: str = "") -> None:
        now = time.monotonic()
        if fraction < 1.0 and now - self._last_report < PROGRESS_INTERVAL_S:
            return
        self._last_report = now
        self._signals.progressed.emit(max(0.0, min(1.0, float(fraction))), str(message))

    def _waiting(self, waiting: Waiting | None) -> None:
        self._signals.waiting.emit(waiting_text(waiting) if waiting is not None else "")

    def run(self) -> None:
        try:
            from fieldvisit.store.locking import WritePolicy, write_policy

            with write_policy(WritePolicy(TASK_WAIT_MS, notice=self._waiting)):
                result = self._fn(self._progress, self._task.is_cancel_requested)
        except BaseException as exc:  # every failure, even SystemExit, must reach the UI thread
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)


class _Bridge(QObject):
    """Lives on the UI thread; its slots receive the worker's queued signals."""

    def __init__(
        self,
        runner: TaskRunner,
        task: Task,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None,
        on_dropped: Callable[[Any], None] | None = None,
    ):
        super().__init__(runner)
        self._runner = runner
        self._task = task
        self._on_done = on_done
        self._on_error = on_error
        self._on_dropped = on_dropped

    @Slot(float, str)
    def progressed(self, fraction: float, message: str) -> None:
        if not self._task.running:
            return
        self._task.fraction = fraction
        self._task.message = message
        self._task.progressed.emit(fraction, message)
        self._runner.task_progress.emit(self._task, fraction, message)

    @Slot(str)
    def waiting(self, text: str) -> None:
        show_waiting(text or None)

    @Slot(object)
    def succeeded(self, result: Any) -> None:
        if self._task.is_cancel_requested():
            self._finish(TaskState.CANCELLED, error=Cancelled(f"{self._task.title}: cancelled"))
            return
        # The answer goes to the callbacks and is not kept: a finished task lives as long as its
        # runner, and a kept answer (suggestions, a deal store) would never be freed.
        self._finish(TaskState.DONE)
        if self._runner.answers(self._task):
            self._call(self._on_done, result)
        elif self._on_dropped is not None:
            self._call(self._on_dropped, result)  # e.g. close what the dropped answer opened

    @Slot(object)
    def failed(self, exc: BaseException) -> None:
        state = TaskState.CANCELLED if isinstance(exc, Cancelled) else TaskState.FAILED
        self._finish(state, error=exc)
        if state is TaskState.FAILED:
            log.error("task %r failed", self._task.title, exc_info=exc)
        if not self._runner.answers(self._task):
            return  # a newer task with its key is under way: nobody waits for this answer
        if self._on_error is not None:
            self._call(self._on_error, exc)
        elif state is TaskState.FAILED:
            self._runner.task_failed.emit(self._task, exc)

    def _finish(self, state: TaskState, error: BaseException | None = None) -> None:
        self._task.state = state
        self._task.error = error
        if state is TaskState.DONE:
            self._task.fraction = 1.0
        self._runner._forget(self._task)
        self._task.finished.emit()
        self._runner.task_finished.emit(self._task)
        self.deleteLater()

    def _call(self, callback: Callable[[Any], None], value: Any) -> None:
        try:
            callback(value)
        except Exception as exc:  # a broken callback must not take the runner down
            log.exception("callback of task %r failed", self._task.title)
            self._runner.task_failed.emit(self._task, exc)


class TaskRunner(QObject):
    """Runs background tasks and tells the status bar about them."""

    task_started = Signal(object)  # Task
    task_progress = Signal(object, float, str)  # Task, fraction, message
    task_finished = Signal(object)  # Task (done, failed or cancelled: see task.state)
    task_failed = Signal(object, object)  # Task, exception — only when no on_error handled it

    def __init__(self, parent: QObject | None = None, max_threads: int = 2):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._numbers = itertools.count(1)
        self._active: list[Task] = []
        self._newest: dict[str, int] = {}  # key -> the number of the task that answers for it

    def run(
        self,
        fn: TaskFn,
        *,
        title: str,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        cancellable: bool = True,
        key: str | None = None,
        on_dropped: Callable[[Any], None] | None = None,
    ) -> Task:
        """Start `fn(progress, cancelled)` on a worker; return its Task (for Cancel and progress).

        With `key`, only the newest task with that key answers; an older one's result goes to
        `on_dropped` (to close what it opened)."""
        task = Task(next(self._numbers), title, cancellable, parent=self)
        if key is not None:
            task.key = key
            self._newest[key] = task.number
        signals = _WorkerSignals()
        bridge = _Bridge(self, task, on_done, on_error, on_dropped)
        signals.progressed.connect(bridge.progressed)
        signals.succeeded.connect(bridge.succeeded)
        signals.failed.connect(bridge.failed)
        signals.waiting.connect(bridge.waiting)
        # The signals object must outlive the worker's last emit; the bridge owns it.
        signals.setParent(bridge)
        self._active.append(task)
        self.task_started.emit(task)
        self._pool.start(_Runnable(fn, task, signals))
        return task

    def answers(self, task: Task) -> bool:
        """True when `task`'s answer is wanted: no key, or the newest task with its key."""
        return task.key is None or self._newest.get(task.key) == task.number

    def drop_answers(self, key: str) -> None:
        """Drop the answers of the tasks under way with `key` (their page moved on)."""
        self._newest[key] = 0

    def active(self) -> list[Task]:
        """Return the tasks still running, oldest first."""
        return list(self._active)

    def cancel_all(self) -> None:
        """Ask every running task to stop."""
        for task in self._active:
            task.cancel()

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Process events until no task runs (True) or the timeout passes (False)."""
        if not self._active:
            return True
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)

        def check(_task: object = None) -> None:
            if not self._active:
                loop.quit()

        self.task_finished.connect(check)
        timer.start(timeout_ms)
        check()
        if self._active:
            loop.exec()
        self.task_finished.disconnect(check)
        timer.stop()
        return not self._active

    def shutdown(self, timeout_ms: int = 5_000) -> None:
        """Cancel everything and wait for the workers (on quit)."""
        self.cancel_all()
        self._pool.waitForDone(timeout_ms)

    def _forget(self, task: Task) -> None:
        if task in self._active:
            self._active.remove(task)
