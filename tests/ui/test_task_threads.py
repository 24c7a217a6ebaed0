"""Background work never destroys a Qt object off the UI thread, and never answers a window that
is gone.

The test suite crashed in `~QObject` (after Qt's "shared QObject was deleted directly") when a
travel copy's status line was closed while its count was still being read: the task's per-task
QObjects were torn down while the worker thread still held Python references into them. The
runner now keeps one signals object for its whole life, holds each task's function until its
answer is delivered on the UI thread, and drops an answer whose window was destroyed meanwhile.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel

from fieldvisit.ui.tasks import TaskRunner, TaskState


class Witness:
    """Records the thread that frees it."""

    def __init__(self, freed_on: list[str]) -> None:
        self.freed_on = freed_on

    def __del__(self) -> None:
        self.freed_on.append(threading.current_thread().name)


def test_what_a_task_function_holds_is_freed_on_the_ui_thread(qapp) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    freed_on: list[str] = []
    gate = threading.Event()
    answers: list[int] = []

    def start() -> None:
        held = Witness(freed_on)  # as a closure over a widget would be

        def work(_p, _c) -> int:  # type: ignore[no-untyped-def]
            gate.wait(10)
            return id(held) and 7

        runner.run(work, title="Holding", on_done=answers.append)

    for _ in range(5):
        start()  # nothing outside the runner holds the function now
    gate.set()
    assert runner.wait_idle(10_000)
    runner.shutdown()
    assert answers == [7] * 5
    assert freed_on == [threading.main_thread().name] * 5


def test_an_answer_for_a_window_closed_meanwhile_is_dropped_quietly(qapp) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    failures: list[str] = []
    runner.task_failed.connect(lambda task, exc: failures.append(f"{task.title}: {exc}"))
    gate = threading.Event()
    label = QLabel("Counting…")
    task = runner.run(
        lambda _p, _c: gate.wait(10) and "3 changes", title="Counting", on_done=label.setText
    )

    label.deleteLater()  # the window closed while the worker counted
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gate.set()
    assert runner.wait_idle(10_000)
    runner.shutdown()
    assert task.state is TaskState.DONE
    assert failures == []  # no "Internal C++ object already deleted" on the status bar


def test_a_finished_task_is_not_kept_by_the_runner(qapp) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    for n in range(20):
        runner.run(lambda _p, _c, n=n: n, title=f"Task {n}", on_done=lambda _r: None)
    assert runner.wait_idle(10_000)
    runner.shutdown()
    assert runner.active() == []
    assert [child for child in runner.children() if type(child).__name__ == "Task"] == []
