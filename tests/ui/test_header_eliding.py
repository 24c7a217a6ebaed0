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
