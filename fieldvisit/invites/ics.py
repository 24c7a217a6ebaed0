"""iCalendar (RFC 5545) files with iTIP methods (RFC 5546): REQUEST, CANCEL and PUBLISH.

Every file: CRLF, lines folded at 75 octets (icalendar folds between whole UTF-8 characters),
our PRODID, times in UTC with `Z` (no VTIMEZONE, no client guesses a zone), a stored UID, DTSTAMP in
UTC, SEQUENCE from the visit, no X-WR-CALNAME, display names without quotes or control characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from icalendar import STATUS, Calendar, Event, vCalAddress

from fieldvisit import __version__
from fieldvisit.errors import FieldVisitError
from fieldvisit.invites.audiences import InviteContent, looks_like_email
from fieldvisit.settings import Rules

PRODID = f"-//Field Visit//Field Visit {__version__}//EN"
REQUEST, CANCEL, PUBLISH = "REQUEST", "CANCEL", "PUBLISH"

# C0 and C1 controls, DEL, and the quote that cannot be escaped inside a quoted parameter.
_CN_BAD = re.compile(r'[\x00-\x1f\x7f-\x9f"]')
# In text values only line breaks are kept; other controls break parsers.
_TEXT_BAD = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
CN_MAX = 100


@dataclass(frozen=True)
class Organizer:
    """Who the invites come from (RFC 5546 ORGANIZER); the e-mail's From as well."""

    email: str
    name: str


def organizer_from(rules: Rules) -> Organizer:
    """Return the configured organizer, or raise a FieldVisitError telling the user to set one."""
    email = rules.organizer_email.strip()
    if not email:
        raise FieldVisitError(
            "No invite organizer is set. Enter the organizer's name and e-mail under "
            "Settings > Invites, or run `fieldvisit invite-settings --organizer-email "
            "you@example.com --organizer-name 'Your Name'`."
        )
    if not looks_like_email(email):
        raise FieldVisitError(f"The organizer e-mail {email!r} is not an e-mail address.")
    return Organizer(email=email, name=rules.organizer_name.strip() or email)


def clean_line(value: str) -> str:
    """Return text on one line: controls turned into spaces, runs of spaces collapsed."""
    value = unicodedata.normalize("NFC", value)
    return " ".join(_TEXT_BAD.sub(" ", value).split())


def clean_cn(name: str) -> str:
    """Return a display name safe for a CN parameter: no quotes, no controls, one line, short."""
    name = unicodedata.normalize("NFC", name)
    name = _CN_BAD.sub(" ", name)
    name = " ".join(name.split())
    return name[:CN_MAX].rstrip()


def clean_text(value: str) -> str:
    """Return text with Unix line breaks and no control characters (TEXT values)."""
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return _TEXT_BAD.sub(" ", value)


def _address(email: str, name: str, **params: object) -> vCalAddress:
    cn = clean_cn(name)
    return vCalAddress.new(email.strip(), cn=cn or None, **params)  # type: ignore[arg-type]


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the invite builder")
    return value.astimezone(UTC)


def make_event(
    content: InviteContent,
    organizer: Organizer,
    *,
    with_attendees: bool,
    stamp: datetime,
    organizer_address: vCalAddress | None = None,
) -> Event:
    """Return the VEVENT of one invite (attendees only for REQUEST and CANCEL)."""
    attendees = None
    if with_attendees:
        attendees = [
            _address(a.email, a.name, role=a.role, partstat="NEEDS-ACTION", rsvp=True)
            for a in content.attendees
        ]
    event = Event.new(
        uid=content.uid,
        stamp=_utc(stamp),
        start=_utc(content.start),
        end=_utc(content.end),
        summary=clean_line(content.summary),
        description=clean_text(content.description) if content.description else None,
        location=clean_text(content.location) if content.location else None,
        organizer=organizer_address or _address(organizer.email, organizer.name),
        attendees=attendees,
        sequence=content.sequence,
        status=STATUS.CANCELLED if content.cancelled else STATUS.CONFIRMED,
    )
    return event


def calendar_bytes(method: str | None, events: Iterable[Event]) -> bytes:
    """Return a whole VCALENDAR as bytes (METHOD omitted when None, as CalDAV stores it)."""
    cal = Calendar.new(prodid=PRODID, method=method)
    # Calendar.new adds a random RFC 7986 UID to the calendar itself; an invite has no use for it
    # and a changing value would make identical exports differ.
    del cal["UID"]
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def itip_method(content: InviteContent) -> str:
    """Return the iTIP method of a one-visit message: CANCEL for a cancelled visit, else REQUEST."""
    return CANCEL if content.cancelled else REQUEST


def invite_ics(content: InviteContent, organizer: Organizer, stamp: datetime) -> bytes:
    """Return the REQUEST (or, for a cancelled visit, CANCEL) message of one audience."""
    if not content.attendees:
        raise FieldVisitError(
            f"The {content.audience} invite has nobody to invite: "
            "add attendees with e-mail addresses to the visit."
        )
    event = make_event(content, organizer, with_attendees=True, stamp=stamp)
    return calendar_bytes(itip_method(content), [event])


def publish_ics(contents: Iterable[InviteContent], organizer: Organizer, stamp: datetime) -> bytes:
    """Return a PUBLISH calendar (no attendees) for one's own calendar, one event per visit."""
    # One ORGANIZER value shared by every event: a 10,000-visit export builds it once.
    address = _address(organizer.email, organizer.name)
    events = [
        make_event(c, organizer, with_attendees=False, stamp=stamp, organizer_address=address)
        for c in contents
    ]
    return calendar_bytes(PUBLISH, events)


def stored_ics(content: InviteContent, organizer: Organizer, stamp: datetime) -> bytes:
    """Return the copy a CalDAV server stores: the PUBLISH event without METHOD (RFC 4791)."""
    event = make_event(content, organizer, with_attendees=False, stamp=stamp)
    return calendar_bytes(None, [event])
