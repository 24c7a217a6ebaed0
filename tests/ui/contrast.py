"""Contrast of two colours as WCAG 2 measures it, and the app's light and dark palettes, for the
tests that check what a person can read."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from fieldvisit.ui import theme

THEMES = pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])


def luminance(colour: QColor) -> float:
    """Return the colour's relative luminance (0 black … 1 white)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """Return the contrast ratio of two colours (1 … 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def palette_of(dark: bool) -> QPalette:
    """Return the app's dark or light palette."""
    return theme.dark_palette() if dark else theme.light_palette()
