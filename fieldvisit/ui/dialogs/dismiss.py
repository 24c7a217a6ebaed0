"""Dismiss a suggestion as not relevant, with a reason: the deal leaves the suggestions until its
stage changes (or `dismiss --undo`), and Impact counts it as not acted on (`planning.outcomes`)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from fieldvisit.changes import SNOOZED
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.reason_dialog import ReasonDialog
from fieldvisit.ui.focus_return import return_focus
from fieldvisit.ui.tasks import CancelledFn, ProgressFn

COMMON_REASONS = (
    "The customer is reorganising; nobody to meet yet",
    "The rep has it in hand; an executive would be too much",
    "The deal is being re-scoped",
    "Procurement only; a visit changes nothing",
)


class DismissDialog(ReasonDialog):
    """Say why a visit is not relevant; the card goes away once it is stored."""

    dismissed = Signal(int)  # deal pk

    def __init__(
        self, ctx: AppContext, deal_pk: int, account_name: str, parent: QWidget | None = None
    ):
        super().__init__(
            ctx,
            deal_pk,
            account_name,
            parent,
            title="Not relevant",
            heading=f"A visit to {account_name} is not relevant",
            words="The deal leaves the suggestions until its stage changes. The reason is kept, "
            "and Impact counts it among suggestions not acted on.",
            min_width=500,
        )
        self.column.addWidget(self.reason_box(COMMON_REASONS, "Why is a visit not relevant?"))
        self.add_buttons("Dismiss")

    @classmethod
    def ask(
        cls, ctx: AppContext, deal_pk: int, account_name: str, parent: QWidget | None = None
    ) -> DismissDialog:
        """Open the dialog window-modal (without blocking) and return it."""
        dialog = cls(ctx, deal_pk, account_name, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return_focus(dialog).open()
        return dialog

    def save(self) -> None:
        """Dismiss in the background; close when it is stored."""
        reason = self.given_reason("Say why, so whoever sees this deal next knows.")
        if reason is None:
            return
        ws, deal_pk, day = self.ctx.workspace, self.deal_pk, self.ctx.home_as_of

        def work(_p: ProgressFn, _c: CancelledFn) -> int:
            from fieldvisit.planning.outcomes import dismiss
            from fieldvisit.planning.undo import dismissal

            with ws.begin() as conn:
                dismiss(conn, deal_pk, reason, day)
                return dismissal(conn, deal_pk)  # what Undo takes back

        self.store(
            work,
            "Dismissing the suggestion",
            self._done,
            "The suggestion was not dismissed",
            changes=SNOOZED,
        )

    def _done(self, outcome_pk: int) -> None:
        from fieldvisit.ui.undo_steps import dismissed

        dismissed(self.ctx, self.parentWidget(), outcome_pk, self.account_name)
        self.dismissed.emit(self.deal_pk)
        self.accept()
