"""The Visits page says how many meetings from executives' calendars wait for a decision, counted
in the background (calendar capture's libraries never load on the window's thread for it), and
hides the line while none waits."""

from __future__ import annotations

import re
from pathlib import Path

from fieldvisit.capture import FileSource, capture
from fieldvisit.changes import CAPTURED
from fieldvisit.store import open_workspace
from fieldvisit.ui.dialogs.capture_run import capture_now
from fieldvisit.ui.main_window import MainWindow
from tests.capture.calendars.expected import scenario
from tests.ui.demo_files import AS_OF, app_context, small_demo_copy


def _visits(qtbot, win: MainWindow, ctx):  # type: ignore[no-untyped-def]
    win.menu_bar.action_for("show_page", "visits").trigger()  # View › Visits (Ctrl+4)
    page = win.current_page()
    assert page is not None and page.key == "visits"
    qtbot.waitUntil(lambda: not page.busy and not ctx.tasks.active(), timeout=20_000)
    return page


def test_visits_counts_the_meetings_to_review_and_hides_when_none(  # type: ignore[no-untyped-def]
    qtbot, qapp, tmp_path: Path, tmp_path_factory
) -> None:
    db = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "small.fieldvisit")
    demo = scenario(db, AS_OF)
    files = demo.write(tmp_path / "calendars")
    with app_context(db) as ctx:
        win = MainWindow(ctx, None, remember_geometry=False)  # type: ignore[arg-type]
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        qtbot.waitUntil(lambda: not ctx.tasks.active(), timeout=20_000)
        banner = _visits(qtbot, win, ctx).review_banner
        assert banner.isHidden()  # nothing captured yet: nothing to review
        google = demo.cast.executives["google"]
        with open_workspace(db) as ws:
            report = capture(ws, google.email, FileSource(files[google.email][0]),
                             now=capture_now(AS_OF))  # fmt: skip
        assert report.review
        ctx.announce(CAPTURED)  # as the capture dialog announces what it wrote
        qtbot.waitUntil(lambda: banner.isVisible(), timeout=20_000)
        said = re.match(r"(\d+) meetings? from executives' calendars", banner.words.text())
        assert said is not None and int(said.group(1)) == len(report.review)
