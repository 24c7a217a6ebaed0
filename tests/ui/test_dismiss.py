"""Not relevant: a suggestion dismissed from its card, by keyboard, with a reason; the card goes, the
deal is held back with the reason, and Impact counts it as not acted on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import text

from fieldvisit.planning import suggestion_board
from fieldvisit.ui.dialogs.dismiss import DismissDialog


def test_dismissing_a_suggestion_by_keyboard_removes_its_card(  # type: ignore[no-untyped-def]
    qtbot, window, app_ctx, settle
) -> None:
    week = window.current_page()
    card = week.cards[0]
    deal_pk = card.suggestion.deal.deal_pk
    card.dismiss_button.setFocus()
    qtbot.keyClick(card.dismiss_button, Qt.Key.Key_Space)
    dialog = week.findChild(DismissDialog)
    assert dialog is not None
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.problem.isVisible(), "a dismissal needs a reason"
    qtbot.keyClicks(dialog.reason, "Customer mid-reorg until September")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: week.card_for(deal_pk) is None, timeout=10_000)
    settle(app_ctx, week)
    assert week.card_for(deal_pk) is None, "still gone after the page reloaded"
    with app_ctx.workspace.connect() as conn:
        outcome = conn.execute(
            text(
                "SELECT outcome, reason, active FROM suggestion_outcome WHERE deal_id = :d "
                "ORDER BY id DESC LIMIT 1"
            ),
            {"d": deal_pk},
        ).one()
        _, held = suggestion_board(conn, app_ctx.as_of, app_ctx.rules())
    assert tuple(outcome) == ("dismissed", "Customer mid-reorg until September", 1)
    assert [h.status for h in held if h.deal.deal_pk == deal_pk] == ["dismissed"]


def test_a_dismissed_deal_says_why_on_the_deals_page_and_can_be_brought_back(  # type: ignore[no-untyped-def]
    qtbot, app_ctx, settle
) -> None:
    from fieldvisit.planning.outcomes import dismiss, dismissed
    from fieldvisit.ui.pages.deals import DealsPage
    from tests.ui.demo_files import AS_OF
    from tests.ui.test_snooze_plan_rules import _button, _press

    with app_ctx.workspace.begin() as conn:
        pk, name = conn.execute(
            text(
                "SELECT d.id, d.name FROM deal d JOIN account a ON a.id = d.account_id "
                "WHERE d.status = 'open' AND a.tier = 'strategic' ORDER BY d.id LIMIT 1"
            )
        ).one()
        dismiss(conn, pk, "Re-scoped into next year", AS_OF)
    page = DealsPage(app_ctx)
    page.resize(1300, 860)
    page.show()
    qtbot.waitUntil(lambda: page.signals_ready and not page.busy, timeout=30_000)
    page.search.setText(name)
    page._apply_search()
    settle(app_ctx)
    assert page.select_deal(pk)
    qtbot.waitUntil(
        lambda: page.detail.detail is not None and page.detail.detail.pk == pk, timeout=10_000
    )
    texts = " ".join(label.text() for label in page.detail.findChildren(QLabel))
    assert "as not relevant: Re-scoped into next year" in texts
    # Buttons added to a shown pane appear on the next pass of the event loop.
    qtbot.waitUntil(lambda: _button(page, "Bring back") is not None, timeout=10_000)
    back = _button(page, "Bring back")
    assert back is not None
    _press(qtbot, back)

    def still_dismissed() -> bool:
        with app_ctx.workspace.connect() as conn:
            return bool(dismissed(conn, pk))

    qtbot.waitUntil(lambda: not still_dismissed(), timeout=10_000)
    qtbot.waitUntil(lambda: _button(page, "Bring back") is None, timeout=20_000)
    qtbot.waitUntil(lambda: not app_ctx.tasks.active() and not page.busy, timeout=20_000)
    page.close()
    page.deleteLater()
