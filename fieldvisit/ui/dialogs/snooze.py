"""Snooze a deal: keep it out of the suggestions until a day, with a reason others can read."""

from __future__ import annotations

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

from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.tasks import CancelledFn, ProgressFn

DEFAULT_DAYS = 14
COMMON_REASONS = (
    "Waiting for the customer's budget decision",
    "The customer asked for time",
    "The rep is handling it this month",
    "A visit is arranged outside Field Visit",
)


class SnoozeDialog(QDialog):
    """Choose until when and why; the deal stays quiet until then."""

    snoozed = Signal(int)  # deal pk

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
        self.setWindowTitle("Snooze deal")
        self.setAccessibleName("Snooze deal")
        self.setMinimumWidth(520)
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        col.setSpacing(style.SPACE_M)
        head = style.label(f"Snooze {account_name}", wrap=True, parent=self)
        head.setFont(style.section_font())
        col.addWidget(head)
        col.addWidget(
            style.label(
                f"{deal_name} will not be suggested until the day you choose. "
                "Everyone sees the reason.",
                role="muted",
                wrap=True,
            )
        )
        form = QFormLayout()
        form.setHorizontalSpacing(style.SPACE_L)
        self.until = QDateEdit(self)
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("ddd d MMM yyyy")
        tomorrow = ctx.as_of + timedelta(days=1)
        self.until.setMinimumDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        default = ctx.as_of + timedelta(days=DEFAULT_DAYS)
        self.until.setDate(QDate(default.year, default.month, default.day))
        self.until.setAccessibleName("Snooze until")
        form.addRow("Until", self.until)
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.addItems(COMMON_REASONS)
        self.reason.setCurrentIndex(-1)
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
        buttons.addStretch(1)
        cancel = QPushButton("Cancel", self)
        cancel.clicked.connect(self.reject)
        self.save_button = QPushButton("Snooze", self)
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
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
        dialog.open()
        return dialog

    def save(self) -> None:
        """Snooze in the background; close when it is stored."""
        reason = self.reason.currentText().strip()
        if not reason:
            self.problem.setText("Say why, so whoever sees this deal next knows what you wait for.")
            self.problem.show()
            return
        until = self.until.date().toPython()
        ws, deal_pk = self.ctx.workspace, self.deal_pk
        self.save_button.setEnabled(False)

        def work(_p: ProgressFn, _c: CancelledFn) -> int:
            from fieldvisit import planning

            with ws.begin() as conn:
                return planning.snooze_deal(conn, deal_pk, until, reason)

        self.ctx.tasks.run(
            work,
            title="Snoozing the deal",
            on_done=self._done,
            on_error=self._failed,
            cancellable=False,
        )

    def _done(self, _pk: int) -> None:
        self.ctx.deals_changed.emit()
        self.snoozed.emit(self.deal_pk)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.problem.setText(f"The deal was not snoozed: {exc}")
        self.problem.show()
