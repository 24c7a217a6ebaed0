"""Visits in a narrow window: at 1024×768 the chosen visit shows below the list, so the list has
the window's width and its names and states read whole ("Ben Johnson", "Debrief due", not "Ben…",
"Debri…"), the visit's buttons three abreast and none cut; from about 1150 px (1280×800) the
visit shows beside the list as before, its buttons two abreast; resizing back and forth follows."""

from __future__ import annotations

import pytest

from fieldvisit.ui.pages.visits import STATUS, WHO
from fieldvisit.ui.screenshots import _pump as pump
from fieldvisit.ui.widgets.fit_columns import text_width
from tests.ui.test_capture_screens import themed  # noqa: F401 - the app's own look
from tests.ui.test_page_sizes import show

pytestmark = pytest.mark.usefixtures("themed")


def _at(qtbot, window, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    pump()


def _buttons_whole(pane) -> list[str]:  # type: ignore[no-untyped-def]
    room = pane.viewport().width()
    return [
        f"{name}: {b.geometry().right()} > {room}"
        for name, b in pane.buttons.items()
        if b.geometry().right() > room or b.width() < b.sizeHint().width()
    ]


def _chosen_visit(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    visit = next(v for v in page.data.planned if v.status == "planned")
    assert page.select_visit(visit.pk)
    qtbot.waitUntil(lambda: "email" in page.detail.buttons)
    pump()


def test_at_1024_the_visit_shows_below_a_list_that_reads_whole(
    qtbot, window, settle, app_ctx
) -> None:  # type: ignore[no-untyped-def]
    _at(qtbot, window, (1024, 768))
    page = show(window, settle, app_ctx, "visits")
    _chosen_visit(qtbot, page)
    tree, detail = page.tree, page.detail
    assert not page.splitter.side_by_side()
    top = detail.mapTo(page, detail.rect().topLeft()).y()
    bottom = tree.mapTo(page, tree.rect().bottomLeft()).y()
    assert top > bottom, "the visit is not below the list"
    assert tree.width() >= 700, tree.width()
    assert tree.columnWidth(WHO) >= text_width(tree, "Ben Johnson"), tree.columnWidth(WHO)
    assert tree.columnWidth(STATUS) >= text_width(tree, "Debrief due"), tree.columnWidth(STATUS)
    assert detail.columns == 3
    assert not _buttons_whole(detail), _buttons_whole(detail)


def test_from_1280_the_visit_shows_beside_the_list_and_turns_back(
    qtbot, window, settle, app_ctx
) -> None:  # type: ignore[no-untyped-def]
    _at(qtbot, window, (1280, 800))
    page = show(window, settle, app_ctx, "visits")
    _chosen_visit(qtbot, page)
    for size, across in (((1280, 800), True), ((1024, 768), False), ((1440, 900), True)):
        _at(qtbot, window, size)
        qtbot.waitUntil(lambda a=across: page.splitter.side_by_side() is a)  # noqa: B023
        pump()
        tree, detail = page.tree, page.detail
        left = detail.mapTo(page, detail.rect().topLeft()).x()
        right = tree.mapTo(page, tree.rect().topRight()).x()
        assert (left > right) is across, f"{size}: detail at x={left}, list ends at {right}"
        assert detail.columns == (2 if across else 3)
        assert not _buttons_whole(detail), f"{size}: {_buttons_whole(detail)}"
        if across:  # the pane asks for two buttons' width again, not three
            assert detail.minimumWidth() <= 460, f"{size}: needs {detail.minimumWidth()} px"
