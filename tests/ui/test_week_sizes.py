"""This week at 1024×768 and 1280×800: every suggestion card fits its column, with its buttons
whole (at 1024×768 the card's button row and a one-line note used to push cards past the edge)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QScrollArea

from tests.ui.test_capture_screens import themed  # noqa: F401 - the app's own fonts and sheet


@pytest.mark.usefixtures("themed")
@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_suggestion_cards_fit_their_column(qtbot, window, settle, app_ctx, size) -> None:  # type: ignore[no-untyped-def]
    window.resize(*size)
    week = window.current_page()
    qtbot.waitUntil(lambda: window.width() == size[0])
    settle(app_ctx, week)
    qtbot.waitUntil(lambda: bool(week.cards))
    column = next(
        a for a in week.findChildren(QScrollArea) if a.accessibleName() == "Suggested visits"
    )
    room = column.viewport().width()
    for card in week.cards[:3]:
        assert card.width() <= room, f"{card.accessibleName()}: {card.width()} > {room}"
        for button in card.findChildren(QAbstractButton):
            if button.isVisible():
                assert button.width() >= button.sizeHint().width() - 1, button.text()
                right = button.mapTo(card, button.rect().topRight()).x()
                assert right <= card.width(), f"{button.text()} ends at {right} > {card.width()}"
