"""The plan dialog's side of a conflict: reload the visit as saved, or keep the form's version."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldvisit.ui.dialogs.conflict import ConflictDialog, settle

if TYPE_CHECKING:
    from fieldvisit.store.versions import Conflict
    from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog


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
