"""Calendar capture's screens at 1024×768 and 1280×800: rendered to PNG (FIELDVISIT_SHOTS names a
folder to keep them in, to look at), and no button or label cut off."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from fieldvisit.capture import FileSource, capture
from fieldvisit.store import open_workspace
from fieldvisit.ui.dialogs.capture_drop import WhoseCalendarDialog
from fieldvisit.ui.dialogs.capture_review import CaptureReviewDialog
from fieldvisit.ui.dialogs.capture_run import capture_now
from fieldvisit.ui.dialogs.capture_summary import CaptureSummaryDialog
from fieldvisit.ui.main_window import MainWindow
from fieldvisit.ui.screenshots import _pump as pump
from tests.capture.calendars.expected import scenario
from tests.ui.demo_files import AS_OF, app_context, small_demo_copy

SIZES = ((1024, 768), (1280, 800))


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[None]:
    """The app's own look (Fusion, palette, style sheet) for the pictures; restored after."""
    from fieldvisit.ui.app import apply_font, apply_theme

    style, palette, sheet, font = (
        qapp.style().name(),
        qapp.palette(),
        qapp.styleSheet(),
        qapp.font(),
    )
    apply_theme(qapp)
    apply_font(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)


def cut_off(root: QWidget) -> list[str]:
    """Return the visible buttons and one-line labels narrower than their text needs."""
    found = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or w.width() <= 0:
            continue
        if isinstance(w, QAbstractButton) and w.text():
            if w.width() < w.sizeHint().width() - 1:
                found.append(f"button {w.text()!r}: {w.width()} < {w.sizeHint().width()}")
            continue
        one_line = isinstance(w, QLabel) and not w.wordWrap() and w.pixmap().isNull()
        if one_line and w.text() and w.width() < w.minimumSizeHint().width() - 1:
            found.append(f"label {w.text()!r}: {w.width()} < {w.minimumSizeHint().width()}")
    return found


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_capture_screens_fit(qtbot, themed, tmp_path: Path, tmp_path_factory, size) -> None:  # type: ignore[no-untyped-def]
    shots = Path(os.environ.get("FIELDVISIT_SHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    tag = f"{size[0]}x{size[1]}"
    db = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "small.fieldvisit")
    demo = scenario(db, AS_OF)
    files = demo.write(tmp_path / "calendars")
    problems: dict[str, list[str]] = {}

    def look(name: str, widget: QWidget, *mine: QWidget) -> None:
        """Save a picture of `widget`; note what is cut off in it (in `mine` when given: the
        pages around the new parts have their own tests)."""
        pump()
        assert widget.grab().save(str(shots / f"capture-{name}-{tag}.png"))
        found = [line for part in (mine or (widget,)) for line in cut_off(part)]
        if found:
            problems[name] = found

    with app_context(db) as ctx:
        google, outlook = demo.cast.executives["google"], demo.cast.executives["outlook"]
        with open_workspace(db) as ws:
            report = capture(ws, google.email, FileSource(files[google.email][0]),
                             now=capture_now(AS_OF))  # fmt: skip
        win = MainWindow(ctx, None, remember_geometry=False)  # type: ignore[arg-type]
        qtbot.addWidget(win)
        win.resize(*size)
        win.show()
        qtbot.waitUntil(lambda: not ctx.tasks.active(), timeout=20_000)
        pump()  # the navigation list takes its first row when first focused
        page = win.show_page("settings#calendars")
        section = page.calendars  # type: ignore[union-attr]
        section.select_executive(google.email)
        section.path_edit.setText(str(files[google.email][0]))
        section.editor.save()
        qtbot.waitUntil(lambda: not ctx.tasks.active(), timeout=20_000)
        look("settings", win, section)
        section.editor.caldav_kind.setChecked(True)
        look("settings-caldav", win, section)
        section.editor.file_kind.setChecked(True)

        from fieldvisit.ui.dialogs.capture_run import CaptureOutcome

        outcome = CaptureOutcome("Naomi Zhang", google.email, files[google.email][0].name, report)
        summary = CaptureSummaryDialog([outcome], win, open_reviews=len(report.review))
        qtbot.addWidget(summary)
        summary.show()
        look("summary", summary)
        summary.close()

        review = CaptureReviewDialog(ctx, win)
        qtbot.addWidget(review)
        review.show()
        look("review-two-accounts", review)
        review.select_uid(demo.expected("google_personal_only").uids["google"])
        look("review-personal", review)
        review.select_uid(demo.expected("google_needs_action_past").uids["google"])
        look("review-unanswered", review)
        review.close()

        whose = WhoseCalendarDialog(files[outlook.email], section.model.rows, win)
        qtbot.addWidget(whose)
        whose.show()
        look("whose", whose)
        whose.close()

        week = win.show_page("week")
        qtbot.waitUntil(lambda: not week.busy and not ctx.tasks.active(), timeout=20_000)
        card = week.due_cards[0]  # type: ignore[union-attr]
        card.not_happened_button.click()
        qtbot.waitUntil(lambda: not week.busy and not ctx.tasks.active(), timeout=20_000)
        pump()  # new widgets in a shown layout show on the next turn of the event loop
        notice = next(w for w in week.findChildren(QWidget, "undo-notice") if w.isVisible())
        look("week", win, notice, *week.due_cards)  # type: ignore[union-attr]
        visits = win.show_page("visits")
        qtbot.waitUntil(lambda: not visits.busy and not ctx.tasks.active(), timeout=20_000)
        assert visits.review_banner.isVisible()  # type: ignore[union-attr]
        look("visits", win, visits.review_banner)  # type: ignore[union-attr]
        win.close()
    assert problems == {}
