"""What the app does at launch so the window paints early and stays lean (issue 14).

The window's frame, its menus, This week's card widget and the debrief types of its kept answers
load without the store (SQLAlchemy,
SQLModel, Alembic) or calendar capture's libraries: those load with the workspace, after the
first paint. Once the launch's background work is done, Python keeps no source lines of the
modules it imported (PySide6 makes it read them all).
"""

from __future__ import annotations

import json
import linecache
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from fieldvisit.ui import source_lines
from fieldvisit.ui.app import attach_workspace
from fieldvisit.ui.main_window import MainWindow
from fieldvisit.ui.workspaces import open_existing

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "icalendar", "holidays", "keyring")

FRAME = """
import json, sys
from fieldvisit.ui.app import make_application
app = make_application()
from fieldvisit.ui.main_window import MainWindow
window = MainWindow(None, None, remember_geometry=False)
window.resize(1280, 800)
window.show()
window.menu_bar.refresh()  # Edit > Undo asks the undo history whether it can undo
app.processEvents()
from fieldvisit.ui.widgets.cards import DueCard, SuggestionCard
from fieldvisit.debriefs import DueVisit  # kept answers read back before the workspace opens
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def test_the_window_frame_and_the_cards_paint_without_the_store(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FIELDVISIT_HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", FRAME.format(heavy=HEAVY)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == [], f"loaded before the workspace opens: {loaded}"


def test_no_source_lines_are_kept_once_the_launch_settles(  # type: ignore[no-untyped-def]
    qtbot, qapp: QApplication, small_demo: Path
) -> None:
    a_module = source_lines.__file__
    assert linecache.getlines(a_module)  # as PySide6 has Python do for each module imported
    made = ["x = 1\n"]
    linecache.cache["<made at run time>"] = (len(made[0]), None, made, "<made at run time>")
    window = MainWindow(None, None, remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    ctx = attach_workspace(window, open_existing(small_demo))
    try:
        week = window.current_page()
        assert week is not None
        qtbot.waitUntil(lambda: not week.busy and not ctx.tasks.active(), timeout=30_000)
        assert a_module not in linecache.cache
        assert linecache.cache["<made at run time>"][2] == made  # its text exists nowhere else
        assert linecache.getlines(a_module)  # read again from the file when asked for
    finally:
        linecache.cache.pop("<made at run time>", None)
        ctx.tasks.shutdown()
        ctx.workspace.close()
