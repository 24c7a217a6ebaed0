"""Lists keep their place when their content is rebuilt after a change (plan, snooze, undo).

A page that rebuilds a list calls `hold_scroll(bar)` just before: while the new content is laid
out (its range shrinks to nothing, then grows back over a few turns of the event loop), the bar
is put back where the user left it as soon as the range allows, instead of jumping to the top or
bottom. The hold ends once the user scrolls or after HOLD_MS. `park_focus` and `unpark_focus`
keep the focus on the same control through the rebuild.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QScrollArea, QScrollBar, QWidget

HOLD_MS = 1500


class _Hold(QObject):
    def __init__(self, bar: QScrollBar, value: int):
        super().__init__(bar)
        self.setObjectName("scroll-hold")
        self.bar, self.value = bar, value
        self.released = False
        bar.rangeChanged.connect(self._range_changed)
        bar.actionTriggered.connect(self.release)  # the user scrolls: their place now
        QTimer.singleShot(HOLD_MS, self, self.release)

    def _range_changed(self, _low: int, high: int) -> None:
        self.bar.setValue(min(self.value, high))

    def release(self) -> None:
        if self.released:
            return
        self.released = True
        self.bar.rangeChanged.disconnect(self._range_changed)
        self.bar.actionTriggered.disconnect(self.release)
        self.deleteLater()


def hold_scroll(bar: QScrollBar) -> None:
    """Keep `bar` where it is while the content under it is rebuilt."""
    for old in bar.findChildren(_Hold):
        old.release()
    if bar.value() > 0:
        _Hold(bar, bar.value())


def park_focus(area: QScrollArea) -> str | None:
    """Before the content of `area` is rebuilt, take the focus out of it (hiding the focused
    control would hand the focus down the list, scrolling it to the bottom); return the accessible
    name of the control that had it (None: the focus was elsewhere)."""
    window = area.window()
    focused = QApplication.focusWidget() or window.focusWidget()
    inner = area.widget()
    if focused is None or inner is None or not inner.isAncestorOf(focused):
        return None
    area.setFocus(Qt.FocusReason.OtherFocusReason)
    return focused.accessibleName()


def unpark_focus(area: QScrollArea, name: str | None, fallback: QWidget | None = None) -> None:
    """Give the focus back to the rebuilt control named `name` (else `fallback`), if the focus
    is still where `park_focus` left it."""
    if name is None or not (area.hasFocus() or area.window().focusWidget() is area):
        return
    inner = area.widget()
    found = (
        next((w for w in inner.findChildren(QWidget) if w.accessibleName() == name), None)
        if inner is not None
        else None
    )
    target = found if found is not None and found.isVisibleTo(inner) else fallback
    if target is not None:
        target.setFocus(Qt.FocusReason.OtherFocusReason)
