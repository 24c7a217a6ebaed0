"""Which workspace the app is on: opening, creating, building the demo, recent workspaces.

Window geometry and the recent-workspace list live in a QSettings file in the data folder (so
`FIELDVISIT_HOME` isolates tests and portable installs); workspace rules live in the workspace.
The recent list holds files and team workspaces (their password-free address, `TeamAddress.label`).
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
    from fieldvisit.store.location import TeamAddress

RECENT_KEY = "workspaces/recent"
RECENT_MAX = 8
DEMO_SIZE = "small"


def ui_settings() -> QSettings:
    """Return the app's QSettings (window geometry, recent workspaces) in the data folder."""
    return QSettings(str(paths.data_dir() / "app-settings.ini"), QSettings.Format.IniFormat)


def _recent_items() -> list[str]:
    raw: Any = ui_settings().value(RECENT_KEY, [])
    return [str(p) for p in ([raw] if isinstance(raw, str) else list(raw or []))]


def _is_address(item: str) -> bool:
    # Only what `remember_workspace` wrote: a team workspace's label (TeamAddress.label).
    return item.startswith("postgresql://")


def recent_locations() -> list[Path | str]:
    """Return recently opened workspaces, newest first: files that still exist and team
    workspaces' addresses (password-free, as `TeamAddress.label` writes them)."""
    return [
        p if _is_address(p) else Path(p)
        for p in _recent_items()
        if _is_address(p) or Path(p).exists()
    ]


def location_name(where: Path | str) -> str:
    """Return the short name of a recent workspace: a file's stem, a team database's
    "DATABASE on HOST"."""
    if isinstance(where, Path):
        return where.stem
    rest = where.split("@", 1)[-1].split("?", 1)[0]
    host, _, database = rest.partition("/")
    return f"{database} on {host.rsplit(':', 1)[0]}"


def remember_workspace(where: Path | TeamAddress) -> None:
    """Put a workspace file or a team workspace at the top of the recent list."""
    # A team workspace by its label: the address never holds a password.
    item = str(Path(where).expanduser().resolve()) if isinstance(where, Path) else where.label
    kept = [p for p in _recent_items() if p != item and (_is_address(p) or Path(p).exists())]
    items = [item, *kept]
    ui_settings().setValue(RECENT_KEY, items[:RECENT_MAX])


def open_existing(path: Path) -> Workspace:
    """Open an existing workspace (WorkspaceError with a plain message otherwise)."""
    # The store (SQLAlchemy, Alembic) loads here, after the window's first paint.
    from fieldvisit.store import open_workspace

    return open_workspace(Path(path))


def open_team(address: TeamAddress, password: str | None = None) -> Workspace:
    """Open a team workspace (on a worker): the password from the environment or the keychain,
    else `password` (typed in the app), which is then kept in the keychain; WorkspaceError when
    it is missing or refused (see `team_opening`)."""
    from fieldvisit.store.team import open_team_workspace

    prompt = (lambda _question: password) if password else None
    return open_team_workspace(address, prompt=prompt)


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
