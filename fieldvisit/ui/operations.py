"""The app's writes: one in the background, then one announcement of what it changed.

`run_write(ctx, write, changes=…)` runs `write(conn)` in a transaction on a worker (its own
connection, `ctx.workspace.begin()`), and when it is stored announces `changes` (a
`fieldvisit.changes.Changes`) on the AppContext before `on_done` gets the result. The pages that
show those kinds reload once, however many writes end in the same pass (docs/architecture.md,
"How a change reaches the pages"). A failure goes to `on_error` (else the status bar's dialog)
and announces nothing: nothing was stored.
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


def run_write(
    ctx: AppContext,
    write: Callable[[Connection], T],
    *,
    title: str,
    changes: Changes,
    on_done: Callable[[T], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> Task:
    """Store `write(conn)` in the background; announce `changes`, then call `on_done(result)`."""
    ws = ctx.workspace

    def work(_progress: ProgressFn, _cancelled: CancelledFn) -> T:
        with ws.begin() as conn:
            return write(conn)

    def done(result: Any) -> None:
        ctx.announce(changes)
        if on_done is not None:
            on_done(result)

    return ctx.tasks.run(work, title=title, on_done=done, on_error=on_error, cancellable=False)
