"""File › Open team workspace…: the address of a team workspace on PostgreSQL.

The address is checked as it is typed by the core's own reader (`store.location.parse_team_url`),
whose one-line message shows under the field; a password in the address is refused there (it
is asked for on connecting and kept in the keychain).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.errors import FieldVisitError
from fieldvisit.ui import style

if TYPE_CHECKING:
    from fieldvisit.store.location import TeamAddress

EXAMPLE = "postgresql://USER@HOST:5432/DATABASE"


class OpenTeamDialog(QDialog):
    """Asks for a team workspace's address; `address` is the checked one once accepted."""

    def __init__(self, parent: QWidget | None = None, given: str = ""):
        super().__init__(parent)
        self.address: TeamAddress | None = None
        self.setWindowTitle("Open team workspace")
        self.setAccessibleName("Open team workspace")
        self.setMinimumWidth(560)
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        col.setSpacing(style.SPACE_M)
        head = style.label("Open a team workspace")
        head.setFont(style.section_font())
        col.addWidget(head)
        col.addWidget(
            style.label(
                "A team workspace is a PostgreSQL database your team shares. Write its address "
                "without the password: you are asked for it once, and it is kept in your "
                "keychain. Add ?sslmode=verify-full to insist on a checked encrypted connection.",
                role="muted",
                wrap=True,
            )
        )
        form = QFormLayout()
        self.field = QLineEdit(self)
        self.field.setAccessibleName("Address")
        self.field.setPlaceholderText(EXAMPLE)
        label = QLabel("&Address:", self)
        label.setBuddy(self.field)
        form.addRow(label, self.field)
        col.addLayout(form)
        self.problem = style.label("", wrap=True)
        self.problem.setAccessibleName("What is wrong with the address")
        self.problem.setStyleSheet(f"color: {style.tone('red').name()};")
        self.problem.hide()
        col.addWidget(self.problem)

        buttons = QDialogButtonBox(self)
        self.open_button = QPushButton("&Open", self)
        self.open_button.setDefault(True)
        cancel = QPushButton("Cancel", self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        col.addWidget(buttons)
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
