"""Focus goes back where it was when a dialog closes.

`return_focus(dialog)` notes the widget that has the keyboard focus as the dialog opens and puts
the focus back on it when the dialog finishes. When that widget is gone by then (the card that
was snoozed) or goes away as its page reloads right after, the focus lands on the same control
of the rebuilt page (found by its accessible name, "Snooze Globex") or on the control that came
after it, never back at the top of the page.
"""

from __future__ import annotations

from typing import TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

D = TypeVar("D", bound=QDialog)

# How many controls after the focused one are remembered as fallbacks.
NEIGHBOURS = 24
# How many times the focus follows its control through page reloads after the dialog.
MAX_HOPS = 4


def _usable(widget: QWidget | None) -> bool:
    return (
        widget is not None
        and shiboken6.isValid(widget)
        and widget.isVisible()
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
    )


def _page_of(widget: QWidget) -> QWidget | None:
    """Return the page holding `widget` (the ancestor that says when it is busy loading)."""
    current: QWidget | None = widget
    while current is not None:
        if hasattr(current, "busy_changed"):
            return current
        current = current.parentWidget()
    return None


def _chain_after(widget: QWidget) -> list[QWidget]:
    """Return the tab stops that follow `widget` in its window's focus chain."""
    found: list[QWidget] = []
    current = widget.nextInFocusChain()
    while current is not None and current is not widget and len(found) < NEIGHBOURS:
        if current.window() is widget.window() and _usable(current):
            found.append(current)
        current = current.nextInFocusChain()
    return found


# Helpers between the dialog finishing and the page settling (they own themselves).
_LIVE: set[_FocusReturn] = set()


class _FocusReturn(QObject):
    """Remembers where the focus was and brings it back."""

    def __init__(self, dialog: QDialog, before: QWidget):
        super().__init__()
        self.before = before
        self.window = before.window()
        self.name = before.accessibleName()
        self.neighbours = _chain_after(before)
        self.names = [w.accessibleName() for w in self.neighbours]
        self.target: QWidget | None = None
        self.page = _page_of(before)
        self.waiting = False
        self.hops = 0
        _LIVE.add(self)
        dialog.finished.connect(self.restore)
        dialog.destroyed.connect(self._dialog_gone)

    def restore(self, *_args: object) -> None:
        """Focus the remembered control (or its stand-in); follow it while the page reloads."""
        target = self._find()
        if target is None:
            self._stop()
            return
        self._arm(target)

    def _dialog_gone(self, *_args: object) -> None:
        if self.target is None:  # finished never came (the dialog was deleted unseen)
            self._stop()

    def _arm(self, target: QWidget) -> None:
        if self.target is not None and shiboken6.isValid(self.target):
            self.target.removeEventFilter(self)
        self.target = target
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        target.installEventFilter(self)
        target.destroyed.connect(self._later)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.target and event.type() in (QEvent.Type.Hide, QEvent.Type.FocusOut):
            self._later()
        return False

    def _later(self, *_args: object) -> None:
        QTimer.singleShot(0, self._check)

    def _check(self) -> None:
        if self not in _LIVE:
            return
        target = self.target if self.target is not None and shiboken6.isValid(self.target) else None
        if target is not None and target.isVisible():
            if not target.hasFocus():
                self._stop()  # the user moved on: leave the focus alone
            return
        # The control went away (its card was removed, its page rebuilt): the same control of
        # the rebuilt page, else the one that came after it.
        replacement = None
        if self.hops < MAX_HOPS:
            replacement = next(
                (w for n in [self.name, *self.names] if (w := self._by_name(n)) is not None),
                None,
            )
        if replacement is None:
            page = self.page if self.page is not None and shiboken6.isValid(self.page) else None
            if page is not None and getattr(page, "busy", False):
                if not self.waiting:  # the page is reloading: look again once it has
                    self.waiting = True
                    page.busy_changed.connect(self._page_busy)  # type: ignore[attr-defined]
                return
            self._stop()
            return
        self.hops += 1
        self._arm(replacement)

    def _page_busy(self, busy: bool) -> None:
        if busy or not self.waiting:
            return
        self.waiting = False
        page = self.page
        if page is not None and shiboken6.isValid(page):
            page.busy_changed.disconnect(self._page_busy)  # type: ignore[attr-defined]
        self._check()

    def _stop(self) -> None:
        if self.target is not None and shiboken6.isValid(self.target):
            self.target.removeEventFilter(self)
        if self.waiting and self.page is not None and shiboken6.isValid(self.page):
            self.page.busy_changed.disconnect(self._page_busy)  # type: ignore[attr-defined]
        self.waiting = False
        self.target = None
        _LIVE.discard(self)

    def _find(self) -> QWidget | None:
        if _usable(self.before):
            return self.before
        for widget in self.neighbours:
            if _usable(widget):
                return widget
        return self._by_name(self.name)

    def _by_name(self, name: str) -> QWidget | None:
        if not name or not shiboken6.isValid(self.window):
            return None
        for widget in self.window.findChildren(QWidget):
            if widget.accessibleName() == name and _usable(widget):
                return widget
        return None


def return_focus(dialog: D) -> D:
    """Give the focus back to where it is now once `dialog` finishes; return the dialog."""
    before = QApplication.focusWidget()
    if before is not None and before is not dialog and not dialog.isAncestorOf(before):
        _FocusReturn(dialog, before)
    return dialog
