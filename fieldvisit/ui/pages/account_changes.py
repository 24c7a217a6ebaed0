"""The account page's "Recent changes" tab: who planned, changed, debriefed or snoozed what.

Read with the account on the page's worker (`reads.audit_lines.account_changes`); names of
fields only, never their text, newest first.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from fieldvisit.reads.audit_lines import AccountChange

EMPTY = "No changes recorded yet. Visits planned or changed, debriefs and snoozes show here."


class ChangesList(QListWidget):
    """The account's recent changes, one line each."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Recent changes at the account")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.lines: list[str] = []

    def show_changes(self, changes: list[AccountChange]) -> None:
        """Show the changes (newest first), or say none were recorded."""
        self.clear()
        self.lines = [change.words() for change in changes]
        for line in self.lines or [EMPTY]:
            item = QListWidgetItem(line)
            item.setToolTip(line)
            self.addItem(item)

    def tab_words(self) -> str:
        """Return the tab's title: "Recent changes (12)"."""
        return f"Recent changes ({len(self.lines)})" if self.lines else "Recent changes"
