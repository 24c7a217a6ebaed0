"""What every produced .ics must satisfy: four independent parsers agree, RFC 5546 method rules."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import ics as ics_lib
import vobject
from ical.calendar_stream import IcsCalendarStream


def starts_by_parser(data: bytes) -> dict[str, list[datetime]]:
    """Return each parser's event start instants (UTC), parsing strictly where a parser can."""
    text = data.decode("utf-8")
    out: dict[str, list[datetime]] = {}

    cal = icalendar.Calendar.from_ical(data)
    problems = [(c.name, c.errors) for c in cal.walk() if getattr(c, "errors", None)]
    assert not problems, f"icalendar recorded errors: {problems}"
    out["icalendar"] = [e.start.astimezone(UTC) for e in cal.events]

    v = vobject.readOne(text)
    out["vobject"] = [e.dtstart.value.astimezone(UTC) for e in v.vevent_list]

    c = ics_lib.Calendar(text)
    out["ics"] = sorted(e.begin.datetime.astimezone(UTC) for e in c.events)

    i = IcsCalendarStream.calendar_from_ics(text)
    out["ical"] = [e.dtstart.astimezone(UTC) for e in i.events]  # type: ignore[union-attr]

    for key in ("icalendar", "vobject", "ical"):
        out[key] = sorted(out[key])
    return out


def assert_parses_everywhere(data: bytes) -> list[datetime]:
    """Assert the four parsers read the same start instants; return them."""
    starts = starts_by_parser(data)
    first = starts["icalendar"]
    assert first, "no events"
    for name, found in starts.items():
        assert found == first, f"{name} read {found}, icalendar read {first}"
    return first


def assert_wire_format(data: bytes) -> None:
    """CRLF everywhere, lines at most 75 octets, folds never split a UTF-8 character."""
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # raises if a fold cut a character in two
    assert b"X-WR-CALNAME" not in data
    assert b"TZID" not in data, "times must be UTC, no zones to guess"


def events(data: bytes) -> tuple[icalendar.Calendar, list[icalendar.Event]]:
    cal = icalendar.Calendar.from_ical(data)
    return cal, list(cal.events)


def assert_method_rules(data: bytes) -> str:
    """Assert RFC 5546's rules for the file's METHOD (or a stored copy's lack of one)."""
    cal, evs = events(data)
    method = str(cal.get("METHOD", ""))
    assert cal.get("PRODID") and str(cal.get("VERSION")) == "2.0"
    for ev in evs:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "ORGANIZER", "SEQUENCE"):
            assert prop in ev, f"{prop} missing"
        assert ev.DTSTAMP.tzinfo is not None and ev.DTSTAMP.utcoffset().total_seconds() == 0
        assert ev.start.tzinfo is not None and ev.start.utcoffset().total_seconds() == 0
        assert ev.end > ev.start
        attendees = ev.get("ATTENDEE", [])
        attendees = attendees if isinstance(attendees, list) else [attendees]
        if method in ("PUBLISH", ""):
            assert not attendees, f"{method or 'stored copy'} must carry no ATTENDEE"
        else:
            assert len(evs) == 1, "one UID per iTIP message"
            assert attendees, f"{method} needs at least one ATTENDEE"
            organizer = str(ev["ORGANIZER"]).lower()
            for a in attendees:
                assert str(a).startswith("mailto:")
                assert a.params.get("CN")
                assert a.params.get("ROLE") == "REQ-PARTICIPANT"
                if str(a).lower() == organizer:  # the organizing executive, listed as accepted
                    assert a.params.get("PARTSTAT") == "ACCEPTED"
                    assert a.params.get("RSVP") == "FALSE"
                    continue
                assert a.params.get("PARTSTAT") == "NEEDS-ACTION"
                assert a.params.get("RSVP") == "TRUE"
        if method == "CANCEL":
            assert str(ev["STATUS"]) == "CANCELLED"
            assert int(ev["SEQUENCE"]) > 0
            assert "VALARM" not in [c.name for c in ev.subcomponents]
    return method


def check_all(data: bytes) -> str:
    """Run every check above on one produced file; return its METHOD."""
    assert_wire_format(data)
    assert_parses_everywhere(data)
    return assert_method_rules(data)
