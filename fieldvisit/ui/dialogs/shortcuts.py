"""Help › Keyboard shortcuts and Help › About Field Visit.

The shortcuts dialog is built from the menu bar's own table (`menus.COMMANDS`), so the two can
never disagree: every command, the menu it sits in and its keys as this system writes them.
"""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSize, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldvisit import __version__, paths
from fieldvisit.app_id import APP_NAME, LICENCE_WORDS
from fieldvisit.ui import style
from fieldvisit.ui.menus import COMMANDS, RECENT, SEPARATOR, MenuCommand, plain
from fieldvisit.ui.resources import app_icon

_SELECTABLE = (
    Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
)


def keys_text(command: MenuCommand) -> str:
    """Return a command's shortcuts as this system writes them ("Ctrl+K, Ctrl+F"; Mac: "⌘K")."""
    return ", ".join(
        QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
        for key in command.shortcuts
    )


def listed_commands() -> list[MenuCommand]:
    """Every command the dialog lists: each row of the table but separators."""
    return [c for c in COMMANDS if c.text != SEPARATOR]


class ShortcutsDialog(QDialog):
    """Every menu command with its keys, grouped by menu."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_L, style.SPACE_L, style.SPACE_L, style.SPACE_L)
        col.setSpacing(style.SPACE_M)
        col.addWidget(
            style.label(
                "Every command is in the menu bar too; press Alt and the underlined letter to "
                "open a menu.",
                role="muted",
                wrap=True,
            )
        )
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Commands and their shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Command", "Shortcut"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        groups: dict[str, QTreeWidgetItem] = {}
        for command in listed_commands():
            title = " › ".join(plain(part) for part in command.menu.split("/"))
            if title not in groups:
                group = QTreeWidgetItem(self.tree, [title, ""])
                group.setFirstColumnSpanned(True)
                group.setFont(0, style.font(style.BODY_PT, QFont.Weight.DemiBold))
                group.setExpanded(True)
                groups[title] = group
            text = plain(command.text) + (" ▸" if command.method == RECENT else "")
            row = QTreeWidgetItem(groups[title], [text, keys_text(command)])
            row.setData(1, Qt.ItemDataRole.AccessibleTextRole, keys_text(command) or "none")
        self.tree.expandAll()
        col.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        col.addWidget(buttons)
        self.resize(520, 600)

    def rows(self) -> list[tuple[str, str]]:
        """Return (command, shortcut) as listed, for tests and screen readers."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                out.append((group.child(j).text(0), group.child(j).text(1)))
        return out


class AboutDialog(QDialog):
    """The app's name, version, what it does, where it keeps its files and what it runs on."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.setAccessibleName(f"About {APP_NAME}")
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_XL, style.SPACE_XL, style.SPACE_XL, style.SPACE_L)
        col.setSpacing(style.SPACE_M)
        top = QHBoxLayout()
        top.setSpacing(style.SPACE_L)
        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(QSize(64, 64)))
        logo.setAccessibleName(f"{APP_NAME} icon")
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        self.name = QLabel(APP_NAME, self)
        self.name.setFont(style.page_title_font())
        words.addWidget(self.name)
        self.version = style.label(f"Version {__version__}", role="muted")
        self.version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        words.addWidget(self.version)
        top.addLayout(words, 1)
        col.addLayout(top)
        col.addWidget(
            style.label(
                "Plans executive visits to the customers where they matter most, and keeps "
                "what each visit taught the team.",
                wrap=True,
            )
        )
        where = QHBoxLayout()
        where.setSpacing(style.SPACE_M)
        self.folder = style.label(
            f"Your files: {style.home_relative(paths.data_dir())}", role="muted", wrap=True
        )
        self.folder.setTextInteractionFlags(_SELECTABLE)
        self.folder.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.folder.setAccessibleName("Data folder")
        where.addWidget(self.folder, 1)
        self.open_folder = QPushButton("&Open data folder", self)
        self.open_folder.setAutoDefault(False)
        self.open_folder.clicked.connect(self.show_data_folder)
        where.addWidget(self.open_folder, 0, Qt.AlignmentFlag.AlignTop)
        col.addLayout(where)
        self.runtime = style.label(
            f"Qt {qVersion()} · Qt for Python {pyside_version} · "
            f"Python {platform.python_version()}",
            role="muted",
        )
        self.runtime.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.runtime)
        self.licence = style.label(f"Licence: {LICENCE_WORDS}.", role="muted", wrap=True)
        self.licence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.licence)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setFocus()  # Enter or Esc closes; Tab reaches the folder and its button
        col.addWidget(buttons)
        self.setMinimumWidth(480)

    def show_data_folder(self) -> None:
        """Show the data folder in the file manager; say where it is when none opens."""
        folder = paths.data_dir()
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            box = QMessageBox(self)
            box.setWindowTitle("Data folder")
            box.setText(f"Your files are in {folder}.")
            box.setTextInteractionFlags(_SELECTABLE)
            box.exec()
