"""The "Why?" dialog speaks in sentences with the numbers one key away, and Ctrl+K finds
debriefs by their next steps."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from fieldvisit.planning.explain import explain
from fieldvisit.ui.dialogs.why import WhyDialog
from fieldvisit.ui.search import HIT_ROLE, SearchDialog
from tests.ui.demo_files import AS_OF


def test_why_says_it_in_sentences_and_keeps_the_numbers_under_details(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    week = window.current_page()
    card = week.cards[0]
    card.why_button.setFocus()
    qtbot.keyClick(card.why_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: week.findChild(WhyDialog) is not None)
    dialog = week.findChild(WhyDialog)
    said = explain(card.suggestion, AS_OF)
    shown = dialog.text.toPlainText()
    for paragraph in said.paragraphs():
        assert paragraph in shown
    assert said.deal.startswith(("Stuck in", "Nothing has", "Its close date"))
    for word in ("×", "priority is", "Weight", "Points", "points"):
        assert word not in shown, word
    assert not dialog.details.isVisible()

    dialog.details_button.setFocus()
    qtbot.keyClick(dialog.details_button, Qt.Key.Key_Space)
    assert dialog.details.isVisible()
    numbers = dialog.details.toPlainText()
    assert "Weight" in numbers and "priority is" in numbers
    assert f"{card.suggestion.executive.name}" in numbers and "points" in numbers
    qtbot.keyClick(dialog.details_button, Qt.Key.Key_Space)
    assert not dialog.details.isVisible()
    dialog.accept()


def test_ctrl_k_finds_a_debrief_by_words_only_in_its_next_steps(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    with app_ctx.workspace.begin() as conn:
        debrief, visit = conn.execute(text("SELECT id, visit_id FROM debrief LIMIT 1")).one()
        conn.execute(
            text("INSERT INTO next_step(debrief_id, text, done) VALUES (:d, :t, 0)"),
            {"d": debrief, "t": "Send the quillmore indemnity markup to legal"},
        )
    seen: list[str] = []

    def search_with_keys() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SearchDialog)
        qtbot.keyClicks(dialog.box, "quillmore indemnity")
        qtbot.waitUntil(lambda: dialog.results.count() > 0, timeout=10_000)
        seen.extend(dialog.results.item(i).text() for i in range(dialog.results.count()))
        qtbot.keyClick(dialog.box, Qt.Key.Key_Return)

    QTimer.singleShot(0, search_with_keys)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert len(seen) == 1 and seen[0].startswith("Debrief: ")
    assert "quillmore indemnity markup" in seen[0]
    page = window.current_page()
    assert page is not None and page.key == "debriefs"


def test_the_search_hit_carries_the_debriefs_visit(qtbot, app_ctx) -> None:  # type: ignore[no-untyped-def]
    with app_ctx.workspace.begin() as conn:
        debrief, visit = conn.execute(text("SELECT id, visit_id FROM debrief LIMIT 1")).one()
        conn.execute(
            text(
                "INSERT INTO next_step(debrief_id, text, done) VALUES (:d, 'Chase the zorvath SOW', 0)"
            ),
            {"d": debrief},
        )
    dialog = SearchDialog(app_ctx)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.box, "zorvath")
    qtbot.waitUntil(lambda: dialog.results.count() > 0, timeout=10_000)
    hit = dialog.results.item(0).data(HIT_ROLE)
    assert hit.kind == "debrief" and hit.pk == visit
