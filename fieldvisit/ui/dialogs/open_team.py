"""File › Open team workspace…: the address of a team workspace on PostgreSQL.

The address is checked as it is typed by the core's own reader (`store.location.parse_team_url`),
whose one-line message shows under the field; a password in the address is refused there (it
is asked for on connecting and kept in the keychain).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from fieldvisit.errors import FieldVisitError
from fieldvisit.ui.dialogs.team_form import TeamFormDialog

if TYPE_CHECKING:
    from fieldvisit.store.location import TeamAddress

EXAMPLE = "postgresql://USER@HOST:5432/DATABASE"


class OpenTeamDialog(TeamFormDialog):
    """Asks for a team workspace's address; `address` is the checked one once accepted."""

    def __init__(self, parent: QWidget | None = None, given: str = ""):
        super().__init__(
            parent, title="Open team workspace", width=560, heading="Open a team workspace"
        )
        self.address: TeamAddress | None = None
        self.add_words(
            "A team workspace is a PostgreSQL database your team shares. Write its address "
            "without the password: you are asked for it once, and it is kept in your "
            "keychain. Add ?sslmode=verify-full to insist on a checked encrypted connection."
        )
        self.field = self.add_field("&Address:", "Address")
        self.field.setPlaceholderText(EXAMPLE)
        self.problem = self.add_warning("", "What is wrong with the address")
        self.problem.hide()
        self.open_button = self.add_buttons("&Open")
        self.field.textChanged.connect(self._check)
        self.field.setText(given)
        self._check(given)
        self.field.setFocus()

    def _check(self, text: str) -> TeamAddress | None:
        """Say what is wrong with the address typed (nothing while it is empty)."""
        from fieldvisit.store.location import parse_team_url

        written = text.strip()
        self.open_button.setEnabled(bool(written))
        if not written:
            self.problem.hide()
            return None
        try:
            address = parse_team_url(written)
        except FieldVisitError as exc:
            self.problem.setText(str(exc).splitlines()[0])  # a plain-text label
            self.problem.show()
            self.open_button.setEnabled(False)
            return None
        self.problem.hide()
        return address

    def accept(self) -> None:
        address = self._check(self.field.text())
        if address is None:
            return
        self.address = address
        super().accept()
