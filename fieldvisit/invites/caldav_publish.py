"""Publishing visits to a CalDAV calendar (RFC 4791): create, update and delete by UID.

The stored copy is the PUBLISH form of the event without METHOD (RFC 4791 forbids it in stored
objects) and without ATTENDEEs: a scheduling server (RFC 6638) would otherwise e-mail everyone a
second invitation. SEQUENCE is ours alone, so the client library must not raise it
(`increase_seqno=False`).

`caldav_url` in the settings is either the address of one calendar, or the server's address, in
which case a calendar named "Field Visit" is used (and created when missing).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from caldav.davclient import get_davclient
from caldav.lib import error as dav_error
from caldav.lib.http_sync import requests as dav_http

from fieldvisit.errors import FieldVisitError
from fieldvisit.settings import Rules

CALENDAR_NAME = "Field Visit"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CalDAVSettings:
    """Where to publish, from the workspace settings (the password comes from the keychain)."""

    url: str
    username: str


def caldav_settings(rules: Rules) -> CalDAVSettings:
    """Return the CalDAV settings, or raise a FieldVisitError telling the user what to set."""
    url = rules.caldav_url.strip()
    if not url:
        raise FieldVisitError(
            "No CalDAV calendar is set. Enter its address under Settings > Invites, or run "
            "`fieldvisit invite-settings --caldav-url https://… --caldav-username you`."
        )
    if not url.startswith(("https://", "http://")):
        raise FieldVisitError(f"The CalDAV address {url!r} must start with https://.")
    return CalDAVSettings(url=url, username=rules.caldav_username.strip())


def _same_url(a: object, b: str) -> bool:
    return str(a).rstrip("/") == b.rstrip("/")


def _failure(settings: CalDAVSettings, exc: BaseException) -> FieldVisitError:
    if isinstance(exc, dav_error.AuthorizationError):
        return FieldVisitError(
            f"The CalDAV server at {settings.url} refused the user name or password."
        )
    from fieldvisit.net_words import reason

    return FieldVisitError(f"The CalDAV server at {settings.url} failed: {reason(exc)}")


_ERRORS: tuple[type[BaseException], ...] = (
    dav_error.DAVError,
    dav_http.exceptions.RequestException,
    OSError,
)


class CalDAVCalendar:
    """One calendar on a CalDAV server, addressed by event UID."""

    def __init__(self, settings: CalDAVSettings, password: str | None) -> None:
        self.settings = settings
        try:
            # No config files or CALDAV_* variables: the workspace settings are the only source.
            client = get_davclient(
                url=settings.url,
                username=settings.username or None,
                password=password or None,
                check_config_file=False,
                environment=False,
            )
            if client is None:
                raise FieldVisitError(f"No CalDAV client for {settings.url}.")
            self.client = client
            self.calendar = self._find_calendar()
        except _ERRORS as exc:
            raise _failure(settings, exc) from None

    def _find_calendar(self) -> Any:
        principal = self.client.principal()
        calendars = principal.calendars()
        for cal in calendars:
            if _same_url(cal.url, self.settings.url):
                return cal
        for cal in calendars:
            if cal.get_display_name() == CALENDAR_NAME:
                return cal
        log.info("creating the calendar %r on %s", CALENDAR_NAME, self.settings.url)
        return principal.make_calendar(name=CALENDAR_NAME)

    def put(self, uid: str, ics: bytes) -> str:
        """Create or replace the event with this UID; return "created" or "updated"."""
        data = ics.decode("utf-8")
        try:
            existing = self._get(uid)
            if existing is None:
                self.calendar.add_event(data, increase_seqno=False)
                return "created"
            existing.data = data
            existing.save(increase_seqno=False)
            return "updated"
        except _ERRORS as exc:
            raise _failure(self.settings, exc) from None

    def delete(self, uid: str) -> bool:
        """Delete the event with this UID; return False when the server had none."""
        try:
            existing = self._get(uid)
            if existing is None:
                return False
            existing.delete()
            return True
        except _ERRORS as exc:
            raise _failure(self.settings, exc) from None

    def read(self, uid: str) -> bytes | None:
        """Return the stored iCalendar of the event with this UID, or None."""
        try:
            existing = self._get(uid)
        except _ERRORS as exc:
            raise _failure(self.settings, exc) from None
        if existing is None:
            return None
        return str(existing.data).encode("utf-8")

    def _get(self, uid: str) -> Any:
        try:
            return self.calendar.get_event_by_uid(uid)
        except dav_error.NotFoundError:
            return None

    def close(self) -> None:
        """Release the HTTP session."""
        close = getattr(self.client, "close", None)
        if callable(close):
            close()
