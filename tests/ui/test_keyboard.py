"""Keyboard first: the sidebar is one tab stop with arrow keys inside, Tab never changes the page,
only one page is ever on screen, and focus comes back where it was after a dialog."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from fieldvisit.ui.pages import Page
from tests.ui.contrast import contrast

CTRL = Qt.KeyboardModifier.ControlModifier


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def _press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(_focused(), key, modifier)


def _visible_pages(win) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(p.key for p in win.findChildren(Page) if p.isVisible())


def _ready(qtbot, win, app_ctx) -> None:  # type: ignore[no-untyped-def]
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.navigation.pages.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.navigation.pages)


def _settle(qtbot, win, app_ctx) -> None:  # type: ignore[no-untyped-def]
    page = win.current_page()
    qtbot.waitUntil(lambda: not page.busy and not app_ctx.tasks.active(), timeout=20_000)


def test_tab_leaves_the_sidebar_without_changing_the_page(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    _ready(qtbot, window, app_ctx)
    _press(qtbot, Qt.Key.Key_1, CTRL)
    seen = set()
    for _ in range(12):
        _press(qtbot, Qt.Key.Key_Tab)
        seen.add(_focused())
        assert window.current_page().key == "week"
    # One tab stop: Tab never lands on the second (Settings) list of the sidebar.
    assert window.navigation.footer not in seen
    # Shift+Tab comes back to the sidebar as one stop too, still on This week.
    for _ in range(40):
        if _focused() is window.navigation.pages:
            break
        _press(qtbot, Qt.Key.Key_Backtab)
    assert _focused() is window.navigation.pages
    assert window.current_page().key == "week"


def test_arrow_keys_inside_the_sidebar_move_between_pages(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    _ready(qtbot, window, app_ctx)
    _press(qtbot, Qt.Key.Key_Down)
    assert window.current_page().key == "coverage"
    _press(qtbot, Qt.Key.Key_End)  # the last entry: Settings, at the foot
    _settle(qtbot, window, app_ctx)
    assert window.current_page().key == "settings"
    assert _focused() is window.navigation.footer  # focus followed the highlight
    _press(qtbot, Qt.Key.Key_Up)  # from the foot back up to the last page
    _settle(qtbot, window, app_ctx)
    assert window.current_page().key == "map"  # the last page above Settings
    assert _focused() is window.navigation.pages
    _press(qtbot, Qt.Key.Key_Down)
    _press(qtbot, Qt.Key.Key_Down)  # no wrapping round past Settings
    assert window.current_page().key == "settings"
    _press(qtbot, Qt.Key.Key_Home)
    assert window.current_page().key == "week"
    assert _visible_pages(window) == ["week"]
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Space):  # Enter/Space show the highlighted page
        _press(qtbot, key)
        assert window.current_page().key == "week"
        assert _focused() is window.navigation.pages


def test_ctrl1_tab3_ctrl5_shows_one_page(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    _ready(qtbot, window, app_ctx)
    _press(qtbot, Qt.Key.Key_1, CTRL)
    for _ in range(3):
        _press(qtbot, Qt.Key.Key_Tab)
    _press(qtbot, Qt.Key.Key_5, CTRL)
    _settle(qtbot, window, app_ctx)
    assert window.current_page().key == "debriefs"
    assert _visible_pages(window) == ["debriefs"]


def test_leaving_settings_from_inside_it_shows_one_page(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    """Hiding a page moves focus along the chain; landing in the sidebar must not switch the
    page again (that re-entered the page stack and left two pages painted at once)."""
    _ready(qtbot, window, app_ctx)
    settings = window.show_page("settings")  # as a click on Settings in the sidebar does
    _settle(qtbot, window, app_ctx)
    assert settings.key == "settings"
    for _ in range(30):
        _press(qtbot, Qt.Key.Key_Tab)
        if settings.isAncestorOf(_focused()):
            break
    assert settings.isAncestorOf(_focused())
    _press(qtbot, Qt.Key.Key_5, CTRL)
    _settle(qtbot, window, app_ctx)
    assert window.current_page().key == "debriefs"
    assert _visible_pages(window) == ["debriefs"]


# ----- visible focus --------------------------------------------------------------------------


def test_the_style_sheet_rings_focused_primary_buttons() -> None:
    from fieldvisit.ui import theme

    sheet = theme.stylesheet().replace(" ", "")
    assert 'QPushButton[primary="true"]:focus{' in sheet


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_focused_primary_button_shows_a_ring(qtbot, qapp, dark: bool, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.ui import theme

    saved = (qapp.style().name(), qapp.palette(), qapp.styleSheet())
    qapp.setStyle("Fusion")
    qapp.setPalette(theme.dark_palette() if dark else theme.light_palette())
    qapp.setStyleSheet(theme.stylesheet())
    try:
        box = QWidget()
        qtbot.addWidget(box)
        row = QHBoxLayout(box)
        other = QPushButton("Snooze", box)
        primary = QPushButton("Plan visit", box)
        primary.setProperty("primary", True)
        row.addWidget(other)
        row.addWidget(primary)
        box.show()
        box.activateWindow()
        qtbot.waitUntil(box.isActiveWindow)
        other.setFocus(Qt.FocusReason.TabFocusReason)
        plain = primary.grab().toImage()
        qtbot.keyClick(other, Qt.Key.Key_Tab)
        assert primary.hasFocus()
        ringed = primary.grab().toImage()
        ringed.save(str(tmp_path / f"primary-focus-{'dark' if dark else 'light'}.png"))
        y = ringed.height() // 2
        fill = ringed.pixelColor(ringed.width() // 2, 3)  # the button's blue, above the text
        edge = ringed.pixelColor(1, y)
        window = qapp.palette().color(QPalette.ColorRole.Window)
        assert plain.pixelColor(1, y) != edge, "focus does not change the button's edge"
        assert contrast(edge, fill) >= 3, f"ring {edge.name()} on {fill.name()}"
        assert contrast(edge, window) >= 3, f"ring {edge.name()} on {window.name()}"
    finally:
        qapp.setStyleSheet(saved[2])
        qapp.setPalette(saved[1])
        qapp.setStyle(saved[0])


# ----- focus after a dialog -------------------------------------------------------------------


def _open_from(qtbot, button: QPushButton) -> QWidget:  # type: ignore[no-untyped-def]
    """Press Space on `button` and return the dialog it opens (made the active window)."""
    button.setFocus(Qt.FocusReason.TabFocusReason)
    assert button.hasFocus()
    before = set(QApplication.topLevelWidgets())
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(
        lambda: any(w.isVisible() for w in set(QApplication.topLevelWidgets()) - before)
    )
    dialog = next(w for w in set(QApplication.topLevelWidgets()) - before if w.isVisible())
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _closed(dialog: QWidget) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def _back_in(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)


def test_focus_returns_to_the_snooze_button_after_cancel(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    _ready(qtbot, window, app_ctx)
    card = window.current_page().cards[1]
    dialog = _open_from(qtbot, card.snooze_button)
    qtbot.keyClick(_focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _closed(dialog))
    _back_in(qtbot, window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is card.snooze_button)


def test_after_a_snooze_focus_goes_to_the_next_card_not_the_top(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    _ready(qtbot, window, app_ctx)
    week = window.current_page()
    card, after = week.cards[1], week.cards[2]
    snoozed_name = card.snooze_button.accessibleName()
    next_name = after.plan_button.accessibleName()
    dialog = _open_from(qtbot, card.snooze_button)
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "Waiting for the budget")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _closed(dialog), timeout=10_000)
    _back_in(qtbot, window)
    _settle(qtbot, window, app_ctx)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    focus = _focused()
    assert focus.accessibleName() != snoozed_name
    assert focus.accessibleName() == next_name, focus.accessibleName()


def test_focus_returns_to_the_why_button(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    _ready(qtbot, window, app_ctx)
    card = window.current_page().cards[0]
    dialog = _open_from(qtbot, card.why_button)
    qtbot.keyClick(_focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _closed(dialog))
    _back_in(qtbot, window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is card.why_button)


def test_after_planning_from_a_card_focus_goes_to_the_next_card(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    _ready(qtbot, window, app_ctx)
    week = window.current_page()
    card, after = week.cards[1], week.cards[2]
    next_name = after.plan_button.accessibleName()
    dialog = _open_from(qtbot, card.plan_button)
    dialog.save_button.setFocus()
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: _closed(dialog), timeout=10_000)
    _back_in(qtbot, window)
    _settle(qtbot, window, app_ctx)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert _focused().accessibleName() == next_name


# ----- a keyboard path to every action ----------------------------------------------------------

_CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QAbstractSpinBox,
    QTextEdit,
    QPlainTextEdit,
)


def _is_control(widget: QWidget) -> bool:
    """Something a person acts on: a button, a field, a list, a link, or a hand-cursor widget."""
    if isinstance(widget, QHeaderView):
        return False  # sorting has its own key (the Menu key test below)
    if isinstance(widget, _CONTROLS):
        return True
    if isinstance(widget, QLabel):
        return "<a " in widget.text() or widget.openExternalLinks()
    shape = QWidget.cursor(widget).shape()  # some widgets shadow cursor() with data
    return shape == Qt.CursorShape.PointingHandCursor


def test_every_control_on_every_page_is_reached_by_tab(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    _ready(qtbot, window, app_ctx)
    unreachable: dict[str, list[str]] = {}
    for key in window.page_keys():
        page = window.show_page(key)
        _settle(qtbot, window, app_ctx)
        nav = window.navigation
        (nav.footer if key == "settings" else nav.pages).setFocus()
        start, reached = _focused(), []
        for _ in range(800):
            _press(qtbot, Qt.Key.Key_Tab)
            if _focused() is start:
                break
            if _focused() not in reached:
                reached.append(_focused())
        assert window.current_page() is page, f"Tab changed the page away from {key}"
        missing = [
            w
            for w in page.findChildren(QWidget)
            if w.isVisible()
            and w.isEnabled()
            and _is_control(w)
            and not any(r is w or w.isAncestorOf(r) or r.isAncestorOf(w) for r in reached)
        ]
        if missing:
            unreachable[key] = [f"{type(w).__name__} {w.accessibleName()!r}" for w in missing]
    assert not unreachable, unreachable


def test_the_menu_key_sorts_the_deals_table(qtbot, window, app_ctx) -> None:  # type: ignore[no-untyped-def]
    _ready(qtbot, window, app_ctx)
    deals = window.show_page("deals")
    _settle(qtbot, window, app_ctx)
    table = deals.table
    header = table.horizontalHeader()
    table.setFocus(Qt.FocusReason.TabFocusReason)
    before = header.sortIndicatorSection()
    qtbot.keyClick(table, Qt.Key.Key_Menu)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    names = [a.text() for a in menu.actions() if a.isCheckable()]
    assert len(names) >= 3
    checked = [a.text() for a in menu.actions() if a.isChecked()]
    assert len(checked) == 1  # the column it is sorted by now
    target = next(a for a in menu.actions() if a.isCheckable() and not a.isChecked())
    menu.setActiveAction(target)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    column = header.sortIndicatorSection()
    assert column != before
    assert table.model().headerData(column, Qt.Orientation.Horizontal) == target.text()
    # Choosing the same column again turns the order round (Shift+F10 opens the menu too).
    order = header.sortIndicatorOrder()
    qtbot.keyClick(table, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    menu.setActiveAction(next(a for a in menu.actions() if a.isChecked()))
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: header.sortIndicatorOrder() != order)
    assert header.sortIndicatorSection() == column
