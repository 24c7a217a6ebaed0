"""A short list of checkable choices (contacts met, friction categories), keyboard-friendly.

Space ticks the current item; the list grows to fit a handful of rows (whole rows only) and
scrolls beyond that.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from fieldvisit.ui.plain_text import as_text

VALUE_ROLE = Qt.ItemDataRole.UserRole + 1


class WholeRows(QObject):
    """Keeps a list exactly `rows` rows tall: no part of a row peeks out at the foot.

    The frame and padding the style adds are measured once the list is shown (the viewport's
    height is then known), so the rows fill the viewport whatever the theme's borders.
    """

    def __init__(self, view: QListWidget, rows: int):
        super().__init__(view)
        self.view = view
        self.rows = rows
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.view and event.type() in (
            QEvent.Type.Show,
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
        ):
            self.apply()
        return False

    def set_rows(self, rows: int) -> None:
        self.rows = rows
        self.apply()

    def apply(self) -> None:
        """Set the list's height to whole rows (only while shown: the frame is measured)."""
        view = self.view
        if not view.isVisible():
            return
        row = view.sizeHintForRow(0) if view.count() else view.fontMetrics().height() + 8
        extra = view.height() - view.viewport().height()
        view.setFixedHeight(self.rows * (row + 2 * view.spacing()) + extra)


def show_whole_rows(view: QListWidget, rows: int) -> WholeRows:
    """Make `view` exactly `rows` rows tall (it scrolls beyond that)."""
    return WholeRows(view, rows)


class CheckList(QListWidget):
    """Checkable items, each carrying a value; `changed` fires when a tick changes."""

    changed = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None, visible_rows: int = 6):
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self._visible_rows = visible_rows
        self._whole = WholeRows(self, 2)
        # Roomier rows and a quiet selection: the tick, not the highlight, is what matters.
        self.setStyleSheet(
            "QListWidget { border: 1px solid palette(mid); border-radius: 6px; padding: 2px;"
            " background: palette(base); }"
            "QListWidget:focus { border-color: palette(highlight); }"
            "QListWidget::item { padding: 3px 4px; border-radius: 4px; }"
            "QListWidget::item:selected { background: palette(midlight); color: palette(text); }"
        )
        self.itemChanged.connect(lambda _item: self.changed.emit())
        # Clicking the text (not only the box) ticks too: what people expect from a check list.
        self.itemActivated.connect(self._toggle)

    def set_choices(
        self, choices: Iterable[tuple[Hashable, str, str]], checked: Iterable[Hashable] = ()
    ) -> None:
        """Show `(value, text, tooltip)` choices, ticking those whose value is in `checked`."""
        ticked = set(checked)
        self.blockSignals(True)
        self.clear()
        for value, text, tip in choices:
            item = QListWidgetItem(text, self)
            item.setData(VALUE_ROLE, value)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(
                Qt.CheckState.Checked if value in ticked else Qt.CheckState.Unchecked
            )
            if tip:
                item.setToolTip(as_text(tip))
        self.blockSignals(False)
        if self.count():
            self.setCurrentRow(0)
        self._fit()

    def add_choice(self, value: Hashable, text: str, *, checked: bool = False) -> None:
        """Append one more choice (e.g. a category a draft named that the list no longer has)."""
        self.blockSignals(True)
        item = QListWidgetItem(text, self)
        item.setData(VALUE_ROLE, value)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.blockSignals(False)
        self._fit()

    def values(self) -> list[Hashable]:
        """Return the value of every choice, in order."""
        return [self.item(i).data(VALUE_ROLE) for i in range(self.count())]

    def checked_values(self) -> list[Hashable]:
        """Return the values of the ticked choices, in list order."""
        return [
            self.item(i).data(VALUE_ROLE)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, values: Iterable[Hashable]) -> None:
        """Tick exactly the choices whose value is in `values`."""
        wanted = set(values)
        self.blockSignals(True)
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(
                Qt.CheckState.Checked
                if item.data(VALUE_ROLE) in wanted
                else Qt.CheckState.Unchecked
            )
        self.blockSignals(False)
        self.changed.emit()

    def _toggle(self, item: QListWidgetItem) -> None:
        state = item.checkState()
        item.setCheckState(
            Qt.CheckState.Unchecked if state == Qt.CheckState.Checked else Qt.CheckState.Checked
        )

    def _fit(self) -> None:
        rows = max(2, min(self.count(), self._visible_rows))
        height = self.sizeHintForRow(0) if self.count() else 24
        self.setFixedHeight(rows * height + 2 * self.frameWidth() + 8)  # a first guess
        self._whole.set_rows(rows)  # exact once shown
