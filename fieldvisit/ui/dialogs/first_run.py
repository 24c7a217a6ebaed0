"""The first run: three doors — open the demo, import CSV exports from the CRM, or start empty."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.ui import style
from fieldvisit.ui.resources import app_icon, pixmap


class FirstRunChoice(Enum):
    DEMO = "demo"
    IMPORT = "import"
    EMPTY = "empty"


DOORS = (
    (
        FirstRunChoice.DEMO,
        "demo",
        "Explore the demo",
        "A made-up sales organisation with stalled deals, visits and debriefs, "
        "so you can see what Field Visit does in a minute.",
        "Open the demo",
    ),
    (
        FirstRunChoice.IMPORT,
        "import",
        "Bring in your CRM",
        "Import CSV exports from Salesforce, HubSpot, Pipedrive or any CRM: "
        "executives, accounts, deals and activities.",
        "Import CSV files",
    ),
    (
        FirstRunChoice.EMPTY,
        "workspace",
        "Start empty",
        "An empty workspace you fill as you go. You can import files later from the menu.",
        "Start an empty workspace",
    ),
)


class FirstRunDialog(QDialog):
    """Asks how to begin; `choice` holds the door the user took (None when closed)."""

    def __init__(self, workspace: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Welcome to Field Visit")
        self.setWindowIcon(app_icon())
        self.choice: FirstRunChoice | None = None
        self.buttons: dict[FirstRunChoice, QPushButton] = {}
        col = QVBoxLayout(self)
        col.setContentsMargins(
            style.SPACE_XL * 2, style.SPACE_XL, style.SPACE_XL * 2, style.SPACE_XL
        )
        col.setSpacing(style.SPACE_L)

        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(QSize(56, 56)))
        logo.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        col.addWidget(logo)
        title = style.label("Welcome to Field Visit", parent=self)
        title.setFont(style.page_title_font())
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        col.addWidget(title)
        intro = style.label(
            "Get your executives in the room with the customers who matter. How would you like "
            "to begin?",
            role="muted",
            wrap=True,
        )
        intro.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        col.addWidget(intro)

        row = QHBoxLayout()
        row.setSpacing(style.SPACE_L)
        for choice, icon_name, heading, text, action in DOORS:
            row.addWidget(self._door(choice, icon_name, heading, text, action), 1)
        col.addLayout(row)

        self.where = style.label(
            f"Your workspace will be saved as {style.home_relative(workspace)}",
            role="muted",
            wrap=True,
        )
        self.where.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.where)
        self.buttons[FirstRunChoice.DEMO].setFocus()
        self.setMinimumWidth(860)

    def _door(
        self, choice: FirstRunChoice, icon_name: str, heading: str, text: str, action: str
    ) -> QWidget:
        card = QFrame(self)
        card.setObjectName("card")
        col = QVBoxLayout(card)
        col.setContentsMargins(style.SPACE_L, style.SPACE_L, style.SPACE_L, style.SPACE_L)
        col.setSpacing(style.SPACE_M)
        pic = QLabel(card)
        pic.setPixmap(pixmap(icon_name, 28, style.tone("accent"), self.devicePixelRatioF()))
        col.addWidget(pic)
        head = style.label(heading, parent=card)
        head.setFont(style.card_title_font())
        col.addWidget(head)
        body = style.label(text, role="muted", wrap=True)
        # Wrapped labels don't grow the dialog on their own: room for five lines of text.
        body.setMinimumHeight(body.fontMetrics().lineSpacing() * 5 + style.SPACE_S)
        body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        col.addWidget(body, 1)
        button = QPushButton(action, card)
        button.setAccessibleName(action)
        if choice is FirstRunChoice.DEMO:
            button.setProperty("primary", True)
            button.setDefault(True)
        button.clicked.connect(lambda: self._choose(choice))
        self.buttons[choice] = button
        col.addWidget(button)
        return card

    def _choose(self, choice: FirstRunChoice) -> None:
        self.choice = choice
        self.accept()
