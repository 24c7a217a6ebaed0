"""Screenshot mode: render every page (and the main dialogs) to PNG files, then quit.

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

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from fieldvisit import paths
from fieldvisit.errors import FieldVisitError
from fieldvisit.ui.context import AppContext, workspace_as_of
from fieldvisit.ui.workspaces import open_existing

log = logging.getLogger(__name__)
SIZE = (1440, 900)
SMALLEST = (1024, 768)
# The demo rendered by `--demo --screenshots` always tells the same story.
DEMO_AS_OF = date(2026, 6, 15)
SETTLE_TIMEOUT_MS = 60_000


def _pump(ms: int = 30) -> None:
    """Let Qt lay out and paint (and deliver queued task results)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def settle(ctx: AppContext, busy: Callable[[], bool] = lambda: False) -> None:
    """Wait until no background task runs and `busy()` is False (with a generous cap)."""
    for _ in range(200):
        ctx.tasks.wait_idle(SETTLE_TIMEOUT_MS)
        _pump()
        if not ctx.tasks.active() and not busy():
            _pump()
            if not ctx.tasks.active() and not busy():
                return
    log.warning("screenshots: background work did not finish in time")


def save(widget: QWidget, path: Path) -> Path:
    """Grab a widget into a PNG file; return the path."""
    if not widget.grab().save(str(path)):
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
    db: Path | None = None,
    demo: bool = False,
    size: str | None = None,
    appearance: str = "light",
) -> int:
    """Write NN-name.png for every page and dialog into `out_dir`; return the exit code."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "make_application() first"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fieldvisit-shots-") as tmp:
        try:
            window_size = parse_size(size) if size else SIZE
            wear(app, appearance)
            path = _demo_path(Path(tmp)) if demo else Path(db or paths.default_workspace())
            ws = open_existing(path)
        except FieldVisitError as exc:
            print(f"fieldvisit: {exc}", file=sys.stderr)
            return 1
        ctx = AppContext(ws, workspace_as_of(ws, deterministic=True))
        try:
            render_all(ctx, out_dir, window_size)
        finally:
            ctx.tasks.shutdown()
            ws.close()
    return 0


def render_all(ctx: AppContext, out_dir: Path, size: tuple[int, int] = SIZE) -> list[Path]:
    """Render the pages, then the dialogs, in a window of `size`; return the files written."""
    from fieldvisit.ui.main_window import MainWindow

    written: list[Path] = []
    window = MainWindow(ctx, None, remember_geometry=False)
    window.resize(*size)
    window.show()
    number = 0
    for key in window.page_keys():
        number += 1
        page = window.show_page(key)
        assert page is not None
        settle(ctx, lambda p=page: p.busy)  # type: ignore[misc]
        # A page can pick something to show (the first deal's detail, the next visit).
        prepare = getattr(page, "prepare_screenshot", None)
        if callable(prepare):
            prepare()
            settle(ctx, lambda p=page: p.busy)  # type: ignore[misc]
        written.append(save(window, out_dir / f"{number:02d}-{key}.png"))
    for name, opener in _dialogs(window, ctx):
        number += 1
        dialog = opener()
        if dialog is None:
            continue
        settle(ctx)
        written.append(save(dialog, out_dir / f"{number:02d}-{name}.png"))
        dialog.close()
        _pump()
    window.hide()
    window.deleteLater()
    _pump()
    return written


def _dialogs(window: QWidget, ctx: AppContext) -> list[tuple[str, Callable[[], QWidget | None]]]:
    """Return the dialogs worth a picture, each with a function that opens it."""
    from fieldvisit.ui.dialogs.first_run import FirstRunDialog
    from fieldvisit.ui.dialogs.plan_visit import PlanVisitDialog
    from fieldvisit.ui.dialogs.why import WhyDialog

    def week_cards() -> list:  # type: ignore[type-arg]
        week = window.page("week")  # type: ignore[attr-defined]
        window.show_page("week")  # type: ignore[attr-defined]
        settle(ctx, lambda: week.busy)
        return list(week.cards)

    def plan() -> QWidget | None:
        cards = week_cards()
        if not cards:
            return None
        return PlanVisitDialog.plan(ctx, suggestion=cards[0].suggestion, parent=window)

    def why() -> QWidget | None:
        cards = week_cards()
        if not cards:
            return None
        return WhyDialog.show_for(cards[0].suggestion.deal, cards[0].suggestion, window)

    def first_run() -> QWidget:
        dialog = FirstRunDialog(paths.default_workspace(), window)
        dialog.show()
        return dialog

    return [("plan-visit", plan), ("why", why), ("first-run", first_run)]
