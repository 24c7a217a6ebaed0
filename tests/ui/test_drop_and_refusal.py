"""A CSV dropped on the window opens the import on it; a file the generic import refuses as a
whole says why (an .xlsx is a spreadsheet, not a CSV), never "0 problems" over an empty box."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWizard

from fieldvisit.ui.dialogs.import_wizard import ImportWizard


def drop(window, path: Path) -> bool:  # type: ignore[no-untyped-def]
    """Drag `path` over the window and drop it; return whether the window took the drag."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    args = (
        QPoint(400, 300),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(*args)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    if enter.isAccepted():
        QApplication.sendEvent(window, QDropEvent(*args))
    return enter.isAccepted()


def open_wizard(window) -> ImportWizard:  # type: ignore[no-untyped-def]
    return next(w for w in window.findChildren(ImportWizard) if w.isVisible())


def press_next(qtbot, wizard: ImportWizard) -> None:  # type: ignore[no-untyped-def]
    button = wizard.button(QWizard.WizardButton.NextButton)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def test_a_csv_dropped_on_the_window_opens_the_import_on_it(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "accounts.csv"
    csv.write_text("account_id,name,city,tier\nA9001,Globex Labs,Chicago,strategic\n")
    assert drop(window, csv)
    wizard = open_wizard(window)
    assert wizard.source_page.crm() == "generic"
    press_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.file_page
    assert wizard.file_page.path.text() == str(csv)
    wizard.reject()


def test_an_xlsx_in_the_csv_import_says_why_it_is_refused(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = tmp_path / "accounts.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["account_id", "name"])
    book.active.append(["A1", "Globex"])
    book.save(sheet)
    assert drop(window, sheet)
    wizard = open_wizard(window)
    press_next(qtbot, wizard)  # to the file page, the generic CSV import
    assert wizard.currentPage() is wizard.file_page
    with qtbot.waitSignal(wizard.check_finished, timeout=10_000):
        press_next(qtbot, wizard)  # Check file
    said = wizard.check_page.summary.text()
    assert "0 problems" not in said
    assert (
        "accounts.xlsx" in said and "not a CSV" in said and "nothing was imported" in said.lower()
    )
    assert "choose the CRM" in said
    assert not wizard.check_page.details.isVisible()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.reject()
