"""Passwords on the Settings page: typed here, stored only in the keychain (or this session's memory).

The two fields never show a stored password; they say whether one is stored and where it lives.
Nothing here touches the workspace.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from fieldvisit import secrets
from fieldvisit.ui.context import AppContext


def keychain_available(store: secrets.SecretStore) -> bool:
    """Return True when passwords can be kept in an operating-system keychain."""
    name = store.backend_name().lower()
    return not (name == "none" or name.startswith("fail") or name.startswith("null"))


class PasswordFields:
    """The CalDAV and SMTP password fields and their notes; keys come from the form's values."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget,
        caldav_key: Callable[[], str | None],
        smtp_key: Callable[[], str | None],
    ):
        self.ctx = ctx
        self._caldav_key = caldav_key
        self._smtp_key = smtp_key
        self.caldav = self._field("CalDAV password", parent)
        self.smtp = self._field("SMTP password", parent)

    @staticmethod
    def _field(name: str, parent: QWidget) -> QLineEdit:
        field = QLineEdit(parent)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(name)
        field.setPlaceholderText("Type to set or change it")
        field.setMinimumWidth(300)
        return field

    def secret_store(self) -> secrets.SecretStore:
        """Return the app's secret store (one is made for this page when the app has none)."""
        if self.ctx.secrets is None:
            self.ctx.secrets = secrets.SecretStore()
        return self.ctx.secrets  # type: ignore[no-any-return]

    def show_notes(self) -> None:
        """Say where passwords live, and whether one is stored; clear what was typed."""
        store = self.secret_store()
        if keychain_available(store):
            where = f"Passwords are kept in this computer's keychain ({store.backend_name()}), never in the workspace."
        else:
            where = (
                "No keychain is available on this computer: a password you enter is kept only "
                "until Field Visit closes, and you will be asked again next time. It is never "
                "written to the workspace."
            )
        for field, key in (
            (self.caldav, self._caldav_key()),
            (self.smtp, self._smtp_key()),
        ):
            note: QLabel = field.property("note")
            stored = key is not None and store.get(key) is not None
            field.clear()
            field.setPlaceholderText(
                "Stored: type to replace it" if stored else "Type to set or change it"
            )
            note.setText(where)

    def save(self) -> list[str]:
        """Store typed passwords; return what happened to each, in words."""
        notes = []
        store = self.secret_store()
        for field, key, what in (
            (self.caldav, self._caldav_key(), "CalDAV"),
            (self.smtp, self._smtp_key(), "SMTP"),
        ):
            secret = field.text()
            if not secret:
                continue
            if key is None:
                notes.append(f"The {what} password needs a user name and server first.")
                continue
            in_keychain = store.set(key, secret)
            field.clear()
            notes.append(
                f"{what} password saved in the keychain."
                if in_keychain
                else f"{what} password kept in memory until Field Visit closes (no keychain)."
            )
        return notes
