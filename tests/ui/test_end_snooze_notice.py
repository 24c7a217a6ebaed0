"""Ending a snooze is acknowledged in place like the other actions ("Snooze on Globex ended ·
Undo"), never with a message box; Ctrl+Z snoozes the deal again until the same day, with the same
reason, and Ctrl+Shift+Z ends it again."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from fieldvisit.planning.snoozes import running_snooze, snooze_deal
from tests.ui.demo_files import AS_OF
from tests.ui.test_undo import _notice
from tests.ui.test_visits import Said

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
UNTIL = AS_OF + timedelta(days=20)
REASON = "Waiting for the budget"


def _snoozed(ctx, deal_pk: int):  # type: ignore[no-untyped-def]
    with ctx.workspace.connect() as conn:
        return running_snooze(conn, deal_pk, AS_OF)


def test_end_snooze_says_so_in_place_and_ctrl_z_snoozes_again(
    qtbot, window, app_ctx, settle, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    said = Said(monkeypatch)
    week = window.current_page()
    deal = week.cards[0].suggestion.deal
    with app_ctx.workspace.begin() as conn:
        snooze_deal(conn, deal.deal_pk, UNTIL, REASON, as_of=AS_OF)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    page = window.current_page()
    settle(app_ctx, page)
    page.table.setFocus()
    page.show_deal(deal.deal_pk)  # as choosing its row does
    qtbot.waitUntil(
        lambda: page.detail.detail is not None and page.detail.detail.pk == deal.deal_pk
    )
    qtbot.waitUntil(
        lambda: any(
            b.text() == "End snooze" and b.isVisible()
            for b in page.detail.findChildren(QPushButton)
        )
    )
    [end] = [b for b in page.detail.findChildren(QPushButton) if b.text() == "End snooze"]
    end.setFocus()
    qtbot.keyClick(end, Qt.Key.Key_Space)
    settle(app_ctx)
    qtbot.waitUntil(lambda: _snoozed(app_ctx, deal.deal_pk) is None)
    words = _notice(page).words
    assert words.startswith(f"Snooze on {deal.account_name} ended")
    assert not said.messages, "no message box for a success"
    page.table.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)
    settle(app_ctx)
    back = _snoozed(app_ctx, deal.deal_pk)
    assert back is not None and (back.until, back.reason) == (UNTIL, REASON)
    assert _notice(page).words == f"Undone: {words}"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL | SHIFT)
    settle(app_ctx)
    assert _snoozed(app_ctx, deal.deal_pk) is None
