"""Help › Open log folder: the folder of the log file, in the platform's file manager."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from fieldvisit.logs import log_folder

TITLE = "Log folder"


def open_log_folder(parent: QWidget | None) -> None:
    """Show the log folder in the file manager; say where it is when none opens."""
    folder = log_folder()
    if folder is None:
        QMessageBox.information(parent, TITLE, "No log folder could be made, so none is written.")
        return
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        box = QMessageBox(parent)
        box.setWindowTitle(TITLE)
        box.setText(f"The log file is in {folder}.")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()


__all__ = ["open_log_folder"]
