"""What every page and dialog is given: the open workspace, the as-of date, background tasks.

Pages never reach into each other or into the main window: they read and write the workspace
through the core packages and announce what they changed with one of the signals below; the pages
that show that data connect to the signal where they are created.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal
from sqlalchemy import text

from fieldvisit.secrets import SecretStore
from fieldvisit.settings import Rules, load_rules
from fieldvisit.store import Workspace
from fieldvisit.ui.tasks import TaskRunner

# Setting key the demo generator may store so a demo always looks as it did the day it was built.
DEMO_AS_OF_KEY = "demo_as_of"


def stored_as_of(ws: Workspace) -> date | None:
    """Return the demo's as-of date stored in the workspace, if it has one."""
    with ws.connect() as conn:
        raw = conn.execute(
            text("SELECT value FROM setting WHERE key = :k"), {"k": DEMO_AS_OF_KEY}
        ).scalar()
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def newest_activity_day(ws: Workspace) -> date | None:
    """Return the day of the newest activity in the workspace (None when it has none)."""
    with ws.connect() as conn:
        raw = conn.execute(text("SELECT max(occurred_on) FROM activity")).scalar()
    if raw is None:
        return None
    return raw if isinstance(raw, date) else date.fromisoformat(str(raw)[:10])


def workspace_as_of(
    ws: Workspace, *, deterministic: bool = False, today: date | None = None
) -> date:
    """Return the date the app should plan from.

    A demo workspace carries its own as-of date. Otherwise it is today, except in screenshot
    mode (`deterministic`), where the newest activity keeps the pictures the same every run.
    """
    stored = stored_as_of(ws)
    if stored is not None:
        return stored
    today = today or date.today()
    if deterministic:
        return newest_activity_day(ws) or today
    return today


class AppContext(QObject):
    """The open workspace and what the pages share; signals say what changed."""

    visits_changed = Signal()  # a visit was planned, edited, rescheduled, cancelled or marked done
    deals_changed = Signal()  # a deal was snoozed/unsnoozed or its data changed
    debriefs_changed = Signal()  # a debrief was written, edited or removed
    settings_changed = Signal()  # workspace rules (thresholds, weights, accounts) were saved
    workspace_replaced = Signal()  # the whole workspace changed (import, demo, switched file)
    as_of_changed = Signal()

    def __init__(
        self,
        workspace: Workspace,
        as_of: date,
        tasks: TaskRunner | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.workspace = workspace
        self.as_of = as_of
        self.tasks = tasks or TaskRunner(self)
        # The one door to the keychain (passwords for SMTP and CalDAV).
        self.secrets: Any = SecretStore()

    def rules(self) -> Rules:
        """Return the workspace's rules, read fresh from the database."""
        with self.workspace.connect() as conn:
            return load_rules(conn)

    def set_as_of(self, as_of: date) -> None:
        """Plan from another date (pages refresh)."""
        if as_of != self.as_of:
            self.as_of = as_of
            self.as_of_changed.emit()

    def replace_workspace(self, workspace: Workspace, as_of: date | None = None) -> None:
        """Switch to another workspace file (the old one is closed) and tell every page."""
        old = self.workspace
        self.tasks.cancel_all()
        self.tasks.wait_idle(10_000)
        self.workspace = workspace
        if as_of is not None:
            self.as_of = as_of
        if old is not workspace:
            old.close()
        self.workspace_replaced.emit()

    def data_replaced(self) -> None:
        """Announce that the workspace's contents changed wholesale (after an import)."""
        self.workspace_replaced.emit()
