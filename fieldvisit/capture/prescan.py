"""A quick pass over a calendar's text before parsing: only what a capture can use is parsed.

Parsing is the slow part of a capture (icalendar reads a few thousand events a second), and an
export holds much a capture never reads. Here, as text:

- single events whose DTSTART date lies well outside the window are left out (anything
  recurring — RRULE, RDATE, RECURRENCE-ID — and anything whose start cannot be read this way is
  kept, so the parser decides about it and names its problems);
- in the events kept, alarms and properties no rule reads (stamps, transparency, attachments,
  vendors' bookkeeping) are left out, and so is a description that holds no call link or dial-in
  (the description is only ever read to tell video and phone calls from visits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from fieldvisit.capture.modes import mentions_call

_START = re.compile(r"^DTSTART[^:\n]*:(\d{8})", re.MULTILINE)
_RECURS = re.compile(r"^(?:RRULE|RDATE|RECURRENCE-ID)[;:]", re.MULTILINE | re.IGNORECASE)
# Time zones move a date by at most a day; two days of margin keep every edge case.
_MARGIN = timedelta(days=2)
_FOLD = re.compile(r"\r?\n[ \t]")
_NAME = re.compile(r"[A-Za-z0-9-]+")
_UNUSED = frozenset(
    {
        "DTSTAMP", "CREATED", "LAST-MODIFIED", "TRANSP", "PRIORITY", "ATTACH", "CATEGORIES",
        "COMMENT", "CONTACT", "RESOURCES", "GEO", "REQUEST-STATUS", "RELATED-TO", "IMAGE",
        "COLOR",
    }
)  # fmt: skip
_UNUSED_PREFIXES = ("X-APPLE-", "X-MS-OLK-", "X-WR-", "X-MOZ-", "X-LIC-", "X-EVOLUTION-")
# Outlook's X-MICROSOFT-CDO-* are bookkeeping, except the busy status (see classify).
_KEPT_VENDOR = frozenset({"X-MICROSOFT-CDO-BUSYSTATUS", "X-GOOGLE-CONFERENCE"})
_DESCRIPTIONS = frozenset({"DESCRIPTION", "X-ALT-DESC"})


@dataclass(frozen=True)
class Prescan:
    """The calendar's text with what a capture cannot use left out, and how many events remain."""

    text: str
    events: int  # events kept (a recurring series counts once)
    dropped: int


def _day(block: str) -> date | None:
    found = _START.search(block)
    if found is None:
        return None
    raw = found.group(1)
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    except ValueError:
        return None


def _unused(name: str) -> bool:
    if name in _UNUSED:
        return True
    if name in _KEPT_VENDOR:
        return False
    return name.startswith(_UNUSED_PREFIXES) or name.startswith(("X-MICROSOFT-CDO-", "X-GOOGLE-"))


def _slim(block: str) -> str:
    """Return an event (unfolded) without alarms, unused properties and plain descriptions."""
    kept: list[str] = []
    depth = 0
    for line in block.splitlines():
        upper = line[:16].upper()
        if upper.startswith("BEGIN:VALARM"):
            depth += 1
            continue
        if depth:
            depth -= upper.startswith("END:VALARM")
            continue
        found = _NAME.match(line)
        name = found.group(0).upper() if found else ""
        if _unused(name) or (name in _DESCRIPTIONS and not mentions_call(line)):
            continue
        kept.append(line)
    return "\r\n".join(kept) + "\r\n"


def prescan(text: str, since: date, until: date) -> Prescan:
    """Return `text` without what a capture of [since, until) cannot use (with a margin)."""
    upper = text.upper()
    if upper.count("BEGIN:VCALENDAR") != 1:
        return Prescan(text, upper.count("BEGIN:VEVENT"), 0)
    lo, hi = since - _MARGIN, until + _MARGIN
    parts: list[str] = []
    kept = dropped = 0
    pos = 0
    while True:
        begin = upper.find("\nBEGIN:VEVENT", max(pos - 1, 0)) + 1
        if begin <= 0:
            break
        end = upper.find("\nEND:VEVENT", begin)
        if end < 0:
            break  # a broken file: the parser says so
        end = upper.find("\n", end + 1)
        end = len(text) if end < 0 else end + 1
        block = _FOLD.sub("", text[begin:end])
        parts.append(text[pos:begin])
        day = None if _RECURS.search(block) else _day(block)
        if day is not None and not lo <= day < hi:
            dropped += 1
        else:
            parts.append(_slim(block))
            kept += 1
        pos = end
    parts.append(text[pos:])
    return Prescan("".join(parts), kept, dropped)
