"""The one time-zone lookup: an IANA name to a zone, with the fallback every caller shares.

Names come from the workspace (accounts' and executives' `tz`), from CRM exports and from
settings; an empty or unknown name is not an error where a time is only shown or proposed:
`zone_or_none` says "unknown", `zone` falls back to UTC. Importers that must refuse a bad name
use `zone_named`.
"""

from __future__ import annotations

from datetime import UTC, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@lru_cache(maxsize=512)
def zone_or_none(name: str | None) -> ZoneInfo | None:
    """Return the zone of an IANA name (surrounding blanks ignored), or None when empty/unknown."""
    cleaned = (name or "").strip()
    if not cleaned:
        return None
    try:
        return ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone(name: str | None) -> tzinfo:
    """Return the zone of an IANA name; UTC when it is empty or unknown."""
    return zone_or_none(name) or UTC


def zone_named(name: str) -> ZoneInfo:
    """Return the zone of an IANA name, or raise ValueError saying it is not one."""
    found = zone_or_none(name)
    if found is None:
        raise ValueError(f"{name!r} is not a time zone like Europe/Berlin")
    return found
