"""The Debriefs page and the debrief editor, driven like a user would on the small demo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from sqlalchemy import text

from fieldvisit import debriefs
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.debrief_editor import DebriefEditor
from fieldvisit.ui.dialogs.unsaved_debriefs import offer_recovered_drafts
from fieldvisit.ui.pages.debriefs import DebriefsPage
from tests.ui.demo_files import app_context, small_demo_copy


@pytest.fixture
def demo_path(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "demo.fieldvisit")


@pytest.fixture
def ctx(qapp: QApplication, demo_path: Path) -> Iterator[AppContext]:
    with app_context(demo_path) as context:
        yield context  # type: ignore[misc]


def due_visit(ctx: AppContext) -> int:
    with ctx.workspace.connect() as conn:
        return debriefs.debriefs_due(conn, ctx.as_of, limit=1)[0].visit_id


def draft_text(ctx: AppContext, visit_pk: int) -> str | None:
    with ctx.workspace.connect() as conn:
        draft = debriefs.load_draft(conn, visit_pk)
    return None if draft is None else draft.learned


def open_editor(qtbot, ctx: AppContext, visit_pk: int) -> DebriefEditor:
    editor = DebriefEditor(ctx, visit_pk)
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


def test_the_page_shows_debriefs_what_is_owed_and_friction(qtbot, ctx: AppContext) -> None:
    page = DebriefsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1240, 860)
    page.show()
    qtbot.waitUntil(lambda: not page.stale and not page.busy)
    with ctx.workspace.connect() as conn:
        total = debriefs.count_debriefs(conn)
        due = debriefs.count_debriefs_due(conn, ctx.as_of)
    assert total > 50 and due > 0
    assert page.model.rowCount() > 0
    assert f"{total} debriefs" in page.count_label.text()
    # The newest debrief is open in the reading pane, with its words.
    first = page.model.row_at(0)
    assert first is not None
    assert page.reading_title.text() == first.account_name
    assert "What we learned" in page.reader.toPlainText()
    assert page.due_heading.text() == f"Debriefs due ({due})"
    assert page.friction.themes, "friction themes gathered from the demo's debriefs"
    assert page.friction.themes[0].count >= page.friction.themes[-1].count


def test_search_narrows_the_list_to_matching_debriefs(qtbot, ctx: AppContext) -> None:
    page = DebriefsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.stale and not page.busy)
    everything = page.model.total
    qtbot.keyClicks(page.search_box, "legal")
    qtbot.waitUntil(lambda: page.model.query == "legal" and not page.busy, timeout=3000)
    assert 0 < page.model.total < everything
    assert "mention “legal”" in page.count_label.text()
    assert "<b>" in page.model.row_at(0).snippet_html.lower()


def test_typing_is_autosaved_as_a_draft_within_two_seconds(qtbot, ctx: AppContext) -> None:
    visit = due_visit(ctx)
    editor = open_editor(qtbot, ctx, visit)
    qtbot.keyClicks(editor.form.learned, "They want a pilot in the Boston plant")
    assert draft_text(ctx, visit) is None  # not on every key: once typing pauses
    qtbot.waitUntil(lambda: draft_text(ctx, visit) is not None, timeout=2500)
    assert draft_text(ctx, visit) == "They want a pilot in the Boston plant"
    assert "Draft kept" in editor.draft_label.text()


def test_a_draft_survives_a_crash_and_is_offered_back(
    qtbot, qapp: QApplication, demo_path: Path
) -> None:
    with app_context(demo_path) as first:
        visit = due_visit(first)
        editor = open_editor(qtbot, first, visit)
        qtbot.keyClicks(editor.form.learned, "Budget moved to Q3")
        qtbot.keyClicks(editor.form.competitors, "Kinetiq")
        qtbot.waitUntil(lambda: draft_text(first, visit) == "Budget moved to Q3", timeout=2500)
        qtbot.waitUntil(lambda: not editor.keeper.dirty, timeout=2500)
        # The app dies: no close, no save, the window is simply gone.
        editor.hide()
        editor.setParent(None)
        editor.deleteLater()

    with app_context(demo_path) as second:
        box = offer_recovered_drafts(second)
        assert box is not None
        qtbot.addWidget(box)
        assert "Your notes were kept" in box.text()
        box.open_button.click()
        restored = box.editors[0]
        qtbot.addWidget(restored)
        assert restored.visit_pk == visit
        assert restored.form.learned.toPlainText() == "Budget moved to Q3"
        assert restored.form.competitors.text() == "Kinetiq"
        assert restored.recovered_bar.isVisibleTo(restored)
        restored.save()
        assert offer_recovered_drafts(second) is None


def test_ctrl_s_saves_and_search_finds_the_debrief(qtbot, ctx: AppContext) -> None:
    visit = due_visit(ctx)
    editor = open_editor(qtbot, ctx, visit)
    qtbot.keyClicks(editor.form.learned, "Their zebrafish lab wants one contract")
    editor.form.sentiment_buttons["better"].setChecked(True)
    first_step = editor.form.next_steps.row_widgets(0)[0]
    qtbot.keyClicks(first_step, "Send the pilot plan")
    saved: list[int] = []
    editor.debrief_saved.connect(saved.append)
    qtbot.keyClick(editor.form.learned, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved == [visit]
    assert not editor.isVisible()
    with ctx.workspace.connect() as conn:
        hits = debriefs.list_debriefs(conn, "zebrafish")
        back = debriefs.load_debrief(conn, visit)
        assert debriefs.load_draft(conn, visit) is None
    assert [h.visit_id for h in hits] == [visit]
    assert back is not None and back.sentiment == "better"
    assert [s.text for s in back.next_steps] == ["Send the pilot plan"]

    page = DebriefsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.stale and not page.busy)
    qtbot.keyClicks(page.search_box, "zebrafish")
    qtbot.waitUntil(lambda: page.model.query == "zebrafish" and not page.busy, timeout=3000)
    assert page.model.rowCount() == 1
    assert page.model.row_at(0).visit_id == visit


def test_escape_asks_before_notes_are_thrown_away(qtbot, ctx: AppContext) -> None:
    visit = due_visit(ctx)
    editor = open_editor(qtbot, ctx, visit)
    qtbot.keyClicks(editor.form.learned, "A thought worth keeping")
    qtbot.keyClick(editor.form.learned, Qt.Key.Key_Escape)
    box: QMessageBox = editor.close_question
    qtbot.waitUntil(box.isVisible)
    assert editor.isVisible()  # nothing closed yet
    assert draft_text(ctx, visit) == "A thought worth keeping"  # kept while they decide
    keep_writing = next(b for b in box.buttons() if b.text() == "Keep writing")
    keep_writing.click()
    assert editor.isVisible()

    qtbot.keyClick(editor.form.learned, Qt.Key.Key_Escape)
    box = editor.close_question
    qtbot.waitUntil(box.isVisible)
    discard: QPushButton = next(b for b in box.buttons() if b.text() == "Discard notes")
    discard.click()
    assert not editor.isVisible()
    assert draft_text(ctx, visit) is None
    with ctx.workspace.connect() as conn:
        assert debriefs.load_debrief(conn, visit) is None


def test_the_editor_works_from_the_keyboard_alone(qtbot, ctx: AppContext) -> None:
    visit = due_visit(ctx)
    editor = open_editor(qtbot, ctx, visit)
    chain = [*editor.form.focus_chain(), editor.close_button, editor.save_button]
    for widget in chain:
        assert widget.accessibleName(), f"{widget!r} has no accessible name"
    # Tab walks every field in reading order, from who was met to Save.
    chain[0].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is chain[0])
    visited: list[QWidget] = [chain[0]]
    for _ in range(len(chain) - 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == chain
    # Typing, ticking a friction category with Space, and saving, all without a mouse.
    editor.form.friction.setFocus()
    qtbot.keyClick(editor.form.friction, Qt.Key.Key_Space)
    qtbot.keyClick(editor.form.friction, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Quotes take a week")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with ctx.workspace.connect() as conn:
        back = debriefs.load_debrief(conn, visit)
        categories = conn.execute(text("SELECT count(*) FROM debrief_friction")).scalar()
    assert back is not None
    assert back.field_friction == "Quotes take a week"
    assert back.friction_categories == [ctx.rules().friction_categories[0]]
    assert categories and categories > 0
