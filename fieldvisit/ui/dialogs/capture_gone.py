""" "It did not happen": cancel a past visit that never took place, with Undo.

A calendar says a meeting was planned, not that it happened; a captured past visit therefore
shows under "Debriefs due" like any other, where one click cancels it (the core's
`did_not_happen`: a later capture never brings it back). Like every undoable action it is
acknowledged in the page's notice; Undo (or Ctrl+Z) puts the visit's status back as it was.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from fieldvisit.changes import VISIT_STATUS
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.capture_run import capture_now
from fieldvisit.ui.operations import write_now


def cancel_not_happened(
    ctx: AppContext, visit_pk: int, account: str, when: str, anchor: QWidget | None
) -> str:
    """Cancel a past visit that did not take place; the pages refresh and the notice on
    `anchor`'s page offers Undo. Return the notice's words. Raises FieldVisitError."""
    from fieldvisit.capture import did_not_happen
    from fieldvisit.planning.undo import StatusChange, status_change
    from fieldvisit.planning.visit_rows import visit_row
    from fieldvisit.ui.undo_steps import status_changed

    def cancel() -> StatusChange:
        with ctx.workspace.begin() as conn:
            before = str(visit_row(conn, visit_pk)["status"])
            did_not_happen(conn, visit_pk, now=capture_now(ctx.as_of))
            return status_change(conn, visit_pk, before)

    change = write_now(ctx, cancel, changes=VISIT_STATUS)
    words = f"Visit to {account} on {when} cancelled: it did not happen."
    status_changed(ctx, anchor, change, words)
    return words
