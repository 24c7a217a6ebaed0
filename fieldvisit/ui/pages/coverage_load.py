"""The Coverage page's background work: three steps, each handed over as it comes, kept per date.

First `coverage_head` (the key figures, executives and heat map: executive visits only), then
`coverage_accounts` (the strategic accounts: the circle of influence reads activities), then the
cadence. A newer load replaces an older one's remaining steps. What a date's load found is kept
until the data changes (`forget`: visits, deals, rules, another workspace), so going back to a
date shows it at once, without working it out again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from fieldvisit.planning.cadence import Cadence, cadence
from fieldvisit.planning.coverage import CoverageHead, coverage_accounts, coverage_head
from fieldvisit.planning.results import Coverage

if TYPE_CHECKING:
    from fieldvisit.settings import Rules
    from fieldvisit.store.workspace import Workspace
    from fieldvisit.ui.tasks import TaskRunner

KEPT_DATES = 4  # the dates whose answers are kept (the as-of chooser goes back and forth)


@dataclass
class Found:
    """What one date's load has found so far."""

    head: CoverageHead | None = None
    coverage: Coverage | None = None
    cadence: Cadence | None = None


@dataclass(frozen=True)
class Steps:
    """Where each step's answer goes (on the UI thread)."""

    head: Callable[[CoverageHead], None]
    accounts: Callable[[Coverage], None]
    due: Callable[[Cadence], None]
    failed: Callable[[BaseException], None]


class CoverageLoader:
    """Runs a page's three steps through the task runner and keeps the answers per date."""

    def __init__(self, tasks: TaskRunner, key: Callable[[str], str]):
        self._tasks = tasks
        self._key = key  # the page's task key for a step
        self._loads = 0
        self._epoch = 0  # one more each time the data changes
        self._kept: dict[date, Found] = {}

    def forget(self) -> None:
        """The data changed: every kept answer is out of date, and so is a load under way."""
        self._kept.clear()
        self._epoch += 1

    def load(self, ws: Workspace, as_of: date, rules: Rules, steps: Steps) -> bool:
        """Show as_of's coverage: at once when kept (True), else step by step (False)."""
        self._loads += 1
        load, epoch = self._loads, self._epoch
        kept = self._kept.get(as_of)
        if kept and kept.head and kept.coverage and kept.cadence:
            steps.head(kept.head)
            steps.accounts(kept.coverage)
            steps.due(kept.cadence)
            return True
        found = Found()

        def run(what: str, work: Callable[[Any], Any], then: Callable[[Any], None]) -> None:
            def task(_progress: Any, _cancelled: Any) -> Any:
                with ws.connect() as conn:
                    return work(conn)

            def done(answer: Any) -> None:
                if load == self._loads:  # else a newer load is under way
                    then(answer)

            self._tasks.run(
                task,
                title="Working out coverage",
                on_done=done,
                on_error=steps.failed,
                cancellable=False,
                key=self._key(what),
            )

        def head_done(head: CoverageHead) -> None:
            found.head = head
            steps.head(head)
            run("accounts", lambda conn: coverage_accounts(conn, head), accounts_done)

        def accounts_done(cov: Coverage) -> None:
            found.coverage = cov
            steps.accounts(cov)
            run("due", lambda conn: cadence(conn, as_of, rules), due_done)

        def due_done(due: Cadence) -> None:
            found.cadence = due
            if epoch == self._epoch:  # read before a change: shown, not kept
                self._kept.pop(as_of, None)
                self._kept[as_of] = found  # the newest last
                while len(self._kept) > KEPT_DATES:
                    del self._kept[next(iter(self._kept))]
            steps.due(due)

        run("load", lambda conn: coverage_head(conn, as_of, rules), head_done)
        return False


__all__ = ["CoverageLoader", "Found", "Steps"]
