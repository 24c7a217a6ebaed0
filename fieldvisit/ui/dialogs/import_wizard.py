"""The import wizard: pick a CSV file, check it (a dry run), then import it — all or nothing.

Both the check and the import run in the background. The import is one transaction in the core
(`fieldvisit.ingest.import_csv`): a refused file, an error or Cancel leaves the workspace exactly
as it was. Cancel goes to the import itself (its `cancel` callback), so "cancelled" is only ever
reported when nothing was committed.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fieldvisit.errors import Cancelled, ImportProblem
from fieldvisit.ingest import KIND_NAMES, PRESET_NAMES, ImportReport, import_csv
from fieldvisit.ingest.presets import PRESETS
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext

KIND_WORDS = {
    "executives": "Executives",
    "reps": "Sales reps",
    "accounts": "Accounts",
    "contacts": "Contacts",
    "deals": "Deals",
    "stage-history": "Stage history of deals",
    "activities": "Activities (calls, e-mails, meetings)",
    "visits": "Visits",
}
_LINE = re.compile(r"^(?P<file>.*?):(?P<row>\d+):(?:(?P<column>[^:]*):)? (?P<reason>.*)$")


def plain_problem(line: str) -> str:
    """Return a `file:row:column: reason` line as "Row 14, column close_date: reason"."""
    match = _LINE.match(line)
    if match is None:
        return line
    row = int(match["row"])
    where = "The header" if row == 1 and not match["column"] else f"Row {row}"
    if match["column"]:
        where += f", column {match['column']}"
    return f"{where}: {match['reason']}"


def guess_kind(path: str) -> str | None:
    """Return the kind a file name suggests ("deals.csv" → deals), or None."""
    stem = Path(path).stem.lower().replace("_", "-").replace(" ", "-")
    for kind in sorted(KIND_NAMES, key=len, reverse=True):
        if kind in stem or kind.rstrip("s") in stem:
            return kind
    return None


class _FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.setTitle("Which file?")
        self.setSubTitle(
            "A CSV export from your CRM. Nothing changes until you confirm the import, and a "
            "file with problems is never half-imported."
        )
        form = QFormLayout(self)
        form.setVerticalSpacing(style.SPACE_M)
        row = QHBoxLayout()
        self.path = QLineEdit(self)
        self.path.setAccessibleName("CSV file")
        self.path.setPlaceholderText("Choose a .csv file")
        browse = QPushButton("Choose…", self)
        browse.setAccessibleName("Choose a CSV file")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("File", row)
        self.kind = QComboBox(self)
        self.kind.setAccessibleName("What the file holds")
        for kind in KIND_NAMES:
            self.kind.addItem(KIND_WORDS.get(kind, kind), kind)
        form.addRow("It holds", self.kind)
        self.preset = QComboBox(self)
        self.preset.setAccessibleName("Which CRM exported it")
        for name in PRESET_NAMES:
            label = "Generic Field Visit format" if name == "generic" else PRESETS[name].label
            self.preset.addItem(label, name)
        form.addRow("Exported from", self.preset)
        self.path.textChanged.connect(self._path_changed)
        self.registerField("path*", self.path)

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose a CSV file", self.path.text(), "CSV files (*.csv *.txt);;All files (*)"
        )
        if chosen:
            self.path.setText(chosen)

    def _path_changed(self, text: str) -> None:
        kind = guess_kind(text)
        if kind is not None:
            self.kind.setCurrentIndex(self.kind.findData(kind))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return Path(self.path.text().strip()).is_file()


class _CheckPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle("Checking the file")
        col = QVBoxLayout(self)
        self.summary = style.label("", wrap=True)
        self.summary.setAccessibleName("What the check found")
        col.addWidget(self.summary)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Problems and warnings")
        col.addWidget(self.details, 1)
        self.ok = False

    def initializePage(self) -> None:  # noqa: N802
        self.ok = False
        self.summary.setText("Reading and checking every row… nothing is written.")
        self.details.clear()
        self.wiz.start_check()

    def show_result(self, report: ImportReport | None, problem: BaseException | None) -> None:
        if isinstance(problem, ImportProblem):
            more = problem.total - len(problem.problems)
            self.summary.setText(
                f"This file cannot be imported: {style.plural(problem.total, 'problem')}. "
                "Nothing was imported. Fix the file and choose it again."
            )
            self.summary.setStyleSheet(f"color: {style.tone('red').name()};")
            lines = [plain_problem(p) for p in problem.problems]
            if more > 0:
                lines.append(f"… and {style.plural(more, 'more problem')}")
            self.details.setPlainText("\n".join(lines))
        elif problem is not None:
            self.summary.setText(f"The file could not be read: {problem}")
            self.summary.setStyleSheet(f"color: {style.tone('red').name()};")
        elif report is not None:
            self.ok = True
            self.summary.setStyleSheet("")
            self.summary.setText("The file is fine. Press Import to bring it in.")
            self.details.setPlainText("\n".join(report.lines()))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return self.ok


class _ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle("Importing")
        col = QVBoxLayout(self)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Import progress")
        self.progress.setRange(0, 100)
        col.addWidget(self.progress)
        self.message = style.label("", wrap=True)
        self.message.setAccessibleName("Import status")
        col.addWidget(self.message)
        self.cancel_button = QPushButton("Cancel import", self)
        self.cancel_button.setAccessibleName("Cancel import")
        self.cancel_button.clicked.connect(wizard.cancel_import)
        col.addWidget(self.cancel_button)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Import report")
        col.addWidget(self.details, 1)
        self.finished_ok = False

    def initializePage(self) -> None:  # noqa: N802
        self.finished_ok = False
        self.progress.setValue(0)
        self.message.setText("Importing… you can keep working; Cancel leaves everything as it was.")
        self.cancel_button.setEnabled(True)
        self.wiz.start_import()

    def isComplete(self) -> bool:  # noqa: N802
        return self.finished_ok


class ImportWizard(QWizard):
    """File, kind and preset → a checked preview → the import with progress and Cancel."""

    import_finished = Signal(object)  # ImportReport
    import_cancelled = Signal()
    check_finished = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Import CSV")
        self.setAccessibleName("Import a CSV file")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.resize(760, 560)
        self.file_page = _FilePage(self)
        self.check_page = _CheckPage(self)
        self.import_page = _ImportPage(self)
        for page in (self.file_page, self.check_page, self.import_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, "Check file")
        self.check_page.setButtonText(QWizard.WizardButton.NextButton, "Import")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Done")
        self._cancel = threading.Event()
        self._running = False
        self._close_when_done = False
        self._generation = 0
        self.report: ImportReport | None = None

    # ----- what the user chose ------------------------------------------------------------

    def choice(self) -> tuple[Path, str, str]:
        """Return the chosen file, kind and preset."""
        page = self.file_page
        return Path(page.path.text().strip()), page.kind.currentData(), page.preset.currentData()

    # ----- the check (dry run) --------------------------------------------------------------

    def start_check(self) -> None:
        """Check the chosen file in the background (a dry run: nothing is written)."""
        self._generation += 1
        generation = self._generation
        path, kind, preset = self.choice()
        ws = self.ctx.workspace

        def work(progress: Any, cancelled: Any) -> ImportReport:
            return import_csv(ws, kind, path, preset=preset, dry_run=True, progress=progress)

        self.ctx.tasks.run(
            work,
            title=f"Checking {path.name}",
            on_done=lambda report: self._checked(generation, report, None),
            on_error=lambda exc: self._checked(generation, None, exc),
            cancellable=False,
        )

    def _checked(
        self, generation: int, report: ImportReport | None, exc: BaseException | None
    ) -> None:
        if generation != self._generation:
            return
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
        self.ctx.deals_changed.emit()
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
        super().reject()

    @property
    def running(self) -> bool:
        """True while an import is under way."""
        return self._running
