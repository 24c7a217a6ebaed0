"""Snooze a deal: keep it out of the suggestions until a day, with a reason others can read.

A deal already snoozed opens with its day and reason filled in, so the snooze can be shortened,
extended or ended ("End snooze"); saving replaces the running snooze (`planning.snoozes`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QPushButton,
    QWidget,
)

from fieldvisit.changes import SNOOZED
from fieldvisit.planning.snoozes import RunningSnooze, running_snooze
from fieldvisit.planning.undo import SnoozeChange
from fieldvisit.reads.audit_lines import running_snooze_version
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.reason_dialog import ReasonDialog
from fieldvisit.ui.dialogs.your_name import ask_before_first_team_save
from fieldvisit.ui.focus_return import return_focus
from fieldvisit.ui.tasks import CancelledFn, ProgressFn

DEFAULT_DAYS = 14
COMMON_REASONS = (
    "Waiting for the customer's budget decision",
    "The customer asked for time",
    "The rep is handling it this month",
    "A visit is arranged outside Field Visit",
)


def end_snooze_in_app(
    ctx: AppContext,
    deal_pk: int,
    on_done: Callable[[RunningSnooze | None], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    anchor: QWidget | None = None,
    account: str = "",
    seen: int | None = None,
    kept_over: bool = False,
) -> None:
    """End the deal's snooze in the background; announce `SNOOZED` when it is stored and, with
    an `anchor`, say so on its page with Undo ("Snooze on Initech ended · Undo"). `seen`: the
    snooze's version shown (a newer one fails with `store.versions.Conflict`)."""
    from fieldvisit.planning.snoozes import end_snooze
    from fieldvisit.ui.operations import run_write

    as_of = ctx.as_of

    def done(ended: RunningSnooze | None) -> None:
        if ended is not None and anchor is not None:
            from fieldvisit.ui.undo_steps import snooze_ended

            snooze_ended(ctx, anchor, deal_pk, ended, account)
        if on_done is not None:
            on_done(ended)

    run_write(
        ctx,
        lambda conn: end_snooze(conn, deal_pk, as_of=as_of, seen=seen, kept_over=kept_over),
        title="Ending the snooze",
        changes=SNOOZED,
        on_done=done,
        on_error=on_error,
    )


class SnoozeDialog(ReasonDialog):
    """Choose until when and why; the deal stays quiet until then. A running snooze opens
    filled in, to be changed or ended."""

    snoozed = Signal(int)  # deal pk
    unsnoozed = Signal(int)  # deal pk

    def __init__(
        self,
        ctx: AppContext,
        deal_pk: int,
        account_name: str,
        deal_name: str,
        parent: QWidget | None = None,
    ):
        with ctx.workspace.connect() as conn:
            current = running_snooze(conn, deal_pk, ctx.as_of)
            seen = running_snooze_version(conn, deal_pk, ctx.as_of)  # a newer save conflicts
        super().__init__(
            ctx,
            deal_pk,
            account_name,
            parent,
            title="Change snooze" if current else "Snooze deal",
            heading=f"Snooze {account_name}",
            words=(
                f"{deal_name} is snoozed until {style.day(current.until)}. Choose an earlier "
                "day to shorten the snooze or a later one to extend it, or end it now."
                if current
                else f"{deal_name} will not be suggested until the day you choose. "
                "Everyone sees the reason."
            ),
            min_width=520,
        )
        self.current = current
        self.seen_version, self.kept_over = seen, False
        form = QFormLayout()
        form.setHorizontalSpacing(style.SPACE_L)
        self.until = QDateEdit(self)
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("ddd d MMM yyyy")
        tomorrow = ctx.as_of + timedelta(days=1)
        self.until.setMinimumDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        default = current.until if current else ctx.as_of + timedelta(DEFAULT_DAYS)
        self.until.setDate(QDate(default.year, default.month, default.day))
        self.until.setAccessibleName("Snooze until")
        form.addRow("Until", self.until)
        placeholder = "Why wait? e.g. budget decided on 30 Jun"
        form.addRow(
            "Reason",
            self.reason_box(COMMON_REASONS, placeholder, current.reason if current else ""),
        )
        self.column.addLayout(form)
        self.end_button = QPushButton("End snooze", self)
        self.end_button.setAccessibleName("End snooze")
        self.end_button.clicked.connect(self.end)
        self.end_button.setVisible(current is not None)
        self.add_buttons("Save" if current else "Snooze", left=self.end_button)

    @classmethod
    def ask(
        cls,
        ctx: AppContext,
        deal_pk: int,
        account_name: str,
        deal_name: str,
        parent: QWidget | None = None,
    ) -> SnoozeDialog:
        """Open the dialog window-modal (without blocking) and return it."""
        dialog = cls(ctx, deal_pk, account_name, deal_name, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return_focus(dialog).open()
        return dialog

    def save(self) -> None:
        """Snooze in the background; close when it is stored."""
        reason = self.given_reason(
            "Say why, so whoever sees this deal next knows what you wait for."
        )
        if reason is None:
            return
        until = self.until.date().toPython()
        ws, deal_pk, as_of, replaced = (
            self.ctx.workspace,
            self.deal_pk,
            self.ctx.as_of,
            self.current,
        )
        seen, kept_over = self.seen_version, self.kept_over
        ask_before_first_team_save(self.ctx)  # on a team workspace: who saves? (once)

        def work(_p: ProgressFn, _c: CancelledFn) -> SnoozeChange:
            from fieldvisit.planning.snoozes import snooze_deal
            from fieldvisit.planning.undo import snooze_change

            with ws.begin() as conn:
                snooze_deal(
                    conn, deal_pk, until, reason, as_of=as_of, seen=seen, kept_over=kept_over
                )
                return snooze_change(conn, deal_pk, replaced, as_of)  # what Undo takes back

        failure = "The snooze was not changed" if self.current else "The deal was not snoozed"
        self.store(work, "Snoozing the deal", self._done, failure, changes=SNOOZED)

    def _done(self, change: SnoozeChange) -> None:
        from fieldvisit.ui.undo_steps import snoozed

        snoozed(self.ctx, self.parentWidget(), change, self.account_name)
        self.snoozed.emit(self.deal_pk)
        self.accept()

    def end(self) -> None:
        """End the running snooze in the background; close when it is stored."""
        self.end_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.failure = "The snooze was not ended"
        end_snooze_in_app(
            self.ctx,
            self.deal_pk,
            self._ended,
            self._failed,
            anchor=self.parentWidget(),
            account=self.account_name,
            seen=self.seen_version or None,
            kept_over=self.kept_over,
        )

    def _ended(self, _ended: RunningSnooze | None) -> None:
        self.unsnoozed.emit(self.deal_pk)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from fieldvisit.store.versions import Conflict
        from fieldvisit.ui.dialogs.conflict_snooze import settle_snooze_conflict

        self.end_button.setEnabled(True)
        if isinstance(exc, Conflict):  # changed by someone meanwhile: Reload or Keep mine
            self.save_button.setEnabled(True)
            settle_snooze_conflict(self, exc)
            return
        super()._failed(exc)
