"""A suggestion's window, its reason and the plan dialog's default date agree; Settings › Visit
days edits closures, hours, notice and the weekly maximum by keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from fieldvisit.planning import suggest_visits
from fieldvisit.planning.actions import suggested_start
from fieldvisit.planning.wording import weekday_day
from fieldvisit.settings import load_rules
from fieldvisit.store import create_workspace
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
from fieldvisit.ui.pages.settings import SettingsPage
from fieldvisit.ui.pages.week import WeekPage
from tests.planning.builders import AS_OF, Builder
from tests.planning.test_suggest_dates import move


def test_the_plan_dialog_opens_on_the_suggested_day_and_hour(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    week = window.current_page()
    assert len(week.cards) >= 3
    for card in week.cards[:3]:
        s = card.suggestion
        assert weekday_day(s.window_start, app_ctx.as_of) in s.window_reason
        card.plan_button.setFocus()
        qtbot.keyClick(card.plan_button, Qt.Key.Key_Space)
        [dialog] = [d for d in week.findChildren(PlanVisitDialog) if d.isVisible()]
        QApplication.processEvents()  # the dialog's own layout pass, before it is closed
        with app_ctx.workspace.connect() as conn:
            start = suggested_start(conn, s)
        assert dialog.form.day.date().toPython() == s.window_start == start.date()
        assert dialog.form.clock.time().toPython() == start.time().replace(tzinfo=None)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda d=dialog: not d.isVisible())


def test_the_plan_dialog_keeps_the_visit_out_of_the_executives_night(
    qtbot, qapp: QApplication, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ws = create_workspace(tmp_path / "far.fieldvisit")
    with ws.begin() as conn:
        b = Builder(conn)
        ceo = b.executive("ceo@us.example", name="Cee Oh")
        account = b.account("Globex")
        b.deal(account, b.rep("rep@us.example"), entered=date(2026, 4, 1))
        move(conn, "executive", ceo, "Tokyo")
        move(conn, "account", account, "Los Angeles")
    context = AppContext(ws, AS_OF)
    try:
        week = WeekPage(context)
        qtbot.addWidget(week)
        week.show()
        qtbot.waitUntil(lambda: not week.stale and not week.busy and bool(week.cards))
        card = week.cards[0]
        card.plan_button.setFocus()
        qtbot.keyClick(card.plan_button, Qt.Key.Key_Space)
        [dialog] = [d for d in week.findChildren(PlanVisitDialog) if d.isVisible()]
        qapp.processEvents()  # the dialog's own layout pass, before it is closed
        # 15:00 in Los Angeles is 07:00 in Tokyo: the first hour Cee is awake at home.
        assert dialog.form.day.date().toPython() == card.suggestion.window_start
        assert dialog.form.clock.time().toPython() == time(15, 0)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not dialog.isVisible())
        week.close()  # the page goes before the context and workspace it reads from
    finally:
        context.tasks.shutdown()
        ws.close()


@pytest.fixture
def ctx(qapp: QApplication, tmp_path: Path) -> Iterator[AppContext]:
    ws = create_workspace(tmp_path / "days.fieldvisit")
    with ws.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example", name="Cee Oh", city="Chicago")
        b.deal(b.account("Globex"), b.rep("rep@us.example"), entered=date(2026, 4, 1))
    context = AppContext(ws, AS_OF)
    try:
        yield context
    finally:
        context.tasks.shutdown()
        ws.close()


def type_number(qtbot, spin, value: str) -> None:  # type: ignore[no-untyped-def]
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, value)


def test_visit_days_are_edited_in_settings_by_keyboard(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    with ctx.workspace.connect() as conn:
        [before] = suggest_visits(conn, AS_OF, load_rules(conn))
    assert before.window_start == date(2026, 6, 16)
    settings = SettingsPage(ctx)
    qtbot.addWidget(settings)
    settings.show()
    qtbot.waitUntil(lambda: not settings.stale)
    settings.show_section("visit-days")
    section = settings.visit_days
    assert section.isVisible()
    assert section.numbers["weekly_visit_max"].value() == 3
    assert section.numbers["lead_days_far"].value() == 10
    # Close the company on Tue 16 and Wed 17 Jun, then reopen Wed.
    for day in (QDate(2026, 6, 16), QDate(2026, 6, 17)):
        section.closure_day.setFocus()
        section.closure_day.setDate(day)
        qtbot.keyClick(section.closure_day, Qt.Key.Key_Return)
    assert section.closure_days() == ["2026-06-16", "2026-06-17"]
    section.closures.setFocus()
    section.closures.setCurrentRow(1)
    qtbot.keyClick(section.closures, Qt.Key.Key_Delete)
    assert section.closure_days() == ["2026-06-16"]
    type_number(qtbot, section.numbers["weekly_visit_max"], "2")
    type_number(qtbot, section.numbers["visit_hours_start"], "8")
    qtbot.keyClick(settings, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "Saved 3 changes" in settings.status.text()
    with ctx.workspace.connect() as conn:
        rules = load_rules(conn)
        [after] = suggest_visits(conn, AS_OF, rules)
    assert rules.company_closures == ["2026-06-16"]
    assert (rules.weekly_visit_max, rules.visit_hours_start) == (2, 8)
    assert after.window_start == date(2026, 6, 17)  # the closure moved the proposed day


def test_visit_hours_that_end_before_they_start_are_not_saved(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    settings = SettingsPage(ctx)
    qtbot.addWidget(settings)
    settings.show()
    qtbot.waitUntil(lambda: not settings.stale)
    settings.show_section("visit-days")
    type_number(qtbot, settings.visit_days.numbers["visit_hours_end"], "8")
    qtbot.keyClick(settings, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert settings.status.text().startswith("Not saved. Visits should end after they start")
    with ctx.workspace.connect() as conn:
        assert load_rules(conn).visit_hours_end == 17
