"""Every visible Alt+letter works and is unique in its window.

The walker opens each dialog class of fieldvisit/ui/dialogs on the small demo (the list below
names the few that cannot be built without a live import or calendar run, and why), then checks
that no two visible labels or buttons share an &letter and that each label's letter has a buddy
that takes focus. The debrief editor is also driven with the keys a person types.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QWidget,
    QWizard,
)
from sqlalchemy import text

import fieldvisit.ui.dialogs as dialogs_package
from fieldvisit.ui.context import AppContext

_MNEMONIC = re.compile(r"&([^&\s])")

# Dialog classes the walker cannot build from the demo alone, and why.
CANNOT_BUILD = {
    "DraftRecovery": "a QMessageBox of recovered drafts: only standard buttons, no mnemonics",
    "QuitQuestion": "a QMessageBox over open debrief editors: only standard buttons",
    "ReasonDialog": "the base of SnoozeDialog and DismissDialog, walked through them",
    "TeamFormDialog": "the base of OpenTeamDialog and TeamPasswordDialog, walked through them",
}


def mnemonic(words: str) -> str | None:
    """Return the lower-case letter after a single & ("&&" is a literal ampersand)."""
    found = _MNEMONIC.search(words.replace("&&", ""))
    return found.group(1).lower() if found else None


def _takes_focus(widget: QWidget) -> bool:
    target = widget
    while target.focusProxy() is not None:
        target = target.focusProxy()
    return widget.focusPolicy() != Qt.FocusPolicy.NoFocus and target.isEnabled()


def mnemonic_problems(window: QWidget, shown: Callable[[QWidget], bool]) -> list[str]:
    """Return what is wrong with the &letters of the widgets `shown` in `window`."""
    problems: list[str] = []
    owners: dict[str, list[str]] = {}
    for widget in window.findChildren(QWidget):
        if not shown(widget):
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            words = widget.text()
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            words = widget.title()
        else:
            continue
        letter = mnemonic(words)
        if letter is None or (
            isinstance(widget, QLabel) and widget.textFormat() == Qt.TextFormat.RichText
        ):
            continue
        owners.setdefault(letter, []).append(words)
        if isinstance(widget, QLabel):
            buddy = widget.buddy()
            if buddy is None:
                problems.append(f"label {words!r} has Alt+{letter} but no buddy")
            elif not _takes_focus(buddy):
                problems.append(f"label {words!r}: its buddy {buddy!r} cannot take focus")
            elif isinstance(buddy, QAbstractButton) and buddy.isCheckable():
                problems.append(f"label {words!r}: Alt+{letter} would tick {buddy.text()!r}")
    for letter, words in owners.items():
        if len(words) > 1:
            problems.append(f"Alt+{letter} is shared by {words}")
    return problems


def _visible_in(window: QWidget) -> Callable[[QWidget], bool]:
    return lambda w: w.isVisibleTo(window)


# ----- builders: one per dialog class ---------------------------------------------------------


def _open_deal(ctx: AppContext) -> int:
    with ctx.workspace.connect() as conn:
        return int(
            conn.execute(text("SELECT id FROM deal WHERE status = 'open' LIMIT 1")).scalar_one()
        )


def _visit_owed(ctx: AppContext) -> int:
    from fieldvisit.debriefs import debriefs_due

    with ctx.workspace.connect() as conn:
        return debriefs_due(conn, ctx.as_of, limit=1)[0].visit_id


def _builders(ctx: AppContext, tmp: Path, window: QWidget) -> dict[str, Callable[[], QDialog]]:
    from fieldvisit.store.location import parse_team_url
    from fieldvisit.ui.dialogs.as_of import AsOfDialog
    from fieldvisit.ui.dialogs.backups import RestoreDialog
    from fieldvisit.ui.dialogs.capture_drop import WhoseCalendarDialog
    from fieldvisit.ui.dialogs.capture_review import CaptureReviewDialog
    from fieldvisit.ui.dialogs.capture_summary import CaptureSummaryDialog
    from fieldvisit.ui.dialogs.debrief_editor import DebriefEditor
    from fieldvisit.ui.dialogs.dismiss import DismissDialog
    from fieldvisit.ui.dialogs.first_run import FirstRunDialog
    from fieldvisit.ui.dialogs.import_wizard import ImportWizard
    from fieldvisit.ui.dialogs.open_team import OpenTeamDialog
    from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
    from fieldvisit.ui.dialogs.snooze import SnoozeDialog
    from fieldvisit.ui.dialogs.team_backup import TeamBackupDialog
    from fieldvisit.ui.dialogs.team_password import TeamPasswordDialog
    from fieldvisit.ui.dialogs.why import WhyDialog

    week = window.page("week")  # type: ignore[attr-defined]
    builders: dict[str, Callable[[], QDialog]] = {
        "AsOfDialog": lambda: AsOfDialog(ctx, window),
        "RestoreDialog": lambda: RestoreDialog(ctx.workspace.path, window),
        "WhoseCalendarDialog": lambda: WhoseCalendarDialog([tmp / "dana.ics"], [], window),
        "CaptureReviewDialog": lambda: CaptureReviewDialog(ctx, window),
        "CaptureSummaryDialog": lambda: CaptureSummaryDialog([], window, open_reviews=2),
        "DebriefEditor": lambda: DebriefEditor(ctx, _visit_owed(ctx), window),
        "DismissDialog": lambda: DismissDialog(ctx, _open_deal(ctx), "Acme", window),
        "FirstRunDialog": lambda: FirstRunDialog(tmp / "first.fieldvisit", window),
        "ImportWizard": lambda: ImportWizard(ctx, window),
        "PlanVisitDialog": lambda: PlanVisitDialog(
            ctx, suggestion=week.cards[0].suggestion, parent=window
        ),
        "SnoozeDialog": lambda: SnoozeDialog(ctx, _open_deal(ctx), "Acme", "Renewal", window),
        "OpenTeamDialog": lambda: OpenTeamDialog(window, "postgresql://dana@db.example/fv"),
        "TeamBackupDialog": lambda: TeamBackupDialog(
            "postgresql://dana@db.example:5432/fv", window
        ),
        "TeamPasswordDialog": lambda: TeamPasswordDialog(
            parse_team_url("postgresql://dana@db.example/fv"), refused=True, parent=window
        ),
        "WhyDialog": lambda: WhyDialog(
            week.cards[0].suggestion.deal, week.cards[0].suggestion, window
        ),
    }
    builders |= _conflict_builders(window)
    builders |= _travel_builders(ctx, window)
    for name in ("ShortcutsDialog", "AboutDialog"):  # the Help menu's dialogs, when present
        try:
            cls = getattr(importlib.import_module("fieldvisit.ui.dialogs.shortcuts"), name)
        except (ImportError, AttributeError):
            continue
        builders[name] = lambda cls=cls: cls(window)
    return builders


def _conflict_builders(window: QWidget) -> dict[str, Callable[[], QDialog]]:
    """The conflict dialog, the debrief merge view and File › Your name… (issue 16)."""
    from fieldvisit.debriefs import DebriefData
    from fieldvisit.debriefs.debrief_changes import merge_debriefs
    from fieldvisit.store.versions import Conflict
    from fieldvisit.ui.dialogs.conflict import ConflictDialog
    from fieldvisit.ui.dialogs.conflict_merge import MergeDialog
    from fieldvisit.ui.dialogs.your_name import YourNameDialog

    clash = Conflict(
        "Priya changed what we learned in this debrief at 14:02; your change was not saved.",
        **dict(entity="debrief", row=1, person="Priya", at=None, fields=("learned",)),
        theirs={},
        version=2,
    )
    theirs, mine = DebriefData(1, learned="Budget moved"), DebriefData(1, learned="Legal")
    return {
        "ConflictDialog": lambda: ConflictDialog(clash, can_merge=True, parent=window),
        "MergeDialog": lambda: MergeDialog(
            merge_debriefs(None, theirs, mine), theirs, "Priya", window
        ),
        "YourNameDialog": lambda: YourNameDialog(team=True, parent=window),
    }


def _travel_builders(ctx: AppContext, window: QWidget) -> dict[str, Callable[[], QDialog]]:
    """File › Take offline… and File › Pending changes… (issue 16, the travel copy)."""
    from fieldvisit.ui.dialogs.pending_changes import PendingChangesDialog
    from fieldvisit.ui.dialogs.take_offline import TakeOfflineDialog

    return {
        "TakeOfflineDialog": lambda: TakeOfflineDialog(ctx, window),
        "PendingChangesDialog": lambda: PendingChangesDialog(ctx, window),
    }


def _dialog_classes() -> dict[str, type]:
    found: dict[str, type] = {}
    for info in pkgutil.iter_modules(dialogs_package.__path__):
        module = importlib.import_module(f"{dialogs_package.__name__}.{info.name}")
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, QDialog) and obj.__module__ == module.__name__:
                found[name] = obj
    return found


def test_every_dialog_has_unique_working_mnemonics(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = window.ctx
    builders = _builders(ctx, tmp_path, window)
    classes = _dialog_classes()
    unknown = set(classes) - set(builders) - set(CANNOT_BUILD)
    assert not unknown, f"new dialogs the walker does not build yet: {sorted(unknown)}"
    problems: list[str] = []
    for name, build in sorted(builders.items()):
        dialog = build()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        if isinstance(dialog, QWizard):
            for page_id in dialog.pageIds():
                page = dialog.page(page_id)
                buttons = [
                    dialog.button(b)
                    for b in (
                        QWizard.WizardButton.BackButton,
                        QWizard.WizardButton.NextButton,
                        QWizard.WizardButton.FinishButton,
                        QWizard.WizardButton.CancelButton,
                    )
                ]
                in_page = _visible_in(page)
                problems += [
                    f"{name} page {page_id}: {p}"
                    for p in mnemonic_problems(
                        dialog,
                        lambda w, page=page, in_page=in_page, buttons=buttons: (
                            (page.isAncestorOf(w) and in_page(w)) or w in buttons
                        ),
                    )
                ]
        else:
            problems += [f"{name}: {p}" for p in mnemonic_problems(dialog, _visible_in(dialog))]
        dialog.close()
    assert not problems, "\n".join(problems)


def test_the_walker_catches_a_shared_letter_and_a_missing_buddy(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = QDialog()
    qtbot.addWidget(dialog)
    QLabel("In one &line", dialog)
    QLabel("What we &learned", dialog)
    dialog.show()
    problems = mnemonic_problems(dialog, _visible_in(dialog))
    assert any("shared" in p for p in problems)
    assert any("no buddy" in p for p in problems)


# ----- the debrief editor, typed -------------------------------------------------------------


def _alt(qtbot, window: QWidget, key: Qt.Key) -> QWidget:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget() or window, key, Qt.KeyboardModifier.AltModifier)
    focus = QApplication.focusWidget()
    assert focus is not None
    return focus


def test_alt_letters_in_the_debrief_editor_reach_their_fields(qtbot, app_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.ui.dialogs.debrief_editor import DebriefEditor

    editor = DebriefEditor(app_ctx, _visit_owed(app_ctx))
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    form = editor.form
    assert _alt(qtbot, editor, Qt.Key.Key_L) is form.summary
    assert _alt(qtbot, editor, Qt.Key.Key_E) is form.learned
    qtbot.keyClicks(form.learned, "They want a pilot")
    step, _owner, _due, _done = form.next_steps.row_widgets(0)
    assert _alt(qtbot, editor, Qt.Key.Key_T) is step
    qtbot.keyClicks(QApplication.focusWidget(), "Send the pilot plan")
    data = form.data()
    assert data.learned == "They want a pilot"
    assert [s.text for s in data.next_steps] == ["Send the pilot plan"]
    # Alt+R chooses "Better than before" (a radio's own letter), and nothing chose it before.
    assert data.sentiment is None
    assert _alt(qtbot, editor, Qt.Key.Key_R) is form.sentiment_buttons["better"]
    qtbot.waitUntil(lambda: form.data().sentiment == "better")
    editor.save_draft_now()


@pytest.mark.parametrize(
    "words,letter", [("In one &line", "l"), ("Salt && pepper", None), ("Com&petitors", "p")]
)
def test_mnemonic_reading(words: str, letter: str | None) -> None:
    assert mnemonic(words) == letter
