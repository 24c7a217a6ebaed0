"""Contrast in the light and dark themes: empty check boxes and radio buttons are seen, selected
rows and text read at 4.5:1 or more, the as-of calendar's weekends read on dark."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.ui import theme
from tests.ui.contrast import THEMES, contrast, palette_of


def colour_in_sheet(value: str, pal: QPalette) -> QColor:
    """Return the colour a style-sheet value names: "#rrggbb", a name or "palette(role)"."""
    found = re.fullmatch(r"palette\(([a-z-]+)\)", value.strip())
    if found:
        role = "".join(part.capitalize() for part in found.group(1).split("-"))
        return pal.color(getattr(QPalette.ColorRole, role))
    return QColor(value.strip())


def selection_pairs(sheet: str) -> list[tuple[str, str, str]]:
    """Return (selector, background, text) for every selection colour pair the sheet sets."""
    pairs = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet):
        props = dict(
            (k.strip(), v.strip())
            for k, v in (p.split(":", 1) for p in body.split(";") if ":" in p)
        )
        if "selection-background-color" in props or "selection-color" in props:
            pairs.append(
                (
                    selector.strip(),
                    props.get("selection-background-color", "palette(highlight)"),
                    props.get("selection-color", "palette(highlighted-text)"),
                )
            )
        if ":selected" in selector and "background" in props and "color" in props:
            pairs.append((selector.strip(), props["background"], props["color"]))
    return pairs


# ----- selection ------------------------------------------------------------------------------


@THEMES
def test_the_palettes_highlight_reads_at_4_5_to_1(dark: bool) -> None:
    pal = palette_of(dark)
    highlight = pal.color(QPalette.ColorRole.Highlight)
    words = pal.color(QPalette.ColorRole.HighlightedText)
    assert contrast(highlight, words) >= 4.5, f"{words.name()} on {highlight.name()}"


@THEMES
def test_every_selection_the_style_sheet_sets_reads_at_4_5_to_1(wear, dark: bool) -> None:  # type: ignore[no-untyped-def]
    wear(dark)
    pal = palette_of(dark)
    pairs = selection_pairs(theme.stylesheet())
    assert any("QAbstractItemView" in s for s, _b, _t in pairs), "no selection colours for lists"
    for selector, background, words in pairs:
        back, fore = colour_in_sheet(background, pal), colour_in_sheet(words, pal)
        assert contrast(back, fore) >= 4.5, f"{selector}: {fore.name()} on {back.name()}"


def _selected_row_text_contrast(view: QListWidget, row: int) -> float:
    """Return the contrast between a selected row's background and its strongest text pixel."""
    image: QImage = view.viewport().grab().toImage()
    rect = view.visualItemRect(view.item(row))
    ratio = view.devicePixelRatioF()
    back = view.palette().color(QPalette.ColorRole.Highlight)
    left = int((rect.left() + view.iconSize().width() + 8) * ratio)
    best = 1.0
    for y in range(int(rect.top() * ratio) + 1, int(rect.bottom() * ratio)):
        for x in range(left, int(rect.right() * ratio)):
            best = max(best, contrast(image.pixelColor(x, y), back))
    return best


@THEMES
def test_the_highlighted_search_result_reads_at_4_5_to_1(qtbot, wear, app_ctx, dark: bool) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.ui.main_window import MainWindow
    from fieldvisit.ui.search import SearchDialog

    wear(dark)
    # Over the main window, as the app opens it (white on the old light highlight was 4.4:1).
    window = MainWindow(app_ctx, None, remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    dialog = SearchDialog(app_ctx, window)
    qtbot.addWidget(dialog)
    dialog.box.setText("an")
    dialog.run_search()
    dialog.show()
    dialog.activateWindow()
    dialog.results.setFocus()
    qtbot.waitUntil(lambda: dialog.results.hasFocus())
    assert dialog.results.currentRow() == 0
    assert _selected_row_text_contrast(dialog.results, 0) >= 4.5


# ----- check boxes and radio buttons ----------------------------------------------------------


@THEMES
def test_the_indicator_edge_stands_out_from_every_background(dark: bool) -> None:
    pal = palette_of(dark)
    edge = QColor(theme.INDICATOR_EDGE[dark])
    assert f"border: 1px solid {edge.name()}" in theme.indicator_rules(dark)
    for role in ("Window", "Base", "AlternateBase"):
        ground = pal.color(getattr(QPalette.ColorRole, role))
        assert contrast(edge, ground) >= 3, f"edge {edge.name()} on {role} {ground.name()}"


def _strongest_against(image: QImage, ground: QColor, width: int) -> float:
    return max(
        contrast(image.pixelColor(x, y), ground)
        for x in range(min(width, image.width()))
        for y in range(image.height())
    )


@THEMES
def test_an_empty_check_box_and_radio_button_are_seen(qtbot, wear, dark: bool) -> None:  # type: ignore[no-untyped-def]
    wear(dark)
    box = QWidget()
    qtbot.addWidget(box)
    col = QVBoxLayout(box)
    check = QCheckBox("Stalled only", box)
    radio = QRadioButton("About the same", box)
    listed = QListWidget(box)
    item = QListWidgetItem("Security review", listed)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Unchecked)
    for w in (check, radio, listed):
        col.addWidget(w)
    box.show()
    qtbot.waitExposed(box)
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    # Only the indicator (the first 24 px, before the words) is looked at.
    assert _strongest_against(check.grab().toImage(), window, 24) >= 3
    assert _strongest_against(radio.grab().toImage(), window, 24) >= 3
    row = listed.visualItemRect(item)
    strip = listed.viewport().grab(row).toImage()
    assert _strongest_against(strip, base, 28) >= 3


@THEMES
def test_a_ticked_box_shows_its_tick(qtbot, wear, dark: bool) -> None:  # type: ignore[no-untyped-def]
    wear(dark)
    check = QCheckBox("Done")
    qtbot.addWidget(check)
    check.setChecked(True)
    check.show()
    qtbot.waitExposed(check)
    image = check.grab().toImage()
    fill = palette_of(dark).color(QPalette.ColorRole.Highlight)
    mark = palette_of(dark).color(QPalette.ColorRole.HighlightedText)
    marks = [
        image.pixelColor(x, y)
        for x in range(min(24, image.width()))
        for y in range(image.height())
        if contrast(image.pixelColor(x, y), mark) < 1.3
    ]
    assert marks, "no tick drawn"
    assert contrast(fill, mark) >= 3


# ----- the as-of calendar ---------------------------------------------------------------------


def _as_of_dialog(qtbot):  # type: ignore[no-untyped-def]
    from fieldvisit.ui.dialogs.as_of import AsOfDialog

    day = date(2026, 6, 15)
    ctx = SimpleNamespace(as_of=day, home_as_of=day, looking_elsewhere=False)
    dialog = AsOfDialog(ctx, today=day)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@THEMES
def test_the_calendars_weekends_read_on_both_themes(qtbot, wear, dark: bool) -> None:  # type: ignore[no-untyped-def]
    wear(dark)
    dialog = _as_of_dialog(qtbot)
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    for weekday in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
        words = dialog.calendar.weekdayTextFormat(weekday).foreground().color()
        assert contrast(words, base) >= 4.5, f"{weekday}: {words.name()} on {base.name()}"


def test_the_month_name_has_no_mark_beside_it(qtbot, wear) -> None:  # type: ignore[no-untyped-def]
    wear(True)
    dialog = _as_of_dialog(qtbot)
    button = dialog.month_button
    assert button is not None and button.text() == "June"
    image = button.parentWidget().grab(button.geometry()).toImage()
    ground = image.pixelColor(1, 1)
    inked = [
        x
        for y in range(image.height())
        for x in range(image.width())
        if contrast(image.pixelColor(x, y), ground) > 1.2
    ]
    word = button.fontMetrics().horizontalAdvance("June")
    # Everything drawn is the word itself: no menu arrow (it read as a stray dot).
    assert inked and max(inked) - min(inked) <= word + 1, (min(inked), max(inked), word)
