"""Run something once a widget is on screen: after its next paint, not beside it.

Background work started while the window's thread is still laying out and painting what it just
filled competes with it for the interpreter (every Python slot, event filter and overridden
method of a widget needs it), so the picture comes later. This starts the work just after the
widget painted; at once when the widget is not shown (nothing will paint), and after `LATEST_MS`
whatever happens (a window behind others may not paint).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

LATEST_MS = 250


class _AfterPaint(QObject):
    """Watches `widget` for its next paint, then calls `call` once (on the next pass)."""

    def __init__(self, widget: QWidget, call: Callable[[], None]):
        super().__init__(widget)
        self.widget, self.call, self.called = widget, call, False
        widget.installEventFilter(self)
        QTimer.singleShot(LATEST_MS, self, self._run)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.widget and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self._run)  # after the paint itself
        return False

    def _run(self) -> None:
        if self.called:
            return
        self.called = True
        self.widget.removeEventFilter(self)
        self.deleteLater()
        self.call()


def after_paint(widget: QWidget | None, call: Callable[[], None]) -> None:
    """Call `call` once `widget` has painted (at once when there is none or it is not shown)."""
    if widget is None or not widget.isVisible():
        call()
        return
    _AfterPaint(widget, call)
