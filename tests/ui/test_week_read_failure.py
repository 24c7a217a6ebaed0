"""When This week cannot read part of the workspace, it says so in one plain line: no SQL, no
driver's message spread over lines, the details left to the log."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from sqlalchemy import text

from fieldvisit.ui.context import AppContext
from fieldvisit.ui.pages.week import WeekPage

FAILED = "Part of this page could not be worked out"


def _failure_lines(page: WeekPage) -> list[str]:
    return [lab.text() for lab in page.findChildren(QLabel) if FAILED in lab.text()]


def test_a_failing_read_shows_one_plain_line_and_no_sql(  # type: ignore[no-untyped-def]
    qtbot, window, app_ctx: AppContext, settle
) -> None:
    week = window.current_page()
    assert isinstance(week, WeekPage)
    settle(app_ctx, week)
    assert _failure_lines(week) == []
    # Another program broke the workspace under the app: its debriefs are gone from view.
    with app_ctx.workspace.begin() as conn:
        conn.execute(text("ALTER TABLE debrief RENAME TO debrief_elsewhere"))

    shown: list[str] = []

    def failure_shown() -> bool:
        shown.extend(_failure_lines(week))
        return bool(shown)

    week.refresh()
    qtbot.waitUntil(failure_shown, timeout=20_000)
    settle(app_ctx, week)
    assert _failure_lines(week), "the line stays once the rest of the page has come"
    for line in shown:
        assert "\n" not in line, line
        for sql in ("SELECT", "FROM ", "[SQL", "[parameters", "sqlalche.me"):
            assert sql not in line, f"{sql!r} shown: {line}"
