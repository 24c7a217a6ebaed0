"""iCalendar content lines written by hand, so each vendor's exact style survives.

icalendar's serializer reorders properties, re-quotes parameters and picks its own time formats; the
point of these files is to look like what Outlook, Google and Apple write, so lines are built
here and only parsed by the libraries.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime

CRLF = "\r\n"
# RFC 5545 3.1: lines of at most 75 octets, continued with one leading white space.
FOLD_OCTETS = 75


def escape_text(value: str) -> str:
    """Return `value` escaped as an iCalendar TEXT value."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def param(value: str, quote: bool = False) -> str:
    """Return a parameter value, quoted when asked or when it must be (`:`, `;`, `,`)."""
    if quote or any(ch in value for ch in ":;,"):
        return '"' + value.replace('"', "") + '"'
    return value


def line(name: str, value: str, *params: tuple[str, str]) -> str:
    """Return one unfolded content line; parameter values are given already formatted."""
    head = name + "".join(f";{key}={val}" for key, val in params)
    return f"{head}:{value}"


def fold(text: str, lead: str = " ") -> str:
    """Fold one content line at 75 octets without splitting a UTF-8 character."""
    data = text.encode("utf-8")
    if len(data) <= FOLD_OCTETS:
        return text
    parts: list[str] = []
    start = 0
    limit = FOLD_OCTETS
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1  # never cut inside a multi-byte character
        parts.append(data[start:end].decode("utf-8"))
        start = end
        limit = FOLD_OCTETS - len(lead.encode("utf-8"))
    return (CRLF + lead).join(parts)


def render(lines: Iterable[str], lead: str = " ") -> bytes:
    """Return the lines folded, joined with CRLF and ended with CRLF, as UTF-8."""
    return (CRLF.join(fold(x, lead) for x in lines) + CRLF).encode("utf-8")


def utc_stamp(moment: datetime) -> str:
    """Return a UTC DATE-TIME (`20260603T140000Z`)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local_stamp(moment: datetime) -> str:
    """Return a local DATE-TIME without zone (`20260603T100000`): TZID-qualified or floating."""
    return moment.strftime("%Y%m%dT%H%M%S")


def date_stamp(day: date) -> str:
    """Return a DATE value (`20260603`)."""
    return day.strftime("%Y%m%d")


def digest(*parts: str) -> bytes:
    """Return a stable 32-byte digest of the parts (for UIDs that never change between runs)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()


def outlook_uid(key: str) -> str:
    """Return an Outlook/Exchange global object id: the fixed class id, a FILETIME, a GUID."""
    raw = digest("outlook", key)
    filetime = raw[:8].hex().upper()
    guid = raw[8:24].hex().upper()
    return f"040000008200E00074C5B7101A82E00800000000{filetime}{'0' * 16}10000000{guid}"


def google_uid(key: str) -> str:
    """Return a Google Calendar event UID: 26 base-32 characters at google.com."""
    alphabet = "0123456789abcdefghijklmnopqrstuv"
    number = int.from_bytes(digest("google", key)[:17], "big")
    chars = []
    for _ in range(26):
        number, rest = divmod(number, 32)
        chars.append(alphabet[rest])
    return "".join(chars) + "@google.com"


def apple_uid(key: str) -> str:
    """Return an Apple Calendar UID: an upper-case GUID."""
    return str(uuid.UUID(bytes=digest("apple", key)[:16], version=4)).upper()


def stable_guid(*parts: str) -> str:
    """Return an upper-case GUID derived from the parts."""
    return str(uuid.UUID(bytes=digest(*parts)[:16], version=4)).upper()
