"""What every page and dialog is given: the open workspace, the as-of date, background tasks.

Pages never reach into each other or into the main window: they read and write the workspace
through the core packages and `announce` what they changed (a `fieldvisit.changes.Changes`).
Announcements made in one pass of the event loop are merged and reach every page as one `changed`
signal; each page reloads when that touches what it shows (docs/architecture.md, "How a change
reaches the pages").
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from fieldvisit.changes import ANOTHER_WORKSPACE, IMPORTED, NOTHING, Changes, Kind
from fieldvisit.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the store (SQLAlchemy) and the keychain (keyring) load with the workspace
    from fieldvisit.reads.last_answers import AnswerKey
    from fieldvisit.reads.week_answers import AddOns
    from fieldvisit.settings import Rules
    from fieldvisit.store import Workspace


def workspace_as_of(
    ws: Workspace, *, deterministic: bool = False, today: date | None = None
) -> date:
    """Return the date the app should plan from when it opens `ws`.

    The core owns the rule (`store.as_of`: the workspace's stored date, as a demo built with
    `--as-of` keeps it, else today), so the app plans as the command line does. Only screenshot
    mode (`deterministic`) adds one: a workspace without a date of its own is shown as of its
    newest activity, so the pictures are the same every run.
    """
    from fieldvisit.store import as_of

    with ws.connect() as conn:
        own = as_of.workspace_day(conn, today)
        if own.stored or not deterministic:
            return own.day
        return as_of.newest_activity_day(conn) or own.day


class AppContext(QObject):
    """The open workspace and what the pages share; `changed` says what changed."""

    # What changed (a `Changes`), merged: at most once per pass of the event loop.
    changed = Signal(object)

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
        # The workspace's own date (what it opened with); the header can look at another.
        self.home_as_of = as_of
        self.tasks = tasks or TaskRunner(self)
        self._secrets: Any = None
        self._pending = NOTHING  # announced, not yet delivered
        # This week's trip add-ons with the key of the data they were read from: the Map reuses
        # them while the workspace file is unchanged (`reads.week_answers.kept_add_ons`).
        self.trip_add_ons: tuple[AnswerKey, AddOns] | None = None

    @property
    def secrets(self) -> Any:
        """The one door to the keychain (passwords for SMTP and CalDAV), opened on first use."""
        if self._secrets is None:
            from fieldvisit.secrets import SecretStore

            self._secrets = SecretStore()
        return self._secrets

    @secrets.setter
    def secrets(self, store: Any) -> None:
        self._secrets = store

    def announce(self, changes: Changes) -> None:
        """Tell every page what an action changed.

        Delivered on the next pass of the event loop, merged with whatever else is announced
        until then, so two writes in a row make one `changed` (and one reload per page). Another
        workspace is delivered at once: nothing may keep using the closed file.
        """
        if not changes:
            return
        first = not self._pending
        self._pending = self._pending | changes
        if Kind.WORKSPACE in changes:
            self._deliver()
        elif first:
            QTimer.singleShot(0, self, self._deliver)

    @property
    def announcing(self) -> bool:
        """True while announced changes wait for the next pass of the event loop."""
        return bool(self._pending)

    def _deliver(self) -> None:
        changes, self._pending = self._pending, NOTHING
        if changes:
            self.changed.emit(changes)

    def rules(self) -> Rules:
        """Return the workspace's rules, read fresh from the database."""
        from fieldvisit.settings import load_rules

        with self.workspace.connect() as conn:
            return load_rules(conn)

    def set_as_of(self, as_of: date) -> None:
        """Plan from another date for this session (pages refresh; nothing is stored)."""
        if as_of != self.as_of:
            self.as_of = as_of
            self.announce(Changes.of(Kind.AS_OF))

    @property
    def looking_elsewhere(self) -> bool:
        """True while the pages plan as of a date other than the workspace's own."""
        return self.as_of != self.home_as_of

    def replace_workspace(self, workspace: Workspace, as_of: date | None = None) -> None:
        """Switch to another workspace file (the old one is closed) and tell every page."""
        old = self.workspace
        self.tasks.cancel_all()
        self.tasks.wait_idle(10_000)
        self.workspace = workspace
        if as_of is not None:
            self.as_of = self.home_as_of = as_of
        if old is not workspace:
            old.close()
        self.announce(ANOTHER_WORKSPACE)

    def data_replaced(self) -> None:
        """Announce that an import changed the workspace's contents wholesale."""
        self.announce(IMPORTED)
