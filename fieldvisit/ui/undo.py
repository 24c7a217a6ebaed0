"""The window's undo history: Edit › Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z, Ctrl+Y).

One QUndoStack per AppContext (`history(ctx)`), emptied when the workspace changes. An action
that can be undone is done first (by its dialog or page, usually in a background task), then
`record` pushes a `Step` holding its inverse and its redo; both call the Qt-free core
(`planning.undo`, `debriefs.undo`), which refuses with one line when undoing would hide a fact
or overwrite someone's later change. A refused step leaves the history (it cannot be redone
either) and the notice says why. Every outcome is said in the page's notice (`widgets.notice`).
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from fieldvisit.changes import Changes, Kind
from fieldvisit.errors import FieldVisitError
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.operations import write_now
from fieldvisit.ui.widgets.notice import Notice, show_notice

UNDO_LIMIT = 50


class Step(QUndoCommand):
    """One undoable action: its words, its inverse and its redo (each raising FieldVisitError,
    e.g. `UndoRefused`, when it must not run), and which of the context's data it changes."""

    def __init__(
        self,
        owner: UndoHistory,
        words: str,
        undo: Callable[[], None],
        redo: Callable[[], None],
        changes: Changes,
    ):
        super().__init__(words)
        self.owner, self.words = owner, words
        self._undo, self._redo, self.changes = undo, redo, changes
        self._done = True  # pushed after the action ran: the first redo() is a no-op

    def redo(self) -> None:
        if self._done:
            return
        self._run(self._redo)
        self._done = True

    def undo(self) -> None:
        self._run(self._undo)
        self._done = False

    def _run(self, work: Callable[[], None]) -> None:
        self.owner.refusal = ""
        try:
            write_now(self.owner.ctx, work, changes=self.changes)
        except FieldVisitError as exc:  # refused: nothing changed, nothing announced
            self.owner.refusal = str(exc)
            self.setObsolete(True)  # QUndoStack drops it: neither undone nor redoable


class UndoHistory(QObject):
    """The context's undo stack and what the last undo or redo refused ("" when it ran)."""

    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.setObjectName("undo-history")
        self.ctx = ctx
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(UNDO_LIMIT)
        self.refusal = ""
        self._steps: list[Step] = []  # the Python side of the stack's commands, kept alive
        ctx.changed.connect(self._changed)

    def _changed(self, changes: Changes) -> None:
        # Another workspace, or an import rewrote its rows: the steps' snapshots are not its own.
        if Kind.WORKSPACE in changes or Kind.DEALS in changes:
            self.clear()

    def clear(self) -> None:
        self.stack.clear()
        self._steps.clear()

    def push(self, step: Step) -> None:
        self._steps = [*self._steps[-2 * UNDO_LIMIT :], step]
        self.stack.push(step)


def can_undo(ctx: AppContext) -> bool:
    """True while there is an action to undo (False once the context is gone)."""
    return shiboken6.isValid(ctx) and history(ctx).stack.canUndo()


def can_redo(ctx: AppContext) -> bool:
    """True while there is an undone action to redo (False once the context is gone)."""
    return shiboken6.isValid(ctx) and history(ctx).stack.canRedo()


def history(ctx: AppContext) -> UndoHistory:
    """Return the context's undo history (made on first use)."""
    found = ctx.findChild(UndoHistory, "undo-history")
    return found if found is not None else UndoHistory(ctx)


class _Relay(QObject):
    """Calls back while its owner lives (a lambda connected to the stack would outlive it)."""

    def __init__(self, owner: QObject, call: Callable[[], None]):
        super().__init__(owner)
        self.owner, self.call = owner, call

    def poke(self, _can: bool) -> None:
        if shiboken6.isValid(self.owner):  # not while the owner is being torn down
            self.call()


def follow(ctx: AppContext, owner: QObject, call: Callable[[], None]) -> None:
    """Call `call` whenever undo or redo becomes possible or impossible, while `owner` lives."""
    relay = _Relay(owner, call)
    stack = history(ctx).stack
    stack.canUndoChanged.connect(relay.poke)
    stack.canRedoChanged.connect(relay.poke)


def host_of(anchor: QWidget | None) -> QWidget | None:
    """Return the page a notice about `anchor`'s action belongs on: its page, or the window's
    current page (actions started from the window, e.g. Ctrl+N)."""
    from fieldvisit.ui.pages.base import Page

    widget = anchor
    while widget is not None:
        if isinstance(widget, Page):
            return widget
        current = getattr(widget, "current_page", None)
        if callable(current) and isinstance(current(), Page):
            return current()  # type: ignore[no-any-return]
        widget = widget.parentWidget()
    return None


def say(anchor: QWidget | None, words: str, undoable: bool = False) -> Notice | None:
    """Acknowledge an action on `anchor`'s page (with Undo when `undoable`)."""
    host = host_of(anchor)
    if host is None:
        return None
    ctx: AppContext = host.ctx  # type: ignore[attr-defined]
    return show_notice(host, words, (lambda: undo_last(ctx, host)) if undoable else None)


def record(
    ctx: AppContext,
    anchor: QWidget | None,
    words: str,
    undo: Callable[[], None],
    redo: Callable[[], None],
    changes: Changes,
) -> None:
    """Push a just-done action onto the history and say it, with Undo, where it happened."""
    owner = history(ctx)
    owner.push(Step(owner, words, undo, redo, changes))
    say(anchor, words, undoable=True)


def undo_last(ctx: AppContext, anchor: QWidget | None) -> None:
    """Undo the newest step (Edit › Undo, Ctrl+Z, a notice's Undo) and say what happened."""
    owner = history(ctx)
    if not owner.stack.canUndo():
        return
    words = owner.stack.undoText()
    owner.stack.undo()
    if owner.refusal:
        say(anchor, f"Cannot undo: {owner.refusal}")
        return
    host = host_of(anchor)
    if host is not None:
        show_notice(host, f"Undone: {words}", lambda: redo_last(ctx, host), "Redo")


def redo_last(ctx: AppContext, anchor: QWidget | None) -> None:
    """Redo the step undone last (Edit › Redo, Ctrl+Shift+Z or Ctrl+Y) and say it."""
    owner = history(ctx)
    if not owner.stack.canRedo():
        return
    words = owner.stack.redoText()
    owner.stack.redo()
    if owner.refusal:
        say(anchor, f"Cannot redo: {owner.refusal}")
        return
    say(anchor, words, undoable=True)
