"""Snooze a deal: keep it out of the suggestions until a day, with a reason others can read.

A deal already snoozed opens with its day and reason filled in, so the snooze can be shortened,
extended or ended ("End snooze"); saving replaces the running snooze (`planning.snoozes`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.planning.snoozes import RunningSnooze, running_snooze
from fieldvisit.planning.undo import SnoozeChange
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
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
) -> None:
    """End the deal's snooze in the background; announce `deals_changed` when it is stored."""
    ws, as_of = ctx.workspace, ctx.as_of

    def work(_p: ProgressFn, _c: CancelledFn) -> RunningSnooze | None:
        from fieldvisit.planning.snoozes import end_snooze

        with ws.begin() as conn:
            return end_snooze(conn, deal_pk, as_of=as_of)

    def done(ended: RunningSnooze | None) -> None:
        ctx.deals_changed.emit()
        if on_done is not None:
            on_done(ended)

    ctx.tasks.run(
        work, title="Ending the snooze", on_done=done, on_error=on_error, cancellable=False
    )


class SnoozeDialog(QDialog):
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
        super().__init__(parent)
        self.ctx = ctx
        self.deal_pk = deal_pk
        self.account_name = account_name
        with ctx.workspace.connect() as conn:
            self.current = running_snooze(conn, deal_pk, ctx.as_of)
        title = "Change snooze" if self.current else "Snooze deal"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(520)
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        col.setSpacing(style.SPACE_M)
        head = style.label(f"Snooze {account_name}", wrap=True, parent=self)
        head.setFont(style.section_font())
        col.addWidget(head)
        words = (
            f"{deal_name} is snoozed until {style.day(self.current.until)}. Choose an earlier "
            "day to shorten the snooze or a later one to extend it, or end it now."
            if self.current
            else f"{deal_name} will not be suggested until the day you choose. "
            "Everyone sees the reason."
        )
        col.addWidget(style.label(words, role="muted", wrap=True))
        form = QFormLayout()
        form.setHorizontalSpacing(style.SPACE_L)
        self.until = QDateEdit(self)
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("ddd d MMM yyyy")
        tomorrow = ctx.as_of + timedelta(days=1)
        self.until.setMinimumDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        default = self.current.until if self.current else ctx.as_of + timedelta(DEFAULT_DAYS)
        self.until.setDate(QDate(default.year, default.month, default.day))
        self.until.setAccessibleName("Snooze until")
        form.addRow("Until", self.until)
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.addItems(COMMON_REASONS)
        self.reason.setCurrentIndex(-1)
        if self.current:
            self.reason.setEditText(self.current.reason)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason.lineEdit().setPlaceholderText("Why wait? e.g. budget decided on 30 Jun")
        self.reason.setAccessibleName("Reason")
        form.addRow("Reason", self.reason)
        col.addLayout(form)
        self.problem = style.label("", wrap=True)
        self.problem.setStyleSheet(f"color: {style.tone('red').name()};")
        self.problem.hide()
        col.addWidget(self.problem)
        buttons = QHBoxLayout()
        self.end_button = QPushButton("End snooze", self)
        self.end_button.setAccessibleName("End snooze")
        self.end_button.clicked.connect(self.end)
        self.end_button.setVisible(self.current is not None)
        buttons.addWidget(self.end_button)
        buttons.addStretch(1)
        cancel = QPushButton("Cancel", self)
        cancel.clicked.connect(self.reject)
        self.save_button = QPushButton("Save" if self.current else "Snooze", self)
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.failure = ""
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        col.addLayout(buttons)
        self.reason.setFocus()

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
        reason = self.reason.currentText().strip()
        if not reason:
            self.problem.setText("Say why, so whoever sees this deal next knows what you wait for.")
            self.problem.show()
            return
        until = self.until.date().toPython()
        ws, deal_pk, as_of, replaced = (
            self.ctx.workspace,
            self.deal_pk,
            self.ctx.as_of,
            self.current,
        )
        self.save_button.setEnabled(False)
        self.failure = "The snooze was not changed" if self.current else "The deal was not snoozed"

        def work(_p: ProgressFn, _c: CancelledFn) -> SnoozeChange:
            from fieldvisit.planning.snoozes import snooze_deal
            from fieldvisit.planning.undo import snooze_change

            with ws.begin() as conn:
                snooze_deal(conn, deal_pk, until, reason, as_of=as_of)
                return snooze_change(conn, deal_pk, replaced, as_of)  # what Undo takes back

        self.ctx.tasks.run(
            work,
            title="Snoozing the deal",
            on_done=self._done,
            on_error=self._failed,
            cancellable=False,
        )

    def _done(self, change: SnoozeChange) -> None:
        from fieldvisit.ui.undo_steps import snoozed

        self.ctx.deals_changed.emit()
        snoozed(self.ctx, self.parentWidget(), change, self.account_name)
        self.snoozed.emit(self.deal_pk)
        self.accept()

    def end(self) -> None:
        """End the running snooze in the background; close when it is stored."""
        self.end_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.failure = "The snooze was not ended"
        end_snooze_in_app(self.ctx, self.deal_pk, self._ended, self._failed)

    def _ended(self, _ended: RunningSnooze | None) -> None:
        self.unsnoozed.emit(self.deal_pk)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.end_button.setEnabled(True)
        self.problem.setText(f"{self.failure}: {exc}")
        self.problem.show()
