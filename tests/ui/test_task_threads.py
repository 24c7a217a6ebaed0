"""Background work never destroys a Qt object off the UI thread, and never answers a window that
is gone.

The test suite crashed in `~QObject` (after Qt's "shared QObject was deleted directly") when a
travel copy's status line was closed while its count was still being read: the task's per-task
QObjects were torn down while the worker thread still held Python references into them. The
runner now keeps one signals object for its whole life, holds each task's function until its
answer is delivered on the UI thread, and drops an answer whose window was destroyed meanwhile.
"""

from __future__ import annotations

import logging
import threading
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel

from fieldvisit.changes import Changes, Kind
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


def test_what_a_failed_task_function_holds_is_freed_on_the_ui_thread(qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # pytest keeps every log record (with its exception) until the test ends: not logged here.
    monkeypatch.setattr(logging.getLogger("fieldvisit.ui.tasks"), "disabled", True)
    runner = TaskRunner()
    freed_on: list[str] = []
    errors: list[str] = []

    def start() -> None:
        held = Witness(freed_on)

        def work(_p, _c) -> int:  # type: ignore[no-untyped-def]
            mine = held  # a local of the failing frame, as well as the closure's
            raise ValueError(f"no luck for {id(mine)}")

        runner.run(work, title="Failing", on_done=print, on_error=lambda e: errors.append(str(e)))

    for _ in range(5):
        start()
    assert runner.wait_idle(10_000)
    runner.shutdown()
    assert len(errors) == 5
    assert freed_on == [threading.main_thread().name] * 5  # no garbage collection needed


@pytest.mark.parametrize("answer_by", ["method", "lambda", "announcing write"])
def test_an_answer_for_a_window_closed_meanwhile_is_dropped_quietly(  # type: ignore[no-untyped-def]
    qapp, answer_by: str
) -> None:
    from fieldvisit.ui.operations import run_task_write

    runner = TaskRunner()
    failures: list[str] = []
    runner.task_failed.connect(lambda task, exc: failures.append(f"{task.title}: {exc}"))
    gate = threading.Event()
    label = QLabel("Counting…")

    def work(_p, _c) -> str:  # type: ignore[no-untyped-def]
        gate.wait(10)
        return "3 changes"

    if answer_by == "method":
        task = runner.run(work, title="Counting", on_done=label.setText)
    elif answer_by == "lambda":
        task = runner.run(work, title="Counting", on_done=lambda words: label.setText(words))
    else:  # the write helper wraps the callback: announce, then answer
        ctx = SimpleNamespace(tasks=runner, announce=lambda _changes: None)
        task = run_task_write(
            ctx,  # type: ignore[arg-type]
            work,
            title="Counting",
            changes=Changes.of(Kind.VISITS),
            on_done=lambda words: label.setText(words),
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
