"""Table headers too long for their column end in "…", whole letters only, at every window width
from 1024 to 1440 px: Qt shortens a header for the header's own font, and the theme draws headers
semibold, so the header's font has to be semibold too ("Days in s…" drawn wider than worked out
lost its "D"; "Last exec vis" lost its "t" without any "…")."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontMetrics

from fieldvisit.ui.screenshots import _pump as pump
from tests.ui.test_capture_screens import themed  # noqa: F401 - the app's own look
from tests.ui.test_page_sizes import show

pytestmark = pytest.mark.usefixtures("themed")
PADDING = 2 * 8  # the theme's QHeaderView::section padding, left and right
WIDTHS = [1024, 1100, 1180, 1280, 1360, 1440]


def cut_headers(view) -> list[str]:  # type: ignore[no-untyped-def]
    """Return the headers whose shortened text is wider, drawn semibold, than their room."""
    header = view.header() if hasattr(view, "header") else view.horizontalHeader()
    drawn = QFont(header.font())
    drawn.setWeight(QFont.Weight.DemiBold)  # as the theme draws them
    ink = QFontMetrics(drawn)
    cut = []
    for c in range(header.count()):
        words = str(view.model().headerData(c, header.orientation()))
        room = header.sectionSize(c) - PADDING
        shown = header.fontMetrics().elidedText(words, header.textElideMode(), room)
        if ink.horizontalAdvance(shown) > room:
            cut.append(f"{shown!r}: {ink.horizontalAdvance(shown)} px in {room} px")
    return cut


def test_deals_and_visits_headers_elide_whole_letters(qtbot, window, settle, app_ctx) -> None:  # type: ignore[no-untyped-def]
    deals = show(window, settle, app_ctx, "deals")
    qtbot.waitUntil(lambda: deals.model.rowCount() > 0)
    visits = show(window, settle, app_ctx, "visits")
    problems = {}
    for width in WIDTHS:
        window.resize(width, 800)
        qtbot.waitUntil(lambda w=width: window.width() == w)  # noqa: B023
        for page, view in ((deals, deals.table), (visits, visits.tree)):
            window.show_page(page.key)
            pump()
            if cut := cut_headers(view):
                problems[f"{page.key} at {width}"] = cut
    assert not problems, problems


def test_narrow_deals_columns_show_a_short_header_whole(qtbot, window, settle, app_ctx) -> None:  # type: ignore[no-untyped-def]
    """At 1024 px "Days", "Activity" and "Exec visit" rather than "Day…" and "Last exec …"; the
    whole names come back with the room, and stay in the tooltips."""
    from PySide6.QtCore import Qt

    from fieldvisit.ui.models.deals_model import HEADERS, SHORT_HEADERS

    deals = show(window, settle, app_ctx, "deals")
    qtbot.waitUntil(lambda: deals.model.rowCount() > 0)
    header = deals.table.horizontalHeader()

    def shown() -> dict[str, str]:
        pump()
        room = {c: header.sectionSize(c) - PADDING for c in SHORT_HEADERS}
        words = {c: str(deals.model.headerData(c, Qt.Orientation.Horizontal)) for c in room}
        return {w: header.fontMetrics().elidedText(w, header.textElideMode(), room[c])
                for c, w in words.items()}  # fmt: skip

    window.resize(1024, 768)
    qtbot.waitUntil(lambda: window.width() == 1024)
    assert shown() == {"Days": "Days", "Activity": "Activity", "Exec visit": "Exec visit"}
    # The keyboard's "Sort by" menu and the screen reader still say the whole names.
    from fieldvisit.ui.keyboard_sort import sort_menu

    menu = sort_menu(deals.table, header)
    names = [a.text() for a in menu.actions() if not a.isSeparator()]
    menu.close()
    assert {HEADERS[c] for c in SHORT_HEADERS} <= set(names)
    assert not set(SHORT_HEADERS.values()) & set(names)
    # A column dragged wide enough gets its whole header back.
    days = next(iter(SHORT_HEADERS))
    header.resizeSection(days, deals.columns.header_widths[days] + 4)
    assert deals.model.headerData(days, Qt.Orientation.Horizontal) == HEADERS[days]
    window.resize(1440, 900)
    qtbot.waitUntil(lambda: window.width() == 1440)
    whole = [HEADERS[c] for c in SHORT_HEADERS]
    assert shown() == dict(zip(whole, whole, strict=True))
    tips = [deals.model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
            for c in SHORT_HEADERS]  # fmt: skip
    assert tips == whole
