"""The snooze dialog's side of a conflict: reload the snooze as saved, or keep the dialog's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate

from fieldvisit.planning.snoozes import running_snooze
from fieldvisit.reads.audit_lines import running_snooze_version
from fieldvisit.ui.dialogs.conflict import ConflictDialog, settle

if TYPE_CHECKING:
    from fieldvisit.store.versions import Conflict
    from fieldvisit.ui.dialogs.snooze import SnoozeDialog
    from fieldvisit.ui.pages.deal_actions import DealActions


def settle_snooze_conflict(dialog: SnoozeDialog, conflict: Conflict) -> ConflictDialog:
    """Show who changed the snooze; Reload fills the dialog with theirs, Keep mine saves over."""

    def reload() -> None:
        ctx = dialog.ctx
        with ctx.workspace.connect() as conn:
            dialog.current = running_snooze(conn, dialog.deal_pk, ctx.as_of)
            dialog.seen_version = running_snooze_version(conn, dialog.deal_pk, ctx.as_of)
        dialog.kept_over = False
        if dialog.current is not None:
            day = dialog.current.until
            dialog.until.setDate(QDate(day.year, day.month, day.day))
            dialog.reason.setEditText(dialog.current.reason)
        dialog.end_button.setVisible(dialog.current is not None)
        dialog.problem.setText(f"Reloaded the snooze as {conflict.person} saved it.")
        dialog.problem.show()

    def keep_mine(version: int) -> None:
        dialog.seen_version = version
        dialog.kept_over = True
        dialog.save()

    return settle(conflict, dialog, reload=reload, keep_mine=keep_mine)


def settle_end_snooze(page: DealActions, deal_pk: int, exc: BaseException) -> ConflictDialog | None:
    """ "End snooze" on a snooze changed meanwhile: Reload shows the deal as saved, Keep mine
    ends it on top of their version. Any other failure is said in one line."""
    from fieldvisit.store.versions import Conflict

    if not isinstance(exc, Conflict):
        from fieldvisit.ui import plain_text
        from fieldvisit.ui.workspaces import describe

        plain_text.tell(page, "The snooze was not ended", describe(exc), warn=True)  # type: ignore[arg-type]
        return None

    def keep_mine(version: int) -> None:
        page.unsnooze(deal_pk, seen=version, kept_over=True)

    return settle(
        exc,
        page,  # type: ignore[arg-type]  # mixed into the page
        reload=lambda: page.show_deal(deal_pk),
        keep_mine=keep_mine,
    )
