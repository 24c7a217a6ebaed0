"""The app's writes, each paired with what it changed: the one way a page or dialog writes.

Every write the app makes ends in one announcement of a `fieldvisit.changes.Changes` on the
AppContext, made here and nowhere else (`tests/rules/test_one_way_to_write.py`): the pages that
show those kinds reload once, however many writes end in the same pass (docs/architecture.md,
"How a change reaches the pages"). Pick the helper by where the write runs:

- `run_write(ctx, write, changes=…)`: `write(conn)` in a transaction on a worker (its own
  connection, `ctx.workspace.begin()`); when stored, announce `changes`, then `on_done(result)`.
- `run_task_write(ctx, work, changes=…)`: a background `work(progress, cancelled)` that stores in
  its own way (several transactions, a calendar or mail server answering meanwhile); when it
  returns, announce `changes` (or `changes(result)`), then `on_done(result)`.
- `write_now(ctx, write, changes=…)`: a write that must finish on the UI thread before the
  dialog moves on (Settings' Save, a debrief's Save, an undo step): `write()`, then announce.
- `announce_after(ctx, task, changes)`: a task that stores piece by piece (calendar capture), so
  a Cancel or a failure keeps what it stored: announce `changes()` when it ends, however it ends.

A write that fails (returns no result) announces nothing: nothing was stored. `changes` may be a
function of the result, returning `NOTHING` when the write turned out to change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from fieldvisit.changes import Changes

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from fieldvisit.ui.context import AppContext
    from fieldvisit.ui.tasks import CancelledFn, ProgressFn, Task

T = TypeVar("T")

ChangesOf = Changes | Callable[[T], Changes]  # what a write changed, or a function of its result


def _changes_of(changes: ChangesOf[T], result: T) -> Changes:
    return changes if isinstance(changes, Changes) else changes(result)


def run_write(
    ctx: AppContext,
    write: Callable[[Connection], T],
    *,
    title: str,
    changes: ChangesOf[T],
    on_done: Callable[[T], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> Task:
    """Store `write(conn)` in the background; announce `changes`, then call `on_done(result)`."""
    ws = ctx.workspace

    def work(_progress: ProgressFn, _cancelled: CancelledFn) -> T:
        with ws.begin() as conn:
            return write(conn)

    return run_task_write(
        ctx, work, title=title, changes=changes, on_done=on_done, on_error=on_error
    )


def run_task_write(
    ctx: AppContext,
    work: Callable[[ProgressFn, CancelledFn], T],
    *,
    title: str,
    changes: ChangesOf[T],
    on_done: Callable[[T], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    cancellable: bool = False,
) -> Task:
    """Run `work` (which stores in its own way) in the background; when it returns, announce
    `changes`, then call `on_done(result)`. A failure goes to `on_error` (else the status bar)."""

    def done(result: Any) -> None:
        ctx.announce(_changes_of(changes, result))
        if on_done is not None:
            on_done(result)

    return ctx.tasks.run(
        work, title=title, on_done=done, on_error=on_error, cancellable=cancellable
    )


def write_now(ctx: AppContext, write: Callable[[], T], *, changes: ChangesOf[T]) -> T:
    """Run `write()` here, on the UI thread, and announce `changes`; return its result.

    What `write` raises goes to the caller, and nothing is announced."""
    result = write()
    ctx.announce(_changes_of(changes, result))
    return result


def announce_after(ctx: AppContext, task: Task, changes: Callable[[], Changes]) -> None:
    """When `task` ends (done, cancelled or failed: what it stored stays), announce `changes()`."""
    task.finished.connect(lambda: ctx.announce(changes()))
