"""An .ics file or a calendar zip dropped on the main window: whose calendar is it? Then capture.

A dropped path is a calendar when it is an .ics file (or .ical, .icalendar), or a zip or folder
holding calendar files and no CRM export (CSV, XLSX): those still open the import wizard. The
executive is guessed from the file (Google names its export after the address; an exported
calendar names its owner most often) and confirmed by the person dropping it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.focus_return import return_focus

if TYPE_CHECKING:
    from fieldvisit.calendar_sources import ExecutiveCalendar
    from fieldvisit.ui.dialogs.capture_run import CaptureRunner

CALENDAR_SUFFIXES = (".ics", ".ical", ".icalendar")
EXPORT_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xls")
LOOKED_AT = 400  # entries of a folder or zip looked at
HEAD_BYTES = 512 * 1024  # of a calendar file, read to guess its owner


def _names_inside(path: Path) -> list[str]:
    if path.is_dir():
        return [p.name for _, p in zip(range(LOOKED_AT), path.rglob("*"), strict=False)]
    try:
        with zipfile.ZipFile(path) as archive:
            return [Path(n).name for n in archive.namelist()[:LOOKED_AT]]
    except (zipfile.BadZipFile, OSError):
        return []


def is_calendar(path: Path) -> bool:
    """Return True for a calendar file, or a zip or folder of calendars (and no CRM export)."""
    name = path.name.lower()
    if path.is_file() and name.endswith(CALENDAR_SUFFIXES):
        return True
    if path.is_dir() or (path.is_file() and name.endswith(".zip")):
        inside = [n.lower() for n in _names_inside(path)]
        return any(n.endswith(CALENDAR_SUFFIXES) for n in inside) and not any(
            n.endswith(EXPORT_SUFFIXES) for n in inside
        )
    return False


def calendar_paths(mime: QMimeData) -> list[Path]:
    """Return the dropped paths when every one is a calendar (else none: the importer's turn)."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    if paths and all(p.exists() and is_calendar(p) for p in paths):
        return paths
    return []


def _head(path: Path) -> str:
    """Return the start of a calendar file's text (or of a zip's first calendar), lower-case."""
    try:
        if path.is_file() and path.name.lower().endswith(CALENDAR_SUFFIXES):
            with path.open("rb") as handle:
                return handle.read(HEAD_BYTES).decode("utf-8", "replace").lower()
        if path.is_file():
            with zipfile.ZipFile(path) as archive:
                first = next(
                    (n for n in archive.namelist() if n.lower().endswith(CALENDAR_SUFFIXES)), None
                )
                if first is not None:
                    with archive.open(first) as handle:
                        return handle.read(HEAD_BYTES).decode("utf-8", "replace").lower()
    except (OSError, zipfile.BadZipFile):
        pass
    return ""


def guess_owner(
    paths: Sequence[Path], calendars: Sequence[ExecutiveCalendar]
) -> ExecutiveCalendar | None:
    """Return the executive the dropped calendar most likely belongs to (None: no idea)."""
    with_email = [c for c in calendars if c.email]
    for cal in with_email:  # Google's export: <address>.ical.zip
        if any(str(cal.email).lower() in p.name.lower() for p in paths):
            return cal
    text = _head(paths[0]) if paths else ""
    counts = [(text.count(str(c.email).lower()), c) for c in with_email]
    best = max(counts, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] else None


class WhoseCalendarDialog(QDialog):
    """Asks which executive's calendar was dropped, and whether to keep it as their source."""

    def __init__(
        self,
        paths: Sequence[Path],
        calendars: Sequence[ExecutiveCalendar],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.paths = list(paths)
        self.calendars = [c for c in calendars if c.email]
        name = self.paths[0].name if len(self.paths) == 1 else f"these {len(self.paths)} calendars"
        self.setWindowTitle("Capture a calendar")
        self.setMinimumWidth(480)
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        col.setSpacing(style.SPACE_M + 4)
        question = style.label(f"Whose calendar is {name}?", wrap=True)
        question.setFont(style.section_font())
        col.addWidget(question)
        col.addWidget(
            style.label(
                "Their customer meetings become visits: past ones done, coming ones planned. "
                "The calendar is only read.",
                role="muted",
                wrap=True,
            )
        )
        form = QFormLayout()
        self.executive_box = QComboBox(self)
        self.executive_box.setAccessibleName("Executive")
        for cal in self.calendars:
            self.executive_box.addItem(f"{cal.name} ({cal.email})", cal.pk)
        guess = guess_owner(self.paths, self.calendars)
        if guess is not None:
            self.executive_box.setCurrentIndex(self.calendars.index(guess))
        who = QLabel("&Executive:", self)
        who.setBuddy(self.executive_box)
        form.addRow(who, self.executive_box)
        col.addLayout(form)
        self.keep_box = QCheckBox("&Use this file as their calendar from now on", self)
        self.keep_box.setVisible(len(self.paths) == 1)
        col.addWidget(self.keep_box)
        buttons = QDialogButtonBox(self)
        self.capture_button = buttons.addButton("&Capture", QDialogButtonBox.ButtonRole.AcceptRole)
        self.capture_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        col.addWidget(buttons)
        self.executive_box.currentIndexChanged.connect(self._suggest_keeping)
        self._suggest_keeping()
        self.executive_box.setFocus()

    def executive(self) -> ExecutiveCalendar | None:
        row = self.executive_box.currentIndex()
        return self.calendars[row] if 0 <= row < len(self.calendars) else None

    def _suggest_keeping(self, *_args: object) -> None:
        cal = self.executive()
        # Keep it when they have no calendar yet; replacing one is a choice made on purpose.
        self.keep_box.setChecked(cal is not None and not cal.has_source)


def capture_dropped(
    ctx: AppContext, window: QWidget, paths: Sequence[Path]
) -> WhoseCalendarDialog | None:
    """Ask whose calendar the dropped files are, then capture them (without blocking)."""
    from fieldvisit.calendar_sources import executive_calendars
    from fieldvisit.ui.plain_text import tell

    with ctx.workspace.connect() as conn:
        calendars = executive_calendars(conn)
    if not any(c.email for c in calendars):
        tell(
            window,
            "Capture a calendar",
            "No executive with an e-mail address in this workspace: import your executives "
            "first (Ctrl+I), then drop their calendar again.",
        )
        return None
    dialog = WhoseCalendarDialog(paths, calendars, window)
    dialog.accepted.connect(lambda: _capture(ctx, window, dialog))
    return_focus(dialog).open()
    return dialog


def _capture(ctx: AppContext, window: QWidget, dialog: WhoseCalendarDialog) -> CaptureRunner | None:
    from fieldvisit.calendar_sources import set_calendar_source
    from fieldvisit.ui.dialogs.capture_run import CaptureJob, CaptureRunner
    from fieldvisit.ui.dialogs.capture_summary import show_summary

    cal = dialog.executive()
    if cal is None or not cal.email:
        return None
    email = cal.email
    if dialog.keep_box.isChecked() and len(dialog.paths) == 1:
        with ctx.workspace.begin() as conn:
            set_calendar_source(conn, email, path=dialog.paths[0])
    runner = CaptureRunner(ctx, window)
    window.setProperty("capture_runner", runner)  # tests and screenshots find it here

    def finished(outcomes: object) -> None:
        show_summary(ctx, window, outcomes, failure=runner.failure)  # type: ignore[arg-type]

    runner.finished.connect(finished)
    runner.start([CaptureJob(cal.name, email, path) for path in dialog.paths])
    return runner
