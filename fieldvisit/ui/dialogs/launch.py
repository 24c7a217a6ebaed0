"""Opening dialogs that another part of the app provides (debrief editor, import wizard)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from fieldvisit.ui.focus_return import return_focus

if TYPE_CHECKING:
    from fieldvisit.ui.context import AppContext


def optional_class(module: str, name: str) -> Any:
    """Return `module.name`, or None when that part of the app is not installed."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def open_debrief_editor(
    ctx: AppContext, visit_pk: int, parent: QWidget | None = None
) -> QDialog | None:
    """Open the debrief editor on a visit (it saves and announces `debriefs_changed` itself)."""
    editor_cls = optional_class("fieldvisit.ui.dialogs.debrief_editor", "DebriefEditor")
    if editor_cls is None:
        QMessageBox.information(parent, "Write debrief", "The debrief editor is not available.")
        return None
    editor = editor_cls(ctx, visit_pk, parent)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return_focus(editor).show()
    editor.raise_()
    editor.activateWindow()
    return editor


def ask_before_quitting(window: QWidget) -> bool:
    """Return True when the main window may close now.

    While a debrief editor holds unsaved notes, its notes are kept as a draft and the user is
    asked first (the window closes itself after "Keep drafts and quit").
    """
    ask = optional_class("fieldvisit.ui.dialogs.unsaved_debriefs", "ask_before_quitting")
    return True if ask is None else bool(ask(window))


def open_import_wizard(ctx: AppContext, parent: QWidget | None = None) -> None:
    """Open the import wizard (CSV exports from the CRM)."""
    wizard_cls = optional_class("fieldvisit.ui.dialogs.import_wizard", "ImportWizard")
    if wizard_cls is None:
        QMessageBox.information(
            parent,
            "Import",
            "The import wizard is not part of this build. Import from the command line: "
            "fieldvisit import KIND FILE.csv",
        )
        return
    return_focus(wizard_cls(ctx, parent)).exec()
