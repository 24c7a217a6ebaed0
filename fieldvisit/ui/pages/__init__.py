"""The app's pages, one module each, in navigation order (Ctrl+1…6; Settings sits at the foot).

Each entry names a module and its `Page` subclass; the main window imports them in this order.
"""

from __future__ import annotations

import importlib

from fieldvisit.ui.pages.base import Page

# (module, class) — the first six get Ctrl+1…6.
PAGE_CLASSES: tuple[tuple[str, str], ...] = (
    ("fieldvisit.ui.pages.week", "WeekPage"),
    ("fieldvisit.ui.pages.coverage", "CoveragePage"),
    ("fieldvisit.ui.pages.deals", "DealsPage"),
    ("fieldvisit.ui.pages.visits", "VisitsPage"),
    ("fieldvisit.ui.pages.debriefs", "DebriefsPage"),
    ("fieldvisit.ui.pages.impact", "ImpactPage"),
)
SETTINGS_PAGE: tuple[str, str] = ("fieldvisit.ui.pages.settings", "SettingsPage")


def page_class(module: str, name: str) -> type[Page]:
    """Return the Page subclass `name` from `module`."""
    cls = getattr(importlib.import_module(module), name)
    if not (isinstance(cls, type) and issubclass(cls, Page)):
        raise TypeError(f"{module}.{name} is not a Page")
    return cls


__all__ = ["PAGE_CLASSES", "SETTINGS_PAGE", "Page", "page_class"]
