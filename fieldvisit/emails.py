"""The one e-mail address check, shared by the importers, invites and settings.

An address is name@domain.tld without blanks and without the characters that would break a
calendar invite's `mailto:` line or an address list (`: ; , < > "`): what an import accepts, an
invite can carry, so nobody imported with an address is left off an invite for its shape.
"""

from __future__ import annotations

import re

_PART = r"[^@\s:;,<>\"]+"
_ADDRESS = rf"{_PART}@{_PART}\.{_PART}"
_WHOLE = re.compile(rf"{_ADDRESS}\Z")
_INSIDE = re.compile(_ADDRESS)


def is_email(value: str | None) -> bool:
    """Return whether `value` (surrounding blanks ignored) is shaped like name@domain.tld."""
    return bool(value and _WHOLE.match(value.strip()))


def checked_email(raw: str) -> str:
    """Return the address trimmed and lower-cased, or raise ValueError saying it is not one."""
    value = raw.strip().lower()
    if not is_email(value):
        raise ValueError(f"{raw!r} is not an e-mail address")
    return value


def emails_in(text: str) -> list[str]:
    """Return every address inside a text ("a@x.com, b@x.com", "Dana <dana@x.com>"), lower-cased."""
    return [m.group(0).lower() for m in _INSIDE.finditer(text)]
