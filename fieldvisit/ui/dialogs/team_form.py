"""The frame the team workspace's small forms share (Open team workspace…, its password).

A heading, the words saying what is asked, one labelled field, a red line saying what is wrong
and the accept and Cancel buttons; each dialog adds its own in the order it shows them.
"""

from __future__ import annotations

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


class TeamFormDialog(QDialog):
    """A titled dialog of one column, opened by its heading; the parts below are added in order."""

    def __init__(
        self, parent: QWidget | None, *, title: str, width: int, heading: str, wrap: bool = False
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(width)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        self.column.setSpacing(style.SPACE_M)
        head = style.label(heading, wrap=wrap)
        head.setFont(style.section_font())
        self.column.addWidget(head)

    def add_words(self, words: str) -> QLabel:
        """Add the muted words saying what is asked and why."""
        about = style.label(words, role="muted", wrap=True)
        self.column.addWidget(about)
        return about

    def add_field(self, label: str, name: str) -> QLineEdit:
        """Add one line to type in, with its label (`label` holds its & shortcut)."""
        form = QFormLayout()
        field = QLineEdit(self)
        field.setAccessibleName(name)
        buddy = QLabel(label, self)
        buddy.setBuddy(field)
        form.addRow(buddy, field)
        self.column.addLayout(form)
        return field

    def add_warning(self, words: str, name: str) -> QLabel:
        """Add a red line saying what is wrong (shown or hidden by the dialog)."""
        warning = style.label(words, wrap=True)
        warning.setAccessibleName(name)
        warning.setStyleSheet(f"color: {style.tone('red').name()};")
        self.column.addWidget(warning)
        return warning

    def add_buttons(self, accept: str) -> QPushButton:
        """Add the accept button (the default; returned) and Cancel."""
        buttons = QDialogButtonBox(self)
        accept_button = QPushButton(accept, self)
        accept_button.setDefault(True)
        cancel = QPushButton("Cancel", self)
        buttons.addButton(accept_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        accept_button.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        self.column.addWidget(buttons)
        return accept_button
