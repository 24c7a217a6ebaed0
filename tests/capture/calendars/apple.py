"""Apple Calendar's File > Export > Export…: one `<calendar name>.ics` per calendar.

Inside: METHOD:PUBLISH, X-WR-CALNAME, X-APPLE-CALENDAR-COLOR and X-WR-TIMEZONE in Apple's header
order; IANA TZIDs with a VTIMEZONE each (daylight part first); floating times when the event was
made with the floating zone; attendees with quoted CN and EMAIL parameters, the organizer among
them as CHAIR; CLASS:PRIVATE and STATUS:CANCELLED kept; X-APPLE-STRUCTURED-LOCATION,
X-APPLE-TRAVEL-ADVISORY-BEHAVIOR and alarms with X-WR-ALARMUID.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from tests.capture.calendars.company import Executive, Person
from tests.capture.calendars.lines import (
    date_stamp,
    escape_text,
    line,
    local_stamp,
    param,
    render,
    stable_guid,
    utc_stamp,
)
from tests.capture.calendars.meetings import Meeting
from tests.capture.calendars.zones import apple_vtimezone

PRODID = "-//Apple Inc.//macOS 15.5//EN"
CALENDARS = {"apple": ("Work", "#1BADF8"), "apple-home": ("Home", "#63DA38")}


def _person(person: Person) -> tuple[tuple[str, str], ...]:
    return (("CN", param(person.name, quote=True)), ("CUTYPE", "INDIVIDUAL"),
            ("EMAIL", param(person.email, quote=True)))  # fmt: skip


def _attendees(m: Meeting) -> list[str]:
    if not m.guests:
        return []
    chair = line("ATTENDEE", f"mailto:{m.organizer.email}", *_person(m.organizer),
                 ("PARTSTAT", "ACCEPTED"), ("ROLE", "CHAIR"))  # fmt: skip
    out = [chair]
    for g in m.guests:
        params = [*_person(g.person), ("PARTSTAT", g.answer)]
        params.append(("ROLE", "OPT-PARTICIPANT" if g.optional else "REQ-PARTICIPANT"))
        if g.answer == "NEEDS-ACTION":
            params.append(("RSVP", "TRUE"))
        out.append(line("ATTENDEE", f"mailto:{g.person.email}", *params))
    return out


def _when(name: str, value: datetime | date) -> str:
    if not isinstance(value, datetime):
        return line(name, date_stamp(value), ("VALUE", "DATE"))
    if value.tzinfo is None:
        return f"{name}:{local_stamp(value)}"  # floating: no TZID, no Z
    return line(name, local_stamp(value), ("TZID", getattr(value.tzinfo, "key", "")))


def event_lines(m: Meeting, exported: datetime) -> list[str]:
    """Return one VEVENT in the order Apple Calendar writes its properties."""
    out = ["BEGIN:VEVENT", "TRANSP:OPAQUE", _when("DTEND", m.end), *_attendees(m)]
    if m.guests:
        out.append(line("ORGANIZER", f"mailto:{m.organizer.email}", ("CN", param(m.organizer.name, quote=True)),
                        ("EMAIL", param(m.organizer.email, quote=True))))  # fmt: skip
    out += [f"UID:{m.uid}", f"DTSTAMP:{utc_stamp(exported)}"]
    if m.location:
        out.append(line("LOCATION", escape_text(m.location)))
    if m.place is not None and not m.private:
        p = m.place
        out.append(line(
            "X-APPLE-STRUCTURED-LOCATION", f"geo:{p.lat:.6f},{p.lon:.6f}", ("VALUE", "URI"),
            ("X-ADDRESS", param(f"{p.city}, {p.country}", quote=True)),
            ("X-APPLE-RADIUS", "141.1748"), ("X-APPLE-REFERENCEFRAME", "1"),
            ("X-TITLE", param(p.name, quote=True)),
        ))  # fmt: skip
    if m.private:
        out.append("CLASS:PRIVATE")
    if m.status != "CONFIRMED" or m.guests:
        out.append(f"STATUS:{m.status}")
    out.append(f"SEQUENCE:{m.sequence}")
    if m.conference is not None and m.conference.url and m.conference.kind == "webex":
        out.append(line("URL", m.conference.url, ("VALUE", "URI")))
    out += [
        "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC",
        line("SUMMARY", escape_text(m.summary)),
        f"LAST-MODIFIED:{utc_stamp(m.modified)}",
    ]
    if m.description and m.guests:
        out.append(line("DESCRIPTION", escape_text(m.description)))
    out += [f"CREATED:{utc_stamp(m.created)}", _when("DTSTART", m.start)]
    if m.alarm and m.status != "CANCELLED":
        alarm = stable_guid("alarm", m.uid)
        out += ["BEGIN:VALARM", f"X-WR-ALARMUID:{alarm}", f"UID:{alarm}", "TRIGGER:-PT15M",
                "ATTACH;VALUE=URI:Chord", "ACTION:AUDIO", "X-APPLE-DEFAULT-ALARM:TRUE",
                "END:VALARM"]  # fmt: skip
    return [*out, "END:VEVENT"]


def calendar_bytes(name: str, color: str, owner: Executive, meetings: list[Meeting],
                   exported: datetime) -> bytes:  # fmt: skip
    out = ["BEGIN:VCALENDAR", "METHOD:PUBLISH", "VERSION:2.0", line("X-WR-CALNAME", name),
           f"PRODID:{PRODID}", f"X-APPLE-CALENDAR-COLOR:{color}", f"X-WR-TIMEZONE:{owner.tz}",
           "CALSCALE:GREGORIAN"]  # fmt: skip
    zones: list[str] = []
    for m in meetings:
        if m.zone and m.zone not in zones:
            zones.append(m.zone)
    for zone in zones:
        out += apple_vtimezone(zone, exported.year)
    for m in meetings:
        out += event_lines(m, exported)
    out.append("END:VCALENDAR")
    return render(out)


def write(folder: Path, owner: Executive, by_calendar: dict[str, list[Meeting]],
          exported: datetime) -> list[Path]:  # fmt: skip
    """Write `folder/Work.ics` and `folder/Home.ics`; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for calendar, (name, color) in CALENDARS.items():
        path = folder / f"{name}.ics"
        path.write_bytes(
            calendar_bytes(name, color, owner, by_calendar.get(calendar, []), exported)
        )
        paths.append(path)
    return paths
