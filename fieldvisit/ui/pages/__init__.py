"""The app's pages, one module each, in navigation order (Ctrl+1…7; Settings sits at the foot).

Each entry names the page (key, title, icon) and where its `Page` subclass lives. The main window
builds the navigation from these names alone and imports a page's module the first time the page
is shown, so the window paints before the heavier pages (charts, the planning engine) load.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from fieldvisit.ui.pages.base import Page


@dataclass(frozen=True)
class PageSpec:
    """Where a page lives and how the navigation names it."""

    key: str
    title: str
    icon: str
    module: str
    cls: str

    def load(self) -> type[Page]:
        """Import the page's module and return its Page subclass (checked against this spec)."""
        found = getattr(importlib.import_module(self.module), self.cls)
        if not (isinstance(found, type) and issubclass(found, Page)) or found.key != self.key:
            raise TypeError(f"{self.module}.{self.cls} is not the {self.key!r} page")
        return found


# Each gets Ctrl+1…7 in this order.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("week", "This week", "week", "fieldvisit.ui.pages.week", "WeekPage"),
    PageSpec("coverage", "Coverage", "coverage", "fieldvisit.ui.pages.coverage", "CoveragePage"),
    PageSpec("deals", "Deals", "deals", "fieldvisit.ui.pages.deals", "DealsPage"),
    PageSpec("visits", "Visits", "visits", "fieldvisit.ui.pages.visits", "VisitsPage"),
    PageSpec("debriefs", "Debriefs", "debriefs", "fieldvisit.ui.pages.debriefs", "DebriefsPage"),
    PageSpec("impact", "Impact", "impact", "fieldvisit.ui.pages.impact", "ImpactPage"),
    PageSpec("map", "Map", "map", "fieldvisit.ui.pages.map", "MapPage"),
)
SETTINGS = PageSpec(
    "settings", "Settings", "settings", "fieldvisit.ui.pages.settings", "SettingsPage"
)

# Not in the navigation: search, Coverage, Deals and Visits open it ("account#PK").
ACCOUNT = PageSpec("account", "Account", "account", "fieldvisit.ui.pages.account", "AccountPage")

__all__ = ["ACCOUNT", "PAGES", "SETTINGS", "Page", "PageSpec"]
