"""Asking for a team workspace's password: once, then it lives in the keychain.

Shown by `team_opening` when PostgreSQL asks for a password that neither the keychain nor
FIELDVISIT_DB_PASSWORD holds, and again (saying so) when it refused the one given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit, QWidget

from fieldvisit.ui.dialogs.team_form import TeamFormDialog

if TYPE_CHECKING:
    from fieldvisit.store.location import TeamAddress


class TeamPasswordDialog(TeamFormDialog):
    """Asks for the password of a team workspace's login; `password()` is what was typed."""

    def __init__(
        self, address: TeamAddress, *, refused: bool = False, parent: QWidget | None = None
    ):
        super().__init__(
            parent,
            title="Team workspace password",
            width=480,
            heading=f"Password for {address.user}",
            wrap=True,
        )
        where = f"{address.database} on {address.host}"
        self.about = self.add_words(
            f"Field Visit connects to the team workspace {where} as {address.user}. The password "
            "is kept in your keychain, never in a file, so you are asked only once."
        )
        self.refusal = self.add_warning(
            f"PostgreSQL refused that password for {address.user}; type it again.",
            "Why you are asked again",
        )
        self.refusal.setVisible(refused)
        self.field = self.add_field("&Password:", "Password")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.connect_button = self.add_buttons("&Connect")
        self.connect_button.setEnabled(False)
        self.field.textChanged.connect(lambda t: self.connect_button.setEnabled(bool(t)))
        self.field.setFocus()

    def password(self) -> str:
        """Return the password typed (empty until the user typed one)."""
        return self.field.text()
