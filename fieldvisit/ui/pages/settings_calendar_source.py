"""One executive's calendar source on Settings › Executives' calendars: an exported file, folder
or zip (the system's file dialog starts in the last folder used, else Documents) or a CalDAV
address and user, its password only in the keychain (`ctx.secrets`, or this session's memory
when there is no keychain, which is said)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldvisit import secrets
from fieldvisit.calendar_sources import ExecutiveCalendar, set_calendar_source
from fieldvisit.errors import FieldVisitError
from fieldvisit.ui import file_dialogs, style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.pages.settings_passwords import keychain_available

CALENDAR_FILTER = "Calendars (*.ics *.ical *.icalendar *.zip);;All files (*)"
EXPORT_HINT = (
    "Outlook: File › Save Calendar, with full details. Google: Settings › Import & export › "
    "Export (a zip). Apple: File › Export."
)
Typed = tuple[bool, str, str, str, str]  # CalDAV?, path, address, user, password


def button(words: str, slot: Any, parent: QWidget, primary: bool = False) -> QPushButton:
    """Return a button with an accessible name (its words without the mnemonic)."""
    b = QPushButton(words, parent)
    b.setAccessibleName(words.replace("&", ""))
    if primary:
        b.setProperty("primary", True)
    b.clicked.connect(lambda _c=False: slot())
    return b


class SourceEditor(QWidget):
    """The chosen executive's calendar: kind, file or CalDAV fields, Save and Forget."""

    said = Signal(str, bool)  # words, warn
    saved = Signal()  # a source was stored or forgotten: the table reloads

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.calendar: ExecutiveCalendar | None = None
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(style.SPACE_M)
        self.title = style.label("", bold=True)
        col.addWidget(self.title)
        kinds = QHBoxLayout()
        self.file_kind = QRadioButton("E&xported file, folder or zip", self)
        self.caldav_kind = QRadioButton("Cal&DAV calendar", self)
        self.kind_group = QButtonGroup(self)
        for b in (self.file_kind, self.caldav_kind):
            self.kind_group.addButton(b)
            kinds.addWidget(b)
        kinds.addStretch(1)
        self.file_kind.setChecked(True)
        col.addLayout(kinds)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(style.SPACE_L)
        self.form.setVerticalSpacing(style.SPACE_M)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName("Exported calendar: file, folder or zip")
        self.path_edit.setPlaceholderText("An .ics file, a folder of them, or Google's .zip")
        self.path_edit.returnPressed.connect(self.save)
        self.choose_file = button("&Choose file…", self.pick_file, self)
        self.choose_folder = button("Choose &folder…", self.pick_folder, self)
        self.path_row = QWidget(self)
        row = QHBoxLayout(self.path_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_file)
        row.addWidget(self.choose_folder)
        self._row("F&ile:", self.path_row, self.path_edit)
        self.hint = style.label(EXPORT_HINT, role="muted", wrap=True, size=style.SMALL_PT)
        self.form.addRow("", self.hint)
        self.url_edit = QLineEdit(self)
        self.url_edit.setAccessibleName("CalDAV address")
        self.url_edit.setPlaceholderText("https://calendar.example.com/dav/calendars/dana/work/")
        self.user_edit = QLineEdit(self)
        self.user_edit.setAccessibleName("CalDAV user")
        self.password_edit = QLineEdit(self)
        self.password_edit.setAccessibleName("CalDAV password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_note = style.label("", role="muted", wrap=True, size=style.SMALL_PT)
        self._row("Addr&ess:", self.url_edit)
        self._row("&User:", self.user_edit)
        self._row("&Password:", self.password_edit)
        self.form.addRow("", self.password_note)
        col.addLayout(self.form)
        buttons = QHBoxLayout()
        self.save_button = button("&Save calendar", self.save, self)
        self.forget_button = button("Fo&rget", self.forget, self)
        self.forget_button.setToolTip("Forget where this calendar is; captured visits stay")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.forget_button)
        buttons.addStretch(1)
        col.addLayout(buttons)
        self.file_kind.toggled.connect(self._show_kind)
        self._show_kind()

    def _row(self, words: str, field: QWidget, buddy: QWidget | None = None) -> None:
        lab = QLabel(words, self)
        lab.setBuddy(buddy or field)
        self.form.addRow(lab, field)

    # ----- showing ---------------------------------------------------------------------------

    def show_calendar(self, cal: ExecutiveCalendar | None, keep: Typed | None = None) -> None:
        """Show an executive's source (`keep`: what was typed for them and not saved yet)."""
        self.calendar = cal
        self.title.setText(f"Calendar of {cal.name}" if cal else "Calendar")
        self.path_edit.setText(cal.path or "" if cal else "")
        self.url_edit.setText(cal.caldav_url or "" if cal else "")
        self.user_edit.setText(cal.caldav_user or "" if cal else "")
        self.password_edit.clear()
        (self.caldav_kind if cal and cal.caldav_url else self.file_kind).setChecked(True)
        if keep is not None:
            caldav, path, url, user, password = keep
            (self.caldav_kind if caldav else self.file_kind).setChecked(True)
            self.path_edit.setText(path)
            self.url_edit.setText(url)
            self.user_edit.setText(user)
            self.password_edit.setText(password)
        usable = cal is not None and bool(cal.email)
        for w in (self.file_kind, self.caldav_kind, self.path_row, self.url_edit, self.user_edit,
                  self.password_edit, self.save_button):  # fmt: skip
            w.setEnabled(usable)
        self.forget_button.setEnabled(usable and bool(cal and cal.has_source))
        self._show_password_note()

    def typed(self) -> Typed:
        return (
            self.caldav_kind.isChecked(),
            self.path_edit.text(),
            self.url_edit.text(),
            self.user_edit.text(),
            self.password_edit.text(),
        )

    def _show_kind(self) -> None:
        caldav = self.caldav_kind.isChecked()
        self.form.setRowVisible(self.path_row, not caldav)
        self.form.setRowVisible(self.hint, not caldav)
        for field in (self.url_edit, self.user_edit, self.password_edit, self.password_note):
            self.form.setRowVisible(field, caldav)

    def _show_password_note(self) -> None:
        store = self.ctx.secrets
        url, user = self.url_edit.text().strip(), self.user_edit.text().strip()
        key = secrets.caldav_key(user, url)
        stored = bool(url and user and store is not None and store.get(key))
        self.password_edit.setPlaceholderText(
            "Stored: type to replace it" if stored else "Asked for at the first capture if empty"
        )
        if store is not None and keychain_available(store):
            where = f"this computer's keychain ({store.backend_name()})"
            self.password_note.setText(f"Kept in {where}, never in the workspace.")
        else:
            self.password_note.setText(
                "No keychain is available on this computer: the password is kept only until "
                "Field Visit closes, and asked for again next time. It is never written to the "
                "workspace."
            )

    # ----- saving ----------------------------------------------------------------------------

    def edited(self) -> bool:
        """Return True when the source on screen differs from the stored one."""
        cal = self.calendar
        if cal is None or not cal.email:
            return False
        if self.password_edit.text():
            return True
        if self.caldav_kind.isChecked():
            typed = (self.url_edit.text().strip(), self.user_edit.text().strip())
            return typed != (cal.caldav_url or "", cal.caldav_user or "")
        path = self.path_edit.text().strip()
        return bool(path) and path != (cal.path or "")

    def save(self) -> bool:
        """Store the source on screen for the executive shown; say what happened."""
        cal = self.calendar
        if cal is None or not cal.email:
            return False
        note = ""
        try:
            if self.caldav_kind.isChecked():
                url, user = self.url_edit.text().strip(), self.user_edit.text().strip()
                with self.ctx.workspace.begin() as conn:
                    set_calendar_source(conn, cal.email, caldav_url=url, caldav_user=user)
                note = self._store_password(url, user)
                where = url
            else:
                typed = self.path_edit.text().strip()
                if not typed:
                    raise FieldVisitError("Choose the exported calendar first.")
                path = Path(typed).expanduser()
                if not path.exists():
                    raise FieldVisitError(f"There is no file or folder {path}.")
                with self.ctx.workspace.begin() as conn:
                    set_calendar_source(conn, cal.email, path=path)
                where = path.name
        except FieldVisitError as exc:
            self.said.emit(f"Not saved. {exc}", True)
            return False
        self.saved.emit()
        self.said.emit(f"{cal.name}'s calendar: {where}. Saved.{note}", False)
        return True

    def _store_password(self, url: str, user: str) -> str:
        typed = self.password_edit.text()
        self.password_edit.clear()
        if not typed or self.ctx.secrets is None:
            return ""
        kept = self.ctx.secrets.set(secrets.caldav_key(user, url), typed)
        return (
            " Password saved in the keychain."
            if kept
            else " Password kept in memory until Field Visit closes (no keychain)."
        )

    def forget(self) -> None:
        """Forget the executive's calendar (and its CalDAV password); captured visits stay."""
        cal = self.calendar
        if cal is None or not cal.email or not cal.has_source:
            return
        with self.ctx.workspace.begin() as conn:
            set_calendar_source(conn, cal.email)
        if cal.caldav_url and self.ctx.secrets is not None:
            self.ctx.secrets.delete(secrets.caldav_key(cal.caldav_user or "", cal.caldav_url))
        self.saved.emit()
        self.said.emit(
            f"{cal.name}'s calendar is forgotten; the visits captured from it stay.", False
        )

    def pick_file(self) -> None:
        """Choose an exported .ics file or zip with the system's dialog, and keep it."""
        name = self.calendar.name if self.calendar else ""
        title = f"Exported calendar of {name}"
        self._picked(file_dialogs.open_file(self, "calendar", title, CALENDAR_FILTER))

    def pick_folder(self) -> None:
        """Choose a folder of exported calendars with the system's dialog, and keep it."""
        self._picked(file_dialogs.existing_folder(self, "calendar", "Folder of exported calendars"))

    def _picked(self, chosen: Path | None) -> None:
        if chosen is None:
            return
        self.file_kind.setChecked(True)
        self.path_edit.setText(str(chosen))
        self.save()
