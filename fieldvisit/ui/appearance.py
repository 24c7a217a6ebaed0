"""View › Appearance: follow the system's colour scheme, or always light, or always dark.

The choice lives in the app's settings file (next to the window geometry) and is applied by
`app.apply_theme`, which asks `wants_dark` here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

SYSTEM, LIGHT, DARK = "system", "light", "dark"
CHOICES = (SYSTEM, LIGHT, DARK)
KEY = "view/appearance"


def chosen() -> str:
    """Return the remembered choice: "system" (the default), "light" or "dark"."""
    from fieldvisit.ui.workspaces import ui_settings

    value = ui_settings().value(KEY, SYSTEM)
    return value if value in CHOICES else SYSTEM


def wants_dark(app: QApplication) -> bool:
    """Return True when the app should wear its dark palette now."""
    choice = chosen()
    if choice == SYSTEM:
        return app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    return choice == DARK


def choose(choice: str) -> None:
    """Remember `choice` and repaint the running app with it."""
    from fieldvisit.ui.app import apply_theme
    from fieldvisit.ui.workspaces import ui_settings

    if choice not in CHOICES:
        raise ValueError(f"appearance {choice!r}: choose one of {', '.join(CHOICES)}")
    settings = ui_settings()
    settings.setValue(KEY, choice)
    settings.sync()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app)
