"""The plan dialog's fields are reached with Alt+letter, as a person reads their labels: every
field label has its own letter, each letter moves the focus to its field, and none clashes with the
dialog's buttons ("Plan and export &invites…" keeps Alt+I)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel

from tests.ui.test_mnemonics import mnemonic, mnemonic_problems

ALT = Qt.KeyboardModifier.AltModifier


def test_every_plan_field_has_its_own_working_alt_letter(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog

    suggestion = window.page("week").cards[0].suggestion
    dialog = PlanVisitDialog(window.ctx, suggestion=suggestion, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    form = dialog.form
    grid = form.layout()
    assert isinstance(grid, QFormLayout)
    labels = [
        item.widget()
        for row in range(grid.rowCount())
        if (item := grid.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
        and isinstance(item.widget(), QLabel)
        and item.widget().text()
    ]
    assert len(labels) == 7
    letters = {}
    for label in labels:
        letter = mnemonic(label.text())
        assert letter is not None, f"{label.text()!r} has no Alt letter"
        letters[letter] = label.buddy()
    assert len(letters) == len(labels)
    assert mnemonic(dialog.invites.button.text()) == "i" and "i" not in letters
    assert not mnemonic_problems(dialog, lambda w: w.isVisibleTo(dialog))
    # Typed: each Alt+letter puts the focus on its field.
    expected = {
        "e": form.executive,
        "r": form.rep,
        "c": form.contacts,
        "w": form.day,
        "h": form.mode,
        "a": form.agenda,
        "o": form.objective,
    }
    assert letters == expected
    for letter, field in expected.items():
        key = Qt.Key(ord(letter.upper()))
        qtbot.keyClick(QApplication.focusWidget() or dialog, key, ALT)
        qtbot.waitUntil(
            lambda field=field: field.hasFocus() or field.isAncestorOf(QApplication.focusWidget())
        )
    qtbot.keyClicks(QApplication.focusWidget(), "Agree the pilot")
    assert form.objective.toPlainText() == "Agree the pilot"  # Alt+O, last: typed text lands there
    dialog.reject()
