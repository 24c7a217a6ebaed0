"""The window opens where it was left, unless that no longer fits the screens attached now: then
at the default size, clamped to the screen and centred on it."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

from fieldvisit.ui import window_geometry
from fieldvisit.ui.main_window import DEFAULT_SIZE, MainWindow
from fieldvisit.ui.window_geometry import RECT_KEY, restored_rect
from fieldvisit.ui.workspaces import ui_settings

LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less a 40 px task bar
MONITOR = QRect(1366, 0, 2560, 1400)  # a second monitor to the right
DEFAULT = QSize(1280, 820)


def test_a_window_left_on_a_screen_still_there_opens_where_it_was() -> None:
    on_monitor = QRect(1500, 100, 1800, 1000)
    assert restored_rect(on_monitor, [LAPTOP, MONITOR], DEFAULT) == on_monitor
    assert restored_rect(QRect(40, 30, 1200, 650), [LAPTOP], DEFAULT) == QRect(40, 30, 1200, 650)


def test_a_window_left_on_a_monitor_that_is_gone_opens_centred_on_the_laptop() -> None:
    on_monitor = QRect(1500, 100, 1800, 1000)
    got = restored_rect(on_monitor, [LAPTOP], DEFAULT)
    assert got.size() == QSize(1280, 728)  # the default size, clamped to the screen
    assert got.center() == LAPTOP.center() and LAPTOP.contains(got)


def test_a_window_bigger_than_the_screen_or_with_its_title_bar_off_it_is_refitted() -> None:
    too_big = QRect(0, 0, 1440, 900)
    assert restored_rect(too_big, [LAPTOP], DEFAULT).size() == QSize(1280, 728)
    title_above = QRect(100, -300, 1000, 600)  # only its lower part shows
    assert LAPTOP.contains(restored_rect(title_above, [LAPTOP], DEFAULT))
    barely = QRect(1300, 600, 1000, 600)  # a 66×128 corner shows: too little to grab
    assert restored_rect(barely, [LAPTOP], DEFAULT).center() == LAPTOP.center()
    big_screen = QRect(0, 0, 2560, 1400)
    assert restored_rect(None, [big_screen], DEFAULT).size() == DEFAULT


def test_the_window_opens_on_screen_after_being_left_off_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    screen = window_geometry.available_screens()[0]
    ui_settings().setValue(RECT_KEY, QRect(screen.right() + 2000, 50, 1280, 820))
    window = MainWindow(None)  # restores its geometry as the app does
    qtbot.addWidget(window)
    assert screen.contains(window.pos())
    want = window_geometry.centred_default(QSize(*DEFAULT_SIZE), screen)
    assert window.pos() == want.topLeft()
    # Closing remembers where it was left (a round trip through the real settings file).
    window.close()
    assert isinstance(ui_settings().value(RECT_KEY), QRect)


def test_a_remembered_window_that_fits_opens_exactly_there(qtbot) -> None:  # type: ignore[no-untyped-def]
    store: dict[str, object] = {}

    class Store:
        def value(self, key: str, defaultValue: object = None) -> object:  # noqa: N803
            return store.get(key, defaultValue)

        def setValue(self, key: str, value: object) -> None:  # noqa: N802
            store[key] = value

    first = MainWindow(None, remember_geometry=False)
    qtbot.addWidget(first)
    first.setGeometry(QRect(1600, 120, 1400, 900))
    window_geometry.remember(first, Store())
    again = MainWindow(None, remember_geometry=False)
    qtbot.addWidget(again)
    got = window_geometry.restore(again, Store(), DEFAULT, screens=[LAPTOP, MONITOR])
    assert got == QRect(1600, 120, 1400, 900)
    assert window_geometry.restore(again, Store(), DEFAULT, screens=[LAPTOP]) == QRect(
        43, 0, 1280, 728
    )
