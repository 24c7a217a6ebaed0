"""Cells as CRMs write them, turned into the generic format: numbers, dates, ids, yes/no, e-mails.

Exports follow the exporting user's locale: `410,000.00` and `8/8/2026` (en_US), `410.000,00` and
`08.08.2026` (de_DE). Nothing here guesses per cell: a column's number style and an export's date
order are decided from all their values (`number_style`, `date_order`), and a value that does not
fit the decision is an error the caller reports with its row. Everything returns the text the
generic CSV format takes (`fieldvisit.ingest.kinds`), or raises ValueError with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo

from fieldvisit.emails import emails_in
from fieldvisit.zones import zone_named

DOT = "dot"  # 410,000.00 — a dot before the decimals
COMMA = "comma"  # 410.000,00 — a comma before the decimals
DMY, MDY, YMD = "DMY", "MDY", "YMD"

# A currency sign or ISO code around an amount ("$410,000.00", "EUR 410.000,00", "410000 CHF").
_MONEY_WORDS = re.compile(r"^[A-Z]{3}\s+|\s+[A-Z]{3}$|[$€£¥₣]|\bCHF\b|\s")
_DOT_STYLE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{1,2}|\d+\.\d{4,})$")
_COMMA_STYLE = re.compile(r"^-?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d{1,2}|\d+,\d{4,})$")
_PLAIN = re.compile(r"^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$")

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])")
_SLASH_DATE = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})(?:$|[ ,T])")
_TIME = re.compile(
    r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?\s*(AM|PM|am|pm|a\.m\.|p\.m\.)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)
_EXCEL_EPOCH = datetime(1899, 12, 30)

SF_EMPTY_IDS = frozenset({"000000000000000", "000000000000000AAA"})
_SF_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"

_TRUE = frozenset({"1", "true", "yes", "y", "x", "ja", "wahr", "oui", "sí", "si", "vrai"})
_FALSE = frozenset({"0", "false", "no", "n", "nein", "falsch", "non", "faux", ""})


# ----- numbers ------------------------------------------------------------------------------


def number_style(samples: Iterable[str]) -> str | None:
    """Return DOT or COMMA when the column's values show their decimal mark; None when none do.

    `410,000.00` shows DOT, `410.000,00` and `12,5` show COMMA; `410000` shows nothing.
    """
    dot = comma = 0
    for raw in samples:
        text = _MONEY_WORDS.sub("", raw.strip()).rstrip("%")
        if _PLAIN.match(text) and "." in text and len(text.split(".")[1]) == 3:
            continue  # "1.234" could be either: no evidence
        if _DOT_STYLE.match(text):
            dot += 1
        elif _COMMA_STYLE.match(text):
            comma += 1
    if dot and not comma:
        return DOT
    if comma and not dot:
        return COMMA
    return None


def number(raw: str, style: str | None) -> str:
    """Return `raw` as a plain decimal ("410000.00"); currency signs and `%` are dropped.

    Raises ValueError when the value does not fit `style` (a column's decided style).
    """
    text = _MONEY_WORDS.sub("", raw.strip()).rstrip("%")
    if not text:
        return ""
    if _PLAIN.match(text) and not (style == COMMA and "." in text):
        return _plain(text)
    if style in (DOT, None) and _DOT_STYLE.match(text):
        return _plain(text.replace(",", ""))
    if style in (COMMA, None) and _COMMA_STYLE.match(text):
        return _plain(text.replace(".", "").replace(",", "."))
    if style is None and "," in text and "." not in text and text.count(",") == 1:
        return _plain(text.replace(",", "."))
    written = "410,000.00" if style == DOT else "410.000,00" if style == COMMA else "410000.00"
    raise ValueError(f"{raw!r} is not a number written like the column's others ({written})")


def _plain(text: str) -> str:
    value = float(text)
    return str(int(value)) if value.is_integer() and "e" not in text.lower() else text


# ----- dates --------------------------------------------------------------------------------


def date_order(samples: Iterable[str]) -> str | None:
    """Return the date order the values show (DMY, MDY, YMD), or None when they leave it open.

    ISO dates show YMD; `30/6/2026` shows DMY, `6/30/2026` MDY; dotted dates (`08.08.2026`) are
    day first in every locale that writes them. Values that disagree give None too.
    """
    seen: set[str] = set()
    for raw in samples:
        text = raw.strip()
        if not text:
            continue
        if _ISO_DATE.match(text):
            seen.add(YMD)
            continue
        m = _SLASH_DATE.match(text)
        if not m:
            continue
        first, sep, second = int(m.group(1)), m.group(2), int(m.group(3))
        if sep == "." or first > 12:
            seen.add(DMY)
        elif second > 12:
            seen.add(MDY)
    slash_orders = seen - {YMD}
    if len(slash_orders) == 1:
        return slash_orders.pop()
    if not slash_orders and YMD in seen:
        return YMD
    return None


def needs_order(samples: Iterable[str]) -> bool:
    """Return True when some values are day/month dates whose order the caller must know."""
    return any(_SLASH_DATE.match(s.strip()) for s in samples)


def parse_date(raw: str, order: str | None) -> str:
    """Return the ISO date ("2026-08-08") of a date or date-time cell.

    Raises ValueError for text that is no date, and for a day/month date when `order` is None.
    """
    text = raw.strip()
    found = _split_date(text, order)
    if found is None:
        raise ValueError(f"{raw!r} is not a date")
    return found[0].isoformat()


def parse_datetime(raw: str, order: str | None, zone: str | None = None) -> str:
    """Return the ISO date-time in UTC with offset ("2026-01-10T09:12:44+00:00").

    A value without an offset is in `zone` (an IANA name; UTC when None). `11/10/2025 11:00 AM`,
    `10.11.2025 11:00`, `2026-01-10 09:12:44`, `2026-01-10T09:12:44.000Z` are all read; a date
    alone is midnight.
    """
    text = raw.strip()
    found = _split_date(text, order)
    if found is None:
        raise ValueError(f"{raw!r} is not a date-time")
    day, rest = found
    hour = minute = second = micro = 0
    offset: timedelta | None = None
    rest = rest.lstrip(" T,")
    if rest:
        m = _TIME.fullmatch(rest)
        if m is None:
            raise ValueError(f"{raw!r} has a time that cannot be read")
        hour, minute = int(m.group(1)), int(m.group(2))
        second = int(m.group(3) or 0)
        micro = int((m.group(4) or "0").ljust(6, "0")[:6])
        half = (m.group(5) or "").lower().replace(".", "")
        if half == "pm" and hour < 12:
            hour += 12
        elif half == "am" and hour == 12:
            hour = 0
        if m.group(6):
            offset = _offset(m.group(6))
        if hour > 23 or minute > 59 or second > 59:
            raise ValueError(f"{raw!r} has a time that does not exist")
    naive = datetime(day.year, day.month, day.day, hour, minute, second, micro)
    if offset is not None:
        aware = naive.replace(tzinfo=UTC) - offset
    else:
        aware = naive.replace(tzinfo=_zone(zone))
    return aware.astimezone(UTC).isoformat(timespec="seconds")


def _offset(text: str) -> timedelta:
    if text == "Z":
        return timedelta(0)
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))


def _zone(name: str | None) -> tzinfo:
    return zone_named(name) if name else UTC


def _split_date(text: str, order: str | None) -> tuple[date, str] | None:
    """Return (the date, the rest of the text) or None when `text` starts with no date."""
    m = _ISO_DATE.match(text)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        rest = text[m.end(3) :]
    else:
        m = _SLASH_DATE.match(text)
        if m is None:
            return None
        a, sep, b, y = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        if order is None:
            order = DMY if sep == "." else None
        if order is None:
            raise ValueError(
                f"{text!r} could be day/month or month/day; say which with --date-order "
                "(DMY or MDY)"
            )
        day, month = (a, b) if order == DMY else (b, a)
        year = y + 2000 if y < 100 else y
        rest = text[m.end(4) :]
    try:
        return date(year, month, day), rest
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


def excel_serial(raw: str) -> str:
    """Return the ISO date-time (UTC, naive reading) of an Excel serial number like 45965.383843."""
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not an Excel date number") from None
    moment = _EXCEL_EPOCH + timedelta(days=value)
    moment = moment.replace(microsecond=0) + timedelta(seconds=round(moment.microsecond / 1e6))
    return moment.isoformat(timespec="seconds")


def is_excel_serial(raw: str) -> bool:
    """Return True for a bare number in the range Excel uses for dates of 1982–2119."""
    try:
        value = float(raw)
    except ValueError:
        return False
    return 30_000 <= value <= 80_000


# ----- Salesforce ids -----------------------------------------------------------------------


def sf_id(raw: str) -> str:
    """Return the record's 15-character case-sensitive id ("" for an empty lookup).

    Reports show 15-character ids, exports and the API 18-character ones (the 15 plus a checksum
    of the letters' case): both name the same record. An 18-character id whose checksum does not
    match is kept whole, so two different records never collapse into one.
    """
    text = raw.strip()
    if not text or text in SF_EMPTY_IDS:
        return ""
    if len(text) == 18 and sf_suffix(text[:15]) == text[15:].upper():
        return text[:15]
    return text


def sf_suffix(id15: str) -> str:
    """Return the 3-character checksum Salesforce appends to a 15-character id."""
    suffix = ""
    for chunk in range(3):
        bits = 0
        for i, ch in enumerate(id15[chunk * 5 : chunk * 5 + 5]):
            if "A" <= ch <= "Z":
                bits |= 1 << i
        suffix += _SF_SUFFIX[bits]
    return suffix


# ----- yes/no, e-mails ----------------------------------------------------------------------


def yes_no(raw: str) -> str:
    """Return "1" or "0" for the ways exports write yes and no (1/0, true/false, ja/nein, x)."""
    text = raw.strip().lower()
    if text in _TRUE:
        return "1"
    if text in _FALSE:
        return "0"
    raise ValueError(f"{raw!r} is not yes or no")


def emails(raw: str) -> list[str]:
    """Return every e-mail address in a cell ("a@x.com, b@x.com", "Dana <dana@x.com>")."""
    return emails_in(raw)


def first_email(raw: str) -> str:
    """Return the first e-mail address in a cell, or ""."""
    found = emails(raw)
    return found[0] if found else ""
