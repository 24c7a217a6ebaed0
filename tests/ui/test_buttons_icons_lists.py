"""Small things seen in the screenshots, kept fixed: the primary (blue) button's label reads at
4.5:1 in light and dark, focused or not; a selected search hit's icon takes the selected text's
colour (dark on dark mode's light blue); the plan dialog's contacts and a check list show whole
rows only; the backup tooltip writes the backup folder with ~ for the home folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication, QHBoxLayout, QListWidget, QPushButton, QWidget

from fieldvisit.ui.widgets.checklist import CheckList
from tests.ui.contrast import THEMES, contrast


def strongest(image: QImage, against: QColor) -> float:
    """Return the highest contrast between `against` and any pixel of `image`."""
    best = 1.0
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if colour.alpha() > 200:
                best = max(best, contrast(colour, against))
    return best


@THEMES
def test_the_primary_buttons_label_reads_at_4_5_to_1(qtbot, wear, dark: bool) -> None:  # type: ignore[no-untyped-def]
    wear(dark)
    box = QWidget()
    qtbot.addWidget(box)
    row = QHBoxLayout(box)
    other = QPushButton("Snooze", box)
    primary = QPushButton("Plan visit", box)
    primary.setProperty("primary", True)
    row.addWidget(other)
    row.addWidget(primary)
    box.show()
    box.activateWindow()
    qtbot.waitUntil(box.isActiveWindow)
    other.setFocus(Qt.FocusReason.TabFocusReason)
    for state in ("resting", "focused"):
        if state == "focused":
            qtbot.keyClick(other, Qt.Key.Key_Tab)
            assert primary.hasFocus()
        image = primary.grab().toImage()
        fill = image.pixelColor(image.width() // 2, 4)  # the blue, above the label
        label = image.copy(6, 6, image.width() - 12, image.height() - 12)
        assert strongest(label, fill) >= 4.5, f"{state}: label on {fill.name()}"


@THEMES
def test_a_selected_search_hits_icon_stands_out_from_the_highlight(
    qtbot, wear, app_ctx, dark: bool
) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.ui.search import SearchDialog

    wear(dark)
    dialog = SearchDialog(app_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.box, "an")  # typed, as in Ctrl+K
    qtbot.waitUntil(lambda: dialog.results.count() > 0)
    item = dialog.results.item(0)
    assert item.isSelected()
    highlight = QApplication.palette().color(QPalette.ColorRole.Highlight)
    drawn = item.icon().pixmap(24, QIcon.Mode.Selected).toImage()
    assert strongest(drawn, highlight) >= 4.5, f"icon on {highlight.name()}"


def _rows_shown(view: QListWidget) -> float:
    return view.viewport().height() / view.sizeHintForRow(0)


@THEMES
def test_the_plan_dialogs_contacts_show_whole_rows(qtbot, wear, window, dark: bool) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog

    wear(dark)
    suggestion = window.page("week").cards[0].suggestion
    dialog = PlanVisitDialog(window.ctx, suggestion=suggestion, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.form.contacts.isVisible)
    assert _rows_shown(dialog.form.contacts) == 5


@THEMES
def test_a_check_list_shows_whole_rows(qtbot, wear, dark: bool) -> None:  # type: ignore[no-untyped-def]
    wear(dark)
    checks = CheckList("Contacts met")
    qtbot.addWidget(checks)
    checks.set_choices([(n, f"Contact {n}", "") for n in range(9)])
    checks.show()
    qtbot.waitUntil(checks.isVisible)
    assert _rows_shown(checks) == 6
    checks.set_choices([(n, f"Contact {n}", "") for n in range(3)])
    assert _rows_shown(checks) == 3


def test_the_backup_tooltip_writes_home_as_a_tilde(qtbot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit import paths
    from fieldvisit.ui.widgets.status import BackupStatus

    folder = paths.backup_dir()
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: folder.parent.parent))
    status = BackupStatus()
    qtbot.addWidget(status)
    status.show_for(tmp_path / "work.fieldvisit")
    tip = status.toolTip()
    assert str(folder) not in tip
    assert f"~/{folder.parent.name}/{folder.name}" in tip.replace("\\", "/")
