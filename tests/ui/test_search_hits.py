"""Every kind of search hit (Ctrl+K) opens where a person would look for it: an account and a
contact open the account page (the contact picked out among its people), a deal's detail shows on
Deals, an executive opens Coverage, a rep's deals are listed, a debrief opens in its editor."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.debrief_editor import DebriefEditor
from fieldvisit.ui.main_window import MainWindow
from fieldvisit.ui.pages.account import AccountPage
from fieldvisit.ui.search import SearchHit, find


@pytest.fixture(autouse=True)
def collect_on_the_ui_thread() -> Iterator[None]:
    yield
    gc.collect()


def first_hit(ctx: AppContext, kind: str, sql: str) -> SearchHit:
    """Search for the name `sql` returns, and return the first hit of `kind`."""
    with ctx.workspace.connect() as conn:
        (name,) = conn.execute(text(sql)).one()
        hits = [h for h in find(conn, name) if h.kind == kind]
    assert hits, f"searching {name!r} finds no {kind}"
    return hits[0]


def opened(qtbot, window: MainWindow, ctx: AppContext, hit: SearchHit):  # type: ignore[no-untyped-def]
    window.go_to(hit)
    page = window.current_page()
    assert page is not None
    qtbot.waitUntil(lambda: not ctx.tasks.active() and not page.busy, timeout=20_000)
    return page


def test_an_account_opens_its_page(qtbot, window: MainWindow, app_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    hit = first_hit(app_ctx, "account", "SELECT name FROM account ORDER BY id LIMIT 1")
    page = opened(qtbot, window, app_ctx, hit)
    assert isinstance(page, AccountPage) and page.view is not None
    assert page.view.account_pk == hit.pk


def test_a_contact_opens_their_account_with_them_picked_out(
    qtbot, window: MainWindow, app_ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    hit = first_hit(app_ctx, "contact", "SELECT name FROM contact ORDER BY id LIMIT 1")
    with app_ctx.workspace.connect() as conn:
        account_pk = conn.execute(
            text("SELECT account_id FROM contact WHERE id = :c"), {"c": hit.pk}
        ).scalar_one()
    page = opened(qtbot, window, app_ctx, hit)
    assert isinstance(page, AccountPage), "not the Deals table"
    assert page.view is not None and page.view.account_pk == account_pk
    assert page.tabs.currentWidget() is page.people
    (row,) = page.people.selectionModel().selectedRows()
    assert page.people_model.people[row.row()].contact_pk == hit.pk


def test_a_deal_shows_on_deals(qtbot, window: MainWindow, app_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    hit = first_hit(
        app_ctx, "deal", "SELECT name FROM deal WHERE status = 'open' ORDER BY amount DESC LIMIT 1"
    )
    page = opened(qtbot, window, app_ctx, hit)
    assert page.key == "deals"
    detail = page.detail  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: detail.detail is not None and detail.detail.pk == hit.pk, timeout=20_000
    )


def test_an_executive_opens_coverage(qtbot, window: MainWindow, app_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    hit = first_hit(app_ctx, "executive", "SELECT name FROM executive ORDER BY id LIMIT 1")
    assert opened(qtbot, window, app_ctx, hit).key == "coverage"


def test_a_rep_lists_their_deals(qtbot, window: MainWindow, app_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    hit = first_hit(
        app_ctx,
        "rep",
        "SELECT r.name FROM rep r JOIN deal d ON d.owner_rep_id = r.id "
        "WHERE d.status = 'open' GROUP BY r.id ORDER BY count(*) DESC LIMIT 1",
    )
    page = opened(qtbot, window, app_ctx, hit)
    assert page.key == "deals"
    assert page.search.text() == hit.label  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=20_000)  # type: ignore[attr-defined]


def test_a_debrief_opens_in_its_editor(qtbot, window: MainWindow, app_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    hit = first_hit(
        app_ctx, "debrief", "SELECT summary FROM debrief WHERE summary <> '' ORDER BY id LIMIT 1"
    )
    opened(qtbot, window, app_ctx, hit)
    qtbot.waitUntil(
        lambda: any(
            e.isVisible() and e.form.header.visit_id == hit.pk
            for e in window.findChildren(DebriefEditor)
        )
    )
    for editor in window.findChildren(DebriefEditor):
        editor.close()
