"""Opening the dialogs several pages share (debrief editor, import wizard, the question before
quitting). Each is imported when first opened, so the window paints before their modules load."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from fieldvisit.ui.focus_return import return_focus

if TYPE_CHECKING:
    from fieldvisit.ui.context import AppContext
    from fieldvisit.ui.dialogs.debrief_editor import DebriefEditor


def open_debrief_editor(
    ctx: AppContext, visit_pk: int, parent: QWidget | None = None
) -> DebriefEditor:
    """Open (and return) a non-modal editor for the visit's debrief: it saves and announces
    `DEBRIEF_SAVED` itself, each save is acknowledged with Undo, and the focus goes back
    where it was when it closes."""
    from fieldvisit.ui.dialogs.debrief_editor import DebriefEditor
    from fieldvisit.ui.undo_steps import watch_debrief

    editor = DebriefEditor(ctx, visit_pk, parent)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    watch_debrief(ctx, editor, visit_pk)
    return_focus(editor).show()
    editor.raise_()
    editor.activateWindow()
    return editor


def ask_before_quitting(window: QWidget) -> bool:
    """Return True when the main window may close now.

    While a debrief editor holds unsaved notes, its notes are kept as a draft and the user is
    asked first (the window closes itself after "Keep drafts and quit").
    """
    from fieldvisit.ui.dialogs.unsaved_debriefs import ask_before_quitting as ask

    return ask(window)


def open_import_wizard(ctx: AppContext, parent: QWidget | None = None) -> None:
    """Open the import wizard (CSV exports from the CRM)."""
    from fieldvisit.ui.dialogs.import_wizard import ImportWizard

    return_focus(ImportWizard(ctx, parent)).exec()
