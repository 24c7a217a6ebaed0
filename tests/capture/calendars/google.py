"""Google Calendar's export (Settings > Import & export > Export): `<address>.ical.zip` holding one
.ics per calendar, `<address>.ics` for the primary one and `<name>_<calendar id>.ics` for the others.

Inside: one-off events in UTC (`…Z`), series (and their changed occurrences) in their zone's TZID
with a VTIMEZONE carrying X-LIC-LOCATION, X-WR-CALNAME and X-WR-TIMEZONE, every attendee with
CUTYPE, ROLE, PARTSTAT, CN and X-NUM-GUESTS, declined events kept, Meet links in
X-GOOGLE-CONFERENCE and in the description's "-::~:~::~" block, the same DTSTAMP on every event.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

from tests.capture.calendars.company import Executive, Person
from tests.capture.calendars.lines import (
    date_stamp,
    escape_text,
    google_uid,
    line,
    local_stamp,
    render,
    utc_stamp,
)
from tests.capture.calendars.meetings import Guest, Meeting, Override
from tests.capture.calendars.zones import google_vtimezone

PRODID = "-//Google Inc//Google Calendar 70.9054//EN"
HOLIDAYS_NAME = "Holidays in United States"
HOLIDAYS_ID = "en.usa#holiday@group.v.calendar.google.com"


def zip_name(owner: Executive) -> str:
    return f"{owner.email}.ical.zip"


def _attendee(person: Person, answer: str) -> str:
    return line(
        "ATTENDEE",
        f"mailto:{person.email}",
        ("CUTYPE", "INDIVIDUAL"),
        ("ROLE", "REQ-PARTICIPANT"),
        ("PARTSTAT", answer),
        ("CN", person.name),
        ("X-NUM-GUESTS", "0"),
    )


def _attendees(m: Meeting, owner: Executive) -> list[str]:
    """Google lists the organizer among the guests when the event was made in Google; for an
    invitation it only knows its owner's answer, the others show NEEDS-ACTION."""
    tracked = m.organizer.email == owner.email
    out = []
    if tracked or m.uid.endswith("@google.com"):
        out.append(_attendee(m.organizer, "ACCEPTED"))
    for g in m.guests:
        answer = g.answer if tracked or g.person.email == owner.email else "NEEDS-ACTION"
        out.append(_attendee(g.person, answer))
    return out


def _when(name: str, value: datetime | date, series: bool) -> str:
    if not isinstance(value, datetime):
        return line(name, date_stamp(value), ("VALUE", "DATE"))
    if series:
        return line(name, local_stamp(value), ("TZID", getattr(value.tzinfo, "key", "")))
    return f"{name}:{utc_stamp(value)}"


def _alarm() -> list[str]:
    return ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:This is an event reminder",
            "TRIGGER:-P0DT0H10M0S", "END:VALARM"]  # fmt: skip


def event_lines(m: Meeting, owner: Executive, exported: datetime,
                override: Override | None = None) -> list[str]:  # fmt: skip
    """Return the VEVENT of a meeting, or of one changed occurrence of its series."""
    series = m.weekly is not None
    start, end = m.start, m.end
    if override is not None:
        start = override.start or override.original
        end = override.end or (override.original + (m.end - m.start))  # type: ignore[operator]
    out = ["BEGIN:VEVENT", _when("DTSTART", start, series), _when("DTEND", end, series)]
    if series and override is None:
        byday, count, until = m.weekly  # type: ignore[misc]
        limit = f";COUNT={count}" if count else f";UNTIL={utc_stamp(until)}" if until else ""
        out.append(f"RRULE:FREQ=WEEKLY;WKST=SU{limit};BYDAY={byday}")
        out += [_when("EXDATE", day, True) for day in m.exdates]
    out.append(f"DTSTAMP:{utc_stamp(exported)}")
    if m.guests:
        out.append(line("ORGANIZER", f"mailto:{m.organizer.email}", ("CN", m.organizer.name)))
    out.append(f"UID:{m.uid}")
    out += _attendees(m, owner)
    if m.conference is not None and m.conference.kind == "meet":
        out.append(f"X-GOOGLE-CONFERENCE:{m.conference.url}")
    if override is not None:
        out.append(_when("RECURRENCE-ID", override.original, True))
    if m.private:
        out.append("CLASS:PRIVATE")
    modified = m.modified if override is None else m.modified + timedelta(days=3)
    cancelled = m.status == "CANCELLED" or (override is not None and override.cancelled)
    out += [
        f"CREATED:{utc_stamp(m.created)}",
        line("DESCRIPTION", escape_text(m.description)),
        f"LAST-MODIFIED:{utc_stamp(modified)}",
        line("LOCATION", escape_text(m.location)),
        f"SEQUENCE:{m.sequence + (1 if override is not None else 0)}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        line("SUMMARY", escape_text(m.summary)),
        f"TRANSP:{'TRANSPARENT' if m.all_day else 'OPAQUE'}",
    ]
    if m.alarm and not m.all_day and not cancelled:
        out += _alarm()
    return [*out, "END:VEVENT"]


def _header(name: str, zone: str, description: str | None = None) -> list[str]:
    out = ["BEGIN:VCALENDAR", f"PRODID:{PRODID}", "VERSION:2.0", "CALSCALE:GREGORIAN",
           "METHOD:PUBLISH", line("X-WR-CALNAME", escape_text(name)), f"X-WR-TIMEZONE:{zone}"]  # fmt: skip
    if description:
        out.append(line("X-WR-CALDESC", escape_text(description)))
    return out


def primary_bytes(owner: Executive, meetings: list[Meeting], exported: datetime) -> bytes:
    """Return the primary calendar's .ics."""
    out = _header(owner.email, owner.tz)
    zones: list[str] = []
    for m in meetings:
        if m.weekly is not None and m.zone and m.zone not in zones:
            zones.append(m.zone)
    for zone in zones:
        out += google_vtimezone(zone, exported.year)
    for m in meetings:
        out += event_lines(m, owner, exported)
        for override in m.overrides:
            out += event_lines(m, owner, exported, override)
    out.append("END:VCALENDAR")
    return render(out)


def holidays(as_of: date) -> list[tuple[date, str]]:
    """Return the public holidays the subscribed holiday calendar shows around `as_of`."""
    return [(date(as_of.year, 6, 19), "Juneteenth"), (date(as_of.year, 7, 4), "Independence Day")]


def holiday_uid(day: date) -> str:
    return f"{date_stamp(day)}_{google_uid(f'holiday/{day}').split('@')[0]}@google.com"


def holidays_bytes(owner: Executive, as_of: date, exported: datetime) -> bytes:
    """Return the subscribed "Holidays in United States" calendar: all-day, no attendees."""
    out = _header(HOLIDAYS_NAME, owner.tz, "Holidays and Observances in United States")
    created = exported - timedelta(days=400)
    for day, name in holidays(as_of):
        out += [
            "BEGIN:VEVENT",
            line("DTSTART", date_stamp(day), ("VALUE", "DATE")),
            line("DTEND", date_stamp(day + timedelta(days=1)), ("VALUE", "DATE")),
            f"DTSTAMP:{utc_stamp(exported)}",
            f"UID:{holiday_uid(day)}",
            "CLASS:PUBLIC",
            f"CREATED:{utc_stamp(created)}",
            "DESCRIPTION:Public holiday",
            f"LAST-MODIFIED:{utc_stamp(created)}",
            "SEQUENCE:0",
            "STATUS:CONFIRMED",
            line("SUMMARY", escape_text(name)),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    out.append("END:VCALENDAR")
    return render(out)


def write(folder: Path, owner: Executive, meetings: list[Meeting], as_of: date,
          exported: datetime) -> Path:  # fmt: skip
    """Write `folder/<address>.ical.zip` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / zip_name(owner)
    stamp = exported.timetuple()[:6]
    members = [
        (f"{owner.email}.ics", primary_bytes(owner, meetings, exported)),
        (f"{HOLIDAYS_NAME}_{HOLIDAYS_ID}.ics", holidays_bytes(owner, as_of, exported)),
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(zipfile.ZipInfo(name, date_time=stamp), data, zipfile.ZIP_DEFLATED)
    return path


__all__ = ["Guest", "holiday_uid", "holidays", "primary_bytes", "write", "zip_name"]
