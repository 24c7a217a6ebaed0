"""How screenshot mode opens each dialog it pictures (names in `screenshot_scenes.DIALOG_NAMES`).

Each opener takes the `Scenes` walk (window, context, and the deal and visit the pages showed) and
returns the open dialog, or None when the workspace has nothing for it. Dialogs that the app runs
with `exec()` are shown without blocking here; nothing is saved, the pictures only look.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from fieldvisit import paths
from fieldvisit.ui.screenshots import settle

if TYPE_CHECKING:
    from fieldvisit.ui.screenshot_scenes import Scenes


def _shown(dialog: QWidget) -> QWidget:
    dialog.show()
    return dialog


def _first_suggestion(scenes: Scenes) -> Any:
    week = scenes.show("week")
    cards = list(week.cards)
    return cards[0].suggestion if cards else None


def plan_visit(scenes: Scenes) -> QWidget | None:
    from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog

    suggestion = _first_suggestion(scenes)
    if suggestion is None:
        return None
    return PlanVisitDialog.plan(scenes.ctx, suggestion=suggestion, parent=scenes.window)


def why(scenes: Scenes) -> QWidget | None:
    from fieldvisit.ui.dialogs.why import WhyDialog

    suggestion = _first_suggestion(scenes)
    if suggestion is None:
        return None
    return WhyDialog.show_for(suggestion.deal, suggestion, scenes.window)


def debrief_editor(scenes: Scenes) -> QWidget | None:
    from fieldvisit.ui.dialogs.launch import open_debrief_editor

    if scenes.visit is None:
        return None
    return open_debrief_editor(scenes.ctx, scenes.visit.pk, scenes.window)


def snooze(scenes: Scenes) -> QWidget | None:
    from fieldvisit.ui.dialogs.snooze import SnoozeDialog

    deal = scenes.deal
    if deal is None:
        return None
    return SnoozeDialog.ask(scenes.ctx, deal.pk, deal.account, deal.deal, scenes.window)


def dismiss(scenes: Scenes) -> QWidget | None:
    from fieldvisit.ui.dialogs.dismiss import DismissDialog

    deal = scenes.deal
    if deal is None:
        return None
    return DismissDialog.ask(scenes.ctx, deal.pk, deal.account, scenes.window)


def import_wizard(scenes: Scenes) -> QWidget:
    from fieldvisit.ui.dialogs.import_wizard import ImportWizard

    return _shown(ImportWizard(scenes.ctx, scenes.window))


def capture_review(scenes: Scenes) -> QWidget:
    from fieldvisit.ui.dialogs.capture_review import open_review

    dialog = open_review(scenes.ctx, scenes.window)
    settle(scenes.ctx, lambda: bool(dialog.busy))
    return dialog


def backups(scenes: Scenes) -> QWidget:
    from fieldvisit.ui.dialogs.backups import RestoreDialog

    ws = scenes.ctx.workspace
    if ws.is_team:  # its backups are the server's: the dialog says so, offers a snapshot
        from fieldvisit.ui.dialogs.team_backup import TeamBackupDialog

        return _shown(TeamBackupDialog(ws.label, scenes.window))
    return _shown(RestoreDialog(ws.path, scenes.window))


def as_of(scenes: Scenes) -> QWidget:
    from fieldvisit.ui.dialogs.as_of import choose_as_of

    return choose_as_of(scenes.ctx, scenes.window)


def shortcuts(scenes: Scenes) -> QWidget:
    from fieldvisit.ui.dialogs.shortcuts import ShortcutsDialog

    return _shown(ShortcutsDialog(scenes.window))


def about(scenes: Scenes) -> QWidget:
    from fieldvisit.ui.dialogs.shortcuts import AboutDialog

    return _shown(AboutDialog(scenes.window))


def search(scenes: Scenes) -> QWidget:
    """Search with the pictured account's name typed (the first word of it), results listed."""
    from fieldvisit.ui.search import SearchDialog

    dialog = SearchDialog(scenes.ctx, scenes.window)
    words = scenes.visit.account_name.split() if scenes.visit is not None else []
    dialog.box.setText(words[0] if words else "an")
    dialog.run_search()
    _shown(dialog).activateWindow()
    dialog.results.setFocus()  # the highlighted result in the focus colour, no blinking caret
    return dialog


def first_run(scenes: Scenes) -> QWidget:
    from fieldvisit.ui.dialogs.first_run import FirstRunDialog

    return _shown(FirstRunDialog(paths.default_workspace(), scenes.window))


DIALOGS: tuple[tuple[str, Callable[[Scenes], QWidget | None]], ...] = (
    ("plan-visit", plan_visit),
    ("debrief-editor", debrief_editor),
    ("snooze", snooze),
    ("dismiss", dismiss),
    ("why", why),
    ("import-wizard", import_wizard),
    ("capture-review", capture_review),
    ("backups", backups),
    ("as-of", as_of),
    ("shortcuts", shortcuts),
    ("about", about),
    ("search", search),
    ("first-run", first_run),
)
