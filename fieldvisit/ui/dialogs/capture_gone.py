""" "It did not happen": cancel a past visit that never took place, and its Undo.

A calendar says a meeting was planned, not that it happened; a captured past visit therefore
shows under "Debriefs due" like any other, where one click cancels it (the core's
`did_not_happen`: a later capture never brings it back). Undo marks it done again.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.capture_run import capture_now


@dataclass(frozen=True)
class NotHappened:
    """A visit just cancelled because it did not happen (for the notice and its Undo)."""

    visit_pk: int
    words: str  # "Visit to Initech on 10 Jun cancelled: it did not happen."


def cancel_not_happened(ctx: AppContext, visit_pk: int, account: str, when: str) -> NotHappened:
    """Cancel a past visit that did not take place; the pages refresh. Raises FieldVisitError."""
    from fieldvisit.capture import did_not_happen

    with ctx.workspace.begin() as conn:
        did_not_happen(conn, visit_pk, now=capture_now(ctx.as_of))
    ctx.visits_changed.emit()
    return NotHappened(visit_pk, f"Visit to {account} on {when} cancelled: it did not happen.")


def undo_not_happened(ctx: AppContext, gone: NotHappened) -> None:
    """Mark the visit done again (as it was before "It did not happen"); the pages refresh."""
    from fieldvisit.planning.actions import set_visit_status

    with ctx.workspace.begin() as conn:
        set_visit_status(conn, gone.visit_pk, "done")
    ctx.visits_changed.emit()
