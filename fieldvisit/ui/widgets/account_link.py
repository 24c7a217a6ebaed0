"""An account's name as a link to its page, inside a title ("Globex — Plant rollout")."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QWidget

from fieldvisit.ui.plain_text import as_text

OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class AccountLink(QLabel):
    """A title whose account name is a link: click it, or Tab to the title and press Enter.

    `linkActivated` fires either way; the rest of the title is plain words.
    """

    def __init__(self, account: str, rest: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setText(f"<a href='account'>{escape(account)}</a>{escape(rest)}")
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(as_text(f"Open the account page of {account} (Enter)"))
        self.setAccessibleName(f"{account}{rest}")
        self.setAccessibleDescription("Link: opens the account page")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        # Qt only follows a link it highlighted first (a second Tab); the title has one link,
        # so Enter on the focused title follows it.
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in OPEN_KEYS and plain == Qt.KeyboardModifier.NoModifier:
            self.linkActivated.emit("account")
            event.accept()
            return
        super().keyPressEvent(event)


def account_link(account: str, rest: str, parent: QWidget | None = None) -> AccountLink:
    """Return a title label whose account name links to the account page."""
    return AccountLink(account, rest, parent)
