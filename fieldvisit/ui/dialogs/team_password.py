"""Asking for a team workspace's password: once, then it lives in the keychain.

Shown by `team_opening` when PostgreSQL asks for a password that neither the keychain nor
FIELDVISIT_DB_PASSWORD holds, and again (saying so) when it refused the one given.
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

from fieldvisit.ui import style

if TYPE_CHECKING:
    from fieldvisit.store.location import TeamAddress


class TeamPasswordDialog(QDialog):
    """Asks for the password of a team workspace's login; `password()` is what was typed."""

    def __init__(
        self, address: TeamAddress, *, refused: bool = False, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle("Team workspace password")
        self.setAccessibleName("Team workspace password")
        self.setMinimumWidth(480)
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        col.setSpacing(style.SPACE_M)
        head = style.label(f"Password for {address.user}", wrap=True)
        head.setFont(style.section_font())
        col.addWidget(head)
        where = f"{address.database} on {address.host}"
        self.about = style.label(
            f"Field Visit connects to the team workspace {where} as {address.user}. The password "
            "is kept in your keychain, never in a file, so you are asked only once.",
            role="muted",
            wrap=True,
        )
        col.addWidget(self.about)
        self.refusal = style.label(
            f"PostgreSQL refused that password for {address.user}; type it again.", wrap=True
        )
        self.refusal.setAccessibleName("Why you are asked again")
        self.refusal.setStyleSheet(f"color: {style.tone('red').name()};")
        self.refusal.setVisible(refused)
        col.addWidget(self.refusal)

        form = QFormLayout()
        self.field = QLineEdit(self)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName("Password")
        label = QLabel("&Password:", self)
        label.setBuddy(self.field)
        form.addRow(label, self.field)
        col.addLayout(form)

        buttons = QDialogButtonBox(self)
        self.connect_button = QPushButton("&Connect", self)
        self.connect_button.setDefault(True)
        self.connect_button.setEnabled(False)
        cancel = QPushButton("Cancel", self)
        buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.connect_button.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        self.field.textChanged.connect(lambda t: self.connect_button.setEnabled(bool(t)))
        col.addWidget(buttons)
        self.field.setFocus()

    def password(self) -> str:
        """Return the password typed (empty until the user typed one)."""
        return self.field.text()
