"""A travel copy in the app: File › Sync now and File › Pending changes… (the list, and each
conflict's two versions with Keep mine / Take theirs); the status bar's line is `travel_status`.

The work is the core's (`travel.pending`, `travel.sync`), on the task runner; a sync announces
that every kind of data may have changed (it pulls the team's latest rows).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.changes import IMPORTED, Changes, Kind
from fieldvisit.ui import style
from fieldvisit.ui.dialogs.sync_conflict import ConflictView
from fieldvisit.ui.focus_return import return_focus
from fieldvisit.ui.operations import run_task_write

if TYPE_CHECKING:
    from fieldvisit.travel.pending import Overview
    from fieldvisit.travel.sync import SyncReport
    from fieldvisit.ui.context import AppContext
    from fieldvisit.ui.tasks import CancelledFn, ProgressFn, Task

SETTLED = Changes.of(Kind.VISITS, Kind.DEBRIEFS)
SYNCING = "Syncing with the team workspace…"


def read_overview(ctx: AppContext, on_done: Any, key: str) -> Task | None:
    """Read the open workspace's travel overview on a worker (None for a team workspace)."""
    ws = ctx.workspace
    if ws.is_team:
        return None

    def work(_p: ProgressFn, _c: CancelledFn) -> Overview | None:
        from fieldvisit.travel.pending import travel_overview

        with ws.connect() as conn:
            return travel_overview(conn)

    return ctx.tasks.run(
        work, title="Reading the travel copy", on_done=on_done, cancellable=False, key=key
    )


def sync_now(
    ctx: AppContext,
    parent: QWidget | None,
    on_done: Any = None,
    on_error: Any = None,
) -> Task | None:
    """Open the team workspace the copy came from (asking for the password when the keychain
    has none), then push and pull on a worker; None when the user cancelled the opening."""
    from fieldvisit.errors import WorkspaceError
    from fieldvisit.travel.reach import team_address
    from fieldvisit.ui.team_opening import open_team_asking

    copy = ctx.workspace
    try:
        address = team_address(copy)
        team = open_team_asking(address, ctx.tasks, parent)
    except WorkspaceError as exc:
        if on_error is not None:
            on_error(exc)
        return None
    if team is None:
        return None

    def work(progress: ProgressFn, cancelled: CancelledFn) -> SyncReport:
        from fieldvisit.travel.sync import sync_copy

        with team:
            return sync_copy(copy, team, progress=progress, cancelled=cancelled)

    return run_task_write(
        ctx,
        work,
        title="Syncing the travel copy",
        changes=IMPORTED,
        on_done=on_done,
        on_error=on_error,
        cancellable=True,
    )


class PendingChangesDialog(QDialog):
    """The changes this travel copy has not pushed, and the conflicts to settle."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.overview: Overview | None = None
        self.setWindowTitle("Pending changes")
        self.setAccessibleName("Pending changes of the travel copy")
        self.resize(820, 560)
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        col.setSpacing(style.SPACE_M)
        self.head = style.label("Reading the travel copy…", wrap=True)
        self.head.setFont(style.section_font())
        col.addWidget(self.head)
        self.source = style.label("", role="muted", wrap=True)
        col.addWidget(self.source)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.list = QListWidget(split)
        self.list.setAccessibleName("Changes not pushed")
        self.list.currentItemChanged.connect(self._chosen)
        self.conflict = ConflictView(split)
        self.conflict.settled.connect(self.settle)
        split.addWidget(self.list)
        split.addWidget(self.conflict)
        col.addWidget(split, 1)
        self.status = style.label("", role="muted", wrap=True)
        col.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.sync = QPushButton("&Sync now", self)
        self.sync.setDefault(True)
        close = QPushButton("Close", self)
        buttons.addButton(self.sync, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        self.sync.clicked.connect(self.start_sync)
        close.clicked.connect(self.reject)
        col.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        """Read the pending changes and conflicts again (on a worker)."""
        read_overview(self.ctx, self.show_overview, "travel-dialog")

    def show_overview(self, overview: Overview | None) -> None:
        self.overview = overview
        self.list.clear()
        if overview is None:
            self.head.setText("This workspace is not a travel copy.")
            self.sync.setEnabled(False)
            return
        self.head.setText(overview.words)
        synced = f"; last synced {_moment(overview.synced_at)}" if overview.synced_at else ""
        self.source.setText(f"From {overview.source}, taken {_moment(overview.taken_at)}{synced}.")
        conflicted = {c.key: c for c in overview.conflicts}
        for change in overview.pending:
            conflict = conflicted.get(f"{change.entity}:{change.external_id}")
            day = f", {style.short_day(change.day, self.ctx.as_of)}" if change.day else ""
            words = (
                f"{change.what.capitalize()}: {change.account}{day} (visit {change.external_id})"
            )
            item = QListWidgetItem(f"Conflict — {words}" if conflict else words)
            item.setData(Qt.ItemDataRole.UserRole, conflict)
            self.list.addItem(item)
        if not overview.pending:
            self.list.addItem(QListWidgetItem("Nothing to push: the team has every change."))
        self.conflict.setHidden(not overview.conflicts)
        first = next(
            (
                i
                for i in range(self.list.count())
                if self.list.item(i).data(Qt.ItemDataRole.UserRole)
            ),
            0,
        )
        self.list.setCurrentRow(first)

    def _chosen(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        self.conflict.show_conflict(item.data(Qt.ItemDataRole.UserRole) if item else None)

    def settle(self, visit: str, keep: str) -> None:
        """Keep mine or take theirs for a visit's conflicts, then sync (mine goes to the team)."""
        copy = self.ctx.workspace

        def work(_p: ProgressFn, _c: CancelledFn) -> Any:
            from fieldvisit.travel.sync import resolve

            return resolve(copy, visit, keep)

        self.status.setText(f"Keeping {keep} for visit {visit}…")
        run_task_write(
            self.ctx,
            work,
            title="Settling a conflict",
            changes=SETTLED,
            on_done=lambda _r: self.start_sync(),
            on_error=self._failed,
        )

    def start_sync(self) -> None:
        """Sync now; the list shows what is left afterwards."""
        self.sync.setEnabled(False)
        self.status.setText(SYNCING)
        if sync_now(self.ctx, self, on_done=self._synced, on_error=self._failed) is None:
            self.sync.setEnabled(True)  # the opening was cancelled, or said why it failed
            if self.status.text() == SYNCING:
                self.status.setText("")

    def _synced(self, report: SyncReport) -> None:
        self.sync.setEnabled(True)
        self.status.setText(" ".join(report.lines))
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        from fieldvisit.ui.workspaces import describe

        self.sync.setEnabled(True)
        self.status.setText(describe(exc))
        self.reload()


def _moment(stamp: str) -> str:
    """Return a stored ISO moment as the window's words ("14 Jun 2026, 18:02" local)."""
    from datetime import datetime

    from PySide6.QtCore import QDateTime

    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp())).toLocalTime()
    return style.locale().toString(local, f"{style.short_day_format(with_year=True)}, HH:mm")


def open_pending_changes(window: Any) -> PendingChangesDialog:
    """File › Pending changes…: show the list (modeless: the window stays usable)."""
    dialog = return_focus(PendingChangesDialog(window.ctx, window))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def is_travel_copy(ctx: AppContext) -> bool:
    """True when the open workspace file is a travel copy: one setting read per workspace (a
    workspace never becomes or stops being one while open), kept on the context."""
    from fieldvisit.errors import FieldVisitError
    from fieldvisit.travel.pending import is_travel_copy as recorded

    ws = ctx.workspace
    known: tuple[object, bool] | None = getattr(ctx, "travel_copy_of", None)
    if known is not None and known[0] is ws:
        return known[1]
    if ws.is_team:
        return False
    try:
        with ws.connect() as conn:
            found = recorded(conn)
    except FieldVisitError:  # a damaged or vanished file: its own message comes elsewhere
        return False
    ctx.travel_copy_of = (ws, found)  # type: ignore[attr-defined]
    return found


def sync_from_menu(window: Any) -> Task | None:
    """File › Sync now: sync on a worker; say what it did (or why it could not) when done."""
    from fieldvisit.ui.plain_text import tell
    from fieldvisit.ui.workspaces import describe

    def done(report: SyncReport) -> None:
        tell(window, "Synced", "\n".join(report.lines), warn=bool(report.conflicts))

    def failed(exc: BaseException) -> None:
        tell(window, "Sync failed", describe(exc), warn=True)

    return sync_now(window.ctx, window, on_done=done, on_error=failed)
