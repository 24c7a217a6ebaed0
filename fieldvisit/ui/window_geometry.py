"""Where the main window opens: as it was left, unless that no longer fits the screens there are.

A window saved on a large second monitor, then opened on a laptop alone, must not open off every
screen or larger than the screen: it then opens at the default size, clamped to the screen's
available area (task bars and docks excluded) and centred on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

GEOMETRY_KEY = "window/geometry"  # Qt's saveGeometry() (position, size, maximised)
RECT_KEY = "window/rect"  # the normal (unmaximised) rectangle it was left at, to check it fits

# How much of a restored window must show on one screen for the user to find and drag it.
MIN_VISIBLE = QSize(200, 100)


def fits_on(rect: QRect, screen: QRect) -> bool:
    """Return whether `rect` is no bigger than `screen` and enough of it shows there."""
    if rect.width() > screen.width() or rect.height() > screen.height():
        return False
    shown = rect.intersected(screen)
    # The title bar (top edge) must be on the screen, or the window cannot be moved.
    top_on_screen = screen.top() <= rect.top() <= screen.bottom()
    wide = min(MIN_VISIBLE.width(), rect.width())
    tall = min(MIN_VISIBLE.height(), rect.height())
    return top_on_screen and shown.width() >= wide and shown.height() >= tall


def centred_default(default: QSize, screen: QRect) -> QRect:
    """Return the default size, clamped to `screen`, centred on it."""
    size = QSize(min(default.width(), screen.width()), min(default.height(), screen.height()))
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(screen.center())
    return rect


def restored_rect(saved: QRect | None, screens: Sequence[QRect], default: QSize) -> QRect:
    """Return where the window opens: `saved` when it fits on one of `screens` (available
    geometries, primary first), else the default size centred on the primary screen."""
    if saved is not None and saved.isValid():
        for screen in screens:
            if fits_on(saved, screen):
                return QRect(saved)
    primary = screens[0] if screens else QRect(0, 0, default.width(), default.height())
    return centred_default(default, primary)


class SettingsStore(Protocol):
    """QSettings, or a stand-in in tests."""

    def value(self, key: str, defaultValue: Any = None) -> Any: ...  # noqa: N803 (Qt's name)

    def setValue(self, key: str, value: Any) -> None: ...  # noqa: N802 (Qt's name)


def available_screens() -> list[QRect]:
    """Return every screen's available area, the primary screen first."""
    primary = QGuiApplication.primaryScreen()
    screens = QGuiApplication.screens()
    ordered = ([primary] if primary is not None else []) + [s for s in screens if s != primary]
    return [s.availableGeometry() for s in ordered]


def remember(window: QWidget, store: SettingsStore) -> None:
    """Save where the window is, to open there next time."""
    store.setValue(GEOMETRY_KEY, window.saveGeometry())
    store.setValue(RECT_KEY, window.normalGeometry())


def restore(
    window: QWidget,
    store: SettingsStore,
    default: QSize,
    screens: Sequence[QRect] | None = None,
) -> QRect:
    """Put the window where it was left when that fits a screen now, else at the default size
    centred on the primary screen; return the rectangle used."""
    screens = list(screens) if screens is not None else available_screens()
    saved = store.value(RECT_KEY)
    rect = saved if isinstance(saved, QRect) and saved.isValid() else None
    state = store.value(GEOMETRY_KEY)
    if rect is not None and restored_rect(rect, screens, default) == rect:
        if isinstance(state, QByteArray) and not state.isEmpty() and window.restoreGeometry(state):
            return rect
        window.setGeometry(rect)
        return rect
    target = restored_rect(rect, screens, default)
    window.resize(target.size())
    window.move(target.topLeft())
    return target
