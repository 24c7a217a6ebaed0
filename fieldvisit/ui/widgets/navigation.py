"""The left navigation: the app's name, one entry per page, Settings and the workspace switcher.

Keyboard: the entries (pages on top, Settings at the foot) are ONE tab stop. Up/Down, Home/End
move between them and the move shows the page; Enter or Space shows it too. Tab leaves the
list; getting focus never changes the page.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.ui import style
from fieldvisit.ui.resources import app_icon, icon
from fieldvisit.ui.workspaces import location_name, recent_locations

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
NAV_WIDTH = 212


class _NavList(QListWidget):
    """A list of page entries that is exactly as tall as its rows (no scroll bar).

    Arrow keys past its first or last row, and Home/End, are handed to the panel (`step`), which
    moves across both lists of the navigation.
    """

    step = Signal(str)  # "up" / "down" past the edge, "first" / "last"
    activated_by_key = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabKeyNavigation(False)
        self.setObjectName("navigation")
        self.setIconSize(QSize(18, 18))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFont(style.font(style.BODY_PT + 1))

    def fit_height(self) -> None:
        rows = sum(self.sizeHintForRow(i) + 2 for i in range(self.count()))
        self.setFixedHeight(rows + 2 * style.SPACE_M + 4)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        row, last = self.currentRow(), self.count() - 1
        if key == Qt.Key.Key_Home:
            self.step.emit("first")
        elif key == Qt.Key.Key_End:
            self.step.emit("last")
        elif key == Qt.Key.Key_Down and row >= last:
            self.step.emit("down")
        elif key == Qt.Key.Key_Up and row <= 0:
            self.step.emit("up")
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated_by_key.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        # Qt makes the first row current when a list without one gets focus; in the navigation
        # that would switch the page (once it put two pages on screen at once). Never here.
        blocked = self.signalsBlocked()
        self.blockSignals(True)
        try:
            super().focusInEvent(event)
        finally:
            self.blockSignals(blocked)


class NavigationPanel(QWidget):
    """Page entries on top, Settings and the workspace switcher at the foot."""

    page_chosen = Signal(str)
    open_workspace_requested = Signal(object)  # Path, a team address, or None to pick a file
    new_workspace_requested = Signal()
    demo_requested = Signal()
    demo_reset_requested = Signal()
    import_requested = Signal()
    capture_requested = Signal()
    backup_requested = Signal()
    restore_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFixedWidth(NAV_WIDTH)
        self.setObjectName("nav-panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleName("Pages")
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, style.SPACE_M)
        col.setSpacing(0)

        brand = QWidget(self)
        row = QHBoxLayout(brand)
        row.setContentsMargins(style.SPACE_L, style.SPACE_L, style.SPACE_L, style.SPACE_S)
        row.setSpacing(style.SPACE_M)
        logo = QLabel(brand)
        logo.setPixmap(app_icon().pixmap(QSize(24, 24)))
        row.addWidget(logo)
        name = QLabel("Field Visit", brand)
        name.setFont(style.font(style.SECTION_PT, QFont.Weight.DemiBold))
        row.addWidget(name, 1)
        col.addWidget(brand)

        self.pages = _NavList(self)
        self.pages.setAccessibleName("Pages")
        col.addWidget(self.pages)
        filler = QWidget(self)
        filler.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        col.addWidget(filler, 1)
        self.footer = _NavList(self)
        self.footer.setAccessibleName("Settings")
        col.addWidget(self.footer)

        self.switcher = QToolButton(self)
        self.switcher.setAccessibleName("Switch workspace")
        self.switcher.setToolTip("Switch, create, import into, back up or restore a workspace")
        self.switcher.setIcon(icon("workspace"))
        self.switcher.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.switcher.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.switcher.setAutoRaise(True)
        self.switcher.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.switcher.setStyleSheet(
            f"QToolButton {{ text-align: left; padding: 6px {style.SPACE_M}px; }}"
        )
        self._menu = QMenu(self.switcher)
        self._menu.aboutToShow.connect(self._fill_menu)
        self.switcher.setMenu(self._menu)
        wrap = QHBoxLayout()
        wrap.setContentsMargins(style.SPACE_S, 0, style.SPACE_S, 0)
        wrap.addWidget(self.switcher)
        col.addLayout(wrap)

        self.pages.currentItemChanged.connect(lambda item, _old: self._chosen(item, self.footer))
        self.footer.currentItemChanged.connect(lambda item, _old: self._chosen(item, self.pages))
        for lst in (self.pages, self.footer):
            lst.step.connect(lambda where, lst=lst: self._step(lst, where))
            lst.activated_by_key.connect(lambda lst=lst: self._activate(lst))
        self.footer.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # one tab stop: the list in use

    def add_page(self, key: str, title: str, icon_name: str, shortcut: str = "") -> None:
        """Add an entry for a page (Settings goes to the foot)."""
        target = self.footer if key == "settings" else self.pages
        item = QListWidgetItem(icon(icon_name), title)
        item.setData(KEY_ROLE, key)
        item.setToolTip(f"{title} ({shortcut})" if shortcut else title)
        target.addItem(item)
        target.fit_height()

    def select(self, key: str) -> None:
        """Highlight the entry of `key` without emitting page_chosen twice; a page that has no
        entry (the account page) highlights none, so a click on any entry leads back."""
        for lst in (self.pages, self.footer):
            for i in range(lst.count()):
                if lst.item(i).data(KEY_ROLE) == key:
                    if lst.currentRow() != i:
                        lst.setCurrentRow(i)
                    return
        for lst in (self.pages, self.footer):
            lst.blockSignals(True)
            lst.clearSelection()
            lst.setCurrentRow(-1)
            lst.blockSignals(False)

    def show_workspace(self, path: Path) -> None:
        """Show the open workspace's name at the foot."""
        self.switcher.setText(path.stem)
        self.switcher.setToolTip(
            f"Workspace: {path}\nClick to switch, create, import, back up or restore."
        )

    def _chosen(self, item: QListWidgetItem | None, other: QListWidget) -> None:
        if item is None:
            return
        mine = self.footer if other is self.pages else self.pages
        other.blockSignals(True)
        other.clearSelection()
        other.setCurrentRow(-1)
        other.blockSignals(False)
        # Only the list holding the current entry takes Tab focus (one tab stop in all).
        had_focus = other.hasFocus()
        mine.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        other.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if had_focus:
            mine.setFocus(Qt.FocusReason.OtherFocusReason)
        self.page_chosen.emit(str(item.data(KEY_ROLE)))

    def _step(self, lst: _NavList, where: str) -> None:
        """Move across both lists: pages on top, then the foot (no wrapping round)."""
        entries = [(self.pages, i) for i in range(self.pages.count())] + [
            (self.footer, i) for i in range(self.footer.count())
        ]
        if not entries:
            return
        here = next(
            (n for n, (owner, i) in enumerate(entries) if owner is lst and i == lst.currentRow()), 0
        )
        index = {"first": 0, "last": len(entries) - 1, "up": here - 1, "down": here + 1}[where]
        if 0 <= index < len(entries):
            target, row = entries[index]
            target.setCurrentRow(row)

    def _activate(self, lst: _NavList) -> None:
        item = lst.currentItem()
        if item is not None:
            self.page_chosen.emit(str(item.data(KEY_ROLE)))

    def _fill_menu(self) -> None:
        self._menu.clear()
        recent = recent_locations()  # files, and team workspaces by their address
        if recent:
            self._menu.addSection("Recent workspaces")
            for path in recent:
                action = self._menu.addAction(icon("workspace"), location_name(path))
                action.setToolTip(str(path))
                action.triggered.connect(
                    lambda _c=False, p=path: self.open_workspace_requested.emit(p)
                )
        self._menu.addSeparator()
        self._menu.addAction(icon("folder"), "Open workspace…").triggered.connect(
            lambda: self.open_workspace_requested.emit(None)
        )
        self._menu.addAction(icon("plus"), "New empty workspace…").triggered.connect(
            self.new_workspace_requested.emit
        )
        self._menu.addAction(icon("demo"), "Open the demo workspace").triggered.connect(
            self.demo_requested.emit
        )
        self._menu.addAction(icon("demo"), "Reset demo…").triggered.connect(
            self.demo_reset_requested.emit
        )
        self._menu.addSeparator()
        self._menu.addAction(icon("import"), "Import from your CRM…  Ctrl+I").triggered.connect(
            self.import_requested.emit
        )
        self._menu.addAction(icon("week"), "Capture calendars…  Ctrl+Shift+I").triggered.connect(
            self.capture_requested.emit
        )
        self._menu.addSeparator()
        self._menu.addAction(icon("export"), "Back up now").triggered.connect(
            self.backup_requested.emit
        )
        self._menu.addAction(icon("clock"), "Restore from backup…").triggered.connect(
            self.restore_requested.emit
        )
