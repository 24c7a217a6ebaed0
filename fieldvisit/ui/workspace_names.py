"""How the window names the open workspace: its title, the navigation's foot, the status bar.

A workspace file goes by its name ("acme" for acme.fieldvisit); a team workspace by its
password-free address (`TeamAddress.label`), and the status bar says "Team: …" where a file's
last backup shows (a team database's backups are the server's business: `dialogs/team_backup`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.workspaces import location_name

if TYPE_CHECKING:
    from fieldvisit.store import Workspace
    from fieldvisit.store.location import TeamAddress
    from fieldvisit.ui.main_window import MainWindow

SWITCH_HINT = "Click to switch, create, import, back up or restore."


def workspace_name(ws: Workspace) -> str:
    """Return the open workspace's name for the title: the file's stem, a team's address."""
    return ws.label if ws.is_team else ws.path.stem


def window_title(page_title: str, ws: Workspace) -> str:
    """Return the window's title on `page_title` of `ws`."""
    return f"{page_title} — {workspace_name(ws)} — Field Visit"


def show_opening(window: MainWindow, where: Path | TeamAddress) -> None:
    """Say in the frame which workspace is being opened (before the window has it)."""
    if isinstance(where, Path):
        window.show_opening(where)
        return
    _show_team_at_foot(window, where.label)
    window.statusBar().showMessage(f"Opening {location_name(where.label)}…")


def show_workspace(window: MainWindow) -> None:
    """Name the open workspace at the navigation's foot and in the status bar."""
    ws = window.ctx.workspace
    if not ws.is_team:
        window.backup_status.setAccessibleName("Last backup")
        window.navigation.show_workspace(ws.path)
        window.backup_status.show_for(ws.path)
        return
    _show_team_at_foot(window, ws.label)
    status = window.backup_status
    status.running = False
    status.setEnabled(True)
    status.setAccessibleName("Team workspace")
    status.setText(f"Team: {ws.label}")
    status.setToolTip(
        as_text(
            f"A team workspace on PostgreSQL: {ws.label}\nBackups of a team database are the "
            "server's business. Click to take a snapshot on this computer."
        )
    )


def _show_team_at_foot(window: MainWindow, label: str) -> None:
    switcher = window.navigation.switcher
    switcher.setText(location_name(label))
    switcher.setToolTip(as_text(f"Team workspace: {label}\n{SWITCH_HINT}"))
