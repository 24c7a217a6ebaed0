"""The window stays responsive on the medium demo: from launch (frame shown, workspace opened,
This week painted, its background loads finished) and through every page (Ctrl+1…7), the Qt
event loop is never held by our code for more than 100 ms at a stretch (issue 14).

A heartbeat timer ticks every 5 ms on the window's thread; between two ticks the thread can only
have been running code queued before the second tick. What counts is the CPU time the window's
thread spent between ticks (`time.thread_time`), not the wall clock: on a shared two-core
machine the thread may also wait for a core or for a worker's turn at the interpreter lock,
which no code of ours holds the loop for. This is the one timed assertion the tests make.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from fieldvisit.store import Workspace
from fieldvisit.ui.app import attach_workspace
from fieldvisit.ui.main_window import MainWindow
from fieldvisit.ui.tasks import TaskRunner
from fieldvisit.ui.workspaces import open_existing

LIMIT_S = 0.100
PAGES = ["week", "coverage", "deals", "visits", "debriefs", "impact", "map"]  # Ctrl+1…7
# Blocks measured and reported to their owners, not yet fixed: the test xfails on these alone
# (take a line out once its page is fixed).
KNOWN: dict[str, str] = {}


@dataclass
class Heartbeat(QObject):
    """Ticks on the window's thread; keeps the longest stretch of its CPU time between ticks,
    and what was going on then."""

    doing: str = "starting"
    worst: dict[str, float] = field(default_factory=dict)
    wall: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        QObject.__init__(self)
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self._cpu = time.thread_time()
        self._clock = time.perf_counter()

    def start(self) -> None:
        self._cpu, self._clock = time.thread_time(), time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        cpu, clock = time.thread_time(), time.perf_counter()
        self.note(cpu - self._cpu, clock - self._clock)
        self._cpu, self._clock = cpu, clock

    def note(self, cpu: float, wall: float) -> None:
        self.worst[self.doing] = max(self.worst.get(self.doing, 0.0), cpu)
        self.wall[self.doing] = max(self.wall.get(self.doing, 0.0), wall)

    def then(self, doing: str) -> None:
        """Close the stretch so far (under what was going on) and name what comes next."""
        self._tick()
        self.doing = doing

    def blocked(self) -> dict[str, float]:
        return {k: v for k, v in self.worst.items() if v > LIMIT_S}

    def report(self) -> str:
        return ", ".join(
            f"{k}: {v * 1000:.0f} ms ({self.wall[k] * 1000:.0f} ms wall)"
            for k, v in sorted(self.worst.items(), key=lambda kv: -kv[1])
        )


@pytest.fixture
def medium_demo(tmp_path: Path, medium_demo_template: Path) -> Path:
    return Path(shutil.copyfile(medium_demo_template, tmp_path / "medium.fieldvisit"))


@pytest.fixture
def beat(qapp: QApplication) -> Iterator[Heartbeat]:
    heart = Heartbeat()
    yield heart
    heart.timer.stop()


def test_launch_and_every_page_keep_the_window_responsive(  # type: ignore[no-untyped-def]
    qtbot, qapp: QApplication, medium_demo: Path, beat: Heartbeat
) -> None:
    # As `run_app` does: the frame paints first, the workspace opens from the event loop.
    window = MainWindow(None, None, remember_geometry=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show_opening(medium_demo)
    beat.start()
    beat.then("showing the window")
    window.show()
    qtbot.waitExposed(window)
    opened = []

    runner = TaskRunner()

    def attach(ws: Workspace) -> None:
        beat.then("attaching the workspace")
        opened.append(attach_workspace(window, ws, runner))
        beat.then("first page loading")

    def open_it() -> None:  # on a worker, as `run_app` opens an existing file
        beat.then("opening the workspace")
        runner.run(
            lambda _p, _c: open_existing(medium_demo),
            title="Opening the workspace",
            on_done=attach,
            cancellable=False,
        )

    QTimer.singleShot(0, open_it)
    qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
    ctx = opened[0]
    try:
        week = window.current_page()
        assert week is not None and week.key == "week"
        qtbot.waitUntil(lambda: not week.busy and not ctx.tasks.active(), timeout=60_000)
        for number, key in enumerate(PAGES, start=1):
            beat.then(f"Ctrl+{number} ({key})")
            qtbot.keyClick(
                window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier
            )
            page = window.current_page()
            assert page is not None and page.key == key
            qtbot.waitUntil(lambda p=page: not p.busy and not ctx.tasks.active(), timeout=60_000)
        beat.then("done")
    finally:
        ctx.tasks.shutdown()
        ctx.workspace.close()
    print(f"\nlongest stretches of the window's thread: {beat.report()}")
    blocked = beat.blocked()
    assert not blocked.keys() - KNOWN.keys(), (
        f"the event loop was held over 100 ms: {beat.report()}"
    )
    if blocked:
        pytest.xfail("; ".join(KNOWN[k] for k in blocked))
