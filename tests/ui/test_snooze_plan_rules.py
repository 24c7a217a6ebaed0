"""Snoozes and plans a user controls, in the app: a snoozed deal can be ended or changed from the
Deals page, the snooze dialog opens filled in, the plan dialog asks before a double booking and
warns about a weekend or holiday before saving. Driven by the keyboard on the small demo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateTimeEdit, QMessageBox, QPushButton
from sqlalchemy import text

from fieldvisit.planning import plan_visit
from fieldvisit.planning.snoozes import running_snooze, snooze_deal
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
from fieldvisit.ui.dialogs.snooze import SnoozeDialog
from fieldvisit.ui.pages.deals import DealsPage
from tests.ui.demo_files import AS_OF

UNTIL = date(2026, 7, 25)


class Asked:
    """Answers the app's yes/no questions (QMessageBox.question) and remembers them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.questions: list[str] = []
        self.answer = QMessageBox.StandardButton.No

        def question(_parent, _title, words, *_args, **_kwargs):  # type: ignore[no-untyped-def]
            self.questions.append(words)
            return self.answer

        monkeypatch.setattr(QMessageBox, "question", staticmethod(question))


def _snoozed_deal(ctx: AppContext) -> tuple[int, str]:
    """Snooze the first strategic open deal until 25 Jul; return its pk and name."""
    with ctx.workspace.begin() as conn:
        pk, name = conn.execute(
            text(
                "SELECT d.id, d.name FROM deal d JOIN account a ON a.id = d.account_id "
                "WHERE d.status = 'open' AND d.strategic = 1 AND a.tier = 'strategic' "
                "AND d.id NOT IN (SELECT deal_id FROM snooze) ORDER BY d.id LIMIT 1"
            )
        ).one()
        snooze_deal(conn, pk, UNTIL, "Waiting for the budget", as_of=AS_OF)
    return int(pk), str(name)


def _running(ctx: AppContext, deal_pk: int):  # type: ignore[no-untyped-def]
    with ctx.workspace.connect() as conn:
        return running_snooze(conn, deal_pk, AS_OF)


@pytest.fixture
def deals(qtbot, app_ctx: AppContext, settle) -> Iterator[tuple[DealsPage, int]]:  # type: ignore[no-untyped-def]
    """The Deals page with a freshly snoozed deal selected."""
    deal_pk, name = _snoozed_deal(app_ctx)
    page = DealsPage(app_ctx)
    page.resize(1300, 860)
    page.show()  # loads the deals (once: two loads at a time are not what a user does)
    qtbot.waitUntil(lambda: page.signals_ready and not page.busy, timeout=30_000)
    page.search.setText(name)
    page._apply_search()
    settle(app_ctx)
    assert page.select_deal(deal_pk)
    qtbot.waitUntil(
        lambda: page.detail.detail is not None and page.detail.detail.pk == deal_pk,
        timeout=10_000,
    )
    yield page, deal_pk
    # What the test set going (a reload after the change) ends before the page goes.
    qtbot.waitUntil(lambda: not app_ctx.tasks.active() and not page.busy, timeout=20_000)
    page.close()
    page.deleteLater()


def _button(page: DealsPage, words: str) -> QPushButton | None:
    return next(
        (b for b in page.detail.findChildren(QPushButton) if b.text() == words and b.isVisible()),
        None,
    )


def _press(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Space)


def test_end_snooze_on_the_deal_ends_it_and_the_deal_shows_unsnoozed(
    qtbot, deals: tuple[DealsPage, int]
) -> None:  # type: ignore[no-untyped-def]
    page, deal_pk = deals
    # Buttons added to a shown pane appear on the next pass of the event loop.
    qtbot.waitUntil(lambda: _button(page, "Change snooze") is not None, timeout=10_000)
    assert _button(page, "Snooze") is None  # a snoozed deal offers to change it instead
    end = _button(page, "End snooze")
    assert end is not None
    _press(qtbot, end)
    qtbot.waitUntil(lambda: _running(page.ctx, deal_pk) is None, timeout=10_000)
    qtbot.waitUntil(
        lambda: _button(page, "Snooze") is not None and _button(page, "End snooze") is None,
        timeout=20_000,
    )


def _open_dialog(qtbot, page: DealsPage) -> SnoozeDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: _button(page, "Change snooze") is not None, timeout=10_000)
    change = _button(page, "Change snooze")
    assert change is not None
    _press(qtbot, change)
    qtbot.waitUntil(lambda: bool(page.findChildren(SnoozeDialog)), timeout=5_000)
    dialog = page.findChildren(SnoozeDialog)[0]
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    return dialog


def test_the_snooze_dialog_opens_filled_in_and_an_earlier_day_shortens_the_snooze(
    qtbot, deals: tuple[DealsPage, int]
) -> None:  # type: ignore[no-untyped-def]
    page, deal_pk = deals
    _first = _running(page.ctx, deal_pk)
    dialog = _open_dialog(qtbot, page)
    assert dialog.windowTitle() == "Change snooze"
    assert dialog.until.date() == QDate(2026, 7, 25)
    assert dialog.reason.currentText() == "Waiting for the budget"
    # Ten days earlier, with the keyboard: the day section, then Down ten times.
    dialog.until.setFocus()
    dialog.until.setCurrentSection(QDateTimeEdit.Section.DaySection)
    for _ in range(10):
        qtbot.keyClick(dialog.until, Qt.Key.Key_Down)
    assert dialog.until.date() == QDate(2026, 7, 15)
    qtbot.keyClick(dialog.until, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _running(page.ctx, deal_pk) != _first, timeout=10_000)
    running = _running(page.ctx, deal_pk)
    assert running is not None and running.until == date(2026, 7, 15)
    assert running.reason == "Waiting for the budget"


def test_the_snooze_dialog_can_end_the_snooze(qtbot, deals: tuple[DealsPage, int]) -> None:  # type: ignore[no-untyped-def]
    page, deal_pk = deals
    dialog = _open_dialog(qtbot, page)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        _press(qtbot, dialog.end_button)
    assert _running(page.ctx, deal_pk) is None
    qtbot.waitUntil(lambda: _button(page, "End snooze") is None, timeout=10_000)


def test_a_new_snooze_cannot_start_today_or_before(qtbot, app_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    with app_ctx.workspace.connect() as conn:
        pk = conn.execute(text("SELECT id FROM deal WHERE status = 'open' LIMIT 1")).scalar_one()
    dialog = SnoozeDialog(app_ctx, pk, "Acme", "Renewal")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Snooze deal" and not dialog.end_button.isVisible()
    dialog.until.setFocus()
    dialog.until.setCurrentSection(QDateTimeEdit.Section.DaySection)
    for _ in range(30):
        qtbot.keyClick(dialog.until, Qt.Key.Key_Down)
    assert dialog.until.date() == QDate(2026, 6, 16)  # tomorrow is the earliest


# ----- the plan dialog ---------------------------------------------------------------------------


def _us_deals(ctx: AppContext) -> tuple[int, int, int, str]:
    """Return two open deals at different US accounts with decision makers and a city, a
    US-based executive, and the first account's name."""
    with ctx.workspace.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT d.id, a.name FROM deal d JOIN account a ON a.id = d.account_id "
                "WHERE d.status = 'open' AND a.country = 'United States' AND a.city IS NOT NULL "
                "AND a.tz = 'America/New_York' AND EXISTS (SELECT 1 FROM contact c "
                "WHERE c.account_id = a.id AND c.decision_maker = 1) "
                "GROUP BY a.id ORDER BY a.id LIMIT 2"
            )
        ).all()
        executive = conn.execute(
            text(
                "SELECT id FROM executive WHERE home_country = 'United States' ORDER BY id LIMIT 1"
            )
        ).scalar_one()
    (first, first_account), (second, _) = rows
    return int(first), int(second), int(executive), str(first_account)


NEW_YORK = ZoneInfo("America/New_York")


def _dialog(qtbot, ctx: AppContext, deal_pk: int, executive: int) -> PlanVisitDialog:  # type: ignore[no-untyped-def]
    dialog = PlanVisitDialog(ctx, deal_pk=deal_pk)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.select_executive(executive)
    return dialog


def _visits(ctx: AppContext, deal_pk: int) -> int:
    with ctx.workspace.connect() as conn:
        return int(
            conn.execute(
                text("SELECT COUNT(*) FROM visit WHERE deal_id = :d"), {"d": deal_pk}
            ).scalar_one()
        )


def test_a_double_booking_is_asked_about_and_planned_only_on_yes(
    qtbot, app_ctx: AppContext, monkeypatch, settle
) -> None:  # type: ignore[no-untyped-def]
    asked = Asked(monkeypatch)
    first, second, executive, first_account = _us_deals(app_ctx)
    ten = datetime.combine(date(2026, 6, 24), time(10), tzinfo=NEW_YORK)
    with app_ctx.workspace.begin() as conn:
        plan_visit(conn, deal_pk=first, executive_pks=[executive], rep_pks=[], contact_pks=[],
                   start=ten.astimezone(UTC), minutes=60)  # fmt: skip
        name = conn.execute(
            text("SELECT name FROM executive WHERE id = :e"), {"e": executive}
        ).scalar_one()
    before = _visits(app_ctx, second)
    dialog = _dialog(qtbot, app_ctx, second, executive)
    dialog.form.set_when(ten + timedelta(minutes=30), 60)  # 10:30, half an hour into the other

    qtbot.keyClick(dialog.form.length, Qt.Key.Key_Return)  # Enter: the default button, "Plan"
    qtbot.waitUntil(lambda: bool(asked.questions), timeout=10_000)
    settle(app_ctx)
    first_name = name.split()[0]
    assert asked.questions[0].startswith(f"{first_name} already has {first_account} (V")
    assert asked.questions[0].endswith(" at 10:00–11:00 that day. Plan anyway?")
    assert dialog.isVisible() and _visits(app_ctx, second) == before  # "No": nothing planned

    asked.answer = QMessageBox.StandardButton.Yes
    qtbot.keyClick(dialog.form.length, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert len(asked.questions) == 2
    assert _visits(app_ctx, second) == before + 1


def test_the_same_visit_twice_is_refused_in_the_dialog(
    qtbot, app_ctx: AppContext, monkeypatch, settle
) -> None:  # type: ignore[no-untyped-def]
    asked = Asked(monkeypatch)
    first, _second, executive, _ = _us_deals(app_ctx)
    ten = datetime.combine(date(2026, 6, 24), time(10), tzinfo=NEW_YORK)
    with app_ctx.workspace.begin() as conn:
        plan_visit(conn, deal_pk=first, executive_pks=[executive], rep_pks=[], contact_pks=[],
                   start=ten.astimezone(UTC), minutes=60)  # fmt: skip
    dialog = _dialog(qtbot, app_ctx, first, executive)
    dialog.form.set_when(ten, 60)
    qtbot.keyClick(dialog.form.length, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.problems.isVisible, timeout=10_000)
    assert "This visit is already planned: V" in dialog.problems.text()
    assert not asked.questions and _visits(app_ctx, first) == 1


def test_a_weekend_or_holiday_is_said_before_saving_and_the_visit_still_plans(
    qtbot, app_ctx: AppContext, settle
) -> None:  # type: ignore[no-untyped-def]
    _first, second, executive, _ = _us_deals(app_ctx)
    dialog = _dialog(qtbot, app_ctx, second, executive)
    dialog.form.set_when(datetime.combine(date(2026, 6, 18), time(10), tzinfo=NEW_YORK), 60)
    note = dialog.form.day_note
    assert not note.isVisible()  # Thursday 18 Jun: an ordinary day
    dialog.form.day.setFocus()
    dialog.form.day.setCurrentSection(QDateTimeEdit.Section.DaySection)
    qtbot.keyClick(dialog.form.day, Qt.Key.Key_Up)  # Fri 19 Jun: Juneteenth
    assert note.isVisible()
    assert note.text().startswith("Fri 19 Jun 2026 is Juneteenth National Independence Day")
    qtbot.keyClick(dialog.form.day, Qt.Key.Key_Up)  # Sat 20 Jun
    assert note.text() == "Sat 20 Jun 2026 is a Saturday. You can still plan the visit."
    before = _visits(app_ctx, second)
    qtbot.keyClick(dialog.form.day, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert _visits(app_ctx, second) == before + 1
