"""UI fixtures: demo workspaces built once per session and copied per test, an app context, the
main window on it, and a way to wait for background work without sleeping."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from fieldvisit.store import Workspace, open_workspace
from fieldvisit.ui.context import AppContext
from tests.ui.demo_files import AS_OF, small_demo_copy


@pytest.fixture(scope="session")
def medium_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the medium demo (8,000 open deals) once per session."""
    from fieldvisit.demo import generate_demo

    path = tmp_path_factory.mktemp("medium") / "medium.fieldvisit"
    generate_demo(path, "medium", seed=7, as_of=AS_OF)
    return path


@pytest.fixture
def small_demo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return this test's own copy of the small demo workspace."""
    return small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "small.fieldvisit")


def _context(path: Path, as_of: date = AS_OF) -> Iterator[AppContext]:
    ws = open_workspace(path)
    ctx = AppContext(ws, as_of)
    try:
        yield ctx
    finally:
        ctx.tasks.shutdown()
        ws.close()


@pytest.fixture
def app_ctx(qapp: QApplication, small_demo: Path) -> Iterator[AppContext]:
    """An AppContext on the small demo, as of the demo's day."""
    yield from _context(small_demo)


@pytest.fixture
def window(qtbot, app_ctx: AppContext):  # type: ignore[no-untyped-def]
    """The main window on the small demo, shown at 1440×900, This week loaded."""
    from fieldvisit.ui.main_window import MainWindow

    win = MainWindow(app_ctx, None, remember_geometry=False)
    qtbot.addWidget(win)
    win.resize(1440, 900)
    win.show()
    page = win.current_page()
    assert page is not None
    qtbot.waitUntil(lambda: not page.busy and not app_ctx.tasks.active(), timeout=20_000)
    return win


@pytest.fixture
def settle(qtbot):  # type: ignore[no-untyped-def]
    """Return a function that waits until no task runs and the page (if given) is loaded."""

    def wait(ctx: AppContext, page=None, timeout: int = 20_000) -> None:  # type: ignore[no-untyped-def]
        qtbot.waitUntil(
            lambda: not ctx.tasks.active() and (page is None or not page.busy), timeout=timeout
        )

    return wait


@pytest.fixture
def wear(qapp: QApplication) -> Iterator[Callable[[bool], None]]:
    """A function putting on the light or dark theme (Fusion, palette, style sheet); restored."""
    from fieldvisit.ui import theme
    from tests.ui.contrast import palette_of

    saved = (qapp.style().name(), qapp.palette(), qapp.styleSheet())

    def put_on(dark: bool) -> None:
        qapp.setStyle("Fusion")
        qapp.setPalette(palette_of(dark))
        qapp.setStyleSheet(theme.stylesheet())

    yield put_on
    qapp.setStyleSheet(saved[2])
    qapp.setPalette(saved[1])
    qapp.setStyle(saved[0])


@pytest.fixture
def priya(app_ctx: AppContext, small_demo: Path) -> Iterator[Workspace]:
    """The same workspace file opened a second time, by Priya; the app is Dana's."""
    from fieldvisit.store.identity import act_as

    act_as(app_ctx.workspace, "Dana")
    other = open_workspace(small_demo)
    act_as(other, "Priya")
    yield other
    other.close()
