"""Debriefs left unsaved: offered back at start-up, and asked about before the app quits.

`offer_recovered_drafts(ctx, parent)` (called by the app once the main window shows its workspace)
lists every draft a crash or a quit left, whether the workspace or only the local journal holds it,
and opens them one after another. `ask_before_quitting(window)` (the main window's closeEvent)
keeps every open editor's notes as drafts, then asks "Keep drafts and quit" / "Go back".
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from fieldvisit import debriefs
from fieldvisit.debriefs import RecoveredDraft
from fieldvisit.errors import FieldVisitError
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.debrief_editor import DebriefEditor
from fieldvisit.ui.dialogs.draft_keeper import KeptDraftCourier

log = logging.getLogger(__name__)
# Set on the main window once the user chose to quit with drafts kept (closing then goes ahead).
QUIT_CONFIRMED = "fieldvisit_quit_confirmed"


class DraftRecovery(QMessageBox):
    """Offers back the drafts a crash left, then opens an editor for each, one after another."""

    def __init__(self, ctx: AppContext, drafts: list[RecoveredDraft], parent: QWidget | None):
        super().__init__(parent)
        self.ctx = ctx
        self.drafts = list(drafts)
        self.editors: list[DebriefEditor] = []
        self.setIcon(QMessageBox.Icon.Information)
        self.setWindowTitle("Unsaved debriefs")
        self.setTextFormat(Qt.TextFormat.PlainText)  # account names come from imports
        count = style.plural(len(drafts), "debrief")
        self.setText(f"Field Visit closed before {count} could be saved. Your notes were kept.")
        self.lines = [self._line(d) for d in drafts]
        shown = self.lines[:8] + (["…"] if len(self.lines) > 8 else [])
        self.setInformativeText("\n".join(shown))
        self.open_button = self.addButton("Open my notes", QMessageBox.ButtonRole.AcceptRole)
        self.later_button = self.addButton("Later", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.open_button)
        self.setEscapeButton(self.later_button)
        self.buttonClicked.connect(self._chosen)

    @staticmethod
    def _line(draft: RecoveredDraft) -> str:
        when = style.day(style.local_day(draft.visit_start, draft.account_tz), with_year=True)
        where = " (kept on this computer until the workspace is free)" if draft.kept_locally else ""
        return f"{draft.account_name} — visit of {when}{where}"

    def _chosen(self, button: QPushButton) -> None:
        if button is self.open_button:
            self._open_next()

    def _open_next(self) -> None:
        window = self.parentWidget()
        if not self.drafts or (window is not None and window.property(QUIT_CONFIRMED)):
            return  # the app is quitting: the rest stay drafts for the next start
        info = self.drafts.pop(0)
        editor = DebriefEditor(self.ctx, info.visit_id, self.parentWidget())
        # A bound slot, not a lambda: the connection ends with this box if it goes first.
        editor.finished.connect(self._editor_finished)
        self.editors.append(editor)
        editor.show()

    def _editor_finished(self, _code: int) -> None:
        self._open_next()


def offer_recovered_drafts(ctx: AppContext, parent: QWidget | None = None) -> DraftRecovery | None:
    """Offer back unsaved debrief drafts (the app calls it once the main window shows).

    Drafts kept only in the local journal are written into the workspace first when it is free.
    Returns the (window-modal, already open) question, or None when there are no drafts.
    """
    try:
        drafts = debriefs.recover_drafts(ctx.workspace)
    except FieldVisitError as exc:
        log.warning("unsaved drafts could not be gathered: %s", exc)
        return None
    if not drafts:
        return None
    if any(d.kept_locally for d in drafts):
        KeptDraftCourier.of(ctx).expect()
    box = DraftRecovery(ctx, drafts, parent)
    box.open()
    return box


class QuitQuestion(QMessageBox):
    """Asks before the main window closes while a debrief editor holds unsaved notes."""

    def __init__(self, editors: list[DebriefEditor], window: QWidget):
        super().__init__(window)
        self.window_to_close = window
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle("Quit Field Visit?")
        self.setTextFormat(Qt.TextFormat.PlainText)
        names = ", ".join(e.header.account_name for e in editors)
        count = style.plural(len(editors), "debrief")
        self.setText(f"{count} not saved yet: {names}.")
        self.setInformativeText(
            "Your notes are kept as drafts and offered back when you start Field Visit again."
        )
        self.keep_button = self.addButton("Keep drafts and quit", QMessageBox.ButtonRole.AcceptRole)
        self.back_button = self.addButton("Go back", QMessageBox.ButtonRole.RejectRole)
        # Both are safe (the drafts are already kept); a reflex Enter never saves half a debrief.
        self.setDefaultButton(self.keep_button)
        self.setEscapeButton(self.back_button)
        self.buttonClicked.connect(self._chosen)

    def _chosen(self, button: QPushButton) -> None:
        if button is self.keep_button:
            self.window_to_close.setProperty(QUIT_CONFIRMED, True)
            QTimer.singleShot(0, self.window_to_close.close)


def ask_before_quitting(window: QWidget) -> bool:
    """Return True when `window` may close now; otherwise ask (window-modal) and close it after.

    Every open editor's notes are kept as drafts first, so nothing is lost while the question is
    open, whatever the answer.
    """
    editors = [e for e in window.findChildren(DebriefEditor) if e.has_unsaved_notes()]
    for editor in editors:
        editor.save_draft_now()
    if not editors or window.property(QUIT_CONFIRMED):
        for editor in editors:
            editor.close_keeping_draft()
        return True
    open_question = next((q for q in window.findChildren(QuitQuestion) if q.isVisible()), None)
    if open_question is None:
        QuitQuestion(editors, window).open()
    return False
