"""Merge two people's debriefs: theirs and mine side by side for each field both changed.

The core merges what merges by itself (`debriefs.debrief_changes.merge_debriefs`: a field only one
person changed, next steps and friction from both); this view shows each disputed field as two
boxes, theirs (read-only) and the result (starting as mine, editable), with "Use theirs" and
"Use mine" under it. Every box and button is a tab stop; Alt+S saves the merge, Esc goes back to
the editor with nothing saved.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.store.audit import and_list, field_word
from fieldvisit.ui import style
from fieldvisit.ui.focus_return import return_focus
from fieldvisit.ui.widgets.flow import fit_to_screen

if TYPE_CHECKING:
    from fieldvisit.debriefs import DebriefData
    from fieldvisit.debriefs.debrief_changes import DebriefMerge


class MergeDialog(QDialog):
    """Pick or edit, field by field, between their saved debrief and mine."""

    merged = Signal(object)  # the DebriefData to save

    def __init__(
        self, merge: DebriefMerge, theirs: DebriefData, person: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.merge = merge
        self.setWindowTitle("Merge the two debriefs")
        self.setAccessibleName("Merge the two debriefs")
        self.setModal(True)
        fit_to_screen(self, 900, 640)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        outer.setSpacing(style.SPACE_M)
        outer.addWidget(style.label(self._summary(person), wrap=True))

        body = QWidget()
        grid = QGridLayout(body)
        grid.setHorizontalSpacing(style.SPACE_L)
        grid.setVerticalSpacing(style.SPACE_S)
        grid.addWidget(style.label(f"{person}'s (saved)", bold=True), 0, 1)
        grid.addWidget(style.label("Yours — what will be saved", bold=True), 0, 2)
        self.results: dict[str, QPlainTextEdit] = {}
        for n, name in enumerate(merge.disputed):
            words = field_word(name).capitalize()
            row = 1 + 2 * n
            grid.addWidget(style.label(words, bold=True), row, 0, Qt.AlignmentFlag.AlignTop)
            their_box = self._box(getattr(theirs, name), read_only=True)
            their_box.setAccessibleName(f"{words}: {person}'s version")
            grid.addWidget(their_box, row, 1)
            result = self._box(getattr(merge.merged, name), read_only=False)
            result.setAccessibleName(f"{words}: what will be saved")
            grid.addWidget(result, row, 2)
            self.results[name] = result
            picks = QHBoxLayout()
            picks.addStretch(1)
            picks.addWidget(
                self._pick(f"Use theirs for {words.lower()}", result, getattr(theirs, name))
            )
            picks.addWidget(
                self._pick(f"Use mine for {words.lower()}", result, getattr(merge.merged, name))
            )
            grid.addLayout(picks, row + 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(1 + 2 * len(merge.disputed), 1)  # boxes keep their height; space below
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton("&Save merged debrief", self)
        self.save_button.setAccessibleName("Save merged debrief")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        back = QPushButton("&Back to editing", self)
        back.setAccessibleName("Back to editing, nothing saved")
        back.setAutoDefault(False)
        back.clicked.connect(self.reject)
        buttons.addWidget(self.save_button)
        buttons.addWidget(back)
        outer.addLayout(buttons)
        first = next(iter(self.results.values()), None)
        (first or self.save_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def _summary(self, person: str) -> str:
        merge = self.merge
        parts = []
        if merge.disputed:
            parts.append(
                f"You and {person} both changed {and_list([field_word(f) for f in merge.disputed])}: "
                "pick theirs or yours for each, or edit the text on the right."
            )
        else:
            parts.append(f"Your changes and {person}'s touch different parts; nothing to pick.")
        if merge.taken:
            parts.append(f"Taken from {person}: {and_list([field_word(f) for f in merge.taken])}.")
        parts.append("Next steps and friction from both are kept.")
        return " ".join(parts)

    def _box(self, value: str, *, read_only: bool) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setPlainText(value)
        box.setReadOnly(read_only)
        box.setTabChangesFocus(True)
        box.setMinimumHeight(96)
        box.setMaximumHeight(180)
        return box

    def _pick(self, words: str, target: QPlainTextEdit, value: str) -> QPushButton:
        button = QPushButton(words.split(" for ")[0], self)
        button.setAccessibleName(words)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: target.setPlainText(value))
        return button

    def result(self) -> DebriefData:
        """Return the debrief to save: the core's merge with the fields as picked or edited."""
        picked = {name: box.toPlainText() for name, box in self.results.items()}
        return replace(self.merge.merged, **picked)

    def _save(self) -> None:
        data = self.result()
        self.accept()
        self.merged.emit(data)


def open_merge(
    merge: DebriefMerge, theirs: DebriefData, person: str, parent: QWidget
) -> MergeDialog:
    """Open the merge view over `parent`; connect to its `merged` signal."""
    dialog = return_focus(MergeDialog(merge, theirs, person, parent))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
