"""Dismiss a suggestion as not relevant, with a reason: the deal leaves the suggestions until its
stage changes (or `dismiss --undo`), and Impact counts it as not acted on (`planning.outcomes`)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.focus_return import return_focus
from fieldvisit.ui.tasks import CancelledFn, ProgressFn

COMMON_REASONS = (
    "The customer is reorganising; nobody to meet yet",
    "The rep has it in hand; an executive would be too much",
    "The deal is being re-scoped",
    "Procurement only; a visit changes nothing",
)


class DismissDialog(QDialog):
    """Say why a visit is not relevant; the card goes away once it is stored."""

    dismissed = Signal(int)  # deal pk

    def __init__(
        self, ctx: AppContext, deal_pk: int, account_name: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ctx, self.deal_pk, self.account_name = ctx, deal_pk, account_name
        self.setWindowTitle("Not relevant")
        self.setAccessibleName("Not relevant")
        self.setMinimumWidth(500)
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        col.setSpacing(style.SPACE_M)
        head = style.label(f"A visit to {account_name} is not relevant", wrap=True, parent=self)
        head.setFont(style.section_font())
        col.addWidget(head)
        col.addWidget(
            style.label(
                "The deal leaves the suggestions until its stage changes. The reason is kept, "
                "and Impact counts it among suggestions not acted on.",
                role="muted",
                wrap=True,
            )
        )
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.addItems(COMMON_REASONS)
        self.reason.setCurrentIndex(-1)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason.lineEdit().setPlaceholderText("Why is a visit not relevant?")
        self.reason.setAccessibleName("Reason")
        col.addWidget(self.reason)
        self.problem = style.label("", wrap=True)
        self.problem.setStyleSheet(f"color: {style.tone('red').name()};")
        self.problem.hide()
        col.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton("Cancel", self)
        cancel.clicked.connect(self.reject)
        self.save_button = QPushButton("Dismiss", self)
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        col.addLayout(buttons)
        self.reason.setFocus()

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
        reason = self.reason.currentText().strip()
        if not reason:
            self.problem.setText("Say why, so whoever sees this deal next knows.")
            self.problem.show()
            return
        ws, deal_pk, day = self.ctx.workspace, self.deal_pk, self.ctx.home_as_of
        self.save_button.setEnabled(False)

        def work(_p: ProgressFn, _c: CancelledFn) -> int:
            from fieldvisit.planning.outcomes import dismiss
            from fieldvisit.planning.undo import dismissal

            with ws.begin() as conn:
                dismiss(conn, deal_pk, reason, day)
                return dismissal(conn, deal_pk)  # what Undo takes back

        self.ctx.tasks.run(
            work,
            title="Dismissing the suggestion",
            on_done=self._done,
            on_error=self._failed,
            cancellable=False,
        )

    def _done(self, outcome_pk: int) -> None:
        from fieldvisit.ui.undo_steps import dismissed

        self.ctx.deals_changed.emit()
        dismissed(self.ctx, self.parentWidget(), outcome_pk, self.account_name)
        self.dismissed.emit(self.deal_pk)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.problem.setText(f"The suggestion was not dismissed: {exc}")
        self.problem.show()
