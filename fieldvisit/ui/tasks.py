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
TASK_WAIT_MS in a task, and only UI_THREAD_WAIT_MS on the UI thread (`ui/lock_waiting.py`, which
also says so in the status bar).
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
import traceback
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QEventLoop,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)

from fieldvisit.errors import Cancelled
from fieldvisit.ui.lock_waiting import TASK_WAIT_MS, show_waiting, waiting_text

if TYPE_CHECKING:
    from fieldvisit.store.locking import Waiting

log = logging.getLogger(__name__)

ProgressFn = Callable[[float, str], None]
CancelledFn = Callable[[], bool]
TaskFn = Callable[[ProgressFn, CancelledFn], Any]

# Progress reports closer together than this are dropped (the last one always gets through):
# a tight loop reporting every row would flood the UI thread's event queue.
PROGRESS_INTERVAL_S = 0.05


class TaskState(Enum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class _WorkerSignals(QObject):
    """Signals the workers emit from their threads; Qt queues them to the UI thread.

    One per runner, living as long as it: a worker emits on an object nobody deletes, and no
    per-task QObject is ever created for the worker to touch."""

    progressed = Signal(int, float, str)  # task number, fraction, message
    ended = Signal(int)  # task number: its outcome waits in its answer's box
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
    """The worker's side of a task: plain Python only (the function, its number, the cancel
    flag, the box its outcome goes in, the runner's signals).

    The runner keeps the function until the answer is delivered, and the worker puts the
    outcome in the box the runner holds and lets go of everything before it signals: so nothing
    the function holds or returns (a closure over a widget, say) is freed on the worker thread,
    however fast the UI thread is done with it. Qt objects must die on the thread they live in.
    """

    def __init__(
        self,
        fn: TaskFn,
        number: int,
        cancel: threading.Event,
        box: list[tuple[bool, Any]],
        signals: _WorkerSignals,
    ):
        super().__init__()
        self.setAutoDelete(True)
        self._fn: TaskFn | None = fn
        self._number = number
        self._cancel = cancel
        self._box = box
        self._signals = signals
        self._last_report = 0.0

    def _progress(self, fraction: float, message: str = "") -> None:
        now = time.monotonic()
        if fraction < 1.0 and now - self._last_report < PROGRESS_INTERVAL_S:
            return
        self._last_report = now
        fraction = max(0.0, min(1.0, float(fraction)))
        self._signals.progressed.emit(self._number, fraction, str(message))

    def _waiting(self, waiting: Waiting | None) -> None:
        self._signals.waiting.emit(waiting_text(waiting) if waiting is not None else "")

    def run(self) -> None:
        fn, self._fn = self._fn, None
        assert fn is not None, "a runnable runs once"
        try:
            from fieldvisit.store.locking import WritePolicy, write_policy

            with write_policy(WritePolicy(TASK_WAIT_MS, notice=self._waiting)):
                self._box.append((True, fn(self._progress, self._cancel.is_set)))
        except BaseException as exc:  # every failure, even SystemExit, must reach the UI thread
            # The traceback keeps its lines for the log, not the frames' variables: nothing
            # of the function's is held on by the error.
            traceback.clear_frames(exc.__traceback__)
            self._box.append((False, exc))
        del fn
        self._signals.ended.emit(self._number)  # no outcome in hand here any more


class _Answer:
    """What the UI thread keeps of a running task: the task, its function (released here, on
    the UI thread) and where its answer goes."""

    __slots__ = ("task", "fn", "box", "on_done", "on_error", "on_dropped")

    def __init__(
        self,
        task: Task,
        fn: TaskFn,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None,
        on_dropped: Callable[[Any], None] | None,
    ):
        self.task = task
        self.fn: TaskFn | None = fn
        self.box: list[
            tuple[bool, Any]
        ] = []  # the worker's outcome: (True, result) or (False, error)
        self.on_done = on_done
        self.on_error = on_error
        self.on_dropped = on_dropped


def _gone(callback: Callable[[Any], None]) -> bool:
    """True when `callback` is a method of a Qt object already destroyed (its window closed
    while the task ran): its answer has nowhere to go."""
    owner = getattr(callback, "__self__", None)
    return isinstance(owner, QObject) and not shiboken6.isValid(owner)


def _about_a_destroyed_object(exc: BaseException) -> bool:
    """True for the error a callback (a lambda, a closure) raises when it touches a Qt object
    destroyed while the task ran: "Internal C++ object (QLabel) already deleted"."""
    return isinstance(exc, RuntimeError) and "already deleted" in str(exc)


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
        self._answers: dict[int, _Answer] = {}  # running tasks by number, oldest first
        self._newest: dict[str, int] = {}  # key -> the number of the task that answers for it
        self._signals = _WorkerSignals(self)
        self._signals.progressed.connect(self._progressed)
        self._signals.ended.connect(self._ended)
        self._signals.waiting.connect(self._waiting)

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
        # Not a child of the runner: a finished task is freed once nobody holds it (with the
        # error it keeps), instead of living as long as the runner.
        task = Task(next(self._numbers), title, cancellable)
        if key is not None:
            task.key = key
            self._newest[key] = task.number
        answer = _Answer(task, fn, on_done, on_error, on_dropped)
        self._answers[task.number] = answer
        self.task_started.emit(task)
        self._pool.start(_Runnable(fn, task.number, task._cancel, answer.box, self._signals))
        return task

    def answers(self, task: Task) -> bool:
        """True when `task`'s answer is wanted: no key, or the newest task with its key."""
        return task.key is None or self._newest.get(task.key) == task.number

    def drop_answers(self, key: str) -> None:
        """Drop the answers of the tasks under way with `key` (their page moved on)."""
        self._newest[key] = 0

    def active(self) -> list[Task]:
        """Return the tasks still running, oldest first."""
        return [answer.task for answer in self._answers.values()]

    def cancel_all(self) -> None:
        """Ask every running task to stop."""
        for task in self.active():
            task.cancel()

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Process events until no task runs (True) or the timeout passes (False)."""
        if not self._answers:
            return True
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)

        def check(_task: object = None) -> None:
            if not self._answers:
                loop.quit()

        self.task_finished.connect(check)
        timer.start(timeout_ms)
        check()
        if self._answers:
            loop.exec()
        self.task_finished.disconnect(check)
        timer.stop()
        return not self._answers

    def shutdown(self, timeout_ms: int = 5_000) -> None:
        """Cancel everything and wait for the workers (on quit)."""
        self.cancel_all()
        self._pool.waitForDone(timeout_ms)

    # The workers' answers, on the UI thread.

    @Slot(int, float, str)
    def _progressed(self, number: int, fraction: float, message: str) -> None:
        answer = self._answers.get(number)
        if answer is None or not answer.task.running:
            return
        answer.task.fraction = fraction
        answer.task.message = message
        answer.task.progressed.emit(fraction, message)
        self.task_progress.emit(answer.task, fraction, message)

    @Slot(str)
    def _waiting(self, text: str) -> None:
        show_waiting(text or None)

    @Slot(int)
    def _ended(self, number: int) -> None:
        answer = self._answers.get(number)
        if answer is None or not answer.box:
            return
        ok, outcome = answer.box.pop()
        if ok:
            self._succeeded(answer, outcome)
        else:
            self._failed(answer, outcome)

    def _succeeded(self, answer: _Answer, result: Any) -> None:
        task = answer.task
        if task.is_cancel_requested():
            self._finish(answer, TaskState.CANCELLED, Cancelled(f"{task.title}: cancelled"))
            return
        # The answer goes to the callbacks and is not kept: a kept answer (suggestions, a deal
        # store) would live as long as whoever still holds the task.
        self._finish(answer, TaskState.DONE)
        if self.answers(task):
            self._call(task, answer.on_done, result)
        elif answer.on_dropped is not None:
            self._call(task, answer.on_dropped, result)  # e.g. close what the answer opened

    def _failed(self, answer: _Answer, exc: BaseException) -> None:
        task = answer.task
        state = TaskState.CANCELLED if isinstance(exc, Cancelled) else TaskState.FAILED
        self._finish(answer, state, exc)
        if state is TaskState.FAILED:
            log.error("task %r failed", task.title, exc_info=exc)
        if not self.answers(task):
            return  # a newer task with its key is under way: nobody waits for this answer
        if answer.on_error is not None:
            self._call(task, answer.on_error, exc)
        elif state is TaskState.FAILED:
            self.task_failed.emit(task, exc)

    def _finish(
        self, answer: _Answer, state: TaskState, error: BaseException | None = None
    ) -> None:
        task = answer.task
        task.state = state
        task.error = error
        if state is TaskState.DONE:
            task.fraction = 1.0
        answer.fn = None  # the function and what it holds are let go of here, on the UI thread
        self._answers.pop(task.number, None)
        task.finished.emit()
        self.task_finished.emit(task)

    def _call(self, task: Task, callback: Callable[[Any], None], value: Any) -> None:
        if _gone(callback):
            log.info("task %r answered after its window closed", task.title)
            return
        try:
            callback(value)
        except Exception as exc:  # a broken callback must not take the runner down
            if _about_a_destroyed_object(exc):
                log.info("task %r answered after its window closed: %s", task.title, exc)
                return
            log.exception("callback of task %r failed", task.title)
            self.task_failed.emit(task, exc)
