"""The wizard's look before importing: each file recognised as what, what would change, or why not.

Reading and the dry run run in the background with progress and Cancel. When the dates leave
day/month open the page asks which, and reads again; an export older than the workspace's data
is refused, and "Import anyway" (with what it costs said beside it) checks it again with force.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from fieldvisit.errors import Cancelled
from fieldvisit.ingest.crm.wizard_words import (
    CRM_LABELS,
    asks_date_order,
    asks_date_order_cause,
    is_older_refusal,
)
from fieldvisit.ui import style
from fieldvisit.ui.dialogs.crm_import_report import ReportView, headline
from fieldvisit.ui.dialogs.crm_import_run import Checked, read_and_check
from fieldvisit.ui.tasks import CancelledFn, ProgressFn, Task

if TYPE_CHECKING:
    from fieldvisit.ui.dialogs.import_wizard import ImportWizard

FORCE_WARNING = (
    "Importing it anyway puts back what this export says: deals go back to the stages, amounts "
    "and close dates it holds, and what changed in the CRM since is lost until you import a "
    "newer export. Only do this when the newer data was wrong."
)


def _box(parent: QWidget) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setObjectName("question")
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    col = QVBoxLayout(frame)
    col.setContentsMargins(style.SPACE_M, style.SPACE_M, style.SPACE_M, style.SPACE_M)
    col.setSpacing(style.SPACE_S)
    frame.hide()
    return frame, col


class ReviewPage(QWizardPage):
    """Reads and checks the export (a dry run), then shows what it found."""

    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle("What the export holds")
        self.setSubTitle("Read and checked, nothing written yet.")
        col = QVBoxLayout(self)
        col.setSpacing(style.SPACE_M)
        row = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Reading progress")
        self.progress.setRange(0, 100)
        row.addWidget(self.progress, 1)
        self.cancel_button = QPushButton("Cancel reading", self)
        self.cancel_button.setAccessibleName("Cancel reading")
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.cancel_button)
        self.again_button = QPushButton("Read &again", self)
        self.again_button.setAccessibleName("Read the export again")
        self.again_button.clicked.connect(self.read)
        self.again_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        row.addWidget(self.again_button, 0, Qt.AlignmentFlag.AlignLeft)
        col.addLayout(row)
        self.summary = style.label("", wrap=True)
        self.summary.setFont(style.font(style.BODY_PT + 1))
        self.summary.setAccessibleName("What the check found")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.summary)

        self.date_box, dates = _box(self)
        self.date_question = style.label("", wrap=True)
        dates.addWidget(self.date_question)
        answers = QHBoxLayout()
        self.day_first = QRadioButton("&Day first (31/12/2026)", self)
        self.month_first = QRadioButton("&Month first (12/31/2026)", self)
        for radio in (self.day_first, self.month_first):
            radio.setAccessibleName(radio.text().replace("&", ""))
            answers.addWidget(radio)
        answers.addStretch(1)
        self.date_button = QPushButton("Read with this &order", self)
        self.date_button.setAccessibleName("Read the export again with this date order")
        self.date_button.clicked.connect(self._date_order_chosen)
        answers.addWidget(self.date_button)
        dates.addLayout(answers)
        col.addWidget(self.date_box)

        self.older_box, older = _box(self)
        warning = style.label(FORCE_WARNING, wrap=True)
        warning.setStyleSheet(f"color: {style.tone('amber').name()};")
        older.addWidget(warning)
        self.force = QCheckBox("&Import anyway", self)
        self.force.setAccessibleName("Import anyway, although the export is older")
        self.force.toggled.connect(self._force_changed)
        older.addWidget(self.force)
        col.addWidget(self.older_box)

        self.view = ReportView(self)
        col.addWidget(self.view, 1)
        self.reading = False
        self._task: Task | None = None

    # ----- reading -----------------------------------------------------------------------------

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        state = self.wiz.crm
        source = self.wiz.source_page
        chosen = (source.crm(), tuple(source.chosen_paths()), source.zone_name())
        if chosen != (state.crm, tuple(state.paths), state.zone):
            state.crm, state.paths, state.zone = chosen[0], list(chosen[1]), chosen[2]
            state.date_order, state.force = None, False
            self.force.blockSignals(True)
            self.force.setChecked(False)
            self.force.blockSignals(False)
        self.setTitle(f"What the {CRM_LABELS[state.crm]} export holds")
        self.read()

    def read(self) -> None:
        """Read and check the export in the background (nothing is written)."""
        state, ws = self.wiz.crm, self.wiz.ctx.workspace
        state.batch, state.preview = None, None
        state.executives, state.stages = {}, None
        self.reading = True
        self.completeChanged.emit()
        self.view.clear()
        self.date_box.hide()
        self.older_box.setVisible(state.force)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.again_button.hide()
        self.summary.setStyleSheet("")
        self.summary.setText("Reading every file and checking every row… nothing is written.")

        # The worker reads a copy: the page may change the choice while it runs.
        chosen = replace(state, paths=list(state.paths), executives={})

        def work(progress: ProgressFn, cancelled: CancelledFn) -> Checked:
            return read_and_check(ws, chosen, progress, cancelled)

        self._task = self.wiz.ctx.tasks.run(
            work,
            title="Reading the CRM export",
            on_done=self._read,
            on_error=self._failed,
            key=self._key,  # a newer reading answers instead
        )
        self._task.progressed.connect(
            lambda fraction, _message: self.progress.setValue(int(fraction * 100))
        )

    def cancel(self) -> None:
        """Stop reading (nothing was written either way)."""
        if self._task is not None and self._task.running:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.summary.setText("Cancelling…")

    def stop(self) -> None:
        """Forget a reading under way (the wizard closes)."""
        self.wiz.ctx.tasks.drop_answers(self._key)
        if self._task is not None and self._task.running:
            self._task.cancel()

    def _finished(self) -> None:
        self.reading = False
        self._task = None
        self.progress.hide()
        self.cancel_button.hide()

    @property
    def _key(self) -> str:
        return f"crm-import-review@{id(self)}"

    def _read(self, checked: Checked) -> None:
        self._finished()
        state, report = self.wiz.crm, checked.report
        state.batch, state.preview = checked.batch, report
        self.summary.setText(headline(report))
        refused = bool(report.refused)
        self.summary.setStyleSheet(f"color: {style.tone('red').name()};" if refused else "")
        example = asks_date_order(report)
        only_dates = example is not None and all(
            asks_date_order_cause(p.cause) for p in report.problems
        )
        if example is not None:
            self._ask_date_order(example)
        if only_dates:
            self.summary.setText(
                "One question before the export can be read: which order are its dates in?"
            )
            self.summary.setStyleSheet("")
        self.older_box.setVisible(is_older_refusal(report) or state.force)
        self.view.show_report(report, pages_answer=True)
        self.again_button.setVisible(refused and not only_dates)
        self.completeChanged.emit()
        self.wiz.crm_checked.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self._finished()
        self.again_button.show()
        if isinstance(exc, Cancelled):
            self.summary.setStyleSheet("")
            self.summary.setText("Reading cancelled; nothing was changed. Read again, or go Back.")
        else:
            self.summary.setStyleSheet(f"color: {style.tone('red').name()};")
            self.summary.setText(f"The export could not be read: {exc}")
            if asks_date_order_cause(str(exc)):
                self._ask_date_order("")
        self.completeChanged.emit()
        self.wiz.crm_checked.emit(None)

    # ----- questions ---------------------------------------------------------------------------

    def _ask_date_order(self, example: str) -> None:
        shown = f"Dates like {example!r}" if example else "Some dates"
        self.date_question.setText(
            f"{shown} could be day/month or month/day, and no date in the export tells which. "
            "Which order are they in?"
        )
        self.date_box.show()
        self.day_first.setFocus()

    def _date_order_chosen(self) -> None:
        if not (self.day_first.isChecked() or self.month_first.isChecked()):
            self.date_question.setText(self.date_question.text().split(" Choose")[0] +
                                       " Choose one of the two first.")  # fmt: skip
            return
        self.wiz.crm.date_order = "DMY" if self.day_first.isChecked() else "MDY"
        self.read()

    def _force_changed(self, checked: bool) -> None:
        self.wiz.crm.force = checked
        self.read()

    # ----- QWizardPage -------------------------------------------------------------------------

    def isComplete(self) -> bool:  # noqa: N802
        report = self.wiz.crm.preview
        return not self.reading and report is not None and report.ok

    def nextId(self) -> int:  # noqa: N802
        return self.wiz.executives_id
