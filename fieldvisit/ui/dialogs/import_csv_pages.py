"""The import wizard's pages for one CSV file (generic format or a CRM preset): file, check, import.

The wizard (`import_wizard.ImportWizard`) runs the check and the import; these pages ask and show.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from fieldvisit.errors import ImportProblem
from fieldvisit.ingest import KIND_NAMES, PRESET_NAMES, ImportReport
from fieldvisit.ingest.crm.wizard_words import KIND_WORDS
from fieldvisit.ingest.presets import PRESETS
from fieldvisit.ui import file_dialogs, style
from fieldvisit.ui.plain_text import as_text

if TYPE_CHECKING:
    from fieldvisit.ui.dialogs.import_wizard import ImportWizard

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


SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def refusal_words(problem: ImportProblem, path: str) -> str:
    """Return why a whole file was refused, and what to do, in plain words."""
    reason = str(problem).strip()
    if not reason.endswith("."):
        reason += "."
    if "nothing was imported" not in reason.lower():
        reason += " Nothing was imported."
    if Path(path.strip()).suffix.lower() in SPREADSHEET_SUFFIXES:
        reason += (
            " A CRM's spreadsheet export can be read as it is: go Back and choose the CRM it "
            "came from."
        )
    return f"This file cannot be imported: {reason}"


def guess_kind(path: str) -> str | None:
    """Return the kind a file name suggests ("deals.csv" → deals), or None."""
    stem = Path(path).stem.lower().replace("_", "-").replace(" ", "-")
    for kind in sorted(KIND_NAMES, key=len, reverse=True):
        if kind in stem or kind.rstrip("s") in stem:
            return kind
    return None


class FilePage(QWizardPage):
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
        browse = QPushButton("&Choose…", self)
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
        chosen = file_dialogs.open_file(
            self, "import", "Choose a CSV file", "CSV files (*.csv *.txt);;All files (*)"
        )
        if chosen is not None:
            self.path.setText(str(chosen))

    def _path_changed(self, text: str) -> None:
        kind = guess_kind(text)
        if kind is not None:
            self.kind.setCurrentIndex(self.kind.findData(kind))
        self.completeChanged.emit()

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        given = self.wizard().source_page.chosen_paths()  # type: ignore[attr-defined]
        if given and not self.path.text() and given[0].is_file():
            self.path.setText(str(given[0]))

    def isComplete(self) -> bool:  # noqa: N802
        return Path(self.path.text().strip()).is_file()


class CheckPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle("Checking the file")
        col = QVBoxLayout(self)
        self.summary = style.label("", wrap=True)
        self.summary.setAccessibleName("What the check found")
        col.addWidget(self.summary)
        # With the problem box hidden (a file refused as a whole), the reason stays at the top.
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
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
        self.details.setVisible(True)
        if isinstance(problem, ImportProblem) and not problem.problems:
            # Refused as a whole (not a CSV file, unreadable, a wrong preset): the reason is the
            # message itself; "0 problems" over an empty box would hide it.
            self.summary.setText(as_text(refusal_words(problem, self.wiz.file_page.path.text())))
            self.summary.setStyleSheet(f"color: {style.tone('red').name()};")
            self.details.setVisible(False)
        elif isinstance(problem, ImportProblem):
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


class ImportPage(QWizardPage):
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

    def nextId(self) -> int:  # noqa: N802
        return -1
