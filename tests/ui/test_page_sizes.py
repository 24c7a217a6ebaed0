"""Every page and the main dialogs at 1024×768 (the smallest size Field Visit supports): nothing
asks for more room than that, nothing is cut off at the right of a scrolling column, and the
defects seen in screenshots stay fixed (the Deals filter bar overlapping itself, the Coverage chart
labelling only some executives, Impact's chart labels and method text cut, the Debriefs "Write"
buttons off the edge, the Settings form wider than the window, the as-of calendar's "…" days);
and at 1024×768, 1280×800 and 1440×900: Deals' and Visits' columns inside their view, debrief
rows as tall as their text, Settings rows neither outside their parent nor over each other.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QLabel,
    QScrollArea,
    QStyleOptionViewItem,
    QWidget,
)

from fieldvisit.ui.models.debriefs import ROW_ROLE
from fieldvisit.ui.screenshots import _pump as pump
from fieldvisit.ui.screenshots import parse_size
from fieldvisit.ui.widgets.charts import TargetBarChart
from tests.ui.test_capture_screens import cut_off, themed  # noqa: F401 - the app's own look

SMALLEST = (1024, 768)
pytestmark = pytest.mark.usefixtures("themed")


def fits(hint: tuple[int, int], room: tuple[int, int] = SMALLEST) -> bool:
    return hint[0] <= room[0] and hint[1] <= room[1]


def overflowing(page: QWidget) -> list[str]:
    """Return the scrolling columns whose content is wider than what shows (cut at the right)."""
    found = []
    for area in page.findChildren(QScrollArea):
        inner = area.widget()
        if area.isVisible() and inner is not None and inner.width() > area.viewport().width() + 4:
            name = area.accessibleName() or inner.accessibleName() or type(inner).__name__
            found.append(f"{name}: {inner.width()} > {area.viewport().width()}")
    return found


def show(window, settle, ctx, key: str):  # type: ignore[no-untyped-def]
    page = window.show_page(key)
    assert page is not None, key
    settle(ctx, page)
    pump()  # lay out what the loaded data brought
    return page


def page_keys(window) -> list[str]:  # type: ignore[no-untyped-def]
    """Every page of the navigation (a new page is covered as soon as it is added)."""
    return list(window.page_keys())


def test_no_page_needs_more_than_1024x768(qtbot, window, settle, app_ctx) -> None:  # type: ignore[no-untyped-def]
    window.resize(*SMALLEST)
    qtbot.waitUntil(lambda: window.width() == SMALLEST[0])
    keys = page_keys(window)
    settings = show(window, settle, app_ctx, "settings")
    keys += [f"settings#{name}" for name in ("pipeline", "titles", "calendars", "cadence")]
    keys += [f"settings#{settings.sections.item(i).text()}" for i in range(5, 9)]
    too_big, cut = {}, {}
    for key in keys:
        page = show(window, settle, app_ctx, key)
        # The stack asks for the largest of its pages: each page is measured as it is added.
        hint = window.minimumSizeHint().toTuple()
        if not fits(hint):
            too_big[key] = hint
        if problems := overflowing(page) + cut_off(page):
            cut[key] = problems
    assert not too_big, f"pages asking for more than 1024×768: {too_big}"
    assert not cut, "\n".join(f"{k}: {v}" for k, v in cut.items())


def test_the_account_page_fits_1024x768(qtbot, window, settle, app_ctx) -> None:  # type: ignore[no-untyped-def]
    window.resize(*SMALLEST)
    week = show(window, settle, app_ctx, "week")
    account_pk = week.cards[0].suggestion.deal.account_pk
    page = show(window, settle, app_ctx, f"account#{account_pk}")
    qtbot.waitUntil(lambda: not page.busy and not app_ctx.tasks.active(), timeout=20_000)
    assert fits(window.minimumSizeHint().toTuple()), window.minimumSizeHint()
    assert not overflowing(page) + cut_off(page)


def _dialogs(window, ctx) -> dict[str, Callable[[], QDialog]]:  # type: ignore[no-untyped-def]
    from fieldvisit.ui.dialogs.as_of import AsOfDialog
    from fieldvisit.ui.dialogs.debrief_editor import DebriefEditor
    from fieldvisit.ui.dialogs.dismiss import DismissDialog
    from fieldvisit.ui.dialogs.import_wizard import ImportWizard
    from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
    from fieldvisit.ui.dialogs.shortcuts import AboutDialog, ShortcutsDialog
    from fieldvisit.ui.dialogs.snooze import SnoozeDialog
    from fieldvisit.ui.dialogs.why import WhyDialog

    week = window.page("week")
    suggestion = week.cards[0].suggestion
    deal = suggestion.deal
    visits = window.page("visits")
    done = next(v for v in visits.data.past if v.status == "done")
    return {
        "plan": lambda: PlanVisitDialog(ctx, suggestion=suggestion, parent=window),
        "why": lambda: WhyDialog(deal, suggestion, window),
        "snooze": lambda: SnoozeDialog(
            ctx, deal.deal_pk, deal.account_name, deal.deal_name, window
        ),
        "dismiss": lambda: DismissDialog(ctx, deal.deal_pk, deal.account_name, window),
        "debrief": lambda: DebriefEditor(ctx, done.pk, window),
        "import": lambda: ImportWizard(ctx, window),
        "as-of": lambda: AsOfDialog(ctx, window),
        "shortcuts": lambda: ShortcutsDialog(window),
        "about": lambda: AboutDialog(window),
    }


def test_main_dialogs_fit_1024x768(qtbot, window, settle, app_ctx) -> None:  # type: ignore[no-untyped-def]
    show(window, settle, app_ctx, "week")
    show(window, settle, app_ctx, "visits")
    show(window, settle, app_ctx, "week")
    too_big = {}
    for name, make in _dialogs(window, app_ctx).items():
        dialog = make()  # the window owns it
        dialog.show()
        settle(app_ctx)
        # Its minimum fits the smallest screen, and it does not open larger than that screen.
        for what, size in (("needs", dialog.minimumSizeHint()), ("opens at", dialog.size())):
            if not fits(size.toTuple()):
                too_big[name] = f"{what} {size.toTuple()}"
        dialog.close()
        dialog.deleteLater()
        pump()
    assert not too_big, too_big


# ----- one test per defect seen in the screenshots ------------------------------------------


def test_deals_filters_wrap_instead_of_overlapping(qtbot, window, settle, app_ctx) -> None:  # type: ignore[no-untyped-def]
    window.resize(*SMALLEST)
    page = show(window, settle, app_ctx, "deals")
    qtbot.waitUntil(lambda: page.count.text() != "")
    bar = page.filter_bar
    parts = [w for w in bar.findChildren(QWidget) if w.parent() is bar and w.isVisible()]
    assert len(parts) >= 6
    boxes = [(w, w.geometry()) for w in parts]
    for i, (one, box) in enumerate(boxes):
        assert bar.rect().contains(box), f"{one.accessibleName()} outside the bar: {box}"
        assert box.width() >= one.minimumSizeHint().width(), one.accessibleName()
        for other, other_box in boxes[i + 1 :]:
            assert not box.intersects(other_box), (
                f"{one.accessibleName()} overlaps {other.accessibleName()}"
            )
    assert len({box.y() for _w, box in boxes}) > 1, "at 1024 px the filters take two rows"
    # …and one row when there is room.
    window.resize(1440, 900)
    qtbot.waitUntil(lambda: len({w.geometry().y() for w in parts}) == 1)


def test_coverage_chart_labels_every_executive(qtbot, window, settle, app_ctx) -> None:  # type: ignore[no-untyped-def]
    window.resize(*SMALLEST)
    page = show(window, settle, app_ctx, "coverage")
    chart: TargetBarChart = page.chart
    qtbot.waitUntil(lambda: bool(chart.bars))
    rows = len(chart.bars)
    # Qt leaves out category labels that would overlap: each row needs a label's height.
    line = chart.fontMetrics().height()
    qtbot.waitUntil(lambda: chart.chart().plotArea().height() > 0)
    per_row = chart.chart().plotArea().height() / rows
    assert per_row >= line, f"{per_row:.0f} px a row < {line} px a label: some names are left out"
    assert chart.height() >= TargetBarChart.ROW_PX * rows
    heading = chart.parentWidget().property("heading")
    assert isinstance(heading, QLabel) and heading.wordWrap(), "card titles wrap, never cut"
    assert heading.height() >= heading.heightForWidth(heading.width()) - 1


def _fully_shown(label: QLabel) -> bool:
    return label.height() >= label.heightForWidth(label.width()) - 1


def test_impact_chart_and_method_fit_at_1024(qtbot, window, settle, app_ctx) -> None:  # type: ignore[no-untyped-def]
    window.resize(*SMALLEST)
    page = show(window, settle, app_ctx, "impact")
    qtbot.waitUntil(lambda: bool(page.chart.groups))
    chart = page.chart
    qtbot.waitUntil(lambda: chart.chart().plotArea().width() > 0)
    widest = max(
        chart.fontMetrics().horizontalAdvance(f"{g.label} ({g.advanced} of {g.n})")
        for g in chart.groups
    )
    # The category labels sit left of the plot area: it must leave them their width.
    assert chart.chart().plotArea().left() >= widest * 0.9, "the chart's labels are cut"
    assert _fully_shown(page.method), "the method text runs past its card"
    card = page.method.parentWidget()
    assert QRect(0, 0, card.width(), card.height()).contains(page.method.geometry()), (
        "the method text sticks out of its card"
    )


def test_debriefs_write_buttons_stay_on_screen(qtbot, window, settle, app_ctx) -> None:  # type: ignore[no-untyped-def]
    window.resize(*SMALLEST)
    page = show(window, settle, app_ctx, "debriefs")
    area = next(
        a for a in page.findChildren(QScrollArea) if page.due_heading in a.findChildren(QLabel)
    )
    qtbot.waitUntil(lambda: any(b.isVisible() for b in area.widget().findChildren(QAbstractButton)))
    buttons = [b for b in area.widget().findChildren(QAbstractButton) if b.isVisible()]
    room = area.viewport().width()
    for button in buttons:
        right = button.mapTo(area.widget(), button.rect().topRight()).x()
        assert right <= room, f"{button.accessibleName()} ends at {right} > {room}"


def test_as_of_calendar_shows_weekday_names(qtbot, app_ctx) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.ui.dialogs.as_of import AsOfDialog

    dialog = AsOfDialog(app_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    calendar = dialog.calendar
    metrics = calendar.fontMetrics()
    # Seven day columns plus the week numbers, each wide enough for "Wed".
    assert calendar.width() >= 8 * (metrics.horizontalAdvance("Wed") + 8)
    assert calendar.height() >= 8 * metrics.height()


@pytest.mark.parametrize(("text", "size"), [("1280x800", (1280, 800)), ("1440×900", (1440, 900))])
def test_screenshot_size_is_read(text: str, size: tuple[int, int]) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["800x600", "big", "1280"])
def test_screenshot_size_refuses_what_it_cannot_draw(text: str) -> None:
    from fieldvisit.errors import FieldVisitError

    with pytest.raises(FieldVisitError, match="Screenshot size"):
        parse_size(text)


def test_screenshot_mode_takes_a_size_and_dark(qapp, small_demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from fieldvisit.cli import main as cli_main
    from fieldvisit.ui.style import is_dark

    out = tmp_path / "shots"
    args = ["--db", str(small_demo), "--screenshots", str(out)]
    assert cli_main([*args, "--size", "1024x768", "--appearance", "dark"]) == 0
    week = QImage(str(out / "week.png"))
    assert (week.width(), week.height()) == (1024, 768)
    # The window's own background (right of the sidebar, below the menu bar) is dark.
    assert week.pixelColor(week.width() - 6, week.height() // 2).lightness() < 80
    assert is_dark(qapp.palette())


def test_screenshot_mode_refuses_a_size_it_cannot_draw(qapp, small_demo, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.cli import main as cli_main

    args = ["--db", str(small_demo), "--screenshots", str(tmp_path / "shots"), "--size", "800x600"]
    assert cli_main(args) == 1
    assert "Screenshot size '800x600': the smallest is 1024x768." in capsys.readouterr().err


# ----- item 6: nothing clipped or overlapping at 1024×768, 1280×800, 1440×900 ----------------

SIZES = [(1024, 768), (1280, 800), (1440, 900)]


def _columns_fit(view) -> list[str]:  # type: ignore[no-untyped-def]
    """Return what is wrong with a view's columns: wider than the view, or too narrow to read."""
    header = view.header() if hasattr(view, "header") else view.horizontalHeader()
    room = view.viewport().width()
    widths = [header.sectionSize(c) for c in range(header.count()) if not header.isSectionHidden(c)]
    problems = []
    if sum(widths) > room:
        problems.append(f"{view.accessibleName()}: columns {sum(widths)} px > {room} px shown")
    if view.horizontalScrollBar().isVisible():
        problems.append(f"{view.accessibleName()}: a sideways scroll bar")
    metrics = header.fontMetrics()
    for c in range(header.count()):
        words = str(view.model().headerData(c, header.orientation()))
        # Every column shows at least its header's first word (or 40 px of it).
        need = min(metrics.horizontalAdvance(words.split()[0]), 40) + 8
        if header.sectionSize(c) < need:
            problems.append(f"{view.accessibleName()}: column {words!r} {header.sectionSize(c)} px")
    return problems


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_visits_and_deals_columns_fit_without_sideways_scrolling(
    qtbot, window, settle, app_ctx, size
) -> None:  # type: ignore[no-untyped-def]
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    visits = show(window, settle, app_ctx, "visits")
    deals = show(window, settle, app_ctx, "deals")
    qtbot.waitUntil(lambda: deals.model.rowCount() > 0)
    problems = _columns_fit(deals.table)
    show(window, settle, app_ctx, "visits")
    problems += _columns_fit(visits.tree)
    # A trip's line spans the columns: it ends inside the list (elided, its tooltip whole).
    trip = next(i for i in visits._items() if i.data(0, Qt.ItemDataRole.UserRole + 2))
    box = visits.tree.visualItemRect(trip)
    assert box.right() <= visits.tree.viewport().width(), box
    assert not problems, problems


def test_debrief_rows_are_tall_enough_for_their_text_after_a_resize(
    qtbot, window, settle, app_ctx
) -> None:  # type: ignore[no-untyped-def]
    # Opened small (rows measured before the list first showed were measured at its default
    # width), then resized: each row is measured again for the width it has, so no snippet
    # runs under the next row's title.
    window.resize(*SMALLEST)
    qtbot.waitUntil(lambda: window.width() == SMALLEST[0])
    page = show(window, settle, app_ctx, "debriefs")
    view, delegate = page.list_view, page.list_view.itemDelegate()
    qtbot.waitUntil(lambda: page.model.rowCount() > 3)
    for size in (SMALLEST, (1440, 900), (1280, 800), SMALLEST):
        window.resize(*size)
        qtbot.waitUntil(lambda s=size: window.width() == s[0])  # noqa: B023
        pump()
        short = []
        for row in range(6):
            index = page.model.index(row)
            box = view.visualRect(index)
            option = QStyleOptionViewItem()
            option.font = view.font()
            # The row's text wraps inside the list: measured at that width, it fits the row.
            room = view.viewport().width()
            if box.right() > room:
                short.append(f"row {row}: ends at {box.right()} px in a {room} px list")
            width = min(box.width(), room) - 2 * delegate.PAD
            need = delegate._doc(index.data(ROW_ROLE), width, option).size().height()
            if need > box.height() - delegate.PAD:
                short.append(f"row {row}: {need:.0f} px of text in {box.height()} px")
            below = view.visualRect(page.model.index(row + 1))
            assert not box.intersects(below), f"rows {row} and {row + 1} overlap at {size}"
        assert not short, f"{size}: {short}"


def _laid_out(root: QWidget) -> list[str]:
    """Return the widgets of `root`'s layouts that stick out of their parent or overlap a
    sibling (a form row drawn over the next one, a help text cut at top and bottom)."""
    from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QComboBox

    problems = []
    containers = [root]
    while containers:
        parent = containers.pop()
        kids = [
            w
            for w in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if w.isVisible() and not w.isWindow()
        ]
        inside = parent.rect()
        for i, one in enumerate(kids):
            box = one.geometry()
            if not inside.contains(box):
                problems.append(f"{_name(one)} {box.getRect()} outside {_name(parent)}")
            for other in kids[i + 1 :]:
                if box.intersects(other.geometry()):
                    problems.append(f"{_name(one)} overlaps {_name(other)}")
            wraps = isinstance(one, QLabel) and one.wordWrap() and one.text()
            if wraps and one.height() < one.heightForWidth(one.width()) - 1:
                problems.append(f"{_name(one)}: {one.height()} px < its lines' height")
            if not isinstance(one, QAbstractScrollArea | QAbstractSpinBox | QComboBox):
                containers.append(one)
    return problems


def _name(w: QWidget) -> str:
    text = w.text() if isinstance(w, QLabel | QAbstractButton) else ""
    return f"{type(w).__name__}({(w.accessibleName() or text)[:30]!r})"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_settings_sections_lay_out_without_overlaps(qtbot, window, settle, app_ctx, size) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.ui.pages.settings_forms import HelpText

    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    page = show(window, settle, app_ctx, "settings")
    problems, lefts = {}, {}
    for row in range(page.sections.count()):
        page.sections.setCurrentRow(row)
        pump()
        name = page.sections.item(row).text()
        section = page.stack.currentWidget().widget()
        if found := _laid_out(section):
            problems[name] = found
        # Every section's content starts at the same left margin.
        lefts[name] = section.layout().contentsMargins().left()
        for hint in section.findChildren(HelpText):
            one_line = hint.fontMetrics().height()
            one_line_width = hint.fontMetrics().horizontalAdvance(hint.text()) + 4
            if hint.isVisible() and one_line_width <= hint.width():
                # A help that fits on one line at this width shows on one line, not squeezed.
                assert hint.height() <= one_line + 2, f"{name}: {hint.text()!r} wraps"
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
    assert len(set(lefts.values())) == 1, lefts
    # The short helps stand on one line at every size (they wrapped at the field's width).
    short = [h for h in page.findChildren(HelpText) if h.text() == "Of the executive's home."]
    assert short and short[0].width() >= short[0].sizeHint().width(), "squeezed into a column"


def test_a_chosen_deal_gets_most_of_the_height_and_a_dragged_split_stays(
    qtbot, window, settle, app_ctx
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    window.resize(*SMALLEST)
    qtbot.waitUntil(lambda: window.width() == SMALLEST[0])
    page = show(window, settle, app_ctx, "deals")
    qtbot.waitUntil(lambda: page.model.rowCount() > 2)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # the first deal
    qtbot.waitUntil(lambda: page.detail.detail is not None)
    settle(app_ctx)
    table, detail = page.splitter.sizes()
    assert detail >= 0.5 * (table + detail), (table, detail)
    # Its signals are read by scrolling the pane, never cut off.
    inner = page.detail.widget()
    assert inner.height() <= page.detail.viewport().height() or (
        page.detail.verticalScrollBar().maximum() > 0
    )
    # The user drags the split up: choosing another deal keeps it where they put it.
    handle = page.splitter.handle(1)
    middle = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=middle)
    qtbot.mouseMove(handle, middle + QPoint(0, 60))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=middle + QPoint(0, 60))
    qtbot.waitUntil(lambda: page.splitter.sizes()[0] > table + 30)
    dragged = page.splitter.sizes()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    settle(app_ctx)
    assert page.splitter.sizes() == dragged
