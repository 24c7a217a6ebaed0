"""The Visits page's line about calendar capture's unsure meetings: "3 meetings from executives'
calendars need a decision · Review them", which opens the review list; hidden while none waits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from fieldvisit.changes import Changes, Kind
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.tasks import CancelledFn, ProgressFn


class ReviewBanner(QWidget):
    """ "3 meetings from executives' calendars need a decision · Review them"; hidden while none."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.count = 0
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(style.SPACE_M)
        self.words = style.label("", wrap=True)
        row.addWidget(self.words, 1)
        self.button = QPushButton("Review them", self)
        self.button.setProperty("flat", True)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.setAccessibleName("Review the meetings calendar capture was unsure about")
        self.button.clicked.connect(self._open_review)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        ctx.changed.connect(self._changed)
        self.setHidden(True)  # until the count says there is something to review
        self.update_count()

    def _changed(self, changes: Changes) -> None:
        if changes.touches((Kind.VISITS, Kind.CALENDARS, Kind.RULES)):
            self.update_count()

    def _open_review(self) -> None:
        from fieldvisit.ui.dialogs.capture_review import open_review

        open_review(self.ctx, self.window())

    def update_count(self) -> None:
        """Count the meetings waiting for review in the background (the capture package loads
        there, not on the window's thread); then say so, or hide when none does."""
        ws = self.ctx.workspace

        def work(_p: ProgressFn, _c: CancelledFn) -> int:
            from fieldvisit.capture import count_review_items

            with ws.connect() as conn:
                return count_review_items(conn)

        self.ctx.tasks.run(
            work,
            title="Counting meetings to review",
            on_done=self.show_count,
            cancellable=False,
            key=f"review-count@{id(self)}",  # a newer count answers instead
        )

    def show_count(self, count: int) -> None:
        """Say how many meetings wait for review; hide when none does."""
        self.count = count
        noun = "meeting" if self.count == 1 else "meetings"
        verb = "needs" if self.count == 1 else "need"
        self.words.setText(
            f"{style.number(self.count)} {noun} from executives' calendars {verb} a decision: "
            "calendar capture was not sure they were customer visits."
        )
        self.setHidden(self.count == 0)
