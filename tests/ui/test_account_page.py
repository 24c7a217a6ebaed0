"""The account page: search, Coverage, Deals and Visits open it; it shows the right account, Back
returns, and a visit can be planned from it — all from the keyboard."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import text

from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
from fieldvisit.ui.models.deals_model import short_deal_name
from fieldvisit.ui.pages.account import AccountPage
from fieldvisit.ui.search import SearchDialog


@pytest.fixture(autouse=True)
def collect_on_the_ui_thread() -> Iterator[None]:
    """Collect this test's Qt objects on the UI thread: a garbage collection that happens to run
    on a worker thread later would destroy widgets there."""
    yield
    gc.collect()


def _busiest_account(app_ctx) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """Return the account with the most visits (and open deals) in the demo."""
    with app_ctx.workspace.connect() as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(
                text(
                    "SELECT a.id, a.name FROM account a JOIN visit v ON v.account_id = a.id "
                    "WHERE EXISTS (SELECT 1 FROM deal d WHERE d.account_id = a.id "
                    "AND d.status = 'open') GROUP BY a.id ORDER BY count(*) DESC, a.id LIMIT 1"
                )
            ).one()
        )


def _account_page(qtbot, window, app_ctx, settle, pk: int) -> AccountPage:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: window.current_page() is not None and window.current_page().key == "account",
        timeout=10_000,
    )
    page = window.current_page()
    assert isinstance(page, AccountPage)
    qtbot.waitUntil(lambda: page.view is not None and page.view.account_pk == pk, timeout=20_000)
    settle(app_ctx, page)
    return page


def test_ctrl_k_opens_the_account_page_and_alt_left_goes_back(
    qtbot, window, app_ctx, settle
) -> None:  # type: ignore[no-untyped-def]
    pk, name = _busiest_account(app_ctx)
    seen: list[str] = []

    def search_with_keys() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SearchDialog)
        qtbot.keyClicks(dialog.box, name)
        qtbot.waitUntil(lambda: dialog.results.count() > 0, timeout=10_000)
        seen.append(dialog.results.currentItem().text())
        qtbot.keyClick(dialog.box, Qt.Key.Key_Return)

    QTimer.singleShot(0, search_with_keys)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert seen and seen[0].startswith(f"{name}\nAccount · ")
    page = _account_page(qtbot, window, app_ctx, settle, pk)
    view = page.view
    assert page.title_label.text() == name
    assert view.city and view.city in page.facts.text()
    assert short_deal_name(name, view.deals[0].signals.deal_name) in page.deals_text.text()
    assert page.timeline.model().rowCount() == len(view.timeline) > 0
    assert page.people_model.rowCount() == len(view.people)
    assert f"People ({len(view.people)})" == page.tabs.tabText(1)
    assert "Last executive visit" in page.touch_words.text() or "No executive" in (
        page.touch_words.text()
    )
    window.activateWindow()  # the window manager's part once the search box closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_page().key == "week", "Back returns to where search was opened"


def test_enter_on_a_strategic_account_in_coverage_opens_it(qtbot, window, app_ctx, settle) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    coverage = window.current_page()
    assert coverage.key == "coverage"
    settle(app_ctx, coverage)
    coverage.tabs.setCurrentIndex(0)
    coverage.table.setFocus()
    qtbot.keyClick(coverage.table, Qt.Key.Key_Down)  # the first row
    qtbot.keyClick(coverage.table, Qt.Key.Key_Down)  # the second
    chosen = coverage.accounts.account_at(coverage.table.currentIndex().row())
    assert chosen is not None
    qtbot.keyClick(coverage.table, Qt.Key.Key_Return)
    page = _account_page(qtbot, window, app_ctx, settle, chosen.account_pk)
    assert page.title_label.text() == chosen.name
    page.back_button.setFocus()
    qtbot.keyClick(page.back_button, Qt.Key.Key_Space)
    assert window.current_page() is coverage


def test_enter_on_an_account_due_for_a_visit_opens_it(qtbot, window, app_ctx, settle) -> None:  # type: ignore[no-untyped-def]
    coverage = window.show_page("coverage")
    settle(app_ctx, coverage)
    coverage.tabs.setCurrentIndex(1)
    due = coverage.due
    due.table.setFocus()
    qtbot.keyClick(due.table, Qt.Key.Key_Down)
    chosen = due.accounts.account_at(due.table.currentIndex().row())
    assert chosen is not None
    qtbot.keyClick(due.table, Qt.Key.Key_Return)
    page = _account_page(qtbot, window, app_ctx, settle, chosen.account_pk)
    assert page.view.due is not None and page.view.due.due_on == chosen.due_on


def test_the_account_name_in_a_deals_detail_opens_the_account(
    qtbot, window, app_ctx, settle
) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    deals = window.current_page()
    assert deals.key == "deals"
    settle(app_ctx, deals)
    deals.table.setFocus()
    qtbot.keyClick(deals.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: deals.detail.detail is not None, timeout=20_000)
    detail = deals.detail.detail
    [link] = [
        lab
        for lab in deals.detail.findChildren(QLabel)
        if lab.textFormat() == Qt.TextFormat.RichText and "href='account'" in lab.text()
    ]
    link.setFocus(Qt.FocusReason.TabFocusReason)  # as Tab reaches the title
    qtbot.keyClick(link, Qt.Key.Key_Return)
    page = _account_page(qtbot, window, app_ctx, settle, detail.account_pk)
    assert page.title_label.text() == detail.account
    assert detail.pk in [d.signals.deal_pk for d in page.view.deals]


def test_the_account_name_in_a_visits_detail_opens_the_account(
    qtbot, window, app_ctx, settle
) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    visits = window.current_page()
    settle(app_ctx, visits)
    visit = visits.detail.visit
    assert visit is not None, "the first coming visit is chosen on load"
    [link] = [lab for lab in visits.detail.findChildren(QLabel) if "href='account'" in lab.text()]
    link.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(link, Qt.Key.Key_Return)
    page = _account_page(qtbot, window, app_ctx, settle, visit.account_pk)
    assert visit.pk in [v.visit_pk for v in page.view.timeline]


def test_ctrl_n_plans_a_visit_for_the_most_urgent_deal_and_the_timeline_shows_it(
    qtbot, window, app_ctx, settle
) -> None:  # type: ignore[no-untyped-def]
    pk, _name = _busiest_account(app_ctx)
    window.show_page(f"account#{pk}")
    page = _account_page(qtbot, window, app_ctx, settle, pk)
    urgent = page.view.deals[0].signals
    assert page.plan_button.isEnabled()
    assert short_deal_name(urgent.account_name, urgent.deal_name) in page.plan_button.toolTip()
    before = len(page.view.timeline)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    [dialog] = [d for d in window.findChildren(PlanVisitDialog) if d.isVisible()]
    assert dialog.deal_pk == urgent.deal_pk
    QApplication.processEvents()
    if not dialog.form.checked_contacts() and dialog.form.contacts.count():
        dialog.form.contacts.item(0).setCheckState(Qt.CheckState.Checked)
    if not dialog.form.place.text():
        dialog.form.place.setText("Their office")
    dialog.save_button.setFocus()
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.saved_visit_pk is not None, timeout=10_000)
    saved = dialog.saved_visit_pk
    qtbot.waitUntil(
        lambda: page.view is not None and saved in [v.visit_pk for v in page.view.timeline],
        timeout=20_000,
    )
    assert len(page.view.timeline) == before + 1
    [now] = [d for d in page.view.deals if d.signals.deal_pk == urgent.deal_pk]
    assert now.planned_on is not None, "the deal says its visit is planned"


def test_markup_in_names_reads_as_characters_on_the_account_page(
    qtbot, qapp, tmp_path, tmp_path_factory, settle
) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.store import open_workspace
    from fieldvisit.ui.context import AppContext
    from fieldvisit.ui.main_window import MainWindow
    from tests.ui.demo_files import AS_OF, small_demo_copy
    from tests.ui.test_plain_text import Findings, plant_markup, walk

    path = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "planted.fieldvisit")
    plant_markup(path)
    ws = open_workspace(path)
    ctx = AppContext(ws, AS_OF)
    try:
        win = MainWindow(ctx, None, remember_geometry=False)
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        pk, _name = _busiest_account(ctx)
        win.show_page(f"account#{pk}")
        page = _account_page(qtbot, win, ctx, settle, pk)
        page.tabs.setCurrentIndex(1)
        findings = Findings()
        walk(page, findings, "account")
        for kind in ("label", "item"):
            assert kind in findings.seen, sorted(findings.seen)
        assert not findings.rendered, "\n".join(findings.rendered)
    finally:
        ctx.tasks.shutdown()
        ws.close()


def test_another_workspace_leaves_no_account_of_the_old_one_on_screen(
    qtbot, window, app_ctx, settle, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.store import create_workspace
    from fieldvisit.ui.pages.account import NOTHING_OPEN

    pk, name = _busiest_account(app_ctx)
    window.show_page(f"account#{pk}")
    page = _account_page(qtbot, window, app_ctx, settle, pk)
    other = create_workspace(tmp_path / "other.fieldvisit")
    app_ctx.replace_workspace(other)
    settle(app_ctx, page)
    assert page.message.isVisible() and page.message.text() == NOTHING_OPEN
    assert not page.content.isVisible() and page.title_label.text() != name
    assert not page.plan_button.isEnabled()
