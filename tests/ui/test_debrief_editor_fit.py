"""The debrief editor fits at 752×752 (offscreen), 976×720 (a real 1024×768 screen) and 1280×800,
light and dark: who was met is wide enough, nothing scrolls sideways or is cut off, long lines show
their start, and due dates read like the rest of the app ("28 Jun 2026")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QScrollArea
from sqlalchemy import text

from fieldvisit import debriefs
from fieldvisit.debriefs import NextStepItem
from fieldvisit.ui import style, theme
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.debrief_editor import DebriefEditor
from tests.ui.demo_files import app_context, small_demo_copy
from tests.ui.test_capture_screens import cut_off

SIZES = [(752, 752), (976, 720), (1280, 800)]
LONG_SUMMARY = (
    "Budget moved to a shared-services centre; our project slipped a quarter and the CFO wants "
    "a business case before anyone signs"
)


@pytest.fixture
def ctx(
    qapp: QApplication, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppContext]:
    demo = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "demo.fieldvisit")
    with app_context(demo) as context:
        yield context  # type: ignore[misc]


@pytest.fixture(params=[False, True], ids=["light", "dark"])
def themed(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[bool]:
    from fieldvisit.ui.app import apply_font

    saved = (qapp.style().name(), qapp.palette(), qapp.styleSheet(), qapp.font())
    qapp.setStyle("Fusion")
    qapp.setPalette(theme.dark_palette() if request.param else theme.light_palette())
    qapp.setStyleSheet(theme.stylesheet())
    apply_font(qapp)
    yield request.param
    qapp.setStyleSheet(saved[2])
    qapp.setPalette(saved[1])
    qapp.setStyle(saved[0])
    qapp.setFont(saved[3])


def debriefed_visit(ctx: AppContext) -> int:
    """Return a debriefed visit, its summary made long and two next steps due."""
    with ctx.workspace.connect() as conn:
        visit = conn.execute(
            text("SELECT visit_id FROM debrief ORDER BY visit_id LIMIT 1")
        ).scalar()
        assert visit is not None
        data = debriefs.load_debrief(conn, visit)
    assert data is not None
    data.summary = LONG_SUMMARY
    data.next_steps = [
        NextStepItem(
            "Send the revised proposal with the multi-year option", "Dana", date(2026, 6, 17)
        ),
        NextStepItem("Prepare a business case with their numbers", "Dana", date(2026, 6, 19)),
    ]
    debriefs.save_debrief(ctx.workspace, data)
    return int(visit)


def open_at(qtbot, ctx: AppContext, visit: int, size: tuple[int, int]) -> DebriefEditor:  # type: ignore[no-untyped-def]
    editor = DebriefEditor(ctx, visit)
    qtbot.addWidget(editor)
    editor.resize(*size)
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.waitUntil(lambda: editor.size().width() == size[0])
    # Laid out: the form is at least as tall as it needs (the scroll area scrolls the rest).
    form = editor.form
    viewport = editor.findChild(QScrollArea).viewport()  # type: ignore[union-attr]
    qtbot.waitUntil(
        lambda: (
            form.height() >= form.minimumSizeHint().height() and form.width() <= viewport.width()
        )
    )
    return editor


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_editor_fits_without_sideways_scrolling_or_cut_words(qtbot, ctx, themed, size) -> None:  # type: ignore[no-untyped-def]
    editor = open_at(qtbot, ctx, debriefed_visit(ctx), size)
    form = editor.form
    scroll = editor.findChild(QScrollArea)
    assert scroll is not None
    assert scroll.horizontalScrollBar().maximum() == 0, "the form scrolls sideways"
    # Who was met gets about half the width, and never scrolls sideways itself.
    assert form.contacts.width() >= 0.4 * form.width(), (form.contacts.width(), form.width())
    assert form.contacts.horizontalScrollBar().maximum() == 0
    for i in range(form.contacts.count()):
        item = form.contacts.item(i)
        assert item.toolTip() == item.text()  # a name cut with "…" is whole in its tooltip
    # The placeholder of "Others met" is whole.
    needs = form.others.fontMetrics().horizontalAdvance(form.others.placeholderText()) + 20
    assert form.others.width() >= needs, (form.others.width(), needs)
    assert not cut_off(editor)
    # "Add next step" is whole in view as the editor opens, however many steps there are.
    assert scroll.verticalScrollBar().value() == 0
    button = form.next_steps.add_button
    assert button.isVisible()
    seen = QRect(button.mapTo(scroll.viewport(), QPoint(0, 0)), button.size())
    assert scroll.viewport().rect().contains(seen), (seen, scroll.viewport().rect())


def test_a_long_line_shows_its_start(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    editor = open_at(qtbot, ctx, debriefed_visit(ctx), (976, 720))
    summary = editor.form.summary
    assert summary.text() == LONG_SUMMARY
    assert summary.cursorPosition() == 0  # the box shows "Budget moved…", not the tail


def test_due_dates_read_like_the_rest_of_the_app(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    editor = open_at(qtbot, ctx, debriefed_visit(ctx), (976, 720))
    _text, _owner, due, _done = editor.form.next_steps.row_widgets(0)
    assert due.displayFormat() == style.short_day_format(with_year=True)
    assert due.text() == f"{style.short_day(date(2026, 6, 17))} 2026"
    assert "/" not in due.text()
