"""A visit's side of a conflict: reload the visit as saved, or keep the form's (or the list's) version."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldvisit.ui.dialogs.conflict import ConflictDialog, settle

if TYPE_CHECKING:
    from fieldvisit.reads.visit_lines import VisitLine
    from fieldvisit.store.versions import Conflict
    from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
    from fieldvisit.ui.pages.visit_actions import VisitActions


def settle_visit_conflict(dialog: PlanVisitDialog, conflict: Conflict) -> ConflictDialog:
    """Show who changed the visit; Reload fills the form with theirs, Keep mine saves over it."""

    def reload() -> None:
        dialog.kept_over = False
        dialog._load_visit()  # the form shows the visit as saved, with its new version
        dialog._show_problems(
            [f"Reloaded: the visit as {conflict.person} saved it. Your change was not saved."]
        )

    def keep_mine(version: int) -> None:
        dialog.seen_version = version
        dialog.kept_over = True
        dialog._save(allow_overlap=False)

    return settle(conflict, dialog, reload=reload, keep_mine=keep_mine)


def settle_status_conflict(
    actions: VisitActions, visit: VisitLine, status: str, conflict: Conflict
) -> ConflictDialog:
    """A status set from the visits list over a newer change: Reload shows the visit as saved
    (the pages read it again), Keep mine sets the status on top of their version."""

    def reload() -> None:
        refresh = getattr(actions.parent, "refresh", None)  # the page reads its visits again
        if callable(refresh):
            refresh()

    def keep_mine(version: int) -> None:
        actions.set_status(visit, status, seen=version, kept_over=True)

    return settle(conflict, actions.parent, reload=reload, keep_mine=keep_mine)
