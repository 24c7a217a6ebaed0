"""Showing data as the characters it holds: names from a CRM export are never rendered as HTML.

Qt guesses whether a string is rich text (`Qt.mightBeRichText`) wherever the text format is
`Qt.AutoText`: in every tooltip, in the static QMessageBox helpers and in a QLabel nobody set to
plain text. An account named `<h1 style="color:red">PAYMENT DETAILS CHANGED</h1>` would then show
as a red headline. The rules:

- labels showing data are plain text (`style.label` sets it; a QLabel made directly must call
  `setTextFormat(Qt.TextFormat.PlainText)`), and rich-text labels escape every value with
  `html.escape`;
- tooltips and message texts that hold data go through `as_text` (tooltips set on items and in
  models too);
- message boxes go through `tell` and `ask` below.

`tests/ui/test_plain_text.py` plants markup in every kind of name and walks every page and dialog.
"""

from __future__ import annotations

from html import escape

from PySide6 import QtGui
from PySide6.QtWidgets import QMessageBox, QWidget


def as_text(words: str) -> str:
    """Return `words` so that Qt's rich-text guess shows them exactly as they are.

    Text Qt would show as typed anyway is returned unchanged; text it would take for HTML is
    escaped and wrapped as rich text (line breaks and spaces kept), so the markup is displayed
    as the characters it is.
    """
    if not QtGui.Qt.mightBeRichText(words):
        return words
    return f"<p style='white-space:pre-wrap'>{escape(words, quote=False)}</p>"


def tell(parent: QWidget | None, title: str, words: str, *, warn: bool = False) -> None:
    """Show a message (a warning when `warn`) whose text is shown as typed."""
    show = QMessageBox.warning if warn else QMessageBox.information
    show(parent, title, as_text(words))


def ask(parent: QWidget | None, title: str, words: str, *, default_yes: bool = False) -> bool:
    """Ask a yes/no question whose text is shown as typed; True when the user said Yes."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    answer = QMessageBox.question(
        parent, title, as_text(words), yes | no, yes if default_yes else no
    )
    return bool(answer == yes)
