"""Opening a team workspace from the app: on a worker, asking for the password on this thread.

The connection is tried with what the environment (FIELDVISIT_DB_PASSWORD) or the keychain
holds; when PostgreSQL asks for a password nobody kept, or refuses the one kept (the core then
removes it from the keychain), the password dialog asks here, on the window's thread, and the
worker tries again with what was typed: accepted, it is kept in the keychain by the core
(`secrets.obtain_password`). Until the window has its workspace this thread imports nothing of
the store; the worker does (SQLAlchemy imported by two threads at once fails half-way).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from fieldvisit.errors import Cancelled, WorkspaceError
from fieldvisit.ui.dialogs.team_password import TeamPasswordDialog
from fieldvisit.ui.progress_dialog import run_with_progress_dialog
from fieldvisit.ui.workspaces import open_team

if TYPE_CHECKING:
    from fieldvisit.store import Workspace
    from fieldvisit.store.location import TeamAddress
    from fieldvisit.ui.tasks import TaskRunner

MISSING, REFUSED = "missing", "refused"


def password_problem(exc: BaseException) -> str | None:
    """Return MISSING when PostgreSQL asked for a password nobody gave, REFUSED when it refused
    the one given, else None (the error is about something else: the host, the database…)."""
    # The worker is done: loading the store's module here races with no one.
    from fieldvisit.store.team_errors import PasswordNeeded, PasswordRefused

    if isinstance(exc, PasswordRefused):
        return REFUSED
    if isinstance(exc, PasswordNeeded):
        return MISSING
    return None


def _password_in_environment() -> bool:
    # The worker is done: loading the store's module here races with no one.
    from fieldvisit.store.team import PASSWORD_VARIABLE

    # A password set in the environment wins over anything typed: asking is no use.
    return bool(os.environ.get(PASSWORD_VARIABLE))


def open_team_asking(
    address: TeamAddress, runner: TaskRunner, parent: QWidget | None = None
) -> Workspace | None:
    """Open the team workspace at `address` behind a progress dialog, asking for its password
    when needed (again, saying so, when it was refused); None when the user cancelled.

    Raises the opening's WorkspaceError for anything a password does not settle.
    """
    typed: str | None = None
    title = f"Opening {address.database} on {address.host}"
    while True:
        password = typed
        try:
            ws: Workspace = run_with_progress_dialog(
                runner,
                lambda _progress, _cancelled, password=password: open_team(address, password),
                title=title,
                parent=parent,
            )
            return ws
        except Cancelled:
            return None
        except WorkspaceError as exc:
            problem = password_problem(exc)
            if problem is None or (problem == REFUSED and _password_in_environment()):
                raise
        dialog = TeamPasswordDialog(address, refused=problem == REFUSED, parent=parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.password():
            return None
        typed = dialog.password()
