"""A change reaches each page once: announcements in one pass merge into one reload, a hidden
page waits until it is shown, and an older read's answer never overwrites a newer one."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from fieldvisit.changes import SNOOZED, Changes, Kind
from fieldvisit.reads import deal_table
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.import_wizard import ImportWizard
from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
from fieldvisit.ui.pages import week as week_module
from fieldvisit.ui.tasks import TaskRunner


def _count_calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Count the calls of `module.name` (from any thread) while the test runs."""
    calls: list[int] = []
    real = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


def _deals_loaded(qtbot, window, ctx: AppContext, settle):  # type: ignore[no-untyped-def]
    deals = window.show_page("deals")
    settle(ctx, deals)
    qtbot.waitUntil(lambda: deals.signals_ready and not deals.busy, timeout=20_000)
    return deals


def test_an_import_builds_the_deals_store_once(
    qtbot, window, app_ctx: AppContext, settle, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    deals = _deals_loaded(qtbot, window, app_ctx, settle)
    built = _count_calls(monkeypatch, deal_table, "build_store")
    csv = tmp_path / "accounts.csv"
    csv.write_text("account_id,name,city,tier\nA9001,Globex Labs,Chicago,strategic\n")
    wizard = ImportWizard(app_ctx, paths=[csv])
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()  # the file and its kind (guessed from the name)
    with qtbot.waitSignal(wizard.check_finished, timeout=10_000):
        wizard.next()  # the dry run
    with qtbot.waitSignals([wizard.import_finished, app_ctx.changed], timeout=10_000):
        wizard.next()  # the import
    assert wizard.report is not None and wizard.report.inserted == 1
    settle(app_ctx, deals)
    qtbot.waitUntil(lambda: deals.signals_ready and not deals.busy, timeout=20_000)
    assert len(built) == 1, f"the deal store was built {len(built)} times after one import"


def test_planning_a_visit_plans_the_week_once(
    qtbot, window, app_ctx: AppContext, settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    week = window.current_page()
    planned = _count_calls(monkeypatch, week_module, "load_suggested")
    card = week.cards[0]
    card.plan_button.click()
    dialog = week.findChild(PlanVisitDialog)
    assert dialog is not None
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved_visit_pk is not None, timeout=10_000)
    settle(app_ctx, week)
    assert week.card_for(card.suggestion.deal.deal_pk) is None  # the reload happened
    assert len(planned) == 1, f"This week planned {len(planned)} times after one visit"


def test_changes_announced_together_reach_a_page_as_one(
    qtbot, window, app_ctx: AppContext, settle
) -> None:
    week = window.current_page()
    seen: list[Changes] = []
    app_ctx.changed.connect(seen.append)
    app_ctx.announce(Changes.of(Kind.VISITS))
    app_ctx.announce(SNOOZED)
    app_ctx.announce(Changes.of(Kind.VISITS))
    assert week.busy  # a change is on its way: tests and screenshots wait for it
    settle(app_ctx, week)
    assert seen == [Changes.of(Kind.VISITS, Kind.SNOOZES)]


def test_a_hidden_page_reloads_only_when_it_is_shown(
    qtbot, window, app_ctx: AppContext, settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    deals = _deals_loaded(qtbot, window, app_ctx, settle)
    week = window.show_page("week")
    settle(app_ctx, week)
    built = _count_calls(monkeypatch, deal_table, "build_store")
    app_ctx.announce(SNOOZED)
    settle(app_ctx, week)
    QApplication.processEvents()
    assert built == [] and deals.stale  # Deals is hidden: it only notes the change
    app_ctx.announce(Changes.of(Kind.DEBRIEFS))  # not shown on Deals: it stays as it is
    window.show_page("deals")
    settle(app_ctx, deals)
    qtbot.waitUntil(lambda: deals.signals_ready and not deals.busy, timeout=20_000)
    assert len(built) == 1


def test_a_change_the_page_does_not_show_leaves_it_alone(
    qtbot, window, app_ctx: AppContext, settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = window.show_page("settings")
    settle(app_ctx, settings)
    calls: list[int] = []
    monkeypatch.setattr(settings, "refresh", lambda: calls.append(1))
    app_ctx.announce(Changes.of(Kind.DEBRIEFS))
    settle(app_ctx, settings)
    QApplication.processEvents()
    assert calls == []
    app_ctx.announce(Changes.of(Kind.RULES))
    qtbot.waitUntil(lambda: calls == [1])


def _answers(qtbot, runner: TaskRunner, *, key: str | None) -> list[str]:  # type: ignore[no-untyped-def]
    """Start an older and a newer task; the older one ends last. Return who answered."""
    answered: list[str] = []
    release = threading.Event()

    def older(_p: Any, _c: Any) -> str:
        release.wait(10)
        return "older"

    runner.run(older, title="older", on_done=answered.append, key=key)
    runner.run(lambda _p, _c: "newer", title="newer", on_done=answered.append, key=key)
    qtbot.waitUntil(lambda: answered == ["newer"])
    release.set()
    assert runner.wait_idle(10_000)
    QApplication.processEvents()
    return answered


def test_an_older_answer_with_the_same_key_is_dropped(qtbot, qapp: QApplication) -> None:
    runner = TaskRunner()
    assert _answers(qtbot, runner, key="deals") == ["newer"]
    assert _answers(qtbot, runner, key=None) == ["newer", "older"]  # no key: both answer
    runner.shutdown()


def test_a_dropped_answer_is_handed_back_and_drop_answers_forgets_a_read(
    qtbot, qapp: QApplication
) -> None:
    runner = TaskRunner()
    answered: list[str] = []
    dropped: list[str] = []
    release = threading.Event()

    def slow(_p: Any, _c: Any) -> str:
        release.wait(10)
        return "store"

    runner.run(slow, title="slow", on_done=answered.append, key="k", on_dropped=dropped.append)
    runner.drop_answers("k")  # e.g. the account page: another workspace was opened
    release.set()
    assert runner.wait_idle(10_000)
    QApplication.processEvents()
    assert (answered, dropped) == ([], ["store"])
    runner.shutdown()


def test_a_finished_task_keeps_no_answer_alive(qtbot, qapp: QApplication) -> None:
    """Once its page has taken an answer, nothing of the runner holds it: a session of refreshes
    on a large workspace (suggestions, deal stores, map views) must not pile up in memory."""
    import weakref

    class Answer:
        pass

    runner = TaskRunner()
    seen: list[weakref.ref[Answer]] = []
    runner.run(
        lambda _p, _c: Answer(), title="answer", on_done=lambda a: seen.append(weakref.ref(a))
    )
    qtbot.waitUntil(lambda: seen != [])
    assert runner.wait_idle(10_000)
    QApplication.processEvents()
    assert seen[0]() is None
