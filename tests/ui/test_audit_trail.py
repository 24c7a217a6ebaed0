"""The audit trail where people read it: on the visit ("Planned by Dana on 3 Jun · changed by
Priya …") and on the account page's Recent changes tab."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel
from sqlalchemy import text

from fieldvisit.planning.actions import update_visit
from fieldvisit.store.identity import act_as
from fieldvisit.ui.pages.account import AccountPage
from fieldvisit.ui.pages.visits import VisitsPage


@pytest.fixture(autouse=True)
def collect_on_the_ui_thread() -> Iterator[None]:
    yield
    gc.collect()


def _planned(app_ctx) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with app_ctx.workspace.connect() as conn:
        row = conn.execute(
            text(
                "SELECT id, account_id FROM visit WHERE status = 'planned' "
                "ORDER BY start DESC LIMIT 1"
            )
        ).one()
    return int(row[0]), int(row[1])


def _change_it(app_ctx, visit: int) -> None:  # type: ignore[no-untyped-def]
    act_as(app_ctx.workspace, "Priya")
    with app_ctx.workspace.begin() as conn:
        update_visit(conn, visit, agenda="Pricing review", location="Head office", seen=1)


def test_the_visit_says_who_changed_what(qtbot, app_ctx, settle) -> None:  # type: ignore[no-untyped-def]
    visit, _account = _planned(app_ctx)
    _change_it(app_ctx, visit)
    page = VisitsPage(app_ctx)
    qtbot.addWidget(page)
    page.resize(1240, 860)
    page.show()
    settle(app_ctx, page)
    page.select_visit(visit)
    qtbot.waitUntil(lambda: page.detail.visit is not None and page.detail.visit.pk == visit)
    shown = " ".join(lab.text() for lab in page.detail.findChildren(QLabel))
    assert "Changes" in shown
    assert "Changed by Priya on " in shown and "(place, agenda)" in shown
    assert "Pricing review" not in shown.split("Changes")[-1], "names of fields, not their text"


def test_the_account_page_lists_recent_changes(qtbot, window, app_ctx, settle) -> None:  # type: ignore[no-untyped-def]
    visit, account = _planned(app_ctx)
    _change_it(app_ctx, visit)
    window.show_page(f"account#{account}")
    qtbot.waitUntil(lambda: isinstance(window.current_page(), AccountPage), timeout=10_000)
    page = window.current_page()
    qtbot.waitUntil(
        lambda: page.view is not None and page.view.account_pk == account, timeout=20_000
    )
    settle(app_ctx, page)
    assert page.tabs.tabText(2) == "Recent changes (1)"
    [line] = page.changes.lines
    assert line.startswith("Visit ") and ": changed by Priya on " in line
    assert line.endswith("(place, agenda)")
