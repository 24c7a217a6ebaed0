"""The import wizard: a CRM export as downloaded, or one CSV file — checked, then imported.

First page: which CRM (Salesforce, HubSpot, Pipedrive) and its export (ZIP, folder, files), or
"A CSV file" for the generic one-file import. A CRM export is read and checked in a dry run
(`crm_import_review`), its executives confirmed or chosen (`crm_import_people`), its stage order
set when the export gives none (`crm_import_stages`), then imported (`crm_import_run`). A CSV
file goes file → check → import as before.

Every check and import runs in the background and is one transaction in the core: a refused
file, an error or Cancel leaves the workspace exactly as it was. Cancel goes to the import
itself (its `cancel` callback), so "cancelled" is only ever reported when nothing was committed.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget, QWizard

from fieldvisit.errors import Cancelled, ImportProblem
from fieldvisit.ingest import ImportReport, import_csv
from fieldvisit.ingest.crm.wizard_words import GENERIC, KIND_WORDS, droppable, guess_crm
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.crm_import_people import ExecutivesPage
from fieldvisit.ui.dialogs.crm_import_review import ReviewPage
from fieldvisit.ui.dialogs.crm_import_run import CrmImportPage, CrmState
from fieldvisit.ui.dialogs.crm_import_source import SourcePage, last_export
from fieldvisit.ui.dialogs.crm_import_stages import StagesPage
from fieldvisit.ui.dialogs.import_csv_pages import (
    CheckPage,
    FilePage,
    ImportPage,
    guess_kind,
    plain_problem,
)
from fieldvisit.ui.focus_return import return_focus

# The wizard's pages, by id: the first page leads to the CSV file's or the CRM export's path.
SOURCE_PAGE, FILE_PAGE, CHECK_PAGE, IMPORT_PAGE = 0, 1, 2, 3
REVIEW_PAGE, EXECUTIVES_PAGE, STAGES_PAGE, CRM_IMPORT_PAGE = 4, 5, 6, 7
__all__ = [
    "KIND_WORDS",
    "ImportWizard",
    "dropped_paths",
    "guess_kind",
    "open_with",
    "plain_problem",
]


class ImportWizard(QWizard):
    """CRM export or CSV file → a checked preview (and, for a CRM, its executives and stage
    order) → the import with progress and Cancel → what changed."""

    import_finished = Signal(object)  # ImportReport (a CSV file) or CrmReport (a CRM export)
    import_cancelled = Signal()
    import_refused = Signal(object)  # CrmReport: the import found a problem; nothing changed
    check_finished = Signal()
    crm_checked = Signal(object)  # CrmReport of the dry run, or None when reading failed
    file_id, review_id, executives_id = FILE_PAGE, REVIEW_PAGE, EXECUTIVES_PAGE
    stages_id, crm_import_id = STAGES_PAGE, CRM_IMPORT_PAGE

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        paths: list[Path] | None = None,
        crm: str | None = None,
    ):
        """Open on the first page; with `paths` (dropped on the window) those are chosen, and
        their CRM guessed unless `crm` says it ("generic" for one CSV file)."""
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Import")
        self.setAccessibleName("Import a CRM export or a CSV file")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(860, 640)
        self.crm = CrmState()
        self.source_page = SourcePage(self)
        self.file_page = FilePage(self)
        self.check_page = CheckPage(self)
        self.import_page = ImportPage(self)
        self.review_page = ReviewPage(self)
        self.executives_page = ExecutivesPage(self)
        self.stages_page = StagesPage(self)
        self.crm_import_page = CrmImportPage(self)
        pages = (
            (SOURCE_PAGE, self.source_page),
            (FILE_PAGE, self.file_page),
            (CHECK_PAGE, self.check_page),
            (IMPORT_PAGE, self.import_page),
            (REVIEW_PAGE, self.review_page),
            (EXECUTIVES_PAGE, self.executives_page),
            (STAGES_PAGE, self.stages_page),
            (CRM_IMPORT_PAGE, self.crm_import_page),
        )
        for number, page in pages:
            self.setPage(number, page)
        self.setStartId(SOURCE_PAGE)
        self.source_page.setButtonText(QWizard.WizardButton.NextButton, "&Next >")
        self.file_page.setButtonText(QWizard.WizardButton.NextButton, "Check file")
        self.check_page.setButtonText(QWizard.WizardButton.NextButton, "Import")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Done")
        self._cancel = threading.Event()
        self._running = False
        self._close_when_done = False
        self.report: ImportReport | None = None
        if paths:
            self.source_page.set_paths([Path(p) for p in paths])
            if crm is not None:
                self.source_page.set_crm(crm)
            elif guess_crm(paths) is None and len(paths) == 1 and Path(paths[0]).is_file():
                self.source_page.set_crm(GENERIC)  # one CSV nobody can place: the generic path
        elif (last := last_export()) is not None:
            self.source_page.set_paths(last[1], guess=False)
            self.source_page.set_crm(crm or last[0])
            self.source_page.guess.setText(
                "Your last import, ready to read again (to choose its executives, say). Choose "
                "other files to import another export."
            )
        elif crm is not None:
            self.source_page.set_crm(crm)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        # Never taller or wider than the screen it opens on (1024×768 included).
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None and (
            self.height() > screen.height() or self.width() > screen.width()
        ):
            self.resize(min(self.width(), screen.width()), min(self.height(), screen.height() - 40))

    # ----- what the user chose ------------------------------------------------------------

    def choice(self) -> tuple[Path, str, str]:
        """Return the chosen file, kind and preset."""
        page = self.file_page
        return Path(page.path.text().strip()), page.kind.currentData(), page.preset.currentData()

    # ----- the check (dry run) --------------------------------------------------------------

    def start_check(self) -> None:
        """Check the chosen file in the background (a dry run: nothing is written)."""
        path, kind, preset = self.choice()
        ws = self.ctx.workspace

        def work(progress: Any, cancelled: Any) -> ImportReport:
            return import_csv(ws, kind, path, preset=preset, dry_run=True, progress=progress)

        self.ctx.tasks.run(
            work,
            title=f"Checking {path.name}",
            on_done=lambda report: self._checked(report, None),
            on_error=lambda exc: self._checked(None, exc),
            cancellable=False,
            key=f"import-check@{id(self)}",  # the file chosen last answers
        )

    def _checked(self, report: ImportReport | None, exc: BaseException | None) -> None:
        self.check_page.show_result(report, exc)
        self.check_finished.emit()

    # ----- the import -------------------------------------------------------------------------

    def start_import(self) -> None:
        """Run the import in the background, with progress and Cancel."""
        path, kind, preset = self.choice()
        ws = self.ctx.workspace
        self._cancel.clear()
        self._running = True
        self.button(QWizard.WizardButton.CancelButton).setEnabled(True)

        def work(progress: Any, _cancelled: Any) -> ImportReport:
            return import_csv(
                ws, kind, path, preset=preset, progress=progress, cancel=self._cancel.is_set
            )

        # Cancel is handled by the import itself (see the module docstring), not the runner.
        task = self.ctx.tasks.run(
            work,
            title=f"Importing {path.name}",
            on_done=self._imported,
            on_error=self._import_failed,
            cancellable=False,
        )
        task.progressed.connect(self._progressed)

    def _progressed(self, fraction: float, message: str) -> None:
        self.import_page.progress.setValue(int(fraction * 100))
        if message and not self._cancel.is_set():
            self.import_page.message.setText(f"Importing… {message}")

    def cancel_import(self) -> None:
        """Ask the running import to stop; the workspace stays as it was."""
        if self._running:
            self._cancel.set()
            self.import_page.cancel_button.setEnabled(False)
            self.import_page.message.setText("Cancelling… nothing will be changed.")

    def finish_closing(self) -> None:
        """Close now if the user asked to while the import ran."""
        if self._close_when_done:
            super().reject()

    def _imported(self, report: ImportReport) -> None:
        self._running = False
        self.report = report
        page = self.import_page
        page.progress.setValue(100)
        page.cancel_button.setEnabled(False)
        page.message.setText("Imported.")
        page.details.setPlainText("\n".join(report.lines()))
        page.finished_ok = True
        page.completeChanged.emit()
        self.button(QWizard.WizardButton.CancelButton).setEnabled(False)
        # The whole workspace may have changed: every page reloads.
        self.ctx.data_replaced()
        self.import_finished.emit(report)
        if self._close_when_done:
            super().reject()

    def _import_failed(self, exc: BaseException) -> None:
        self._running = False
        page = self.import_page
        page.cancel_button.setEnabled(False)
        if isinstance(exc, Cancelled):
            page.message.setText("Import cancelled. Nothing was changed.")
            self.import_cancelled.emit()
        elif isinstance(exc, ImportProblem):
            page.message.setText(f"The file was refused: {exc}. Nothing was changed.")
            page.details.setPlainText("\n".join(plain_problem(p) for p in exc.problems))
        else:
            page.message.setText(f"The import failed: {exc}. Nothing was changed.")
        page.message.setStyleSheet(
            "" if isinstance(exc, Cancelled) else f"color: {style.tone('red').name()};"
        )
        if self._close_when_done:
            super().reject()

    def reject(self) -> None:
        """Close; a running import is cancelled first (the window closes when it has stopped)."""
        if self._running:
            self._close_when_done = True
            self.cancel_import()
            return
        if self.crm_import_page.running:
            self._close_when_done = True
            self.crm_import_page.cancel()
            return
        self.review_page.stop()  # a dry run writes nothing: just stop it
        super().reject()

    @property
    def running(self) -> bool:
        """True while an import is under way."""
        return self._running or self.crm_import_page.running


def dropped_paths(mime: QMimeData) -> list[Path]:
    """Return the files and folders dropped that the wizard takes (ZIP, CSV, text, XLSX, folder)."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.exists() and droppable(p)]


def open_with(ctx: AppContext, parent: QWidget | None, paths: list[Path]) -> ImportWizard:
    """Open the import wizard on `paths` (dropped on the window), without blocking; return it."""
    wizard = ImportWizard(ctx, parent, paths=paths)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return_focus(wizard).open()
    return wizard
