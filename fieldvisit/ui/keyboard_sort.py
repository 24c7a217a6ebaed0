"""Sorting a table without the mouse.

A sortable table's column headers take clicks only. With the table focused, the Menu key (or
Shift+F10) opens "Sort by" with one entry per column: the current one is ticked, and choosing it
again turns the order round. Installed once on the application by the main window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QHeaderView, QMenu, QTableView, QTreeView, QWidget

_INSTALLED: list[KeyboardSort] = []


def _sortable(widget: QObject | None) -> tuple[QTableView | QTreeView, QHeaderView] | None:
    """Return the view and its header when `widget` is a table sorted by clicking headers."""
    view = widget
    while view is not None and not isinstance(view, QTableView | QTreeView):
        view = view.parent()  # the viewport gets the keys of some views
    if isinstance(view, QTableView):
        header = view.horizontalHeader()
    elif isinstance(view, QTreeView):
        header = view.header()
    else:
        return None
    if not view.isSortingEnabled() or header.isHidden():
        return None
    return view, header


def sort_menu(view: QTableView | QTreeView, header: QHeaderView) -> QMenu:
    """Return the "Sort by" menu of a sortable view (one entry per visible column)."""
    menu = QMenu("Sort by", view)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.setAccessibleName("Sort by")
    model = view.model()
    current = header.sortIndicatorSection()
    order = header.sortIndicatorOrder()
    menu.addSection("Sort by")
    for visual in range(header.count()):
        column = header.logicalIndex(visual)
        if header.isSectionHidden(column):
            continue
        name = str(  # the whole name, when the header shows a short one for want of room
            model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole)
            or model.headerData(column, Qt.Orientation.Horizontal)
            or ""
        ).strip()
        if not name:
            continue
        action = menu.addAction(name)
        action.setCheckable(True)
        if column == current:
            action.setChecked(True)
            turned = (
                Qt.SortOrder.DescendingOrder
                if order == Qt.SortOrder.AscendingOrder
                else Qt.SortOrder.AscendingOrder
            )
            action.setToolTip("Choose again to turn the order round")
        else:
            turned = Qt.SortOrder.AscendingOrder
        action.triggered.connect(lambda _c=False, col=column, o=turned: view.sortByColumn(col, o))
        if column == current:
            menu.setActiveAction(action)
    return menu


class KeyboardSort(QObject):
    """Application event filter: the Menu key on a sortable table opens its "Sort by" menu."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        shift_f10 = (
            event.key() == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier
        )
        if event.key() != Qt.Key.Key_Menu and not shift_f10:
            return False
        found = _sortable(watched if isinstance(watched, QWidget) else None)
        if found is None or not found[0].hasFocus():
            return False
        view, header = found
        menu = sort_menu(view, header)
        index = view.currentIndex()
        rect = view.visualRect(index) if index.isValid() else view.viewport().rect()
        menu.popup(view.viewport().mapToGlobal(rect.bottomLeft()))
        return True


def install_keyboard_sort() -> None:
    """Install the "Sort by" menu key on the application (once)."""
    app = QApplication.instance()
    if app is None or _INSTALLED:
        return
    sorter = KeyboardSort(app)
    app.installEventFilter(sorter)
    _INSTALLED.append(sorter)
