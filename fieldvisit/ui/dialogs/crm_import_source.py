"""The import wizard's first page: which CRM, and its export as downloaded (ZIP, folder, files).

File dialogs are the platform's own and start in the folder last used (Documents the first
time). The CRM is guessed from the files where it is plain and can always be changed; "A CSV
file" leads to the generic one-file import. The zone of date-times the export writes without
one defaults to this computer's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import available_timezones

from PySide6.QtCore import QTimeZone
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from fieldvisit.ingest.crm.wizard_words import CRM_LABELS, CRMS, GENERIC, guess_crm
from fieldvisit.ui import file_dialogs, style
from fieldvisit.ui.workspaces import ui_settings
from fieldvisit.zones import zone_named

if TYPE_CHECKING:
    from fieldvisit.ui.dialogs.import_wizard import ImportWizard

LAST_CRM_KEY = "import/last_crm"
LAST_PATHS_KEY = "import/last_paths"
FILE_FILTER = "CRM exports (*.zip *.csv *.txt *.tsv *.xlsx);;All files (*)"
_RADIO_WORDS = {
    "salesforce": "&Salesforce",
    "hubspot": "&HubSpot",
    "pipedrive": "&Pipedrive",
    GENERIC: "A &CSV file (Field Visit's format, or one CRM file with a preset)",
}


def remember_export(crm: str, paths: list[Path]) -> None:
    """Remember the export last imported, so choosing executives later starts from it."""
    settings = ui_settings()
    settings.setValue(LAST_CRM_KEY, crm)
    settings.setValue(LAST_PATHS_KEY, [str(p) for p in paths])


def last_export() -> tuple[str, list[Path]] | None:
    """Return the CRM and paths last imported, when the files are still there."""
    settings = ui_settings()
    crm: Any = settings.value(LAST_CRM_KEY, "")
    raw: Any = settings.value(LAST_PATHS_KEY, [])
    paths = [Path(p) for p in ([raw] if isinstance(raw, str) else list(raw or []))]
    if crm in CRMS and paths and all(p.exists() for p in paths):
        return str(crm), paths
    return None


def local_zone() -> str:
    """Return this computer's time zone name (UTC when it has none by name)."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"
    try:
        zone_named(name)
    except ValueError:
        return "UTC"
    return name


class SourcePage(QWizardPage):
    """Which CRM, the export's files, and the zone of its bare date-times."""

    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle("What do you import?")
        self.setSubTitle(
            "Your CRM's export as you downloaded it: the ZIP, its folder or its files. Nothing "
            "changes until you confirm, and an export with problems is never half-imported."
        )
        col = QVBoxLayout(self)
        col.setSpacing(style.SPACE_M)
        col.addWidget(style.label("Exported from", bold=True))
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        choices = QHBoxLayout()
        for crm in (*CRMS, GENERIC):
            radio = QRadioButton(_RADIO_WORDS[crm], self)
            radio.setAccessibleName(CRM_LABELS[crm] if crm != GENERIC else "A CSV file")
            self.group.addButton(radio)
            self.radios[crm] = radio
            radio.toggled.connect(self._crm_changed)
            if crm != GENERIC:
                choices.addWidget(radio)
        choices.addStretch(1)
        col.addLayout(choices)
        col.addWidget(self.radios[GENERIC])
        self.guess = style.label("", role="muted", wrap=True)
        self.guess.setAccessibleName("Which CRM the files look like")
        col.addWidget(self.guess)

        self.export_box = QWidget(self)
        box = QVBoxLayout(self.export_box)
        box.setContentsMargins(0, style.SPACE_S, 0, 0)
        box.setSpacing(style.SPACE_S)
        box.addWidget(style.label("The export", bold=True))
        row = QHBoxLayout()
        self.paths = QListWidget(self)
        self.paths.setAccessibleName("Export files and folders")
        self.paths.setMinimumHeight(96)
        row.addWidget(self.paths, 1)
        buttons = QVBoxLayout()
        self.files_button = QPushButton("Choose &files…", self)
        self.files_button.setAccessibleName("Choose export files (ZIP, CSV, text, XLSX)")
        self.files_button.clicked.connect(self.choose_files)
        self.folder_button = QPushButton("Choose f&older…", self)
        self.folder_button.setAccessibleName("Choose an export folder")
        self.folder_button.clicked.connect(self.choose_folder)
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.setAccessibleName("Remove the chosen file from the list")
        self.remove_button.clicked.connect(self._remove)
        for b in (self.files_button, self.folder_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        row.addLayout(buttons)
        box.addLayout(row)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.zone = QComboBox(self)
        self.zone.setEditable(True)
        self.zone.setAccessibleName("Time zone of times written without one")
        self.zone.addItems(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))
        self.zone.setCurrentText(local_zone())
        self.zone.setMinimumWidth(240)
        self.zone.currentTextChanged.connect(lambda _t: self.completeChanged.emit())
        form.addRow("Times without a zone are in", self.zone)
        box.addLayout(form)
        self.zone_hint = style.label(
            "Salesforce reports and HubSpot write times in the zone of the person who exported "
            "them; the Data Export, Data Loader and Pipedrive say their own.",
            role="muted",
            wrap=True,
            size=style.SMALL_PT,
        )
        box.addWidget(self.zone_hint)
        col.addWidget(self.export_box, 1)
        self.generic_hint = style.label(
            "Next, choose the file and what it holds (accounts, deals, executives, …).",
            role="muted",
            wrap=True,
        )
        col.addWidget(self.generic_hint)
        self.radios["salesforce"].setChecked(True)

    # ----- what was chosen ---------------------------------------------------------------------

    def crm(self) -> str:
        """Return the CRM chosen ("salesforce", "hubspot", "pipedrive" or "generic")."""
        return next(crm for crm, radio in self.radios.items() if radio.isChecked())

    def set_crm(self, crm: str) -> None:
        self.radios[crm].setChecked(True)

    def chosen_paths(self) -> list[Path]:
        """Return the files and folders in the list, in order."""
        return [Path(self.paths.item(i).text()) for i in range(self.paths.count())]

    def zone_name(self) -> str | None:
        """Return the zone typed or chosen, or None when it is no zone."""
        text = self.zone.currentText().strip()
        try:
            zone_named(text)
        except ValueError:
            return None
        return text

    def set_paths(self, paths: list[Path], *, guess: bool = True) -> None:
        """Show these files and folders and, where they plainly say so, choose their CRM."""
        self.paths.clear()
        for path in paths:
            self.paths.addItem(str(path))
        if paths:
            self.paths.setCurrentRow(0)
        if guess:
            self._guess()
        self.completeChanged.emit()

    def _add(self, paths: list[Path]) -> None:
        known = self.chosen_paths()
        self.set_paths(known + [p for p in paths if p not in known])

    def _guess(self) -> None:
        paths = self.chosen_paths()
        found = guess_crm(paths) if paths else None
        if found is not None:
            self.set_crm(found)
            self.guess.setText(
                f"These files look like a {CRM_LABELS[found]} export; choose another CRM above "
                "if they are not."
            )
        elif paths:
            self.guess.setText("Choose which CRM these files come from.")
        else:
            self.guess.setText("")

    # ----- choosing ----------------------------------------------------------------------------

    def choose_files(self) -> None:
        """Ask for export files (a ZIP, CSV, text or XLSX files) with the platform's dialog."""
        paths = file_dialogs.open_files(self, "import", "Choose the export's files", FILE_FILTER)
        if paths:
            self._add(paths)

    def choose_folder(self) -> None:
        """Ask for a folder holding the export's files."""
        chosen = file_dialogs.existing_folder(self, "import", "Choose the export's folder")
        if chosen is not None:
            self._add([chosen])

    def _remove(self) -> None:
        row = self.paths.currentRow()
        if row >= 0:
            self.paths.takeItem(row)
            self._guess()
            self.completeChanged.emit()

    def _crm_changed(self, checked: bool) -> None:
        if not checked:
            return
        generic = self.crm() == GENERIC
        self.export_box.setVisible(not generic)
        self.generic_hint.setVisible(generic)
        self.completeChanged.emit()

    # ----- QWizardPage -------------------------------------------------------------------------

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        if self.crm() == GENERIC:
            return True
        paths = self.chosen_paths()
        return bool(paths) and all(p.exists() for p in paths) and self.zone_name() is not None

    def nextId(self) -> int:  # noqa: N802
        return self.wiz.file_id if self.crm() == GENERIC else self.wiz.review_id
