"""The undo notice takes room of its own at the bottom of the page: while it shows, the last
suggestion card's buttons (scrolled to the end of the list) stay visible above it and a click on
them reaches them, at the smallest window; the room goes when the notice does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QApplication

from fieldvisit.ui.screenshots import _pump as pump
from fieldvisit.ui.widgets.notice import Notice
from tests.ui.test_capture_screens import themed  # noqa: F401 - the app's own look
from tests.ui.test_undo import _settle, _snooze_with_keyboard

pytestmark = pytest.mark.usefixtures("themed")


def _in_page(page, widget) -> QRect:  # type: ignore[no-untyped-def]
    return QRect(widget.mapTo(page, widget.rect().topLeft()), widget.size())


def test_the_last_cards_buttons_stay_clear_of_the_notice_at_1024x768(
    qtbot, window, app_ctx
) -> None:  # type: ignore[no-untyped-def]
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: window.width() == 1024)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    week = window.current_page()
    _settle(qtbot, window, app_ctx)
    _snooze_with_keyboard(qtbot, window, week.cards[0])
    _settle(qtbot, window, app_ctx)
    [notice] = [n for n in week.findChildren(Notice) if n.isVisible()]
    area = week.suggestions_area
    bar = area.verticalScrollBar()
    bar.setValue(bar.maximum())  # the person scrolls to the last card
    pump()
    card = week.cards[-1]
    buttons = [b for b in card.findChildren(QAbstractButton) if b.isVisible() and b.text()]
    assert buttons
    shown = QRect(
        area.viewport().mapTo(week, area.viewport().rect().topLeft()), area.viewport().size()
    )
    # Wherever the list is scrolled, what shows of it ends above the notice.
    assert not shown.intersects(notice.geometry()), "the list runs on under the notice"
    for button in buttons:
        box = _in_page(week, button)
        assert not box.intersects(notice.geometry()), f"{button.text()!r} is under the notice"
        assert shown.contains(box), f"{button.text()!r} is out of view"
        hit = window.childAt(button.mapTo(window, button.rect().center()))
        assert hit is button or button.isAncestorOf(hit), f"a click on {button.text()!r} misses"
    # The room goes with the notice.
    notice.hide()
    qtbot.waitUntil(lambda: area.viewportMargins().bottom() == 0)
    assert QApplication.focusWidget() is not None
