"""A searchable account chooser: type part of a name (or city), pick from the list that appears."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from fieldvisit.calendar_sources import AccountName


def account_label(account: AccountName, duplicated: bool = False) -> str:
    """Return "Globex · Chicago" (the account's id is added only when two would read the same)."""
    words = f"{account.name} · {account.city}" if account.city else account.name
    return f"{words} ({account.account_id})" if duplicated else words


class AccountChooser(QLineEdit):
    """A line to type an account's name into, with the matching accounts offered below it."""

    account_changed = Signal(object)  # AccountName | None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("Type an account's name")
        self.setAccessibleName("Account")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(260)
        self._by_label: dict[str, AccountName] = {}
        self._by_pk: dict[int, str] = {}
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(10)
        self.setCompleter(completer)
        self._last: AccountName | None = None
        self.textChanged.connect(self._changed)
        completer.activated.connect(self._changed)

    def set_accounts(self, accounts: Sequence[AccountName]) -> None:
        """Offer these accounts (the text typed so far is kept when it still names one)."""
        seen: dict[str, int] = {}
        for a in accounts:
            plain = account_label(a)
            seen[plain] = seen.get(plain, 0) + 1
        self._by_label = {}
        for a in accounts:
            self._by_label[account_label(a, seen[account_label(a)] > 1)] = a
        self._by_pk = {a.pk: label for label, a in self._by_label.items()}
        self._model.setStringList(list(self._by_label))
        self._changed()

    def account(self) -> AccountName | None:
        """Return the account the text names exactly (None while it names none)."""
        return self._by_label.get(self.text().strip())

    def choose(self, account_pk: int | None) -> None:
        """Show the account with this key (None: clear the line)."""
        self.setText(self._by_pk.get(account_pk, "") if account_pk is not None else "")

    def _changed(self, *_args: object) -> None:
        now = self.account()
        if now != self._last:
            self._last = now
            self.account_changed.emit(now)
