"""This week's last answers: shown at once when the app starts again, refreshed behind them.

The keeping itself is the core's (`fieldvisit.reads.last_answers`): answers are shown only
under the very same workspace, as-of date and data stamp, and a damaged file is ignored. A team
workspace's answers are not kept (`workspace_key`: no stamp of the server's data to check).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldvisit.reads.last_answers import AnswerKey, LastAnswers, answer_key, workspace_key
from fieldvisit.reads.week_answers import (
    KeyedAddOns,
    SideData,
    Suggested,
    WeekAnswers,
    add_ons_with_key,
    as_shown,
    kept_types,
    load_add_ons,
)
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.tasks import CancelledFn, ProgressFn

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from fieldvisit.settings import Rules
    from fieldvisit.store import Workspace

WHAT = "week"


def keyed_add_ons(conn: Connection, ws: Workspace, as_of: date, rules: Rules) -> KeyedAddOns:
    """Read the trips' add-ons with the key of the data they come from, for the Map to reuse
    while it holds; a team workspace's have none (no stamp of the server's data: the Map reads
    its own)."""
    if ws.is_team:
        return load_add_ons(conn, as_of, rules), None
    return add_ons_with_key(conn, ws.path, as_of, rules)


class _KeptTypes(Mapping[str, Any]):
    """`kept_types()`, loaded when first looked into: only when something was kept for this
    key (they load the store's models, which the first start need not wait for)."""

    def __init__(self) -> None:
        self._types: dict[str, Any] | None = None

    def _loaded(self) -> dict[str, Any]:
        if self._types is None:
            self._types = kept_types()
        return self._types

    def __getitem__(self, name: str) -> Any:
        return self._loaded()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


class WeekMemory:
    """Recalls This week's answers at its first load and keeps them after each complete one."""

    def __init__(self, ctx: AppContext, store: LastAnswers | None = None):
        self.ctx = ctx
        self.store = store or LastAnswers()
        self.key: AnswerKey | None = None
        self.recalled = False

    def recall(
        self, show: Callable[[WeekAnswers], None], then: Callable[[], None] | None = None
    ) -> bool:
        """At the first load, read what was kept for this workspace, date and data in the
        background (reading it back loads the store's models), `show` it when found, then call
        `then` (found or not); return False, calling nothing, when already recalled.

        The page works its answers out in `then`, after the recall rather than beside it: both
        need the interpreter, and what was kept is what paints first."""
        if self.recalled:
            return False
        self.recalled = True
        if self.ctx.workspace.is_team:  # nothing kept: worked out from the server's data
            if then is not None:
                then()
            return True
        ws, as_of, store = self.ctx.workspace, self.ctx.as_of, self.store

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> WeekAnswers | None:
            key = workspace_key(ws, as_of)
            return None if key is None else store.recall(WHAT, key, WeekAnswers, _KeptTypes())

        def done(kept: WeekAnswers | None) -> None:
            if kept is not None:
                show(kept)
            if then is not None:
                then()

        self.ctx.tasks.run(
            work,
            title="Showing This week as it was",
            on_done=done,
            on_error=lambda _exc: then is not None and then(),
            cancellable=False,
        )
        return True

    def settled(self) -> None:
        """Note the data's stamp now the suggestions are in (their worker may have stored what
        it learned of the stage history: part of the file, not a change of the answers)."""
        self.key = workspace_key(self.ctx.workspace, self.ctx.as_of)

    def keep(self, suggested: Suggested, side: SideData, task_key: str) -> None:
        """Keep what the load that ended showed, in the background, unless the data changed
        since the suggestions came (a newer load is then on its way, and keeps its own)."""
        key, store = self.key, self.store
        if key is None:
            return
        answers = WeekAnswers(suggested, as_shown(side))

        def work(_progress: ProgressFn, _cancelled: CancelledFn) -> None:
            if answer_key(Path(key.workspace), key.as_of) == key:
                store.keep(WHAT, key, answers)

        self.ctx.tasks.run(
            work,
            title="Keeping This week for the next start",
            on_done=lambda _none: None,
            cancellable=False,
            key=task_key,
        )
