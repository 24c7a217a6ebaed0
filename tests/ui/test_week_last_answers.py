"""This week paints the answers it showed last at once when the app starts again (marked as
updating while they are worked out again), and never shows them once the data changed or the
kept file is damaged."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from fieldvisit import paths
from fieldvisit.cli import main
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.main_window import MainWindow
from fieldvisit.ui.pages import week as week_module
from fieldvisit.ui.pages.week import WeekPage
from tests.ui.demo_files import AS_OF, app_context


@contextmanager
def _started(qtbot, path: Path) -> Iterator[tuple[WeekPage, AppContext]]:  # type: ignore[no-untyped-def]
    """Start the app's window on the workspace at `path` (closed after)."""
    with app_context(path) as ctx:
        assert isinstance(ctx, AppContext)
        win = MainWindow(ctx, None, remember_geometry=False)
        qtbot.addWidget(win)
        win.resize(1440, 900)
        win.show()
        page = win.current_page()
        assert isinstance(page, WeekPage)
        yield page, ctx
        win.close()


def _loaded(qtbot, week: WeekPage, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not week.busy and not ctx.tasks.active(), timeout=20_000)


def _first_start(qtbot, path: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """Start the app once and wait until This week is loaded and kept; return its cards."""
    kept = paths.data_dir() / "cache"
    with _started(qtbot, path) as (week, ctx):
        _loaded(qtbot, week, ctx)
        assert any(kept.glob("week-*.json")), "nothing kept for the next start"
        return [c.suggestion.deal.deal_id for c in week.cards]


@pytest.fixture
def held_back(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Hold the suggestions' worker until the test lets it go (set the event)."""
    go = threading.Event()
    real = week_module.load_suggested

    def waiting(*args: Any, **kwargs: Any) -> Any:
        go.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(week_module, "load_suggested", waiting)
    yield go
    go.set()


def _words(page: WeekPage) -> str:
    return " ".join(lab.text() for lab in page.findChildren(QLabel) if lab.isVisible())


def test_a_restart_shows_the_last_cards_at_once_then_refreshes(  # type: ignore[no-untyped-def]
    qtbot, qapp: QApplication, small_demo: Path, held_back: threading.Event
) -> None:
    held_back.set()
    first = _first_start(qtbot, small_demo)
    assert first
    held_back.clear()
    with _started(qtbot, small_demo) as (week, ctx):
        qtbot.waitUntil(lambda: bool(week.cards), timeout=5_000)
        # The suggestions are still being worked out: what shows is what the last start showed.
        assert [c.suggestion.deal.deal_id for c in week.cards] == first
        assert "updating…" in week.held_label.text()
        qtbot.waitUntil(lambda: "Debriefs due" in _words(week) and "Upcoming" in _words(week))
        assert week.busy and "updating…" in week.held_label.text()
        held_back.set()
        _loaded(qtbot, week, ctx)
        assert "updating" not in week.held_label.text()
        assert [c.suggestion.deal.deal_id for c in week.cards] == first


def test_answers_kept_before_the_data_changed_are_not_shown(  # type: ignore[no-untyped-def]
    qtbot, qapp: QApplication, small_demo: Path, held_back: threading.Event
) -> None:
    held_back.set()
    first = _first_start(qtbot, small_demo)
    # Between two starts, the command line snoozes the top suggestion.
    argv = ["--db", str(small_demo), "snooze", "--deal", first[0], "--until", "2026-07-31"]
    assert main([*argv, "--reason", "Budget decided in July"]) == 0
    held_back.clear()
    with _started(qtbot, small_demo) as (week, ctx):
        qtbot.waitUntil(lambda: "Finding the visits worth making" in _words(week), timeout=5_000)
        assert not week.cards
        held_back.set()
        _loaded(qtbot, week, ctx)
        assert first[0] not in [c.suggestion.deal.deal_id for c in week.cards]


def test_a_damaged_kept_file_is_ignored_and_logged(  # type: ignore[no-untyped-def]
    qtbot,
    qapp: QApplication,
    small_demo: Path,
    held_back: threading.Event,
    caplog: pytest.LogCaptureFixture,
) -> None:
    held_back.set()
    first = _first_start(qtbot, small_demo)
    [kept] = (paths.data_dir() / "cache").glob("week-*.json")
    kept.write_text(kept.read_text()[:-40])  # cut short, as a crash mid-write on another disk
    held_back.clear()
    logger = "fieldvisit.reads.last_answers"
    with caplog.at_level(logging.WARNING, logger), _started(qtbot, small_demo) as (week, ctx):
        qtbot.waitUntil(lambda: "Finding the visits worth making" in _words(week), timeout=5_000)
        held_back.set()
        _loaded(qtbot, week, ctx)
        assert [c.suggestion.deal.deal_id for c in week.cards] == first
        assert "could not be worked out" not in _words(week)
    assert any("ignored" in r.getMessage() for r in caplog.records)


def test_answers_of_another_day_are_not_shown(  # type: ignore[no-untyped-def]
    qtbot, qapp: QApplication, small_demo: Path, held_back: threading.Event
) -> None:
    held_back.set()
    _first_start(qtbot, small_demo)
    held_back.clear()
    with app_context(small_demo) as ctx:
        assert isinstance(ctx, AppContext)
        ctx.set_as_of(AS_OF + timedelta(days=1))  # as the header's date chooser does
        page = WeekPage(ctx)
        qtbot.addWidget(page)
        page.refresh()
        assert not page.cards and page.suggested is None
        held_back.set()
        qtbot.waitUntil(lambda: not page.busy and not ctx.tasks.active(), timeout=20_000)
        assert page.cards


def test_another_workspace_shows_its_own_week(  # type: ignore[no-untyped-def]
    qtbot, window, app_ctx: AppContext, settle, tmp_path: Path
) -> None:
    from fieldvisit.store import create_workspace

    week = window.current_page()
    assert isinstance(week, WeekPage) and week.cards and week.data is not None
    assert week.data.trips
    app_ctx.replace_workspace(create_workspace(tmp_path / "empty.fieldvisit"))
    settle(app_ctx, week)
    assert not week.cards and week.data is not None and not week.data.trips
    assert "Import" in [b.text() for b in week.findChildren(QPushButton) if b.isVisible()]
