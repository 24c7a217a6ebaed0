"""The Map page on the small demo: Ctrl+7 (View › Map) opens it; the keyboard reaches a pin in
the list beside the map, which rings it on the map, and Enter opens its account; the next week
shows the trips' numbered routes; the executive filter, zoom and pan work from the keyboard."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from fieldvisit.planning.map_view import map_view
from fieldvisit.ui import theme
from fieldvisit.ui.pages.map import MapPage
from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.widgets.map_pins import Colours as _Colours
from fieldvisit.ui.widgets.navigation import NAV_WIDTH


@pytest.fixture(autouse=True)
def collect_on_the_ui_thread() -> Iterator[None]:
    yield
    gc.collect()


def _open_map(qtbot, window, app_ctx, settle) -> MapPage:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    page = window.current_page()
    assert isinstance(page, MapPage)
    qtbot.waitUntil(lambda: page.view is not None, timeout=20_000)
    settle(app_ctx, page)
    return page


def _expected(app_ctx, **kwargs):  # type: ignore[no-untyped-def]
    with app_ctx.workspace.connect() as conn:
        return map_view(conn, app_ctx.as_of, app_ctx.rules(), **kwargs)


def test_ctrl_7_opens_the_map_and_enter_on_a_pin_opens_its_account(
    qtbot, window, app_ctx, settle
) -> None:  # type: ignore[no-untyped-def]
    [action] = [a for a in window.findChildren(QAction) if a.text() == "&Map"]
    assert action.shortcut().toString() == "Ctrl+7"
    page = _open_map(qtbot, window, app_ctx, settle)
    expected = _expected(app_ctx)
    assert len(expected.points) >= 2
    assert page.pins.count() == len(expected.points) == len(page.canvas.points)
    assert page.pins.item(0).text().startswith(expected.points[0].label)
    assert page.canvas.highlighted is None

    # Alt+P goes to the pins; Down selects one and rings it on the map; Enter opens its account.
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is page.pins
    qtbot.keyClick(page.pins, Qt.Key.Key_Down)
    qtbot.keyClick(page.pins, Qt.Key.Key_Down)
    assert page.pins.currentRow() == 1 and page.canvas.highlighted == 1
    qtbot.keyClick(page.pins, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page().key == "account", timeout=10_000)
    account = window.current_page()
    qtbot.waitUntil(lambda: account.view is not None, timeout=20_000)
    assert account.view.account_pk == expected.points[1].account_pk


def test_next_week_shows_each_trip_as_numbered_stops_in_visit_order(
    qtbot, window, app_ctx, settle
) -> None:  # type: ignore[no-untyped-def]
    page = _open_map(qtbot, window, app_ctx, settle)
    expected = _expected(app_ctx, weeks_ahead=2)
    assert expected.routes, "the small demo plans trips two weeks on"
    for weeks in (1, 2):  # Alt+N: Next (a button's mnemonic clicks after a short flash)
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda weeks=weeks: page.weeks_ahead == weeks, timeout=5_000)
        settle(app_ctx, page)
    assert page.view is not None and page.view.first == expected.first
    assert [r.trip_id for r in page.canvas.routes] == [r.trip_id for r in expected.routes]
    route = expected.routes[0]
    assert [s.stop for s in route.stops] == list(range(1, len(route.stops) + 1))
    assert [s.when for s in route.stops] == sorted(s.when for s in route.stops)
    first_stop = [p.ref for p in page.canvas.points].index(route.stops[0].ref)
    assert page.pins.item(first_stop).text().startswith(f"1. {route.stops[0].label}")
    assert f"Trip {route.trip_id}" in page.routes.text()

    # One executive at a time.
    who = route.executive_name
    qtbot.keyClick(window, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is page.executive
    index = page.executive.findText(who)
    for _ in range(index):
        qtbot.keyClick(page.executive, Qt.Key.Key_Down)
    settle(app_ctx, page)
    assert page.executive.currentText() == who
    mine = _expected(app_ctx, weeks_ahead=2, executive_pk=page.executive.currentData())
    assert [p.ref for p in page.canvas.points] == [p.ref for p in mine.points]
    assert len(mine.points) < len(expected.points)


def test_the_map_zooms_and_pans_by_keyboard_and_a_click_picks_a_pin(
    qtbot, window, app_ctx, settle
) -> None:  # type: ignore[no-untyped-def]
    page = _open_map(qtbot, window, app_ctx, settle)
    canvas = page.canvas
    fitted = canvas.projection
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.projection.scale > fitted.scale
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.projection.centre_lon > fitted.centre_lon
    qtbot.keyClick(canvas, Qt.Key.Key_0)
    assert canvas.projection == fitted
    qtbot.keyClick(page.pins, Qt.Key.Key_Minus)  # from the list too
    assert canvas.projection.scale < fitted.scale
    qtbot.keyClick(canvas, Qt.Key.Key_Home)

    spot = canvas.screen_point(1)
    qtbot.mouseClick(
        canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(spot.x()), round(spot.y()))
    )
    assert page.pins.currentRow() == 1 and canvas.highlighted == 1
    assert as_text(canvas.tips[1]) == page.pins.item(1).toolTip()
    assert canvas.tips[1].startswith(canvas.points[1].label)


def test_the_map_fits_the_smallest_window_and_follows_the_palette(
    qtbot, window, app_ctx, settle, qapp
) -> None:  # type: ignore[no-untyped-def]
    page = _open_map(qtbot, window, app_ctx, settle)
    hint = page.minimumSizeHint()
    assert hint.width() + NAV_WIDTH <= 1024 and hint.height() <= 700
    palette = qapp.palette()
    try:
        qapp.setPalette(theme.light_palette())
        light = _Colours.water(), _Colours.base()
        qapp.setPalette(theme.dark_palette())
        dark = _Colours.water(), _Colours.base()
    finally:
        qapp.setPalette(palette)
    assert light[0] != dark[0] and light[1] != dark[1]
    assert dark[1].lightness() < light[1].lightness()


def test_an_account_without_a_known_place_is_listed_under_the_pins_not_pinned(
    qtbot, window, app_ctx, settle
) -> None:  # type: ignore[no-untyped-def]
    first = _expected(app_ctx).points[0]
    with app_ctx.workspace.begin() as conn:
        conn.execute(
            text("UPDATE account SET lat = NULL, lon = NULL, city = 'Qwxzyville' WHERE id = :a"),
            {"a": first.account_pk},
        )
    page = _open_map(qtbot, window, app_ctx, settle)
    assert first.account_pk not in {p.account_pk for p in page.canvas.points}
    assert page.unplaced.isVisible()
    assert page.unplaced.text().startswith(f"Not on the map (1): {first.label}")


def test_the_map_takes_this_weeks_trip_add_ons_while_the_file_is_unchanged(
    qtbot, window, app_ctx, settle, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """This week finds the stalled deals near each trip; the Map shows the same, without walking
    every stalled deal again — until anything is written to the workspace."""
    from fieldvisit.planning import map_view as map_module

    walks: list[int] = []
    real = map_module.trip_add_ons
    monkeypatch.setattr(
        map_module, "trip_add_ons", lambda *a, **k: walks.append(1) or real(*a, **k)
    )
    settle(app_ctx, window.show_page("week"))
    qtbot.waitUntil(lambda: app_ctx.trip_add_ons is not None, timeout=20_000)
    page = _open_map(qtbot, window, app_ctx, settle)
    for weeks in (1, 2):  # the small demo's trips are two weeks on
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda weeks=weeks: page.weeks_ahead == weeks, timeout=5_000)
        settle(app_ctx, page)
    assert page.canvas.routes and walks == []
    fresh = _expected(app_ctx, weeks_ahead=2)  # worked out here: one walk
    assert page.view is not None and page.view.routes == fresh.routes

    with app_ctx.workspace.begin() as conn:  # another program's write changes the file
        conn.execute(text("UPDATE account SET name = name || ' ' WHERE id = 1"))
    walks.clear()
    page.refresh()
    settle(app_ctx, page)
    assert walks == [1]
