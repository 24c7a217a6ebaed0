"""What a calendar capture found and did, in plain words: the dialog shown after "Capture now".

Numbers come from the core's `CaptureReport` (the same the command line prints with `--json`);
the words for skipped events are the core's (`fieldvisit.capture.classify.SKIP_REASONS`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.capture_run import CaptureOutcome
from fieldvisit.ui.focus_return import return_focus
from fieldvisit.ui.plain_text import as_text

# The grid's columns: report field, heading, what it means (the heading's tooltip).
COLUMNS = (
    ("new", "New", "Customer meetings that became visits"),
    ("updated", "Updated", "Visits captured before whose meeting moved or gained people"),
    ("merged", "Merged", "Meetings joined to a visit already here (imported or planned)"),
    ("cancelled", "Cancelled", "Captured visits whose meeting is gone from the calendar"),
    ("review", "For review", "Meetings Field Visit was unsure about: settle them in one click"),
)


def count(outcome: CaptureOutcome, key: str) -> int:
    """Return one number of an outcome's report (0 when it was not captured)."""
    report = outcome.report
    if report is None:
        return 0
    return len(report.review) if key == "review" else int(getattr(report, key))


def skipped_words(skipped: dict[str, int]) -> str:
    """Return "61 internal (nobody from outside), 2 all-day, 1 declined" (most first)."""
    from fieldvisit.capture.classify import SKIP_REASONS

    parts = sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{style.number(n)} {SKIP_REASONS.get(reason, reason)}" for reason, n in parts)


def outcome_words(outcome: CaptureOutcome) -> str:
    """Return what happened to one calendar, beyond the grid's numbers."""
    if outcome.error:
        return f"{outcome.name}: not captured. {outcome.error}"
    report = outcome.report
    if report is None:
        return f"{outcome.name}: cancelled before it was written; nothing changed for it."
    words = f"{outcome.name}: {style.plural(report.events, 'event')} read from {outcome.where}."
    if report.skipped:
        words += f" Skipped {skipped_words(report.skipped)}."
    else:
        words += " Nothing skipped."
    if report.not_calendars:
        words += f" Passed over {style.plural(len(report.not_calendars), 'file')} that are not calendars."
    return words


def headline(outcomes: Sequence[CaptureOutcome], failure: str | None = None) -> str:
    """Return the one sentence that says how the capture went."""
    done = [o for o in outcomes if o.report is not None]
    new = sum(count(o, "new") for o in done)
    review = sum(count(o, "review") for o in done)
    if failure:
        return "The capture failed."
    if not done:
        if all(o.cancelled for o in outcomes):
            return "Capture cancelled: nothing was changed."
        return "No calendar could be captured."
    source = (
        f"{done[0].name}'s calendar" if len(done) == 1 else f"{style.plural(len(done), 'calendar')}"
    )
    words = f"{style.plural(new, 'new visit')} from {source}"
    if review:
        words += f"; {style.plural(review, 'meeting')} to review"
    return words + "."


class CaptureSummaryDialog(QDialog):
    """The outcome of one "Capture now": a grid of numbers, a line per calendar, and Review."""

    review_requested = Signal()

    def __init__(
        self,
        outcomes: Sequence[CaptureOutcome],
        parent: QWidget | None = None,
        *,
        failure: str | None = None,
        left_out: Sequence[str] = (),
        open_reviews: int = 0,
    ):
        super().__init__(parent)
        self.outcomes = list(outcomes)
        self.setWindowTitle("Calendar capture")
        self.setMinimumWidth(560)
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        col.setSpacing(style.SPACE_M + 4)
        self.headline = style.label(headline(self.outcomes, failure), wrap=True)
        self.headline.setFont(style.section_font())
        self.headline.setAccessibleName("What the capture did")
        col.addWidget(self.headline)
        self.cells: dict[tuple[str, str], QLabel] = {}
        if any(o.report is not None for o in self.outcomes):
            col.addLayout(self._grid())
        self.lines: list[QLabel] = []
        notes = [outcome_words(o) for o in self.outcomes]
        notes += list(left_out)
        if failure:
            notes.append(failure)
        for words in notes:
            line = style.label(words, role="muted", wrap=True)
            line.setMinimumWidth(480)
            col.addWidget(line)
            self.lines.append(line)
        buttons = QDialogButtonBox(self)
        self.review_button: QPushButton | None = None
        if open_reviews:
            self.review_button = buttons.addButton(
                f"&Review {style.plural(open_reviews, 'meeting')}…",
                QDialogButtonBox.ButtonRole.ActionRole,
            )
            self.review_button.setAccessibleName("Review the meetings Field Visit was unsure about")
            self.review_button.clicked.connect(self._review)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setAutoDefault(True)
        buttons.rejected.connect(self.reject)
        col.addWidget(buttons)
        close.setFocus()

    def _grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(style.SPACE_L + 4)
        grid.setVerticalSpacing(style.SPACE_S + 2)
        grid.addWidget(style.label("Calendar of", role="muted"), 0, 0)
        for c, (_key, heading, meaning) in enumerate(COLUMNS, start=1):
            head = style.label(heading, role="muted")
            head.setToolTip(meaning)
            head.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(head, 0, c)
        shown = [o for o in self.outcomes if o.report is not None]
        rows: list[tuple[str, str, Callable[[str], int]]] = [
            (o.name, o.email, lambda key, o=o: count(o, key)) for o in shown
        ]
        if len(shown) > 1:
            rows.append(("Total", "", lambda key: sum(count(o, key) for o in shown)))
        for r, (name, email, value) in enumerate(rows, start=1):
            who = style.label(name, bold=not email)
            who.setToolTip(as_text(email or "All calendars captured"))
            grid.addWidget(who, r, 0)
            for c, (key, heading, _meaning) in enumerate(COLUMNS, start=1):
                cell = style.label(style.number(value(key)), bold=not email)
                cell.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cell.setAccessibleName(f"{heading}, {name}")
                grid.addWidget(cell, r, c)
                self.cells[(email or "total", key)] = cell
        grid.setColumnStretch(0, 1)
        return grid

    def _review(self) -> None:
        self.review_requested.emit()
        self.accept()


def show_summary(
    ctx: AppContext,
    parent: QWidget | None,
    outcomes: Sequence[CaptureOutcome],
    *,
    failure: str | None = None,
    left_out: Sequence[str] = (),
) -> CaptureSummaryDialog:
    """Show the summary of a capture (without blocking); "Review" opens the review list."""
    from fieldvisit.capture import count_review_items
    from fieldvisit.ui.dialogs.capture_review import open_review

    with ctx.workspace.connect() as conn:
        waiting = count_review_items(conn)
    dialog = CaptureSummaryDialog(
        outcomes, parent, failure=failure, left_out=left_out, open_reviews=waiting
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.review_requested.connect(lambda: open_review(ctx, parent))
    return_focus(dialog).open()
    return dialog
