"""The look (palette, accent, type scale, spacing) and how numbers, dates and times read.

Numbers are written the way people say them ("$487K", "75 days", "3 weeks ago",
"Tue 23 Jun, 10:00 Chicago (16:00 London)"); digits, day and month names come from QLocale.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, Qt, QTime
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from fieldvisit.zones import zone

# Spacing on an 8 px grid.
GRID = 8
SPACE_S = GRID // 2
SPACE_M = GRID
SPACE_L = GRID * 2
SPACE_XL = GRID * 3
RADIUS = 8

# Type scale in points.
PAGE_TITLE_PT = 20
SECTION_PT = 14
CARD_TITLE_PT = 13
BODY_PT = 10.5
SMALL_PT = 9.5

# The one accent, and the three meaning colours (always paired with a word or an icon).
ACCENT = "#3a6ff7"
ACCENT_DARK = "#6f95ff"
AMBER = "#b26b00"  # stalled
AMBER_DARK = "#f0a43a"
RED = "#c62828"  # real risk
RED_DARK = "#ff6b6b"
GREEN = "#2e7d32"  # covered
GREEN_DARK = "#6fcf73"

CURRENCY_SYMBOLS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "CNY": "¥",
    "INR": "₹",
    "AUD": "A$",
    "CAD": "C$",
    "CHF": "CHF ",
    "BRL": "R$",
}


def is_dark(palette: QPalette | None = None) -> bool:
    """Return True when the palette's window is darker than its text (a dark theme)."""
    pal = palette or QGuiApplication.palette()
    return (
        pal.color(QPalette.ColorRole.Window).lightness()
        < pal.color(QPalette.ColorRole.WindowText).lightness()
    )


def tone(name: str) -> QColor:
    """Return the meaning colour `accent`, `amber`, `red`, `green` or `muted` for this theme."""
    dark = is_dark()
    colours = {
        "accent": ACCENT_DARK if dark else ACCENT,
        "amber": AMBER_DARK if dark else AMBER,
        "red": RED_DARK if dark else RED,
        "green": GREEN_DARK if dark else GREEN,
    }
    if name == "muted":
        return muted_colour()
    return QColor(colours[name])


def muted_colour() -> QColor:
    """Return the colour for secondary text: the text colour blended toward the background."""
    pal = QGuiApplication.palette()
    fg = pal.color(QPalette.ColorRole.WindowText)
    bg = pal.color(QPalette.ColorRole.Window)
    return QColor(
        (fg.red() * 3 + bg.red() * 2) // 5,
        (fg.green() * 3 + bg.green() * 2) // 5,
        (fg.blue() * 3 + bg.blue() * 2) // 5,
    )


def font(point_size: float, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    """Return the application font at a size and weight of the type scale."""
    f = QFont(QApplication.font())
    f.setPointSizeF(point_size)
    f.setWeight(weight)
    return f


def page_title_font() -> QFont:
    return font(PAGE_TITLE_PT, QFont.Weight.DemiBold)


def section_font() -> QFont:
    return font(SECTION_PT, QFont.Weight.DemiBold)


def card_title_font() -> QFont:
    return font(CARD_TITLE_PT, QFont.Weight.DemiBold)


def label(
    text: str = "",
    *,
    role: str = "",
    size: float | None = None,
    bold: bool = False,
    wrap: bool = False,
    parent: QWidget | None = None,
) -> QLabel:
    """Return a QLabel in the type scale; role "muted" gives secondary text."""
    lab = QLabel(text, parent)
    if role:
        lab.setProperty("role", role)
    if size is not None or bold:
        lab.setFont(font(size or BODY_PT, QFont.Weight.DemiBold if bold else QFont.Weight.Normal))
    if wrap:
        lab.setWordWrap(True)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    return lab


# ----- words and numbers -------------------------------------------------------------------


def locale() -> QLocale:
    """Return the locale numbers and dates are written in (the system's)."""
    return QLocale()


def number(value: float, decimals: int = 0) -> str:
    """Return a number with the locale's digit grouping ("12,480")."""
    return locale().toString(float(value), "f", decimals)


def money(amount: float | None, currency: str | None = "USD") -> str:
    """Return an amount the way people say it: "$487K", "$1.2M", "€950"; "—" when unknown."""
    if amount is None:
        return "—"
    symbol = CURRENCY_SYMBOLS.get((currency or "USD").upper(), f"{(currency or '').upper()} ")
    value = abs(float(amount))
    sign = "-" if amount < 0 else ""
    for scale, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= scale * 0.9995:
            scaled = value / scale
            decimals = 1 if scaled < 10 and round(scaled, 1) != round(scaled) else 0
            return f"{sign}{symbol}{number(scaled, decimals)}{suffix}"
    return f"{sign}{symbol}{number(value)}"


def plural(n: int, one: str, many: str | None = None) -> str:
    """Return "1 day" / "75 days" with the number in the locale's digits."""
    word = one if n == 1 else (many or f"{one}s")
    return f"{number(n)} {word}"


def day(d: date | None, *, with_year: bool = False) -> str:
    """Return a day as "Tue 23 Jun" (with the year on request); "—" when unknown."""
    if d is None:
        return "—"
    fmt = "ddd d MMM yyyy" if with_year else "ddd d MMM"
    return locale().toString(QDate(d.year, d.month, d.day), fmt)


def short_day_format(*, with_year: bool = False) -> str:
    """Return the Qt date format of `short_day` ("d MMM", or "d MMM yyyy"), for date fields too."""
    return "d MMM yyyy" if with_year else "d MMM"


def short_day(d: date | None, as_of: date | None = None) -> str:
    """Return "23 Jun", adding the year when it differs from the as-of year."""
    if d is None:
        return "—"
    fmt = short_day_format(with_year=as_of is not None and d.year != as_of.year)
    return locale().toString(QDate(d.year, d.month, d.day), fmt)


def relative(d: date | None, as_of: date) -> str:
    """Return how long ago (or ahead) a day is: "today", "3 weeks ago", "in 5 days"; "never"."""
    if d is None:
        return "never"
    delta = (as_of - d).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if delta == -1:
        return "tomorrow"
    n = abs(delta)
    if n < 14:
        span = plural(n, "day")
    elif n < 60:
        span = plural(round(n / 7), "week")
    elif n < 730:
        span = plural(round(n / 30.44), "month")
    else:
        span = plural(round(n / 365.25), "year")
    return f"{span} ago" if delta > 0 else f"in {span}"


def zone_place(tz_name: str | None) -> str:
    """Return a place name for a time zone ("America/Chicago" → "Chicago")."""
    if not tz_name:
        return "UTC"
    return tz_name.rsplit("/", 1)[-1].replace("_", " ")


def clock(dt: datetime, tz_name: str | None) -> str:
    """Return the wall-clock time of an aware datetime in a zone ("10:00")."""
    local = dt.astimezone(zone(tz_name))
    return locale().toString(QTime(local.hour, local.minute), "HH:mm")


def time_in_zones(
    dt: datetime,
    tz_name: str | None,
    other_tz: str | None = None,
    *,
    place: str | None = None,
    other_place: str | None = None,
    with_day: bool = False,
) -> str:
    """Return "10:00 Chicago (16:00 London)"; the bracket is left out when both zones agree."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    here = f"{clock(dt, tz_name)} {place or zone_place(tz_name)}"
    if with_day:
        here = f"{day(dt.astimezone(zone(tz_name)).date())}, {here}"
    if other_tz and other_tz != tz_name:
        there_local = dt.astimezone(zone(other_tz))
        here_local = dt.astimezone(zone(tz_name))
        there = f"{clock(dt, other_tz)} {other_place or zone_place(other_tz)}"
        if there_local.date() != here_local.date():
            there = f"{day(there_local.date())}, {there}"
        if there_local.utcoffset() != here_local.utcoffset():
            return f"{here} ({there})"
    return here


def local_day(dt: datetime, tz_name: str | None) -> date:
    """Return the calendar day of an aware datetime in a zone."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(zone(tz_name)).date()


def home_relative(path: object) -> str:
    """Return a path with the user's home folder written as ~ ("~/.local/share/FieldVisit").

    The one way the app writes a folder or file of this machine (About, first run, …).
    """
    text = str(path)
    home = str(Path.home())
    return "~" + text[len(home) :] if text == home or text.startswith(home + os.sep) else text
