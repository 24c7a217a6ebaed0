"""Cell converters for the generic CSV format: each returns the stored value or raises ValueError.

The error text is the reason a person reads after `file:row:column:`, so it says what was found
and what was expected. Dates come back as ISO strings and date-times as UTC text exactly as the
store writes them, so the bulk writer can hand them to SQLite untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo

from fieldvisit.emails import checked_email
from fieldvisit.store.times import stored_text

Converter = Callable[[str], object]

# Plain decimal numbers only: a thousands separator or a decimal comma is refused rather than
# guessed, because "1.234" means 1234 in Germany and 1.234 in the US.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)\Z")
_INTEGER = re.compile(r"[+-]?\d+\Z")
_YES = frozenset({"yes", "true", "1", "y"})
_NO = frozenset({"no", "false", "0", "n"})
# A person a CRM export only names (or knows by its own user id) is stored under this key until a
# users file gives an e-mail address: `crm:pipedrive:Tom Becker`, `crm:salesforce:005…`.
CRM_KEY_PREFIX = "crm:"


def iso_date(raw: str) -> str:
    """Return `raw` if it is an ISO date like 2026-03-14 (the form stored)."""
    if len(raw) != 10 or raw[4] != "-" or raw[7] != "-":
        raise ValueError(f"{raw!r} is not a date like 2026-03-14")
    try:
        date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a real date (expected a date like 2026-03-14)") from None
    return raw


def aware_datetime(raw: str, zone: tzinfo | None = None) -> datetime:
    """Return the aware datetime an ISO 8601 date-time names.

    With an offset or Z it is taken as given; without one (`2025-09-04 11:05:00`, as CRMs and
    spreadsheets write them) it is read in `zone`, UTC when none is given.
    """
    if len(raw) < 16 or raw[10] not in "T ":
        raise ValueError(f"{raw!r} is not a date-time like 2026-03-14T09:30:00+01:00")
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a date-time like 2026-03-14T09:30:00+01:00") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone or UTC)
    return value


def stored_datetime(raw: str) -> str:
    """Return an ISO date-time (with an offset, or UTC without one) as the UTC text stored."""
    return stored_text(aware_datetime(raw))


def stored_datetime_in(zone: tzinfo) -> Converter:
    """Return `stored_datetime` reading date-times written without an offset in `zone`."""

    def convert(raw: str) -> str:
        return stored_text(aware_datetime(raw, zone))

    return convert


def amount(raw: str) -> float:
    """Return a non-negative plain decimal number (1234.5; no separators, no currency signs)."""
    if not _NUMBER.match(raw):
        hint = ""
        if "," in raw:
            hint = " (write 1234.5: no thousands separators or decimal commas)"
        raise ValueError(f"{raw!r} is not a number like 1234.5{hint}")
    value = float(raw)
    if value < 0:
        raise ValueError(f"{raw!r} is negative; an amount must be 0 or more")
    return value


def count(raw: str) -> int:
    """Return a whole number of 0 or more."""
    if not _INTEGER.match(raw):
        raise ValueError(f"{raw!r} is not a whole number like 4")
    value = int(raw)
    if value < 0:
        raise ValueError(f"{raw!r} is negative; it must be 0 or more")
    return value


def yes_no(raw: str) -> int:
    """Return 1 or 0 for yes/no/true/false/1/0 (stored as SQLite booleans)."""
    low = raw.lower()
    if low in _YES:
        return 1
    if low in _NO:
        return 0
    raise ValueError(f"{raw!r} is not yes or no (use yes/no, true/false or 1/0)")


def email(raw: str) -> str:
    """Return the address trimmed and lower-cased (`fieldvisit.emails` owns the check)."""
    return checked_email(raw)


def text(raw: str) -> str:
    """Return the text as written (already trimmed)."""
    return raw


def enum(values: tuple[str, ...]) -> Converter:
    """Return a converter accepting `values` in any case (spaces or hyphens for underscores)."""
    canonical = {v.lower(): v for v in values}
    allowed = ", ".join(values)

    def convert(raw: str) -> str:
        found = canonical.get(raw.lower().replace(" ", "_").replace("-", "_"))
        if found is None:
            found = canonical.get(raw.lower())
        if found is None:
            raise ValueError(f"{raw!r} is not one of {allowed}")
        return found

    return convert


def split_list(raw: str) -> list[str]:
    """Return the `;`-separated items of a cell, trimmed, empty ones and repeats dropped."""
    items: list[str] = []
    for part in raw.split(";"):
        item = part.strip()
        if item and item not in items:
            items.append(item)
    return items


def email_list(raw: str) -> list[str]:
    """Return the `;`-separated e-mail addresses of a cell, lower-cased, repeats dropped."""
    return list(dict.fromkeys(email(item) for item in split_list(raw)))


def is_crm_key(raw: str) -> bool:
    """Return whether `raw` is a person's CRM key (`crm:<crm>:<key>`), as import-crm writes it."""
    return raw.startswith(CRM_KEY_PREFIX)


def crm_key(crm: str, key: str) -> str:
    """Return the stored key of a person a CRM knows by `key` (an id, or only a name)."""
    return f"{CRM_KEY_PREFIX}{crm}:{key.strip()}"


def person(raw: str) -> str:
    """Return an e-mail address lower-cased, or a person's CRM key as written (see `crm_key`)."""
    value = raw.strip()
    return value if is_crm_key(value) else email(value)


def person_list(raw: str) -> list[str]:
    """Return the `;`-separated people (e-mail addresses or CRM keys) of a cell, repeats dropped."""
    return list(dict.fromkeys(person(item) for item in split_list(raw)))
