"""Every kind of search hit (Ctrl+K) opens where a person would look for it: an account and a
contact open the account page (the contact picked out among its people), a deal's detail shows on
Deals, an executive opens Coverage with their row picked out and their figures said, a rep's
deals are listed through the owner filter (visible and cleared in one choice), a debrief opens in its editor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import text

from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.debrief_editor import DebriefEditor
from fieldvisit.ui.main_window import MainWindow
from fieldvisit.ui.pages.account import AccountPage
from fieldvisit.ui.search import SearchHit, find
from fieldvisit.ui.widgets.notice import Notice


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


def test_an_executive_opens_coverage_with_them_picked_out(
    qtbot, window: MainWindow, app_ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    window.resize(1024, 768)
    # The executive last in the weekly map: the page must scroll to show them.
    page = window.show_page("coverage")
    qtbot.waitUntil(lambda: not app_ctx.tasks.active() and not page.busy, timeout=20_000)
    last = page.coverage.heat_map.rows[-1]  # type: ignore[attr-defined]
    window.show_page("week")
    hit = first_hit(
        app_ctx, "executive", f"SELECT name FROM executive WHERE id = {last.executive_pk}"
    )
    page = opened(qtbot, window, app_ctx, hit)
    assert page.key == "coverage"
    heat = page.heat  # type: ignore[attr-defined]
    qtbot.waitUntil(heat.hasFocus)
    row, _week = heat.cursor
    assert heat.lines[row].name == hit.label
    assert hit.label in heat.accessibleDescription()
    # Their row is scrolled into view…
    middle = heat.mapTo(page, heat.select_row(row).center())
    scroll = page.scroll  # type: ignore[attr-defined]
    view = scroll.viewport()
    assert view.rect().contains(view.mapFrom(page, middle)), "the executive's row is off screen"
    # …and the page says who and how they stand.
    notices = [n for n in page.findChildren(Notice) if n.isVisible()]
    assert notices and notices[0].words.startswith(f"{hit.label}: ")
    assert "in the last 30 days" in notices[0].words


def test_a_rep_lists_their_deals(qtbot, window: MainWindow, app_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    hit = first_hit(
        app_ctx,
        "rep",
        "SELECT r.name FROM rep r JOIN deal d ON d.owner_rep_id = r.id "
        "WHERE d.status = 'open' GROUP BY r.id ORDER BY count(*) DESC LIMIT 1",
    )
    page = opened(qtbot, window, app_ctx, hit)
    assert page.key == "deals"
    # The owner filter shows the rep (the search box stays empty), and every row is theirs.
    owner = page.owner  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: owner.currentText() == hit.label, timeout=20_000)
    assert page.search.text() == ""  # type: ignore[attr-defined]
    assert owner.currentData() == hit.pk
    model = page.model  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=20_000)
    shown = model.rowCount()
    # One choice clears it: "All owners" with the keyboard.
    owner.setFocus()
    qtbot.keyClick(owner, Qt.Key.Key_Home)
    assert owner.currentText() == "All owners"
    qtbot.waitUntil(lambda: model.rowCount() > shown, timeout=20_000)


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
