"""File › Your name…: who this computer's changes are recorded as made by (`store.identity`).

Kept in the app's local settings (`you.json` in the data folder), not in the workspace: each
laptop says who sits at it. On a team workspace with no name set, the first save of a session
asks (`ask_before_first_team_save`: the plan dialog, the debrief editor, the snooze dialog
and Settings call it as they save), so the trail soon says "Dana"
where it would say a login name ("dana.w").
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.errors import FieldVisitError
from fieldvisit.store.identity import default_person, person_is_set, save_person
from fieldvisit.ui import style
from fieldvisit.ui.focus_return import return_focus

if TYPE_CHECKING:
    from fieldvisit.ui.context import AppContext

log = logging.getLogger(__name__)

TEAM_WORDS = (
    "This is a team workspace: everything you plan, change or write is recorded with your "
    "name, so others can see who did what. Your first change is recorded with this computer's "
    "login name; the name you give here is used from now on."
)
ALWAYS_WORDS = (
    "Visits, debriefs, snoozes and settings you change are recorded with this name "
    "(on this computer only; each person sets their own)."
)


class YourNameDialog(QDialog):
    """Ask for the name or e-mail the team knows this person by."""

    def __init__(self, *, team: bool, parent: QWidget | None = None, ctx: AppContext | None = None):
        super().__init__(parent)
        self.ctx = ctx  # its workspace's unsaved debrief notes follow the new name
        self.setWindowTitle("Your name")
        self.setAccessibleName("Your name")
        self.setModal(True)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        layout.setSpacing(style.SPACE_M)
        layout.addWidget(style.label(TEAM_WORDS if team else ALWAYS_WORDS, wrap=True))
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Your name or e-mail")
        self.name.setPlaceholderText("e.g. Dana Whitfield or dana@example.com")
        self.name.setText(default_person() if person_is_set() else "")
        layout.addWidget(self.name)
        self.problem = style.label("", wrap=True)
        self.problem.setStyleSheet(f"color: {style.tone('red').name()};")
        self.problem.hide()
        layout.addWidget(self.problem)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = QPushButton("&Save name", self)
        self.save_button.setAccessibleName("Save name")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        later = QPushButton("&Later", self)
        later.setAccessibleName("Later: use the login name for now")
        later.setAutoDefault(False)
        later.clicked.connect(self.reject)
        row.addWidget(self.save_button)
        row.addWidget(later)
        layout.addLayout(row)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        """Keep the name in the app's local settings and close; say what is wrong otherwise."""
        old = default_person()
        try:
            save_person(self.name.text())
        except (FieldVisitError, OSError) as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        new = default_person()  # FIELDVISIT_USER, when set, still decides who writes
        if self.ctx is not None and new != old:
            self._adopt_drafts(old, new)
        self.accept()

    def _adopt_drafts(self, old: str, new: str) -> None:
        """Drafts are kept per person: the notes typed under the old name move to the new one
        here (in every other workspace they stay this person's as an earlier name)."""
        from fieldvisit import debriefs
        from fieldvisit.changes import NOTHING
        from fieldvisit.ui.operations import write_now

        assert self.ctx is not None
        ws = self.ctx.workspace
        try:
            write_now(self.ctx, lambda: debriefs.adopt_drafts(ws, old, new), changes=NOTHING)
        except FieldVisitError as exc:  # busy: they stay under the old name, in the workspace
            log.warning("drafts not moved to the new name: %s", exc)


def ask_your_name(
    parent: QWidget, *, team: bool = False, ctx: AppContext | None = None
) -> YourNameDialog:
    """Open the dialog over `parent` (window-modal, not blocking) and return it."""
    dialog = return_focus(YourNameDialog(team=team, parent=parent, ctx=ctx))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


NAME_ASKED = "fieldvisit_name_asked"  # a property on the AppContext: asked once a session


def ask_before_first_team_save(ctx: AppContext) -> None:
    """On a team workspace with no name set, ask for one at the first save of the session.

    Not blocking: this save goes ahead (recorded with the login name, as the dialog says); the
    name given is used from the next save on. Asked once per session; File › Your name… is there
    for later.
    """
    if not ctx.workspace.is_team or person_is_set() or ctx.property(NAME_ASKED):
        return
    ctx.setProperty(NAME_ASKED, True)
    parent = QApplication.activeWindow()
    if parent is not None:
        ask_your_name(parent, team=True, ctx=ctx)
