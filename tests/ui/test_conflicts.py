"""Saving over someone's newer change: the dialog names who, what and when, and the keyboard
settles it (Reload, Keep mine, Merge). Two people are two Workspace objects on one file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from sqlalchemy import text

from fieldvisit import debriefs
from fieldvisit.debriefs import DebriefData, NextStepItem
from fieldvisit.planning.actions import update_visit
from fieldvisit.reads.audit_lines import debrief_version, visit_version
from fieldvisit.store import Workspace
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.conflict import ConflictDialog
from fieldvisit.ui.dialogs.conflict_merge import MergeDialog
from fieldvisit.ui.dialogs.debrief_editor import DebriefEditor
from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog

ALT = Qt.KeyboardModifier.AltModifier


def _due_visit(ctx: AppContext) -> int:
    with ctx.workspace.connect() as conn:
        return debriefs.debriefs_due(conn, ctx.as_of, limit=1)[0].visit_id


def _editor(qtbot, ctx: AppContext, visit_pk: int) -> DebriefEditor:  # type: ignore[no-untyped-def]
    editor = DebriefEditor(ctx, visit_pk)
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


def _shown(qtbot, parent: QWidget, kind: type) -> QWidget:  # type: ignore[no-untyped-def]
    def found() -> QWidget | None:
        return next((d for d in parent.findChildren(kind) if d.isVisible()), None)

    qtbot.waitUntil(lambda: found() is not None)
    dialog = found()
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _priya_writes(ws: Workspace, visit_pk: int, learned: str, steps: tuple[str, ...]) -> None:
    with ws.connect() as conn:
        seen = debrief_version(conn, visit_pk)
    data = DebriefData(
        visit_id=visit_pk, learned=learned, next_steps=[NextStepItem(text=s) for s in steps]
    )
    debriefs.save_debrief(ws, data, seen=seen)


def _saved(ctx: AppContext, visit_pk: int) -> DebriefData:
    with ctx.workspace.connect() as conn:
        found = debriefs.load_debrief(conn, visit_pk)
    assert found is not None
    return found


def _last_change(ctx: AppContext) -> tuple[str, str, str]:
    with ctx.workspace.connect() as conn:
        row = conn.execute(
            text("SELECT person, action, fields FROM change_log ORDER BY id DESC LIMIT 1")
        ).one()
    return (str(row[0]), str(row[1]), str(row[2]))


def _type_learned(qtbot, editor: DebriefEditor, words: str) -> None:  # type: ignore[no-untyped-def]
    box = editor.form.learned
    box.setFocus()
    box.moveCursor(box.textCursor().MoveOperation.End)
    qtbot.keyClicks(box, words)


def test_keep_mine_saves_over_the_newer_debrief_and_the_trail_says_so(
    qtbot, app_ctx: AppContext, priya: Workspace
) -> None:  # type: ignore[no-untyped-def]
    visit = _due_visit(app_ctx)
    editor = _editor(qtbot, app_ctx, visit)
    _type_learned(qtbot, editor, "Legal is the blocker")
    _priya_writes(priya, visit, "Budget moved to Q3", ("Send pricing",))
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    dialog = _shown(qtbot, editor, ConflictDialog)
    words = dialog.findChildren(QWidget, options=Qt.FindChildOption.FindChildrenRecursively)
    headline = str(dialog.conflict)  # type: ignore[attr-defined]
    assert headline.startswith("Priya changed what we learned and next steps in this debrief at ")
    assert headline.endswith("your change was not saved.")
    assert words, "the dialog shows what happened"
    assert _saved(app_ctx, visit).learned == "Budget moved to Q3", "nothing saved silently"
    qtbot.keyClick(dialog, Qt.Key.Key_K, ALT)  # Keep mine
    qtbot.waitUntil(lambda: editor.result() == editor.DialogCode.Accepted)
    assert _saved(app_ctx, visit).learned == "Legal is the blocker"
    assert _last_change(app_ctx) == (
        "Dana",
        "debrief",
        "learned,next_steps,people_met,kept-over-newer",
    )


def test_reload_takes_theirs_into_the_form(qtbot, app_ctx: AppContext, priya: Workspace) -> None:  # type: ignore[no-untyped-def]
    visit = _due_visit(app_ctx)
    editor = _editor(qtbot, app_ctx, visit)
    _type_learned(qtbot, editor, "Legal is the blocker")
    _priya_writes(priya, visit, "Budget moved to Q3", ())
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    dialog = _shown(qtbot, editor, ConflictDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)  # Reload (take theirs)
    qtbot.waitUntil(lambda: editor.form.data().learned == "Budget moved to Q3")
    assert "Priya" in editor.draft_label.text()
    # Saving now starts from their version: no second conflict.
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    _type_learned(qtbot, editor, " Pilot in Lyon.")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.result() == editor.DialogCode.Accepted)
    assert _saved(app_ctx, visit).learned == "Budget moved to Q3 Pilot in Lyon."


def test_merge_shows_both_side_by_side_and_saves_what_was_picked(
    qtbot, app_ctx: AppContext, priya: Workspace
) -> None:  # type: ignore[no-untyped-def]
    visit = _due_visit(app_ctx)
    editor = _editor(qtbot, app_ctx, visit)
    _type_learned(qtbot, editor, "Legal is the blocker")
    editor.form.add_next_step()
    _priya_writes(priya, visit, "Budget moved to Q3", ("Send pricing",))
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    dialog = _shown(qtbot, editor, ConflictDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_M, ALT)  # Merge…
    merge = _shown(qtbot, editor, MergeDialog)
    assert list(merge.results) == ["learned"]  # type: ignore[attr-defined]
    result = merge.results["learned"]  # type: ignore[attr-defined]
    assert result.hasFocus() and result.toPlainText() == "Legal is the blocker"
    # Tab to "Use theirs" under the result, take theirs, then add to it by hand.
    qtbot.keyClick(result, Qt.Key.Key_Tab)
    use_theirs = QApplication.focusWidget()
    assert (
        use_theirs is not None and use_theirs.accessibleName() == "Use theirs for what we learned"
    )
    qtbot.keyClick(use_theirs, Qt.Key.Key_Space)
    assert result.toPlainText() == "Budget moved to Q3"
    result.setFocus()
    result.moveCursor(result.textCursor().MoveOperation.End)
    qtbot.keyClicks(result, "; legal is the blocker")
    qtbot.keyClick(merge, Qt.Key.Key_S, ALT)  # Save merged debrief
    qtbot.waitUntil(lambda: editor.result() == editor.DialogCode.Accepted)
    saved = _saved(app_ctx, visit)
    assert saved.learned == "Budget moved to Q3; legal is the blocker"
    assert [s.text for s in saved.next_steps] == ["Send pricing"]  # theirs kept
    assert _last_change(app_ctx)[2].endswith("kept-over-newer")


def _planned_visit(ctx: AppContext) -> int:
    with ctx.workspace.connect() as conn:
        return int(
            conn.execute(
                text("SELECT id FROM visit WHERE status = 'planned' ORDER BY start DESC LIMIT 1")
            ).scalar_one()
        )


@pytest.mark.parametrize("choice", ["reload", "keep"])
def test_a_visit_changed_meanwhile_asks_reload_or_keep_mine(
    qtbot, app_ctx: AppContext, priya: Workspace, choice: str
) -> None:  # type: ignore[no-untyped-def]
    visit = _planned_visit(app_ctx)
    dialog = PlanVisitDialog(app_ctx, visit_pk=visit)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.form.agenda.setPlainText("Dana's agenda")
    with priya.begin() as conn:
        update_visit(conn, visit, agenda="Priya's agenda", seen=visit_version(conn, visit))
    dialog.form.place.setFocus()
    qtbot.keyClick(dialog.form.place, Qt.Key.Key_Return)  # the default button: Save changes
    box = _shown(qtbot, dialog, ConflictDialog)
    assert str(box.conflict).startswith("Priya changed this visit's agenda at ")  # type: ignore[attr-defined]
    assert box.merge_button is None  # type: ignore[attr-defined]
    if choice == "reload":
        qtbot.keyClick(box, Qt.Key.Key_R, ALT)
        qtbot.waitUntil(lambda: dialog.form.agenda.toPlainText() == "Priya's agenda")
        assert dialog.isVisible() and "Priya" in dialog.problems.text()
        # The editor shows the trail: who changed the visit, and which fields.
        assert "Changed by Priya on " in dialog.deal_line.text()
        assert dialog.deal_line.text().endswith("(agenda).")
        return
    qtbot.keyClick(box, Qt.Key.Key_K, ALT)
    qtbot.waitUntil(lambda: dialog.saved_visit_pk == visit, timeout=10_000)
    with app_ctx.workspace.connect() as conn:
        agenda = conn.execute(text("SELECT agenda FROM visit WHERE id = :v"), {"v": visit}).scalar()
    assert agenda == "Dana's agenda"
    assert _last_change(app_ctx) == ("Dana", "changed", "agenda,kept-over-newer")


def test_escape_goes_back_to_the_form_with_nothing_saved(
    qtbot, app_ctx: AppContext, priya: Workspace
) -> None:  # type: ignore[no-untyped-def]
    visit = _due_visit(app_ctx)
    editor = _editor(qtbot, app_ctx, visit)
    _type_learned(qtbot, editor, "Legal is the blocker")
    _priya_writes(priya, visit, "Budget moved to Q3", ())
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    dialog = _shown(qtbot, editor, ConflictDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert editor.isVisible() and editor.form.data().learned == "Legal is the blocker"
    assert _saved(app_ctx, visit).learned == "Budget moved to Q3"


def test_a_snooze_set_meanwhile_asks_and_keep_mine_replaces_it(
    qtbot, app_ctx: AppContext, priya: Workspace
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from fieldvisit.planning.snoozes import running_snooze, snooze_deal
    from fieldvisit.ui.dialogs.snooze import SnoozeDialog

    with app_ctx.workspace.connect() as conn:
        deal = int(
            conn.execute(
                text(
                    "SELECT d.id FROM deal d WHERE d.status = 'open' AND NOT EXISTS "
                    "(SELECT 1 FROM snooze s WHERE s.deal_id = d.id) ORDER BY d.id LIMIT 1"
                )
            ).scalar_one()
        )
    dialog = SnoozeDialog(app_ctx, deal, "Globex", "Renewal")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    with priya.begin() as conn:
        snooze_deal(
            conn, deal, app_ctx.as_of + timedelta(days=30), "Priya waits", as_of=app_ctx.as_of
        )
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "Dana waits")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    box = _shown(qtbot, dialog, ConflictDialog)
    assert str(box.conflict).startswith("Priya changed this snooze's end date and reason at ")  # type: ignore[attr-defined]
    qtbot.keyClick(box, Qt.Key.Key_K, ALT)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10_000)
    with app_ctx.workspace.connect() as conn:
        now = running_snooze(conn, deal, app_ctx.as_of)
    assert now is not None and now.reason == "Dana waits"
    assert _last_change(app_ctx) == ("Dana", "snoozed", "until,reason,kept-over-newer")


@pytest.mark.parametrize("choice", ["reload", "keep"])
def test_a_setting_changed_meanwhile_asks_reload_or_keep_mine(
    qtbot, app_ctx: AppContext, priya: Workspace, choice: str
) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.reads.audit_lines import setting_versions
    from fieldvisit.settings import load_rules, save_rules
    from fieldvisit.ui.pages.settings import SettingsPage

    page = SettingsPage(app_ctx)
    qtbot.addWidget(page)
    page.resize(1240, 860)
    page.show()
    qtbot.waitUntil(lambda: not page.stale)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    with priya.begin() as conn:
        save_rules(conn, {"idle_days": 40}, seen=setting_versions(conn))
    page.controls["idle_days"].setValue(35)
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    box = _shown(qtbot, page, ConflictDialog)
    assert str(box.conflict).startswith("Priya changed the setting “idle_days” at ")  # type: ignore[attr-defined]
    if choice == "reload":
        qtbot.keyClick(box, Qt.Key.Key_R, ALT)
        qtbot.waitUntil(lambda: page.controls["idle_days"].value() == 40)
        assert "Priya" in page.status.text()
        return
    qtbot.keyClick(box, Qt.Key.Key_K, ALT)

    def stored() -> int:
        with app_ctx.workspace.connect() as conn:
            return load_rules(conn).idle_days

    qtbot.waitUntil(lambda: stored() == 35)  # the page's status is cleared by its reload
    assert _last_change(app_ctx) == ("Dana", "setting", "value,kept-over-newer")


def _notes_left_unsaved(qtbot, ctx: AppContext, visit: int, words: str) -> None:  # type: ignore[no-untyped-def]
    """Dana types into the debrief, the draft is kept, and the editor goes away unsaved."""
    editor = _editor(qtbot, ctx, visit)
    _type_learned(qtbot, editor, words)
    qtbot.keyClick(editor.form.learned, Qt.Key.Key_Tab)  # leaving the field keeps the draft
    qtbot.waitUntil(lambda: "Draft kept" in editor.draft_label.text())
    editor.keeper.stop()
    editor.hide()


def test_notes_recovered_after_a_colleagues_save_are_a_conflict_not_a_silent_overwrite(
    qtbot, app_ctx: AppContext, priya: Workspace
) -> None:  # type: ignore[no-untyped-def]
    visit = _due_visit(app_ctx)
    _priya_writes(priya, visit, "First words", ())
    _notes_left_unsaved(qtbot, app_ctx, visit, " and legal is the blocker")
    # Meanwhile Priya saves the debrief again.
    _priya_writes(priya, visit, "Budget moved to Q3", ("Send pricing",))

    again = _editor(qtbot, app_ctx, visit)
    assert again.recovered_bar.isVisibleTo(again)
    words = again.recovered_words.text()
    assert "Priya changed what we learned and next steps in this debrief at " in words
    assert "after you typed them: Save debrief shows both" in words
    assert again.form.learned.toPlainText() == "First words and legal is the blocker"
    qtbot.keyClick(again, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    dialog = _shown(qtbot, again, ConflictDialog)
    assert str(dialog.conflict).startswith("Priya changed")  # type: ignore[attr-defined]
    assert _saved(app_ctx, visit).learned == "Budget moved to Q3", "nothing saved silently"
    qtbot.keyClick(dialog, Qt.Key.Key_M, ALT)  # Merge…: every field compared (start unknown)
    merge = _shown(qtbot, again, MergeDialog)
    result = merge.results["learned"]  # type: ignore[attr-defined]
    assert result.toPlainText() == "First words and legal is the blocker"  # mine, beside theirs
    qtbot.keyClick(merge, Qt.Key.Key_S, ALT)  # Save merged debrief
    qtbot.waitUntil(lambda: again.result() == again.DialogCode.Accepted)
    saved = _saved(app_ctx, visit)
    assert saved.learned == "First words and legal is the blocker"
    assert [s.text for s in saved.next_steps] == ["Send pricing"]  # Priya's kept


def test_a_colleagues_save_leaves_my_unsaved_notes_on_the_same_debrief(
    qtbot, app_ctx: AppContext, priya: Workspace
) -> None:  # type: ignore[no-untyped-def]
    visit = _due_visit(app_ctx)
    editor = _editor(qtbot, app_ctx, visit)
    _type_learned(qtbot, editor, "Dana's notes")
    qtbot.keyClick(editor.form.learned, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: "Draft kept" in editor.draft_label.text())
    # Priya types her own notes on the same visit, then saves: her draft goes, Dana's stays.
    debriefs.save_draft(priya, DebriefData(visit_id=visit, learned="Priya's half-typed notes"))
    with app_ctx.workspace.connect() as conn:
        assert debriefs.load_draft(conn, visit).learned == "Dana's notes"  # type: ignore[union-attr]
    _priya_writes(priya, visit, "Priya's debrief", ())
    with priya.connect() as conn:
        assert debriefs.load_draft(conn, visit) is None
    with app_ctx.workspace.connect() as conn:
        assert debriefs.load_draft(conn, visit).learned == "Dana's notes"  # type: ignore[union-attr]


def test_discarding_notes_recovered_after_a_colleagues_save_edits_their_save_freely(
    qtbot, app_ctx: AppContext, priya: Workspace
) -> None:  # type: ignore[no-untyped-def]
    visit = _due_visit(app_ctx)
    _priya_writes(priya, visit, "First words", ())
    _notes_left_unsaved(qtbot, app_ctx, visit, " and more")
    _priya_writes(priya, visit, "Budget moved to Q3", ())

    again = _editor(qtbot, app_ctx, visit)
    discard = next(
        b for b in again.recovered_bar.findChildren(QPushButton) if "Discard" in b.text()
    )
    discard.click()
    assert again.form.learned.toPlainText() == "Budget moved to Q3"
    _type_learned(qtbot, again, "; legal too")
    qtbot.keyClick(again, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: again.result() == again.DialogCode.Accepted)
    assert _saved(app_ctx, visit).learned == "Budget moved to Q3; legal too"
