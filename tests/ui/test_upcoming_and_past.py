"""This week's Upcoming names each trip once, with all its visits under it; Visits' past list
reads in the order it says (newest first, by the day and time each row shows)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel
from sqlalchemy import text

from fieldvisit.reads.visit_lines import VisitLine
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.pages.visits import VISIT_ROLE, VisitsPage
from fieldvisit.ui.pages.week import WeekPage


def upcoming_column(page: WeekPage) -> list[tuple[str, str]]:
    """The Upcoming column from the top: ("trip", header words) and ("visit", account)."""
    shown: list[tuple[str, str]] = []
    for i in range(page.right.count()):
        widget = page.right.itemAt(i).widget()
        if widget is None:
            continue
        if widget.accessibleName().startswith("Visit to "):
            shown.append(("visit", widget.accessibleName().removeprefix("Visit to ")))
        for label in widget.findChildren(QLabel):
            if label.text().startswith("Trip: "):
                shown.append(("trip", label.text()))
    return shown


def test_upcoming_shows_each_trip_once_when_trips_overlap(
    qtbot, app_ctx: AppContext, settle
) -> None:  # type: ignore[no-untyped-def]
    with app_ctx.workspace.begin() as conn:
        # Two executives' trips on overlapping days: Paris 25-29 Jun, Philadelphia 26-30 Jun.
        conn.execute(
            text(
                "UPDATE visit SET start = '2026-06-29 20:00:00.000000', "
                "\"end\" = '2026-06-29 21:00:00.000000' WHERE trip_id = "
                "(SELECT id FROM trip WHERE name = 'Paris, Jun 25-26') "
                "AND start = '2026-06-26 09:00:00.000000'"
            )
        )
    page = WeekPage(app_ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    settle(app_ctx, page)
    qtbot.waitUntil(lambda: page.data is not None and bool(upcoming_column(page)))
    assert page.data is not None
    shown = upcoming_column(page)
    headers = [words for kind, words in shown if kind == "trip"]
    trips = {v.trip_pk for v in page.data.upcoming if v.trip_pk is not None}
    assert len(headers) == len(set(headers)) == len(trips), headers
    # Every visit of a trip sits under its one header, in time order.
    paris = [v.account_name for v in page.data.upcoming if v.trip_name == "Paris, Jun 25-26"]
    start = next(i for i, (k, w) in enumerate(shown) if k == "trip" and "Paris, Jun 25-26" in w)
    assert [w for _k, w in shown[start + 1 : start + 1 + len(paris)]] == paris


def past_rows(page: VisitsPage) -> tuple[str, list[VisitLine]]:
    tree = page.tree
    for i in range(tree.topLevelItemCount()):
        section = tree.topLevelItem(i)
        if section.text(0).startswith("Past"):
            rows = [section.child(j).data(0, VISIT_ROLE) for j in range(section.childCount())]
            return section.text(0), [r for r in rows if isinstance(r, VisitLine)]
    raise AssertionError("no Past section")


def test_past_visits_read_newest_first_as_the_list_says(qtbot, app_ctx: AppContext, settle) -> None:  # type: ignore[no-untyped-def]
    page = VisitsPage(app_ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    settle(app_ctx, page)
    label, rows = past_rows(page)
    assert label.startswith("Past, newest first")
    assert len(rows) > 20

    def shown(v: VisitLine) -> datetime:  # the day and time the row shows (the account's)
        return v.start.astimezone(style.zone(v.account_tz)).replace(tzinfo=None)

    assert [shown(v) for v in rows] == sorted((shown(v) for v in rows), reverse=True)
