"""Saved over someone else's newer change: who, what and when, and the user settles it.

Never silent: a save refused by `store.versions.Conflict` opens this dialog with the conflict's
one line ("Priya changed this visit's time and agenda at 14:02; your change was not saved") and
three ways on: Reload (take theirs), Keep mine (save again on top of their version, recorded as
kept over a newer change) and, for debrief text, Merge… (theirs and mine side by side per field,
`conflict_merge.MergeDialog`). Esc goes back to the form with nothing saved. The choice arrives
as `chosen(str)`: one of RELOAD, KEEP_MINE, MERGE.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from fieldvisit.store.audit import field_word
from fieldvisit.ui import style
from fieldvisit.ui.focus_return import return_focus

if TYPE_CHECKING:
    from fieldvisit.store.versions import Conflict

RELOAD = "reload"
KEEP_MINE = "keep-mine"
MERGE = "merge"

TITLES = {
    "visit": "This visit was changed meanwhile",
    "debrief": "This debrief was changed meanwhile",
    "snooze": "This snooze was changed meanwhile",
    "setting": "These settings were changed meanwhile",
}


def _what_changed(conflict: Conflict) -> str:
    if not conflict.fields:
        return "Their change is saved. Your version is still in the form."
    named = ", ".join(field_word(f) for f in conflict.fields)
    return f"They changed: {named}. Your version is still in the form."


class ConflictDialog(QDialog):
    """Tell who changed what and when; offer Reload, Keep mine and (debrief text) Merge."""

    chosen = Signal(str)

    def __init__(self, conflict: Conflict, *, can_merge: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.conflict = conflict
        self.setWindowTitle(TITLES.get(conflict.entity, "Changed meanwhile"))
        self.setAccessibleName("Changed by someone else")
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        layout.setSpacing(style.SPACE_M)
        headline = style.label(str(conflict), wrap=True)
        headline.setFont(style.card_title_font())
        headline.setAccessibleName("What happened")
        layout.addWidget(headline)
        detail = style.label(_what_changed(conflict), wrap=True)
        detail.setAccessibleName("What they changed")
        layout.addWidget(detail)
        advice = style.label(
            "Reload shows their version (yours is dropped). Keep mine saves yours over theirs; "
            "the trail records that it replaced a newer change."
            + (
                " Merge shows both, field by field, so you keep the best of each."
                if can_merge
                else ""
            ),
            wrap=True,
        )
        advice.setStyleSheet(f"color: {style.muted_colour().name()};")
        layout.addWidget(advice)

        row = QHBoxLayout()
        row.addStretch(1)
        self.reload_button = self._button(row, "&Reload (take theirs)", RELOAD)
        self.merge_button: QPushButton | None = None
        if can_merge:
            self.merge_button = self._button(row, "&Merge…", MERGE)
        self.keep_button = self._button(row, "&Keep mine", KEEP_MINE)
        back = QPushButton("&Back to editing", self)
        back.setAccessibleName("Back to editing, nothing saved")
        back.setAutoDefault(False)
        back.clicked.connect(self.reject)
        row.addWidget(back)
        layout.addLayout(row)
        # The safe default: Enter reloads (nothing of theirs is overwritten by a reflex).
        first = self.merge_button or self.reload_button
        first.setDefault(True)
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setMinimumWidth(540)  # the headline in two lines, the four buttons in one row

    def _button(self, row: QHBoxLayout, words: str, choice: str) -> QPushButton:
        button = QPushButton(words, self)
        button.setAccessibleName(words.replace("&", "").rstrip("…"))
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self._choose(choice))
        row.addWidget(button)
        return button

    def _choose(self, choice: str) -> None:
        self.accept()
        self.chosen.emit(choice)


def ask_how_to_settle(
    conflict: Conflict, parent: QWidget, *, can_merge: bool = False
) -> ConflictDialog:
    """Open the conflict dialog over `parent` (window-modal); connect to its `chosen`."""
    dialog = return_focus(ConflictDialog(conflict, can_merge=can_merge, parent=parent))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def settle(
    conflict: Conflict,
    parent: QWidget,
    *,
    reload: Callable[[], None],
    keep_mine: Callable[[int], None],
    merge: Callable[[], None] | None = None,
) -> ConflictDialog:
    """Ask how to settle `conflict`, then call `reload()`, `keep_mine(their_version)` or `merge()`."""
    dialog = ask_how_to_settle(conflict, parent, can_merge=merge is not None)
    version = conflict.version

    def chosen(choice: str) -> None:
        if choice == RELOAD:
            reload()
        elif choice == KEEP_MINE:
            keep_mine(version)
        elif merge is not None:
            merge()

    dialog.chosen.connect(chosen)
    return dialog
