"""Python's garbage collector runs only on the GUI thread.

Automatic collection starts on whichever thread happens to allocate, the task runner's workers
included. Collecting there a reference cycle that holds Qt objects destroys them off the GUI
thread, which can crash the process (seen as rare segfaults while a page loaded in the
background). As Anki does, automatic collection is switched off while the app runs and a timer
collects on the GUI thread, generation by generation, whenever a generation passes its threshold.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 500


class MainThreadCollector(QObject):
    """Collects garbage on the thread that owns it (the GUI thread); one per application."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> int:
        """Collect each generation that passed its threshold; return the objects collected."""
        found = 0
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                found += gc.collect(generation)
                break  # a collection of a generation also collects the younger ones
        return found

    def stop(self) -> None:
        """Give collection back to Python (after the event loop ended)."""
        self.timer.stop()
        gc.collect()
        gc.enable()


def install(app: QObject) -> MainThreadCollector:
    """Return the application's collector, installing it the first time."""
    found = app.findChild(MainThreadCollector)
    if isinstance(found, MainThreadCollector):
        return found
    return MainThreadCollector(app)
