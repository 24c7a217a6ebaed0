"""Calendar files parsed and checked, and what capture keeps of an event (`Occurrence`).

`icalendar` parses (after `prescan`); every event is checked before anything is written: a
broken line, a bad time or repeat rule, no DTSTART, or a TZID nobody describes is refused naming
the file and the event's UID. Times are made aware: Windows zone names (Outlook's
`TZID:Central Standard Time`) become their IANA zone through icalendar's own copy of the Unicode
CLDR mapping, and floating times take the calendar's X-WR-TIMEZONE, else the executive's home
zone. What an `Occurrence` keeps is what the ledger may store, plus the attendees to match; the
description and conference text are read only to tell video and phone calls from visits
(`modes`). Expansion into occurrences is in `expand`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from fieldvisit.capture.modes import clean_location, meeting_mode
from fieldvisit.capture.prescan import prescan
from fieldvisit.capture.sources import CalendarDocument
from fieldvisit.errors import CalendarProblem
from fieldvisit.zones import zone_or_none

# More occurrences than this in one capture's window is not one executive's calendar (five
# years of a busy one is about 10,000): refused, with the advice to capture a shorter window.
MAX_OCCURRENCES = 30_000

# icalendar's property values are a union of ~30 types; what each property holds is checked
# where it is read, so components are handled as Any here.
Component = Any

_TIME_PROPS = ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE")
# A bad value in one of these makes the event unreadable; bad values elsewhere are ignored.
_NEEDED_PROPS = frozenset(
    {*_TIME_PROPS, "DURATION", "RRULE", "UID", "STATUS", "CLASS", "ORGANIZER", "ATTENDEE"}
)
_PRIVATE = frozenset({"PRIVATE", "CONFIDENTIAL"})
_NOT_PEOPLE = frozenset({"ROOM", "RESOURCE"})


@dataclass(frozen=True)
class Attendee:
    """One person on the invitation (rooms and resources are left out)."""

    email: str  # lower-case
    name: str | None
    partstat: str | None  # ACCEPTED, DECLINED, TENTATIVE, NEEDS-ACTION, …; None when not given


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a calendar event in the window, with only what capture needs."""

    source: str  # the file (or CalDAV object) it came from, for messages
    calendar: str  # which calendar: its name, or its CalDAV address
    uid: str
    recurrence_id: str  # "" for a single event; the original start (UTC text) of an occurrence
    start: datetime | date  # aware; a date for an all-day event
    end: datetime | date | None
    cancelled: bool
    private: bool
    title: str | None  # None when private
    location: str | None  # links and dial-in numbers removed; None when private
    organizer: str | None  # e-mail, lower-case
    attendees: tuple[Attendee, ...]
    mode: str  # video, phone, in_person
    busy_status: str | None  # Outlook's X-MICROSOFT-CDO-BUSYSTATUS (BUSY, TENTATIVE, FREE, OOF)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)


@dataclass(frozen=True)
class Window:
    """The time span a capture reads: [since, until), aware."""

    since: datetime
    until: datetime


def utc_text(moment: datetime) -> str:
    """Return an aware moment as the store's UTC text ("2026-06-23 14:00:00")."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def problem(doc: CalendarDocument, uid: object, what: str) -> CalendarProblem:
    where = f"{doc.source}: event {uid}" if uid else doc.source
    return CalendarProblem(f"{where}: {what}; nothing was captured.")


def parse_document(doc: CalendarDocument, window: Window | None = None) -> icalendar.Calendar:
    """Return the parsed calendar of one document, or raise CalendarProblem naming it.

    With a window, single events starting well outside it are left out before parsing, and a
    calendar with more than MAX_OCCURRENCES events in the window is refused before parsing.
    """
    head = doc.data[:4096]
    text = _decoded(doc.data)
    if b"\x00" in head or "BEGIN:VCALENDAR" not in text[:4096].upper():
        raise CalendarProblem(
            f"{doc.source} is not an iCalendar (.ics) file; nothing was captured."
        )
    if window is not None:
        scan = prescan(text, window.since.date(), window.until.date())
        if scan.events > MAX_OCCURRENCES:
            raise too_many(doc, scan.events, window)
        text = scan.text
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except ValueError as exc:
        reason = str(exc).splitlines()[0][:160] if str(exc) else "it cannot be read"
        raise CalendarProblem(
            f"{doc.source} is not a readable calendar ({reason}); nothing was captured."
        ) from None
    if len(calendars) != 1:
        raise CalendarProblem(
            f"{doc.source} holds {len(calendars)} calendars where one was expected; "
            "export each calendar to its own file."
        )
    return calendars[0]


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def calendar_name(doc: CalendarDocument, cal: icalendar.Calendar) -> str:
    """Return which calendar a document is: its CalDAV address, X-WR-CALNAME, or the file's stem."""
    if doc.calendar:
        return doc.calendar
    name = str(cal.get("X-WR-CALNAME", "")).strip()
    return name or doc.stem


def _values(component: Component, name: str) -> list[Any]:
    found = component.get(name)
    if found is None:
        return []
    return found if isinstance(found, list) else [found]


def _iana(prop: Any, doc: CalendarDocument, uid: object) -> None:
    """Give a time value written with a Windows zone name its IANA zone; refuse unknown zones."""
    tzid = str(prop.params.get("TZID", "")).strip().strip('"')
    items = prop.dts if hasattr(prop, "dts") else [prop]
    for item in items:
        value = item.dt
        if not isinstance(value, datetime):
            continue
        own = str(item.params.get("TZID", tzid) if hasattr(item, "params") else tzid) or tzid
        if own in WINDOWS_TO_OLSON:
            zone = ZoneInfo(WINDOWS_TO_OLSON[own])
            if getattr(value.tzinfo, "key", None) != zone.key:
                item.dt = value.replace(tzinfo=zone)
        elif own and value.tzinfo is None:
            raise problem(doc, uid, f"unknown time zone {own!r} (no VTIMEZONE describes it)")


def check_events(doc: CalendarDocument, cal: icalendar.Calendar) -> set[str]:
    """Check every event can be read and make its zones IANA; return the UIDs that recur."""
    recurring: set[str] = set()
    for event in cal.walk("VEVENT"):
        uid = event.get("UID")
        for prop_name, message in getattr(event, "errors", []):
            if prop_name is None or str(prop_name).upper() in _NEEDED_PROPS:
                what = "a broken line" if prop_name is None else f"a bad {prop_name}"
                detail = str(message).splitlines()[0][:120]
                raise problem(doc, uid, f"{what} ({detail})")
        if not uid:
            raise problem(doc, None, f"an event without a UID (DTSTART {event.get('DTSTART')})")
        if event.get("DTSTART") is None:
            raise problem(doc, uid, "no DTSTART (the event has no start)")
        for name in _TIME_PROPS:
            for prop in _values(event, name):
                _iana(prop, doc, uid)
        if event.get("RRULE") or event.get("RDATE") or event.get("RECURRENCE-ID"):
            recurring.add(str(uid))
    return recurring


def aware(value: datetime | date, zone: tzinfo) -> datetime | date:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value


def _email(value: object) -> str | None:
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().lower()
    return text if "@" in text and " " not in text else None


def _attendees(event: Component) -> tuple[Attendee, ...]:
    people: dict[str, Attendee] = {}
    for value in _values(event, "ATTENDEE"):
        params = getattr(value, "params", {})
        if str(params.get("CUTYPE", "")).upper() in _NOT_PEOPLE:
            continue
        email = _email(value)
        if email is None or email.endswith("calendar.google.com"):
            continue  # Google's room and group calendars are not people
        partstat = str(params["PARTSTAT"]).upper() if "PARTSTAT" in params else None
        name = str(params.get("CN", "")).strip().strip('"') or None
        people.setdefault(email, Attendee(email, name, partstat))
    return tuple(people.values())


@dataclass(frozen=True)
class EventFacts:
    """What every occurrence of one source event shares (worked out once per event)."""

    cancelled: bool
    private: bool
    title: str | None
    location: str | None
    organizer: str | None
    attendees: tuple[Attendee, ...]
    mode: str
    busy_status: str | None


def event_facts(component: Component) -> EventFacts:
    private = str(component.get("CLASS", "PUBLIC")).upper() in _PRIVATE
    organizer = component.get("ORGANIZER")
    title = str(component.get("SUMMARY", "")).strip() or None
    busy = component.get("X-MICROSOFT-CDO-BUSYSTATUS")
    return EventFacts(
        cancelled=str(component.get("STATUS", "")).upper() == "CANCELLED",
        private=private,
        title=None if private else title,
        location=None if private else clean_location(component.get("LOCATION")),
        organizer=_email(organizer) if organizer is not None else None,
        attendees=_attendees(component),
        mode=meeting_mode(component),
        busy_status=str(busy).upper() if busy is not None else None,
    )


def too_many(
    doc: CalendarDocument, count: int, window: Window, more: bool = False
) -> CalendarProblem:
    what = f"more than {MAX_OCCURRENCES:,}" if more else f"{count:,}"
    return CalendarProblem(
        f"{doc.source}: {what} events between {window.since.date()} and {window.until.date()}, "
        f"more than one capture takes ({MAX_OCCURRENCES:,}); capture a shorter window with "
        "--since and --until. Nothing was captured."
    )


def calendar_zone(cal: icalendar.Calendar, home_zone: tzinfo) -> tzinfo:
    """Return the zone of floating times: the calendar's X-WR-TIMEZONE, else the executive's."""
    name = str(cal.get("X-WR-TIMEZONE", "")).strip()
    return zone_or_none(WINDOWS_TO_OLSON.get(name, name)) or home_zone
