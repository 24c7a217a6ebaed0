"""The CRM import's work and its last page: read and check in the background, then import.

`read_and_check` reads the export as the command line does (`commands.import_cmd.
read_crm_export`) and runs the core's dry run (`ingest.crm.engine.preview`); `import_crm` runs
`import_export` for real: one transaction, so a refusal, an error or Cancel leaves the workspace
as it was. Both run through `ctx.tasks` and hand plain data back.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QProgressBar, QPushButton, QVBoxLayout, QWizard, QWizardPage

from fieldvisit.errors import Cancelled, FieldVisitError
from fieldvisit.ingest.crm.batch import Batch
from fieldvisit.ingest.crm.engine import ExportRefused, import_export, preview
from fieldvisit.ingest.crm.report import CrmReport
from fieldvisit.store import Workspace
from fieldvisit.ui import style
from fieldvisit.ui.dialogs.crm_import_report import ReportView, headline
from fieldvisit.ui.dialogs.crm_import_source import remember_export
from fieldvisit.ui.tasks import CancelledFn, ProgressFn

if TYPE_CHECKING:
    from fieldvisit.ui.dialogs.import_wizard import ImportWizard

READ_SHARE = 0.4  # of the progress bar while reading and checking: reading the files


@dataclass
class CrmState:
    """What the user chose for a CRM import, and what reading and checking it found."""

    crm: str = "salesforce"
    paths: list[Path] = field(default_factory=list)
    date_order: str | None = None  # "DMY" or "MDY" once the user answered
    zone: str | None = None
    force: bool = False  # import although older than the workspace's data
    batch: Batch | None = None
    preview: CrmReport | None = None
    executives: dict[str, str] = field(default_factory=dict)  # who → C, SVP, VP or "none"
    stages: list[str] | None = None  # the order the user set, when the export gives none
    report: CrmReport | None = None  # after the import


@dataclass(frozen=True)
class Checked:
    """The export as read, and the dry run's report on it."""

    batch: Batch
    report: CrmReport


def read_and_check(
    ws: Workspace, state: CrmState, progress: ProgressFn, cancelled: CancelledFn
) -> Checked:
    """Read the export and return what importing it would do (a dry run; nothing is written)."""
    from fieldvisit.commands.import_cmd import read_crm_export

    progress(0.02, "reading the export's files")
    batch = read_crm_export(state.crm, list(state.paths), state.date_order, state.zone)
    if cancelled():
        raise Cancelled("Reading cancelled; nothing was changed.")

    def checking(fraction: float, message: str) -> None:
        progress(READ_SHARE + (1 - READ_SHARE) * fraction, message)

    report = preview(ws, batch, force=state.force, progress=checking, cancel=cancelled)
    return Checked(batch, report)


def import_crm(
    ws: Workspace,
    state: CrmState,
    progress: ProgressFn,
    cancel: CancelledFn,
) -> CrmReport:
    """Import the export read into `state` for real; a refusal comes back as its report."""
    if state.batch is None:
        raise FieldVisitError("The export was not read yet; go back and read it again.")
    try:
        return import_export(
            ws,
            state.batch,
            executives=dict(state.executives) or None,
            stages=state.stages,
            force=state.force,
            progress=progress,
            cancel=cancel,
        )
    except ExportRefused as refused:
        return refused.report


class CrmImportPage(QWizardPage):
    """Imports with progress and Cancel; then says what changed and who the executives are."""

    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle("Importing")
        self.setSubTitle("All or nothing: a problem or Cancel leaves the workspace as it was.")
        col = QVBoxLayout(self)
        col.setSpacing(style.SPACE_M)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Import progress")
        self.progress.setRange(0, 100)
        col.addWidget(self.progress)
        self.message = style.label("", wrap=True)
        self.message.setFont(style.font(style.BODY_PT + 1))
        self.message.setAccessibleName("Import status")
        col.addWidget(self.message)
        self.cancel_button = QPushButton("Cancel import", self)
        self.cancel_button.setAccessibleName("Cancel import")
        self.cancel_button.clicked.connect(self.cancel)
        col.addWidget(self.cancel_button)
        self.view = ReportView(self)
        col.addWidget(self.view, 1)
        self.finished_ok = False
        self.running = False
        self._cancel = threading.Event()

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.finished_ok = False
        self.setTitle("Importing")
        self.setSubTitle("All or nothing: a problem or Cancel leaves the workspace as it was.")
        self.view.clear()
        self.progress.show()
        self.progress.setValue(0)
        self.message.setStyleSheet("")
        self.message.setText("Importing… Cancel leaves everything as it was.")
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self._start()

    def _start(self) -> None:
        ws = self.wiz.ctx.workspace
        state = replace(self.wiz.crm, executives=dict(self.wiz.crm.executives))
        self._cancel.clear()
        self.running = True
        self.wiz.button(QWizard.WizardButton.BackButton).setEnabled(False)

        def work(progress: ProgressFn, _cancelled: CancelledFn) -> CrmReport:
            return import_crm(ws, state, progress, self._cancel.is_set)

        # Cancel goes to the import itself (its `cancel`), so "cancelled" means nothing was saved.
        task = self.wiz.ctx.tasks.run(
            work,
            title="Importing the CRM export",
            on_done=self._done,
            on_error=self._failed,
            cancellable=False,
        )
        task.progressed.connect(self._progressed)

    def _progressed(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 100))
        if message and not self._cancel.is_set():
            self.message.setText(f"Importing… {message}")

    def cancel(self) -> None:
        """Ask the running import to stop; the workspace stays as it was."""
        if self.running:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.message.setText("Cancelling… nothing will be changed.")

    def _done(self, report: CrmReport) -> None:
        self.running = False
        self.cancel_button.hide()
        self.wiz.crm.report = report
        self.message.setText(headline(report))
        self.view.show_report(report)
        if report.refused:
            self.message.setStyleSheet(f"color: {style.tone('red').name()};")
            self.wiz.button(QWizard.WizardButton.BackButton).setEnabled(True)
            self.wiz.import_refused.emit(report)
            self.wiz.finish_closing()
            return
        self.progress.hide()
        self.setTitle("Imported")
        self.setSubTitle("What changed, and who the executives are.")
        self.message.setText(headline(report) + " Every page now shows it.")
        self.finished_ok = True
        self.completeChanged.emit()
        remember_export(self.wiz.crm.crm, list(self.wiz.crm.paths))
        self.wiz.button(QWizard.WizardButton.CancelButton).setEnabled(False)
        self.wiz.ctx.data_replaced()  # every page showing what an import brings reloads
        self.wiz.import_finished.emit(report)
        self.wiz.finish_closing()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.cancel_button.hide()
        self.wiz.button(QWizard.WizardButton.BackButton).setEnabled(True)
        if isinstance(exc, Cancelled):
            self.message.setText("Import cancelled. Nothing was changed.")
            self.message.setStyleSheet("")
            self.wiz.import_cancelled.emit()
        else:
            self.message.setText(f"The import failed: {exc} Nothing was changed.")
            self.message.setStyleSheet(f"color: {style.tone('red').name()};")
        self.wiz.finish_closing()

    def isComplete(self) -> bool:  # noqa: N802
        return self.finished_ok

    def nextId(self) -> int:  # noqa: N802
        return -1
