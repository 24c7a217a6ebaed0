"""Garbage is collected on the GUI thread only: automatic collection is off while the app runs, and
the collector's timer frees cycles once a generation passes its threshold."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from fieldvisit.ui import gc_guard


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_cycles_are_freed_by_the_gui_thread_timer(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    collector = gc_guard.install(owner)  # the app installs it on the QApplication
    try:
        assert gc_guard.install(owner) is collector  # one per application
        assert not gc.isenabled()
        gc.collect()
        cycle = Node()
        gone = weakref.ref(cycle)
        del cycle
        filler = [Node() for _ in range(collector.thresholds[0] + 1)]
        del filler
        assert gone() is not None  # automatic collection is off
        qtbot.waitUntil(lambda: gone() is None, timeout=5_000)
    finally:
        collector.stop()
    assert gc.isenabled()
