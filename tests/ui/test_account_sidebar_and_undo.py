"""While an account is shown the sidebar highlights no page (the account page has no entry of its
own); Back (Alt+Left) highlights the page it returns to, and a click on an entry leads there. A
visit planned with the account page's own Plan visit button is acknowledged with Undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
from fieldvisit.ui.widgets.notice import Notice
from tests.ui.test_account_page import _account_page, _busiest_account

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def _highlighted(window) -> list[str]:  # type: ignore[no-untyped-def]
    nav = window.navigation
    return [i.text() for lst in (nav.pages, nav.footer) for i in lst.selectedItems()]


def test_the_sidebar_highlights_nothing_on_an_account_and_back_restores_it(
    qtbot, window, app_ctx, settle
) -> None:  # type: ignore[no-untyped-def]
    pk, _name = _busiest_account(app_ctx)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    deals = window.current_page()
    assert _highlighted(window) == ["Deals"]
    window.show_page(f"account#{pk}")  # as the account link in the deal's detail does
    _account_page(qtbot, window, app_ctx, settle, pk)
    assert _highlighted(window) == [], "the sidebar still points at the previous page"
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Left, ALT)
    qtbot.waitUntil(lambda: window.current_page() is deals)
    assert _highlighted(window) == ["Deals"]
    # From an account, a click on the entry of the page it came from leads back there.
    window.show_page(f"account#{pk}")
    _account_page(qtbot, window, app_ctx, settle, pk)
    nav = window.navigation.pages
    row = next(i for i in range(nav.count()) if nav.item(i).text() == "Deals")
    qtbot.mouseClick(
        nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(row)).center()
    )
    qtbot.waitUntil(lambda: window.current_page() is deals)
    assert _highlighted(window) == ["Deals"]


def _visits(ctx, deal_pk: int) -> set[int]:  # type: ignore[no-untyped-def]
    with ctx.workspace.connect() as conn:
        return set(
            conn.execute(text("SELECT id FROM visit WHERE deal_id = :d"), {"d": deal_pk}).scalars()
        )


def test_plan_visit_on_the_account_page_is_acknowledged_and_undone(
    qtbot, window, app_ctx, settle
) -> None:  # type: ignore[no-untyped-def]
    pk, name = _busiest_account(app_ctx)
    window.show_page(f"account#{pk}")
    page = _account_page(qtbot, window, app_ctx, settle, pk)
    deal_pk = page.plan_visit_target()
    before = _visits(app_ctx, deal_pk)
    page.plan_button.setFocus()
    qtbot.keyClick(page.plan_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(PlanVisitDialog)))
    [dialog] = [d for d in window.findChildren(PlanVisitDialog) if d.isVisible()]
    QApplication.processEvents()
    if not dialog.form.checked_contacts() and dialog.form.contacts.count():
        dialog.form.contacts.item(0).setCheckState(Qt.CheckState.Checked)
    if not dialog.form.place.text():
        dialog.form.place.setText("Their office")
    dialog.save_button.setFocus()
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.saved_visit_pk is not None, timeout=10_000)
    (visit_pk,) = _visits(app_ctx, deal_pk) - before
    qtbot.waitUntil(lambda: any(n.isVisible() for n in page.findChildren(Notice)))
    [notice] = [n for n in page.findChildren(Notice) if n.isVisible()]
    assert notice.words.startswith(f"Visit to {name} planned for ")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Z, CTRL)
    settle(app_ctx)
    assert visit_pk not in _visits(app_ctx, deal_pk)
