"""Outlook "Save Calendar" with full details, as Outlook for Windows (16.0) writes the file.

The shape, property by property (see README.md for the sources): METHOD:PUBLISH with X-CALSTART,
X-CALEND, X-WR-RELCALID, X-WR-CALNAME, X-PRIMARY-CALENDAR, X-OWNER and the working hours;
VTIMEZONEs named the Windows way (`Pacific Standard Time`) with 1601 starts; events with their
properties in alphabetical order, `TZID="…"` quoted, `SUMMARY;LANGUAGE=en-us`, attendees with
`CN="…";RSVP=TRUE` and a PARTSTAT only where the organizer tracked an answer, the owner's own
answer left to `X-MICROSOFT-CDO-BUSYSTATUS`, Teams in X-MICROSOFT-SKYPETEAMSMEETINGURL.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from pathlib import Path

from tests.capture.calendars.company import Executive, Person
from tests.capture.calendars.lines import (
    date_stamp,
    digest,
    escape_text,
    line,
    local_stamp,
    param,
    render,
    utc_stamp,
)
from tests.capture.calendars.meetings import Meeting
from tests.capture.calendars.zones import outlook_vtimezone, windows_name

PRODID = "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN"
FILE_NAME = "Calendar.ics"


def _who(person: Person) -> tuple[str, str]:
    return ("CN", param(person.name, quote=" " in person.name))


def _attendees(m: Meeting, owner: Executive) -> list[str]:
    """The organizer's copy tracks answers; an invitee's copy knows nobody's, not even its own."""
    out = []
    owner_organizes = m.organizer.email == owner.email
    if owner_organizes and m.guests:
        out.append(line("ATTENDEE", f"mailto:{owner.email}", _who(owner.person), ("RSVP", "TRUE")))
    for guest in m.guests:
        params = [_who(guest.person)]
        if guest.optional:
            params.append(("ROLE", "OPT-PARTICIPANT"))
        params.append(("RSVP", "TRUE"))
        if owner_organizes and guest.answer != "NEEDS-ACTION":
            params.append(("PARTSTAT", guest.answer))
        out.append(line("ATTENDEE", f"mailto:{guest.person.email}", *params))
    return out


def _when(name: str, value: datetime | date) -> str:
    if not isinstance(value, datetime):
        return line(name, date_stamp(value), ("VALUE", "DATE"))
    assert value.tzinfo is not None, "Outlook writes no floating times"
    zone = getattr(value.tzinfo, "key", "")
    return line(name, local_stamp(value), ("TZID", param(windows_name(zone), quote=True)))


def _busy(m: Meeting, owner: Executive) -> str:
    """Return the owner's free/busy: how Outlook shows the owner's own answer."""
    answer = m.answer_of(owner.email)
    if m.all_day:
        return "OOF"
    return "BUSY" if answer == "ACCEPTED" else "TENTATIVE"


def _html(m: Meeting) -> str:
    """Return the HTML body Outlook keeps next to the plain text (links as anchors)."""
    paragraphs = []
    for text in m.description.split("\n"):
        text = html.escape(text, quote=False)
        text = re.sub(r"([^&;|]+?)&lt;(https://[^&]+)&gt;", r'<a href="\2">\1</a>', text)
        paragraphs.append(f'<p class="MsoNormal">{text or "&nbsp;"}</p>')
    body = escape_text("".join(paragraphs))
    return (
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:'
        'office"><head><meta http-equiv="Content-Type" content="text/html\\; charset=utf-8">'
        '<meta name="Generator" content="Microsoft Word 15 (filtered medium)"></head><body lang='
        f'"EN-US"><div class="WordSection1">{body}</div></body></html>'
    )


def event_lines(m: Meeting, owner: Executive, exported: datetime) -> list[str]:
    """Return one VEVENT as Outlook writes it (properties in alphabetical order)."""
    out = ["BEGIN:VEVENT", *_attendees(m, owner)]
    out += [
        f"CLASS:{'PRIVATE' if m.private else 'PUBLIC'}",
        f"CREATED:{utc_stamp(m.created)}",
        line("DESCRIPTION", escape_text(m.description)),
        _when("DTEND", m.end),
        f"DTSTAMP:{utc_stamp(exported)}",
        _when("DTSTART", m.start),
        f"LAST-MODIFIED:{utc_stamp(m.modified)}",
        line("LOCATION", escape_text(m.location)),
    ]
    if m.guests:
        out.append(line("ORGANIZER", f"mailto:{m.organizer.email}", _who(m.organizer)))
    out.append("PRIORITY:5")
    if m.weekly is not None:
        byday, count, until = m.weekly
        limit = f"UNTIL={utc_stamp(until)}" if until else f"COUNT={count}" if count else ""
        out.append(
            f"RRULE:FREQ=WEEKLY;{limit + ';' if limit else ''}INTERVAL=1;BYDAY={byday};WKST=SU"
        )
    out += [
        f"SEQUENCE:{m.sequence}",
        line("SUMMARY", escape_text(m.summary), ("LANGUAGE", "en-us")),
        f"TRANSP:{'TRANSPARENT' if m.all_day else 'OPAQUE'}",
        f"UID:{m.uid}",
    ]
    if m.conference is not None and m.conference.kind == "teams":
        out.append(line("X-ALT-DESC", _html(m), ("FMTTYPE", "text/html")))
    owner_organizes = m.organizer.email == owner.email
    out += [
        f"X-MICROSOFT-CDO-ALLDAYEVENT:{'TRUE' if m.all_day else 'FALSE'}",
        f"X-MICROSOFT-CDO-BUSYSTATUS:{_busy(m, owner)}",
        "X-MICROSOFT-CDO-IMPORTANCE:1",
    ]
    if not owner_organizes:
        out.append("X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY")
    out += ["X-MICROSOFT-DISALLOW-COUNTER:FALSE", "X-MICROSOFT-DONOTFORWARDMEETING:FALSE"]
    if m.conference is not None and m.conference.kind == "teams":
        sip = digest("sip", m.uid).hex()
        out += [
            f"X-MICROSOFT-ONLINEMEETINGCONFLINK:conf:sip:{owner.email}\\;gruu\\;opaque=app:conf"
            f":focus:id:teams:2:0!19:meeting_{sip[:40]}-thread.v2!{sip[40:64]}",
            f"X-MICROSOFT-SKYPETEAMSMEETINGURL:{m.conference.url}",
        ]
    out += [
        f"X-MS-OLK-APPTSEQTIME:{utc_stamp(m.modified)}",
        "X-MS-OLK-AUTOFILLLOCATION:FALSE",
        "X-MS-OLK-CONFTYPE:0",
    ]
    if m.alarm and not m.all_day:
        out += ["BEGIN:VALARM", "TRIGGER:-PT15M", "ACTION:DISPLAY", "DESCRIPTION:Reminder",
                "END:VALARM"]  # fmt: skip
    return [*out, "END:VEVENT"]


def calendar_bytes(
    owner: Executive,
    meetings: list[Meeting],
    exported: datetime,
    window: tuple[datetime, datetime],
) -> bytes:
    """Return the whole exported file."""
    zone_name = windows_name(owner.tz)
    zones = [owner.tz]
    for m in meetings:
        if m.zone and m.zone not in zones and windows_name(m.zone) not in map(windows_name, zones):
            zones.append(m.zone)
    relcalid = digest("relcalid", owner.email).hex().upper()
    out = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "METHOD:PUBLISH",
        f"X-CALSTART:{utc_stamp(window[0])}",
        f"X-CALEND:{utc_stamp(window[1])}",
        f"X-WR-RELCALID:{{0000002E-{relcalid[:4]}-{relcalid[4:8]}-{relcalid[8:12]}-{relcalid[12:24]}}}",
        "X-WR-CALNAME:Calendar",
        "X-PRIMARY-CALENDAR:TRUE",
        line("X-OWNER", f"mailto:{owner.email}", _who(owner.person)),
        line("X-MS-OLK-WKHRSTART", "080000", ("TZID", param(zone_name, quote=True))),
        line("X-MS-OLK-WKHREND", "170000", ("TZID", param(zone_name, quote=True))),
        "X-MS-OLK-WKHRDAYS:MO,TU,WE,TH,FR",
    ]
    for zone in zones:
        out += outlook_vtimezone(zone, exported.year)
    for m in sorted(meetings, key=lambda m: _sort_key(m.start)):
        out += event_lines(m, owner, exported)
    out.append("END:VCALENDAR")
    return render(out)


def _sort_key(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return utc_stamp(value)
    return date_stamp(value) + "T000000Z"


def write(folder: Path, owner: Executive, meetings: list[Meeting], exported: datetime,
          window: tuple[datetime, datetime]) -> Path:  # fmt: skip
    """Write the owner's export as `folder/Calendar.ics` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    path.write_bytes(calendar_bytes(owner, meetings, exported, window))
    return path


__all__ = ["FILE_NAME", "calendar_bytes", "event_lines", "write"]
