"""What the snooze and dismiss dialogs share: a deal's decision stored with a reason others read.

The reason is a combo of common reasons that takes any words; saving without one says why it is
needed; the write runs in the background with Save disabled, and a failure is shown in the
dialog, which stays open to try again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from fieldvisit.changes import Changes
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.operations import run_task_write
from fieldvisit.ui.tasks import CancelledFn, ProgressFn


class ReasonDialog(QDialog):
    """A heading, a line of explanation, a reason, a problem line and Cancel / Save."""

    def __init__(
        self,
        ctx: AppContext,
        deal_pk: int,
        account_name: str,
        parent: QWidget | None,
        *,
        title: str,
        heading: str,
        words: str,
        min_width: int,
    ):
        super().__init__(parent)
        self.ctx, self.deal_pk, self.account_name = ctx, deal_pk, account_name
        self.failure = ""  # the problem line's start when storing fails
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(min_width)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        self.column.setSpacing(style.SPACE_M)
        head = style.label(heading, wrap=True, parent=self)
        head.setFont(style.section_font())
        self.column.addWidget(head)
        self.column.addWidget(style.label(words, role="muted", wrap=True))
        self.problem = style.label("", wrap=True)
        self.problem.setStyleSheet(f"color: {style.tone('red').name()};")
        self.problem.hide()

    def reason_box(
        self, reasons: tuple[str, ...], placeholder: str, current: str = ""
    ) -> QComboBox:
        """Make `self.reason`: the common reasons offered, any words accepted, `current` filled in."""
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.addItems(reasons)
        self.reason.setCurrentIndex(-1)
        if current:
            self.reason.setEditText(current)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason.lineEdit().setPlaceholderText(placeholder)
        self.reason.setAccessibleName("Reason")
        return self.reason

    def add_buttons(self, save_text: str, left: QWidget | None = None) -> None:
        """Add the problem line and the button row (`left` on its left), and focus the reason."""
        self.column.addWidget(self.problem)
        buttons = QHBoxLayout()
        if left is not None:
            buttons.addWidget(left)
        buttons.addStretch(1)
        cancel = QPushButton("Cancel", self)
        cancel.clicked.connect(self.reject)
        self.save_button = QPushButton(save_text, self)
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        self.column.addLayout(buttons)
        self.reason.setFocus()

    def save(self) -> None:
        """Store the decision (each dialog says what through `store`)."""
        raise NotImplementedError

    def given_reason(self, why_needed: str) -> str | None:
        """Return the reason typed or chosen; without one, say `why_needed` and return None."""
        reason = self.reason.currentText().strip()
        if not reason:
            self.problem.setText(why_needed)
            self.problem.show()
        return reason or None

    def store(
        self,
        work: Callable[[ProgressFn, CancelledFn], Any],
        title: str,
        on_done: Callable[[Any], None],
        failure: str,
        changes: Changes,
    ) -> None:
        """Run the write in the background with Save disabled; once stored, announce `changes`
        and call `on_done`; a failure reopens the dialog."""
        self.save_button.setEnabled(False)
        self.failure = failure
        run_task_write(
            self.ctx, work, title=title, changes=changes, on_done=on_done, on_error=self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.problem.setText(f"{self.failure}: {exc}")
        self.problem.show()
