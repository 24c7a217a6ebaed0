"""Executives' calendar sources as the app shows and sets them, and the accounts a review offers.

A source is stored with the other capture settings (`fieldvisit.settings.CaptureSettings`,
`calendar_sources`: executive e-mail, lower-case → `{"path": …}` or `{"caldav_url": …,
"caldav_user": …}`), the same place `fieldvisit capture-settings --exec` writes. Passwords are
never here: they live behind `fieldvisit.secrets`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError, NotFound
from fieldvisit.executive_levels import level_order_sql
from fieldvisit.settings import load_capture_settings, save_capture_settings
from fieldvisit.store.dialect import dialect_of


@dataclass(frozen=True)
class ExecutiveCalendar:
    """One executive, where their calendar is read from, and how many meetings await review."""

    pk: int
    name: str
    email: str | None  # None: a CRM named them without an address; nothing can be captured
    tz: str | None
    path: str | None  # an exported file, folder or zip
    caldav_url: str | None
    caldav_user: str | None
    open_reviews: int

    @property
    def has_source(self) -> bool:
        return bool(self.path or self.caldav_url)


def executive_calendars(conn: Connection) -> list[ExecutiveCalendar]:
    """Return every executive (most senior first, then by name) with their calendar source."""
    sources = load_capture_settings(conn).calendar_sources
    reviews: dict[int, int] = {
        int(pk): int(n)
        for pk, n in conn.execute(
            text(
                "SELECT executive_id, count(*) FROM capture_review WHERE state = 'open' "
                "GROUP BY executive_id"
            )
        )
    }
    found = []
    for pk, name, email, tz in conn.execute(
        text(f"SELECT id, name, email, tz FROM executive ORDER BY {level_order_sql()}, name")
    ):
        source = sources.get((email or "").strip().lower(), {}) if email else {}
        found.append(
            ExecutiveCalendar(
                pk,
                name,
                email,
                tz,
                source.get("path") or None,
                source.get("caldav_url") or None,
                source.get("caldav_user") or None,
                int(reviews.get(pk, 0)),
            )
        )
    return found


def set_calendar_source(
    conn: Connection,
    email: str,
    *,
    path: Path | None = None,
    caldav_url: str | None = None,
    caldav_user: str | None = None,
) -> None:
    """Store (or, given neither a path nor a CalDAV address, forget) an executive's calendar."""
    key = email.strip().lower()
    known = conn.execute(
        text("SELECT 1 FROM executive WHERE lower(email) = :e"), {"e": key}
    ).first()
    if known is None:
        raise NotFound(f"No executive with the e-mail {email!r} in this workspace.")
    sources = dict(load_capture_settings(conn).calendar_sources)
    if path is not None and caldav_url:
        raise FieldVisitError("A calendar is either a file, folder or zip, or a CalDAV address.")
    if path is not None:
        sources[key] = {"path": str(Path(path).expanduser().resolve())}
    elif caldav_url:
        url = caldav_url.strip()
        if not url.startswith(("https://", "http://")):
            raise FieldVisitError(f"The CalDAV address {url!r} must start with https://.")
        if not (caldav_user or "").strip():
            raise FieldVisitError("A CalDAV calendar needs the user name of its login.")
        sources[key] = {"caldav_url": url, "caldav_user": (caldav_user or "").strip()}
    else:
        sources.pop(key, None)
    save_capture_settings(conn, {"calendar_sources": sources})


@dataclass(frozen=True)
class AccountName:
    """An account as a chooser lists it."""

    pk: int
    account_id: str
    name: str
    city: str | None


def account_names(conn: Connection) -> list[AccountName]:
    """Return every account by name (for a searchable chooser)."""
    return [
        AccountName(pk, ext, name, city)
        for pk, ext, name, city in conn.execute(
            text(
                "SELECT id, external_id, name, city FROM account "
                f"ORDER BY {dialect_of(conn).nocase('name')}, id"
            )
        )
    ]
