"""A stand-in for the platform's file manager, for tests of "Open … folder" actions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Slot


class FileManager(QObject):
    """Stands in for the platform's file manager: remembers each folder it is asked to show
    (install with `QDesktopServices.setUrlHandler("file", manager, "show")`)."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[Path] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.shown.append(Path(url.toLocalFile()))
