"""The status bar's line on a travel copy: "3 changes not pushed · Sync now" (a click syncs).

When the app opens a travel copy with changes not pushed, it tries one sync in the background
with the keychain's password and a short wait for the server; when the team database cannot be
reached (on the plane), the line stays and says why in its tooltip, and the app syncs by itself
once the server answers again (`ui/reconnect.py`: when the network comes back, else on a
backing-off schedule). A change made offline after a sync is pushed the same way. Hidden on every
other workspace and when nothing waits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QPushButton, QWidget

from fieldvisit.changes import IMPORTED, Changes, Kind
from fieldvisit.ui import style
from fieldvisit.ui.dialogs.pending_changes import read_overview, sync_now
from fieldvisit.ui.operations import run_task_write
from fieldvisit.ui.reconnect import ReconnectWatch

if TYPE_CHECKING:
    from fieldvisit.travel.pending import Overview
    from fieldvisit.travel.sync import SyncReport
    from fieldvisit.ui.context import AppContext
    from fieldvisit.ui.tasks import CancelledFn, ProgressFn

# How long the sync on opening waits for the team's server (seconds): on a plane, not long.
OPENING_TIMEOUT_S = 3


class TravelStatus(QPushButton):
    """ "3 changes not pushed · Sync now" on a travel copy; hidden otherwise."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, sync_on_open: bool = True
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.sync_on_open = sync_on_open  # also: sync by itself once the server is back
        self.tried = False  # the sync on opening, once per workspace
        self.syncing = False
        self.synced_copy: object = None  # the workspace the running sync is for
        self.left = 0  # changes still pending after the last sync (conflicts): not retried
        self.recount = False  # the next count is the new `left` (after a sync, or giving up)
        self.watch = ReconnectWatch(ctx, self)
        self.watch.back.connect(self._sync_quietly)
        self.setProperty("flat", True)
        self.setAccessibleName("Sync the travel copy now")
        self.setHidden(True)
        self.clicked.connect(self._sync)
        ctx.changed.connect(self._changed)
        self.update_count()

    def _changed(self, changes: Changes) -> None:
        if Kind.WORKSPACE in changes:
            self.tried = False
            self.left = 0
            self.watch.disarm()
        if changes.touches((Kind.VISITS, Kind.DEBRIEFS, Kind.WORKSPACE)):
            self.update_count()

    def update_count(self) -> None:
        """Count what the copy has not pushed (on a worker), then say so or hide."""
        if read_overview(self.ctx, self.show_count, "travel-status") is None:
            self.setHidden(True)

    def show_count(self, overview: Overview | None) -> None:
        waiting = 0 if overview is None else len(overview.pending)
        if self.recount:
            self.recount = False
            self.left = waiting
        if overview is None or not (overview.pending or overview.conflicts):
            self.watch.disarm()
            self.setHidden(True)
            return
        if not self.syncing:
            self.setText(f"{overview.words} · Sync now")
        self.setHidden(False)
        if not (overview.pending and self.sync_on_open) or self.syncing:
            return
        if not self.tried:
            self.tried = True
            self._sync_quietly()
        elif waiting > self.left and not self.watch.armed:
            self.watch.arm(failed=False)  # a change made offline: pushed once the server answers

    def _sync_quietly(self) -> None:
        """Try one sync without asking anything; a failure only goes to the tooltip."""
        if self.syncing:
            return
        copy = self.ctx.workspace

        def work(progress: ProgressFn, cancelled: CancelledFn) -> SyncReport:
            from fieldvisit.travel.sync import sync_copy, team_of

            with team_of(copy, timeout_s=OPENING_TIMEOUT_S) as team:
                return sync_copy(copy, team, progress=progress, cancelled=cancelled)

        self.syncing, self.synced_copy = True, copy
        self.setText("Syncing…")
        run_task_write(
            self.ctx,
            work,
            title="Syncing the travel copy",
            changes=IMPORTED,
            on_done=self._synced,
            on_error=self._not_now,
        )

    def _elsewhere(self) -> bool:
        """The workspace was switched while a sync ran: its answer is not this one's."""
        self.syncing = False
        if self.ctx.workspace is self.synced_copy:
            return False
        self.update_count()  # the workspace open now may want a sync of its own
        return True

    def _synced(self, report: SyncReport) -> None:
        if self._elsewhere():
            return
        self.recount = True
        self.watch.disarm()
        at = style.locale().toString(QTime.currentTime(), "HH:mm")
        self.setToolTip(f"Synced at {at}. " + " ".join(report.lines))

    def _not_now(self, exc: BaseException) -> None:
        from fieldvisit.store.team_errors import TeamUnreachable
        from fieldvisit.ui.workspaces import describe

        if self._elsewhere():
            return
        if isinstance(exc, TeamUnreachable) and self.sync_on_open:
            self.watch.arm(failed=True)
            then = "Field Visit syncs by itself once the team workspace answers again."
        else:  # a password to give, a refusal: only the user can help (Sync now asks)
            self.watch.disarm()
            self.recount = True
            then = "Click to sync now."
        self.setToolTip(f"Not synced: {describe(exc)} {then}")
        self.update_count()

    def _sync(self) -> None:
        if self.syncing:
            return  # one sync at a time: the one running says how it went
        self.watch.disarm()
        self.syncing, self.synced_copy = True, self.ctx.workspace
        self.setText("Syncing…")
        task = sync_now(self.ctx, self.window(), on_done=self._synced, on_error=self._failed)
        if task is None:
            self.syncing = False
            self.update_count()
            return
        task.finished.connect(self._sync_over)  # also when cancelled as it succeeded

    def _sync_over(self) -> None:
        if self.syncing:
            self.syncing = False
            self.update_count()

    def _failed(self, exc: BaseException) -> None:
        from fieldvisit.ui.plain_text import tell
        from fieldvisit.ui.workspaces import describe

        self.syncing = False
        self.update_count()
        tell(self.window(), "Sync failed", describe(exc), warn=True)
