"""iCalendar (RFC 5545) files with iTIP methods (RFC 5546): REQUEST, CANCEL and PUBLISH.

Every file: CRLF, lines folded at 75 octets (icalendar folds between whole UTF-8 characters),
our PRODID, times in UTC with `Z` (no VTIMEZONE, no client guesses a zone), a stored UID, DTSTAMP in
UTC, SEQUENCE from the visit, no X-WR-CALNAME, display names without quotes or control characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
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
    """Who the invites come from (RFC 5546 ORGANIZER), and who sends them for that person.

    The ORGANIZER is the visit's executive; `sent_by` is the configured sender (a chief of staff)
    acting for them, written as the ORGANIZER's SENT-BY parameter (RFC 5545 3.2.18) and used as
    the e-mail's From.
    """

    email: str
    name: str
    sent_by: str | None = None
    sent_by_name: str = ""

    @property
    def sender(self) -> str:
        """Return the address that sends the invites: the SENT-BY sender, else the organizer."""
        return self.sent_by or self.email


def configured_sender(rules: Rules) -> Organizer | None:
    """Return the configured invite sender (organizer setting), None when none is set."""
    email = rules.organizer_email.strip()
    if not email:
        return None
    if not looks_like_email(email):
        raise FieldVisitError(
            f"The organizer e-mail {email!r} under Settings > Invites is not an e-mail address."
        )
    return Organizer(email=email, name=rules.organizer_name.strip() or email)


def organizer_from(rules: Rules) -> Organizer:
    """Return the configured organizer, or raise a FieldVisitError telling the user to set one."""
    sender = configured_sender(rules)
    if sender is None:
        raise FieldVisitError(
            "No invite organizer is set. Enter the organizer's name and e-mail under "
            "Settings > Invites, or run `fieldvisit invite-settings --organizer-email "
            "you@example.com --organizer-name 'Your Name'`."
        )
    return sender


def visit_organizer(executives: Sequence[tuple[str, str | None]], rules: Rules) -> Organizer:
    """Return a visit's ORGANIZER: its first executive with an e-mail address.

    `executives` are (name, e-mail) pairs in the visit's order. When an invite sender is
    configured and is not that executive, it becomes SENT-BY. A visit without any executive
    e-mail falls back to the configured sender; with neither, the error says what to add.
    """
    sender = configured_sender(rules)
    for name, email in executives:
        if email and looks_like_email(email.strip()):
            email = email.strip()
            if sender is None or sender.email.lower() == email.lower():
                return Organizer(email=email, name=name.strip() or email)
            return Organizer(email, name.strip() or email, sender.email, sender.name)
    if sender is not None:
        return sender
    raise FieldVisitError(
        "This visit has no executive with an e-mail address to organise its invites. Add the "
        "executive's e-mail, or set an invite organizer under Settings > Invites."
    )


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


def organizer_property(organizer: Organizer) -> vCalAddress:
    """Return the ORGANIZER property: the executive, with SENT-BY when someone sends for them."""
    sent_by = f"mailto:{organizer.sent_by.strip()}" if organizer.sent_by else None
    return _address(organizer.email, organizer.name, sent_by=sent_by)


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
        # The executive who organises is listed too (customers see who comes) but, as calendars
        # list an organizer, as having accepted: nobody asks them to answer their own visit.
        own = organizer.email.strip().lower()
        attendees = [
            _address(a.email, a.name, role=a.role, partstat="ACCEPTED", rsvp=False)
            if a.email.strip().lower() == own
            else _address(a.email, a.name, role=a.role, partstat="NEEDS-ACTION", rsvp=True)
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
        organizer=organizer_address or organizer_property(organizer),
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


def publish_ics(contents: Iterable[tuple[InviteContent, Organizer]], stamp: datetime) -> bytes:
    """Return a PUBLISH calendar (no attendees) for one's own calendar, one event per visit.

    `contents` pairs each visit's event with its organizer.
    """
    # One ORGANIZER value per organizer: a 10,000-visit export builds each only once.
    addresses: dict[Organizer, vCalAddress] = {}
    events = []
    for c, organizer in contents:
        address = addresses.get(organizer)
        if address is None:
            address = addresses[organizer] = organizer_property(organizer)
        events.append(
            make_event(c, organizer, with_attendees=False, stamp=stamp, organizer_address=address)
        )
    return calendar_bytes(PUBLISH, events)


def stored_ics(content: InviteContent, organizer: Organizer, stamp: datetime) -> bytes:
    """Return the copy a CalDAV server stores: the PUBLISH event without METHOD (RFC 4791)."""
    event = make_event(content, organizer, with_attendees=False, stamp=stamp)
    return calendar_bytes(None, [event])
