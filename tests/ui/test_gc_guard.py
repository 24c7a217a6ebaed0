"""Garbage is collected on the GUI thread only: automatic collection is off while the app runs, and
the collector's timer frees cycles once a generation passes its threshold.

The check runs in a fresh process with its own QApplication: collecting in this process would
also collect the widgets earlier tests left behind, which is not what is being tested."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import gc, sys, weakref
    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtWidgets import QApplication
    from fieldvisit.ui import gc_guard

    class Node:
        def __init__(self):
            self.me = self  # a reference cycle: only the collector frees it

    app = QApplication([])
    owner = QObject()
    collector = gc_guard.install(owner)
    assert gc_guard.install(owner) is collector, "one collector per application"
    assert not gc.isenabled(), "automatic collection still on"
    gc.collect()
    cycle = Node()
    gone = weakref.ref(cycle)
    del cycle
    filler = [Node() for _ in range(collector.thresholds[0] * 2)]
    del filler
    assert gone() is not None, "collected without the timer"
    QTimer.singleShot(5_000, app.quit)  # give up after five seconds

    def look():
        if gone() is None:
            app.quit()

    watch = QTimer()
    watch.timeout.connect(look)
    watch.start(50)
    app.exec()
    freed = gone() is None  # before stop(), which collects everything
    collector.stop()
    assert gc.isenabled(), "collection not given back"
    print("freed" if freed else "kept")
    """
)


def test_cycles_are_freed_by_the_gui_thread_timer() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "freed"
