"""Files a capture must refuse with a clear message naming the file (and the event's UID where there
is one), changing nothing: what people really hand over by mistake."""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from tests.capture.calendars.lines import outlook_uid, render
from tests.capture.calendars.outlook import PRODID


@dataclass(frozen=True)
class BadInput:
    name: str  # the file name in the folder
    problem: str  # what is wrong, in words
    uid: str | None  # the event the message should name, when the problem is inside one


NO_DTSTART_UID = outlook_uid("bad/no-dtstart")
UNKNOWN_TZID_UID = outlook_uid("bad/unknown-tzid")
BROKEN_LINE_UID = outlook_uid("bad/broken-line")
UNKNOWN_TZID = "Customer Standard Time"

BAD_INPUTS: tuple[BadInput, ...] = (
    BadInput("not-a-calendar.ics", "an HTML sign-in page saved with an .ics name", None),
    BadInput("empty.ics", "zero bytes", None),
    BadInput("broken-line.ics", "a folded line that lost its leading space", BROKEN_LINE_UID),
    BadInput("no-dtstart.ics", "an event without DTSTART", NO_DTSTART_UID),
    BadInput("unknown-tzid.ics", f"TZID={UNKNOWN_TZID!r} with no VTIMEZONE", UNKNOWN_TZID_UID),
    BadInput("not-calendars.ical.zip", "a zip of a text file, a vCard and a PNG", None),
)

_HEAD = ["BEGIN:VCALENDAR", f"PRODID:{PRODID}", "VERSION:2.0", "METHOD:PUBLISH",
         "X-WR-CALNAME:Calendar"]  # fmt: skip
_GOOD = ["BEGIN:VEVENT", "CLASS:PUBLIC", "DTEND:20260603T170000Z", "DTSTAMP:20260615T060000Z",
         "DTSTART:20260603T160000Z", "SUMMARY;LANGUAGE=en-us:Lunch", "TRANSP:OPAQUE",
         f"UID:{outlook_uid('bad/good-neighbour')}", "END:VEVENT"]  # fmt: skip


def _event(uid: str, *props: str) -> list[str]:
    return ["BEGIN:VEVENT", "CLASS:PUBLIC", "DTSTAMP:20260615T060000Z", *props,
            "ORGANIZER;CN=\"Jordan Avery\":mailto:jordan.avery@lumenridge.example",
            "SUMMARY;LANGUAGE=en-us:Customer visit", f"UID:{uid}", "END:VEVENT"]  # fmt: skip


def _png() -> bytes:
    """Return a valid 1x1 PNG, built here so nothing binary is committed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def write_bad_inputs(folder: Path) -> dict[str, Path]:
    """Write every bad input into `folder`; return name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "not-a-calendar.ics": (
            b"<!DOCTYPE html>\r\n<html><head><title>Sign in to your account</title></head>"
            b'<body><form method="post">Sign in</form></body></html>\r\n'
        ),
        "empty.ics": b"",
        # The description's second line lost its fold space: a line with no name and no colon.
        "broken-line.ics": render(
            [
                *_HEAD,
                *_GOOD,
                *_event(
                    BROKEN_LINE_UID,
                    "DTEND:20260604T170000Z",
                    "DTSTART:20260604T160000Z",
                    "DESCRIPTION:Agenda: pricing for the next renewal and the rollout",
                    "X-CUT:1",
                ),
                "END:VCALENDAR",
            ]
        ).replace(b"X-CUT:1", b"plan for the second half of the year."),  # fmt: skip
        "no-dtstart.ics": render(
            [*_HEAD, *_GOOD, *_event(NO_DTSTART_UID, "DTEND:20260605T170000Z"), "END:VCALENDAR"]
        ),  # fmt: skip
        "unknown-tzid.ics": render(
            [
                *_HEAD,
                *_GOOD,
                *_event(
                    UNKNOWN_TZID_UID,
                    f'DTEND;TZID="{UNKNOWN_TZID}":20260608T110000',
                    f'DTSTART;TZID="{UNKNOWN_TZID}":20260608T100000',
                ),
                "END:VCALENDAR",
            ]
        ),  # fmt: skip
    }
    paths = {}
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths[name] = path
    archive = folder / "not-calendars.ical.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("notes.txt", "Questions for the QBR:\n- renewal date\n- rollout plan\n")
        zf.writestr("contacts.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Robin Okoye\r\n"
                    "EMAIL;TYPE=WORK:robin.okoye@customer.example\r\nEND:VCARD\r\n")  # fmt: skip
        zf.writestr("logo.png", _png())
    paths[archive.name] = archive
    assert set(paths) == {b.name for b in BAD_INPUTS}
    return paths
