"""Screenshot mode: render every page, Settings section and main dialog to PNG files, then quit.

The pictures and their fixed names are in `screenshot_scenes` (docs/screenshots.md).

`fieldvisit --db PATH --screenshots DIR` (or `--demo --screenshots DIR`), at 1440×900 unless
`--size WxH` says otherwise, light unless `--appearance dark`. The as-of date comes
from the workspace (its newest activity), so the same workspace gives the same pictures. Each
grab waits until the background work behind the page has finished.
"""

from __future__ import annotations

import logging
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from fieldvisit import paths
from fieldvisit.errors import FieldVisitError
from fieldvisit.ui.context import AppContext, workspace_as_of
from fieldvisit.ui.workspaces import open_existing, open_team

if TYPE_CHECKING:
    from fieldvisit.store import Workspace
    from fieldvisit.store.location import TeamAddress

log = logging.getLogger(__name__)
SIZE = (1440, 900)
SMALLEST = (1024, 768)
# The demo rendered by `--demo --screenshots` always tells the same story.
DEMO_AS_OF = date(2026, 6, 15)
SETTLE_TIMEOUT_MS = 60_000


def pump(ms: int = 30) -> None:
    """Let Qt lay out and paint (and deliver queued task results)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


_pump = pump  # the name tests/ui/test_page_sizes.py knows


def settle(ctx: AppContext, busy: Callable[[], bool] = lambda: False) -> None:
    """Wait until no background task runs and `busy()` is False (with a generous cap)."""
    for _ in range(200):
        ctx.tasks.wait_idle(SETTLE_TIMEOUT_MS)
        pump()
        if not ctx.tasks.active() and not busy():
            _pump()
            if not ctx.tasks.active() and not busy():
                return
    log.warning("screenshots: background work did not finish in time")


def save(widget: QWidget, path: Path) -> Path:
    """Grab a widget into a PNG file (compressed hardest: lossless, smaller); return the path."""
    if not widget.grab().save(str(path), "PNG", 0):
        raise FieldVisitError(f"Could not write {path}.")
    print(path, file=sys.stderr)
    return path


def parse_size(text: str) -> tuple[int, int]:
    """Return (width, height) from "WxH" (e.g. "1280x800"); at least 1024×768."""
    width, sep, height = text.lower().replace("×", "x").partition("x")
    if not sep or not width.strip().isdigit() or not height.strip().isdigit():
        raise FieldVisitError(f"Screenshot size {text!r}: write it as WIDTHxHEIGHT, e.g. 1280x800.")
    size = (int(width), int(height))
    if size[0] < SMALLEST[0] or size[1] < SMALLEST[1]:
        raise FieldVisitError(f"Screenshot size {text!r}: the smallest is 1024x768.")
    return size


def wear(app: QApplication, appearance: str) -> None:
    """Give the app the light or dark look for the pictures (the saved choice stays as it is)."""
    from fieldvisit.ui import theme

    if appearance not in ("light", "dark"):
        raise FieldVisitError(f"Screenshot appearance {appearance!r}: choose light or dark.")
    app.setStyle("Fusion")
    app.setPalette(theme.dark_palette() if appearance == "dark" else theme.light_palette())
    app.setStyleSheet(theme.stylesheet())


def _demo_path(folder: Path) -> Path:
    from fieldvisit.ui.workspaces import build_demo_at

    target = folder / "demo.fieldvisit"
    build_demo_at(target, DEMO_AS_OF)
    return target


def take_screenshots(
    out_dir: Path,
    db: Path | TeamAddress | None = None,
    demo: bool = False,
    size: str | None = None,
    appearance: str = "light",
) -> int:
    """Write NAME.png for every page and dialog into `out_dir`; return the exit code."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "make_application() first"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fieldvisit-shots-") as tmp:
        try:
            window_size = parse_size(size) if size else SIZE
            wear(app, appearance)
            ws = _open_for_screenshots(db, demo, Path(tmp))
        except FieldVisitError as exc:
            print(f"fieldvisit: {exc}", file=sys.stderr)
            return 1
        ctx = AppContext(ws, workspace_as_of(ws, deterministic=True))
        ctx.setProperty("fieldvisit_name_asked", True)  # asks nothing: not who saves either
        try:
            render_all(ctx, out_dir, window_size)
        finally:
            ctx.tasks.shutdown()
            ws.close()
    return 0


def _open_for_screenshots(db: Path | TeamAddress | None, demo: bool, tmp: Path) -> Workspace:
    """Open the workspace to render: the demo, a file, or a team workspace (its password from
    FIELDVISIT_DB_PASSWORD or the keychain: screenshot mode asks nothing)."""
    if db is not None and not isinstance(db, Path):
        return open_team(db)
    return open_existing(_demo_path(tmp) if demo else Path(db or paths.default_workspace()))


def render_all(ctx: AppContext, out_dir: Path, size: tuple[int, int] = SIZE) -> list[Path]:
    """Render the pages, then the dialogs, in one window of `size`; return the files written.

    The names (`week.png`, `settings-money.png`, `dialog-plan-visit.png`, …) are listed in
    `screenshot_scenes`; they stay the same when a page or dialog is added.
    """
    from fieldvisit.ui.main_window import MainWindow
    from fieldvisit.ui.screenshot_scenes import Scenes

    written: list[Path] = []
    window = MainWindow(ctx, None, remember_geometry=False)
    window.resize(*size)
    window.show()
    scenes = Scenes(window, ctx)
    for scene in (scenes.pages, scenes.dialogs):
        for name, widget in scene():
            written.append(save(widget, out_dir / f"{name}.png"))
    window.hide()
    window.deleteLater()
    pump()
    return written
