"""This week: suggestion cards in plain words; planning, snoozing and explaining from a card."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import text

from fieldvisit.commands.import_cmd import read_crm_export
from fieldvisit.ingest.crm.engine import import_export
from fieldvisit.store import create_workspace
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.import_wizard import ImportWizard
from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
from fieldvisit.ui.dialogs.snooze import SnoozeDialog
from fieldvisit.ui.dialogs.why import WhyDialog
from fieldvisit.ui.pages.visits import VisitsPage
from fieldvisit.ui.pages.week import WeekPage
from tests.ingest.crm import write_route
from tests.ui.demo_files import AS_OF

RAW_CODES = re.compile(
    r"stage_age|close_slipped|single_threaded|no_decision_maker|no_exec_touch|in_person|\bidle\b"
)


def _texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [lab.text() for lab in widget.findChildren(QLabel) if lab.isVisible()]


def test_this_week_shows_suggestions_debriefs_due_and_upcoming_visits(window) -> None:  # type: ignore[no-untyped-def]
    page = window.current_page()
    assert isinstance(page, WeekPage)
    assert len(page.cards) >= 3
    words = " ".join(_texts(page))
    assert "Suggested visits" in words and "Debriefs due" in words and "Upcoming" in words
    first = page.cards[0]
    card_words = " ".join(_texts(first))
    assert first.suggestion.deal.account_name in card_words
    assert "Send: " in card_words and "With: " in card_words
    assert any(sig.detail in card_words for sig in first.suggestion.deal.signals)
    assert "$" in card_words  # the amount, said the way people say it
    assert not RAW_CODES.search(words), RAW_CODES.search(words)
    assert page.due_cards, "the demo has visits without a debrief"
    assert page.data is not None and page.data.upcoming


def test_a_visit_planned_from_a_suggestion_appears_on_the_visits_page(
    qtbot, window, app_ctx, settle
) -> None:  # type: ignore[no-untyped-def]
    week = window.current_page()
    card = week.cards[0]
    deal = card.suggestion.deal
    card.plan_button.click()
    dialog = week.findChild(PlanVisitDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.form.executive.currentData() == card.suggestion.executive.executive_pk
    assert dialog.form.checked_contacts(), "decision makers are ticked for you"
    assert "(" in dialog.form.zones.text()  # the time in the executive's zone too
    dialog.form.agenda.setPlainText("Roll-out plan and next steps")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved_visit_pk is not None, timeout=10_000)
    visit_pk = dialog.saved_visit_pk

    settle(app_ctx, week)
    assert week.card_for(deal.deal_pk) is None, "a planned deal is not suggested again"
    visits = window.show_page("visits")
    assert isinstance(visits, VisitsPage)
    settle(app_ctx, visits)
    planned = [v for v in visits.visit_rows() if v.pk == visit_pk]
    assert planned and planned[0].account_name == deal.account_name
    assert planned[0].status == "planned"
    assert visits.select_visit(visit_pk)
    qtbot.waitUntil(lambda: "Roll-out plan and next steps" in " ".join(_texts(visits.detail)))


def test_the_plan_dialog_says_what_to_fix_and_saves_nothing(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    week = window.current_page()
    dialog = week.plan(week.cards[0].suggestion)
    for i in range(dialog.form.contacts.count()):
        dialog.form.contacts.item(i).setCheckState(Qt.CheckState.Unchecked)
    dialog.form.place.clear()
    with app_ctx.workspace.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM visit")).scalar()
    dialog.save_button.click()
    assert dialog.isVisible()
    problems = dialog.problems.text()
    assert "Tick at least one customer contact" in problems
    assert "Say where you meet" in problems
    with app_ctx.workspace.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM visit")).scalar() == before
    dialog.reject()


def test_snoozing_a_suggestion_removes_its_card(qtbot, window, app_ctx, settle) -> None:  # type: ignore[no-untyped-def]
    week = window.current_page()
    card = week.cards[0]
    deal_pk = card.suggestion.deal.deal_pk
    card.snooze_button.click()
    dialog = week.findChild(SnoozeDialog)
    assert dialog is not None
    dialog.save_button.click()
    assert dialog.problem.isVisible(), "a snooze needs a reason"
    dialog.reason.setEditText("Budget decided on 30 Jun")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: week.card_for(deal_pk) is None, timeout=10_000)
    settle(app_ctx, week)
    assert week.card_for(deal_pk) is None, "still gone after the page reloaded"
    with app_ctx.workspace.connect() as conn:
        reason = conn.execute(
            text("SELECT reason FROM snooze WHERE deal_id = :d"), {"d": deal_pk}
        ).scalar()
    assert reason == "Budget decided on 30 Jun"


def test_why_shows_every_signal_with_its_weight_and_the_executives_reasons(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    week = window.current_page()
    card = week.cards[0]
    card.why_button.click()
    dialog = week.findChild(WhyDialog)
    assert dialog is not None
    shown = dialog.text.toPlainText() + dialog.details.toPlainText()  # words, then the numbers
    for sig in card.suggestion.deal.signals:
        assert sig.detail in shown
    assert "Weight" in shown and "Points" in shown
    assert card.suggestion.executive.name in shown
    for reason in card.suggestion.executive.reasons:
        assert reason in shown
    assert not RAW_CODES.search(shown)
    dialog.accept()


@pytest.fixture
def empty_ctx(qapp, tmp_path):  # type: ignore[no-untyped-def]
    """A new, empty workspace."""
    ws = create_workspace(tmp_path / "empty.fieldvisit")
    ctx = AppContext(ws, AS_OF)
    yield ctx
    ctx.tasks.shutdown()
    ws.close()


def _week_on(qtbot, ctx: AppContext) -> WeekPage:  # type: ignore[no-untyped-def]
    page = WeekPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitUntil(
        lambda: page.data is not None and not page.busy and not ctx.tasks.active(), timeout=20_000
    )
    return page


def _button(page: WeekPage, words: str) -> QPushButton:
    return next(b for b in page.findChildren(QPushButton) if b.text() == words and b.isVisible())


def test_an_empty_workspace_says_there_is_no_data_yet_and_offers_import(
    qtbot, empty_ctx: AppContext, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    page = _week_on(qtbot, empty_ctx)
    words = " ".join(_texts(page))
    assert "No data yet: this workspace holds no deals." in words
    assert "No stalled strategic deal" not in words  # never "all is well" over no data
    assert "Every visit that happened has its debrief" not in words
    opened: list[object] = []
    monkeypatch.setattr(ImportWizard, "exec", lambda self: opened.append(self) or 0)
    button = _button(page, "Import")
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert len(opened) == 1


def test_deals_without_executives_say_so_and_offer_to_choose_them(
    qtbot, empty_ctx: AppContext, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    paths = write_route("pipedrive", tmp_path / "export")  # no job titles: nobody is an executive
    import_export(empty_ctx.workspace, read_crm_export("pipedrive", paths, None, None))
    page = _week_on(qtbot, empty_ctx)
    words = " ".join(_texts(page))
    assert "No executives yet, so nobody can be suggested for a visit." in words
    assert "holds 30 deals (20 open)" in words
    assert "No stalled strategic deal" not in words
    opened: list[object] = []
    monkeypatch.setattr(ImportWizard, "exec", lambda self: opened.append(self) or 0)
    _button(page, "Choose executives").click()
    assert len(opened) == 1
    with qtbot.waitSignal(page.navigate_requested) as asked:
        _button(page, "Executive titles in Settings").click()
    assert asked.args == ["settings#titles"]


def test_a_workspace_with_executives_and_nothing_stalled_says_so(
    qtbot, empty_ctx: AppContext, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.planning.readiness import readiness

    paths = write_route("pipedrive", tmp_path / "export")
    batch = read_crm_export("pipedrive", paths, None, None)
    for deal in batch.records["deals"]:
        deal.values["amount"] = "1000"  # nothing strategic: nothing to suggest
    import_export(empty_ctx.workspace, batch, executives={"Helena Brandt": "C"})
    with empty_ctx.workspace.connect() as conn:
        assert readiness(conn).ready
    page = _week_on(qtbot, empty_ctx)
    assert "No stalled strategic deal needs a visit right now." in " ".join(_texts(page))
