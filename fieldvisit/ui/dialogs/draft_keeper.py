"""Autosave for the debrief editor: never more than about a second of typing at risk.

A `DraftKeeper` writes the editor's content shortly after typing pauses (`IDLE_MS`) and, while the
typing goes on, at most `MAX_WAIT_MS` after the first unsaved keystroke; also when the cursor
leaves a field, and when the app quits or the session logs out. Each write goes to the local
journal first, then into the workspace with a short lock wait (`fieldvisit.debriefs.keeping`).
When the workspace is busy the draft stays local ("Draft kept locally") and is tried again every
`RETRY_MS`, by the editor while it is open and by the context's `KeptDraftCourier` after it closes.
"""

from __future__ import annotations

import contextlib
import logging
import weakref
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QTime, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from fieldvisit import debriefs
from fieldvisit.changes import DEBRIEF_SAVED, NOTHING
from fieldvisit.debriefs import DebriefData, DraftKept
from fieldvisit.errors import FieldVisitError
from fieldvisit.store import Workspace
from fieldvisit.ui import style
from fieldvisit.ui.operations import write_now

if TYPE_CHECKING:
    from fieldvisit.ui.context import AppContext

IDLE_MS = 400  # a pause this long in typing writes the draft
MAX_WAIT_MS = 800  # steady typing is written at least this often (plus the write itself)
RETRY_MS = 2000  # a draft kept only locally is offered to the workspace again this often

log = logging.getLogger(__name__)


def _relay(keeper: weakref.ref[DraftKeeper], name: str, *args: object) -> None:
    """Pass an application signal on to a keeper whose editor still exists (Qt moves the focus
    while it tears a window down, before the keeper goes with it)."""
    alive = keeper()
    if alive is not None and shiboken6.isValid(alive) and shiboken6.isValid(alive.fields):
        getattr(alive, name)(*args)


def _unlink(links: list[tuple[Any, Any]], *_: object) -> None:
    """Disconnect a deleted keeper from the application's signals."""
    for signal, slot in links:
        with contextlib.suppress(RuntimeError, TypeError):
            signal.disconnect(slot)


class DraftKeeper(QObject):
    """Keeps one editor's content safe while it is typed; `status` says where it is kept."""

    status = Signal(str, str, bool)  # words for the draft label, details (tooltip), trouble

    def __init__(
        self,
        workspace: Workspace,
        visit_id: int,
        content: Callable[[], DebriefData],
        fields: QWidget,
        *,
        has_draft: bool,
        kept_locally: bool = False,
    ):
        super().__init__(fields)
        self.workspace = workspace  # pinned: a later switch of workspace must not receive it
        self.visit_id = visit_id
        self.content = content
        self.fields = fields
        self.has_draft = has_draft
        self.kept_locally = kept_locally
        self.dirty = False
        self.stopped = False
        self.idle_timer = self._timer(IDLE_MS)
        self.max_wait_timer = self._timer(MAX_WAIT_MS)
        self.retry_timer = self._timer(RETRY_MS)
        self.idle_timer.timeout.connect(self.flush)
        self.max_wait_timer.timeout.connect(self.flush)
        self.retry_timer.timeout.connect(self._retry)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # The application outlives the keeper: its signals reach the keeper through a weak
            # reference, and the links go when the keeper does (a deleted slot is an error).
            me = weakref.ref(self)
            links = [
                (app.focusChanged, partial(_relay, me, "_focus_changed")),
                (app.aboutToQuit, partial(_relay, me, "flush_final")),
                (app.commitDataRequest, partial(_relay, me, "_session_ending")),
            ]
            for signal, slot in links:
                signal.connect(slot)
            self.destroyed.connect(partial(_unlink, links))
        if kept_locally:
            self.retry_timer.start()

    def _timer(self, ms: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        return timer

    def edited(self) -> None:
        """Note an edit: write after a pause, or at most MAX_WAIT_MS after the first unsaved one."""
        if self.stopped:
            return
        self.dirty = True
        self.idle_timer.start()
        if not self.max_wait_timer.isActive():
            self.max_wait_timer.start()

    def flush(self) -> DraftKept | None:
        """Keep the content now (journal always; the workspace unless it was busy just now)."""
        return self._keep(try_workspace=not self.kept_locally)

    def flush_final(self, *, always: bool = False) -> DraftKept | None:
        """Keep the content now, trying the workspace too (closing, quitting, logging out).

        Nothing is written when nothing changed since the last write, unless `always`.
        """
        if self.stopped or not (always or self.dirty or self.kept_locally):
            return None
        return self._keep(try_workspace=True)

    def flush_locally(self) -> DraftKept | None:
        """Keep the content in the journal only (the workspace was switched away)."""
        if self.stopped or not self.dirty:
            return None
        return self._keep(try_workspace=False)

    def _session_ending(self, _manager: object) -> None:
        self.flush_final()  # the desktop session logs out: keep the notes before it goes

    def _retry_soon(self) -> None:
        # Not restarted by every keystroke's write: steady typing must not postpone the retry.
        if not self.retry_timer.isActive():
            self.retry_timer.start()

    def _retry(self) -> None:
        if not self.stopped and self.kept_locally:
            self._keep(try_workspace=True)

    def _focus_changed(self, old: QWidget | None, _new: QWidget | None) -> None:
        if self.dirty and old is not None and self.fields.isAncestorOf(old):
            self.flush()

    def _keep(self, *, try_workspace: bool) -> DraftKept | None:
        self.idle_timer.stop()
        self.max_wait_timer.stop()
        if self.stopped:
            return None
        data = self.content()
        if data.is_blank() and not self.has_draft:
            self.dirty = False
            return None
        try:
            kept = debriefs.keep_draft(
                self.workspace, data, now=datetime.now(UTC), try_workspace=try_workspace
            )
        except FieldVisitError as exc:
            # Nowhere took it: say so plainly, keep the words on screen, try again soon.
            log.warning("draft of visit %s not kept: %s", self.visit_id, exc)
            self.status.emit("Draft NOT kept — copy your notes somewhere safe", str(exc), True)
            self.kept_locally = True
            self._retry_soon()
            return None
        self.dirty = False
        self.has_draft = True
        self.kept_locally = not kept.in_workspace
        at = style.locale().toString(QTime.currentTime(), "HH:mm")
        if kept.in_workspace:
            self.retry_timer.stop()
            self.status.emit(f"Draft kept at {at}", "", False)
        else:
            self._retry_soon()
            self.status.emit(
                f"Draft kept locally at {at}",
                "The workspace is busy, so the draft is kept on this computer for now; it is "
                f"written into the workspace as soon as it is free. ({kept.problem})",
                False,
            )
        return kept

    def stop(self) -> None:
        """Write nothing more (the debrief was saved, discarded, or the editor closed)."""
        self.stopped = True
        for timer in (self.idle_timer, self.max_wait_timer, self.retry_timer):
            timer.stop()

    def restart_clean(self) -> None:
        """Start over on content that needs no draft (recovered notes were discarded)."""
        self.dirty = False
        self.has_draft = False
        self.kept_locally = False
        for timer in (self.idle_timer, self.max_wait_timer, self.retry_timer):
            timer.stop()


class KeptDraftCourier(QObject):
    """Writes the drafts kept only locally into the context's workspace once it is free."""

    landed = Signal()

    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self.try_now)

    @classmethod
    def of(cls, ctx: AppContext) -> KeptDraftCourier:
        """Return the context's courier, made on first use."""
        found = ctx.findChild(cls)
        return found if isinstance(found, cls) else cls(ctx)

    def expect(self) -> None:
        """Keep trying until the workspace has taken every locally kept draft."""
        if not self.timer.isActive():
            self.timer.start()

    def try_now(self) -> None:
        """Write what the workspace can take now; try again later while anything waits."""
        ws = self.ctx.workspace
        try:
            # Announced once nothing waits: the "draft" markers on the lists follow.
            waiting = bool(
                write_now(
                    self.ctx,
                    lambda: debriefs.land_kept_drafts(ws),
                    changes=lambda left: NOTHING if left else DEBRIEF_SAVED,
                )
            )
        except FieldVisitError as exc:
            log.warning("kept drafts could not be written into the workspace: %s", exc)
            waiting = True
        if waiting:
            self.timer.start()
        else:
            self.landed.emit()
