"""Which workspace file the app is on: opening, creating, building the demo, recent files.

Window geometry and the recent-workspace list live in a QSettings file in the data folder (so
`FIELDVISIT_HOME` isolates tests and portable installs); workspace rules live in the workspace.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings

from fieldvisit import paths
from fieldvisit.ui.tasks import CancelledFn, ProgressFn

if TYPE_CHECKING:
    from fieldvisit.store import Workspace

RECENT_KEY = "workspaces/recent"
RECENT_MAX = 8
DEMO_SIZE = "small"


def ui_settings() -> QSettings:
    """Return the app's QSettings (window geometry, recent workspaces) in the data folder."""
    return QSettings(str(paths.data_dir() / "app-settings.ini"), QSettings.Format.IniFormat)


def recent_workspaces() -> list[Path]:
    """Return recently opened workspace files that still exist, newest first."""
    raw: Any = ui_settings().value(RECENT_KEY, [])
    items = [raw] if isinstance(raw, str) else list(raw or [])
    return [Path(p) for p in items if Path(p).exists()]


def remember_workspace(path: Path) -> None:
    """Put `path` at the top of the recent list."""
    path = Path(path).expanduser().resolve()
    items = [str(path)] + [str(p) for p in recent_workspaces() if p.resolve() != path]
    ui_settings().setValue(RECENT_KEY, items[:RECENT_MAX])


def open_existing(path: Path) -> Workspace:
    """Open an existing workspace (WorkspaceError with a plain message otherwise)."""
    # The store (SQLAlchemy, Alembic) loads here, after the window's first paint.
    from fieldvisit.store import open_workspace

    return open_workspace(Path(path))


def create_empty(path: Path) -> Workspace:
    """Create a new, empty workspace file at `path`."""
    from fieldvisit.store import create_workspace

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return create_workspace(Path(path))


def build_demo(
    path: Path, progress: ProgressFn, cancelled: CancelledFn, size: str = DEMO_SIZE
) -> str:
    """Write a fresh demo workspace at `path` (replacing an older demo); return its path."""
    # Built as of today and keeping no date of its own (`store.as_of`), it plans as of the day
    # it is opened, like any workspace; "New demo" makes it current again.
    return build_demo_at(path, None, progress, cancelled, size)


def build_demo_at(
    path: Path,
    as_of: date | None,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
    size: str = DEMO_SIZE,
) -> str:
    """Write a fresh demo workspace at `path` as it looks on `as_of`; return its path.

    Given a day, the demo keeps it as its own as-of date (None: built as of today, keeps none).
    """
    from fieldvisit.demo import generate_demo

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    generate_demo(
        Path(path), size=size, as_of=as_of, progress=progress, cancel=cancelled, replace=True
    )
    return str(path)


def describe(exc: BaseException) -> str:
    """Return a one-paragraph message for an error shown in a dialog (never SQL or a traceback)."""
    from fieldvisit.ui.error_reports import error_message

    return error_message(exc)
