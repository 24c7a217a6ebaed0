"""Settings › Executives' calendars: where each executive's calendar is read from, "Capture now"
(one executive or all) and the way to the meetings waiting for review.

Sources are stored with the workspace's capture settings (`fieldvisit.calendar_sources`, the
place `fieldvisit capture-settings --exec` writes too); the editor of one source is
`settings_calendar_source.SourceEditor`. Captures run in the background
(`capture_run.CaptureRunner`) with progress and Cancel here and in the status bar; a summary in
plain words follows, and the pages showing visits refresh.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.calendar_sources import ExecutiveCalendar, executive_calendars
from fieldvisit.changes import Changes, Kind
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.capture_run import CaptureOutcome, CaptureRunner, jobs_for
from fieldvisit.ui.pages.settings_calendar_source import SourceEditor, button
from fieldvisit.ui.plain_text import as_text

Index = QModelIndex | QPersistentModelIndex
INTRO = (
    "Field Visit reads each executive's calendar and records the customer meetings they "
    "attended as visits: past ones as done, coming ones as planned. It only reads calendars; "
    "it never changes them or sends anything."
)
EXECUTIVE, CALENDAR, REVIEW = range(3)


def source_words(cal: ExecutiveCalendar) -> str:
    """Return where an executive's calendar comes from, as the table says it."""
    if not cal.email:
        return "No e-mail address: cannot capture"
    if cal.caldav_url:
        return f"CalDAV: {cal.caldav_url} ({cal.caldav_user})"
    if cal.path:
        path = Path(cal.path)
        return f"{path.name} in {path.parent.name}" if path.parent.name else path.name
    return "Not set"


class CalendarsModel(QAbstractTableModel):
    """Executives, their calendar and the meetings of theirs waiting for review."""

    HEADINGS = ("Executive", "Calendar", "To review")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[ExecutiveCalendar] = []

    def show_rows(self, rows: list[ExecutiveCalendar]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADINGS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADINGS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cal = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == EXECUTIVE:
                return cal.name
            if col == CALENDAR:
                return source_words(cal)
            return style.number(cal.open_reviews) if cal.open_reviews else "—"
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == CALENDAR:
                return as_text(cal.path or cal.caldav_url or source_words(cal))
            if col == EXECUTIVE:
                return as_text(cal.email or "no e-mail address")
        if role == Qt.ItemDataRole.TextAlignmentRole and col == REVIEW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CalendarSources(QWidget):
    """The Settings section: executives and their calendars, Capture now, the chosen source."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = CaptureRunner(ctx, self)
        self.runner.progressed.connect(self._progressed)
        self.runner.running_changed.connect(self._running)
        self.runner.finished.connect(self._captured)
        self.summary: Any = None  # the last summary dialog shown
        self.left_out: list[str] = []
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(style.SPACE_L)
        col.addWidget(style.label(INTRO, role="muted", wrap=True))
        self.model = CalendarsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Executives and their calendars")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(EXECUTIVE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CALENDAR, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(REVIEW, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(150)
        self.table.setMaximumHeight(190)
        self.table.selectionModel().currentRowChanged.connect(self._show_selected)
        col.addWidget(self.table)
        col.addLayout(self._build_actions())
        self.status = style.label("", role="muted", wrap=True)
        self.status.setAccessibleName("Calendar capture status")
        col.addWidget(self.status)
        self.editor = SourceEditor(ctx, self)
        self.editor.said.connect(self._say)
        self.editor.saved.connect(self.refresh)
        col.addWidget(self.editor)
        col.addStretch(1)
        ctx.changed.connect(self._changed)

    def _build_actions(self) -> QVBoxLayout:
        col = QVBoxLayout()
        col.setSpacing(style.SPACE_M)
        row = QHBoxLayout()
        row.setSpacing(style.SPACE_M)
        self.capture_button = button("Capture &now", self.capture_selected, self, primary=True)
        self.capture_button.setToolTip("Capture the chosen executive's calendar")
        self.capture_all_button = button("Capture &all calendars", self.capture_all, self)
        self.review_button = button("Re&view meetings", self.open_review, self)
        for b in (self.capture_button, self.capture_all_button, self.review_button):
            row.addWidget(b)
        row.addStretch(1)
        col.addLayout(row)
        self.progress_row = QWidget(self)
        progress = QHBoxLayout(self.progress_row)
        progress.setContentsMargins(0, 0, 0, 0)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedWidth(220)
        self.progress_bar.setAccessibleName("Capture progress")
        self.progress_text = style.label("", role="muted")
        self.cancel_button = button("Cancel", self.runner.cancel, self)
        self.cancel_button.setAccessibleName("Cancel the capture")
        progress.addWidget(self.progress_bar)
        progress.addWidget(self.progress_text, 1)
        progress.addWidget(self.cancel_button)
        self.progress_row.hide()
        col.addWidget(self.progress_row)
        return col

    # ----- the editor's parts, named for tests and the Settings page ---------------------------

    @property
    def choose_file(self) -> QWidget:
        return self.editor.choose_file

    @property
    def choose_folder(self) -> QWidget:
        return self.editor.choose_folder

    @property
    def path_edit(self) -> Any:
        return self.editor.path_edit

    def save_edited(self) -> list[str]:
        """Save the source on screen if it was changed (Settings' Save); return what happened."""
        if not self.editor.edited():
            return []
        self.editor.save()
        return [self.status.text()]

    # ----- loading ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()  # a calendar dropped on the window may have been kept meanwhile

    def _changed(self, changes: Changes) -> None:
        if changes.touches((Kind.VISITS, Kind.CALENDARS)):
            self.refresh()

    def refresh(self) -> None:
        """Read the executives and their sources again (the selection and typing stay)."""
        keep = self.selected()
        typed = self.editor.typed() if keep is not None and self.editor.edited() else None
        with self.ctx.workspace.connect() as conn:
            rows = executive_calendars(conn)
        self.model.show_rows(rows)
        row = next((i for i, r in enumerate(rows) if keep and r.pk == keep.pk), 0)
        if rows:
            self.table.selectRow(row)
        now = self.selected()
        same = typed is not None and now is not None and keep is not None and now.pk == keep.pk
        self.editor.show_calendar(now, typed if same else None)
        self._enable()
        waiting = sum(r.open_reviews for r in rows)
        self.review_button.setText(
            f"Re&view {style.plural(waiting, 'meeting')}" if waiting else "Re&view meetings"
        )

    def selected(self) -> ExecutiveCalendar | None:
        row = self.table.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def select_executive(self, email: str) -> bool:
        """Select the executive with this e-mail (True when found)."""
        for row, cal in enumerate(self.model.rows):
            if (cal.email or "").lower() == email.strip().lower():
                self.table.selectRow(row)
                return True
        return False

    def _show_selected(self, *_args: object) -> None:
        self.editor.show_calendar(self.selected())
        self._enable()

    def _enable(self) -> None:
        cal, running = self.selected(), self.runner.running
        self.capture_button.setEnabled(not running and cal is not None and bool(cal.email))
        self.capture_all_button.setEnabled(
            not running and any(r.has_source and r.email for r in self.model.rows)
        )

    # ----- capturing -------------------------------------------------------------------------

    def capture_selected(self) -> None:
        """Capture the chosen executive's calendar now (saving a changed source first)."""
        if self.editor.edited() and not self.editor.save():
            return
        cal = self.selected()
        if cal is None:
            return
        if not cal.has_source:
            self._say(f"Choose {cal.name}'s exported calendar first (below).", warn=True)
            return
        self._start([cal])

    def capture_all(self) -> None:
        """Capture every executive's calendar that has a source."""
        self._start([r for r in self.model.rows if r.has_source])

    def _start(self, calendars: list[ExecutiveCalendar]) -> None:
        jobs, self.left_out = jobs_for(self.ctx, calendars, self.window())
        if not jobs:
            self._say(" ".join(self.left_out) or "No calendar to capture.", warn=True)
            return
        self.runner.start(jobs)

    def _progressed(self, fraction: float, message: str) -> None:
        self.progress_bar.setValue(int(fraction * 1000))
        self.progress_text.setText(message)

    def _running(self, running: bool) -> None:
        self.progress_row.setVisible(running)
        if running:
            self.progress_bar.setValue(0)
            self.progress_text.setText("Reading the calendar…")
            self._say("")
        self._enable()

    def _captured(self, outcomes: list[CaptureOutcome]) -> None:
        from fieldvisit.ui.dialogs.capture_summary import headline, show_summary

        self.refresh()
        self._say(headline(outcomes, self.runner.failure))
        self.summary = show_summary(
            self.ctx, self.window(), outcomes, failure=self.runner.failure, left_out=self.left_out
        )

    def open_review(self) -> Any:
        """Open the meetings waiting for review."""
        from fieldvisit.ui.dialogs.capture_review import open_review

        return open_review(self.ctx, self.window())

    def _say(self, words: str, warn: bool = False) -> None:
        self.status.setText(words)
        self.status.setStyleSheet(f"color: {style.tone('red').name()};" if warn else "")
