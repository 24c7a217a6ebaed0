"""Files, folders and zips in; bad input refused in one line naming the file (and event), unchanged."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from fieldvisit.errors import CalendarProblem
from tests.capture.capture_builders import dump, event, ics, run, visits

GOOD = event("good", "20260601T150000Z", "20260601T160000Z", attendees=("anna@globex.com",))


def _bad(uid: str, *lines: str) -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}", *lines, "END:VEVENT"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"<html><body>Sign in to Outlook</body></html>",
            r"^page\.ics is not an iCalendar \(\.ics\) file",
        ),
        (b"", r"^page\.ics is not an iCalendar"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", r"^page\.ics is not an iCalendar"),
        (
            ics(GOOD, _bad("broken-1", "DTSTART:20260602T150000Z", "this line lost its fold")),
            r"^page\.ics: event broken-1: a broken line",
        ),
        (
            ics(GOOD, _bad("nostart-1", "SUMMARY:No start", "ATTENDEE:mailto:anna@globex.com")),
            r"^page\.ics: event nostart-1: no DTSTART",
        ),
        (
            ics(GOOD, _bad("tz-1", "DTSTART;TZID=Customer Standard Time:20260602T150000")),
            r"^page\.ics: event tz-1: unknown time zone 'Customer Standard Time'",
        ),
        (
            ics(GOOD, _bad("rule-1", "DTSTART:20260602T150000Z", "RRULE:FREQ=SOMETIMES")),
            r"^page\.ics: event rule-1: a bad RRULE",
        ),
    ],
)
def test_bad_calendars_are_refused_in_one_line_and_nothing_changes(
    db: Path, data: bytes, message: str
) -> None:
    run(db, ics(GOOD), name="earlier.ics")
    before = dump(db)
    with pytest.raises(CalendarProblem, match=message) as caught:
        run(db, data, name="page.ics")
    assert "\n" not in str(caught.value)
    assert dump(db) == before


def test_a_calendar_of_fifty_thousand_events_is_refused_before_it_is_read(db: Path) -> None:
    many = [
        event(
            f"e{i}", f"2026{i % 12 + 1:02d}{i % 28 + 1:02d}T100000Z", attendees=("anna@globex.com",)
        )
        for i in range(50_000)
    ]
    before = dump(db)
    with pytest.raises(
        CalendarProblem, match=r"^huge\.ics: 50,000 events between .* --since and --until"
    ):
        run(db, ics(*many), name="huge.ics")
    assert dump(db) == before


def test_a_repeat_rule_that_never_stops_is_cut_off_by_the_window(db: Path) -> None:
    endless = event(
        "minutely",
        "20260101T000000Z",
        "20260101T000100Z",
        attendees=("anna@globex.com",),
        extra=("RRULE:FREQ=MINUTELY",),
    )
    with pytest.raises(CalendarProblem, match=r"more than 30,000 events"):
        run(db, ics(endless), name="endless.ics")


def test_a_folder_and_a_zip_of_calendars_with_other_files_passed_over(
    db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    (folder / "nested").mkdir(parents=True)
    (folder / "work.ics").write_bytes(ics(GOOD, name="Work"))
    (folder / "nested" / "team.ics").write_bytes(
        ics(
            event("t", "20260602T150000Z", "20260602T160000Z", attendees=("ada@acme.com",)),
            name="Team",
        )
    )
    (folder / "README.txt").write_text("how to export", encoding="utf-8")
    report = run(db, folder)
    assert report.new == 2 and report.not_calendars == ["export/README.txt"]
    assert report.calendars == ["casey@northwind.example/Team", "casey@northwind.example/Work"]

    archive = tmp_path / "takeout.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(
            "Calendar/casey@northwind.example.ics", ics(GOOD, name="casey@northwind.example")
        )
        z.writestr("Calendar/logo.png", b"\x89PNG")
        z.writestr("__MACOSX/._junk", b"")
    report = run(db, archive)
    assert report.not_calendars == ["takeout.zip:Calendar/logo.png"]
    assert report.merged == 1  # the same meeting (UID) as in the folder's Work calendar
    assert len(visits(db)) == 2


def test_a_zip_without_calendars_is_refused(db: Path, tmp_path: Path) -> None:
    archive = tmp_path / "contacts.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("people.vcf", "BEGIN:VCARD\r\nEND:VCARD\r\n")
        z.writestr("notes.txt", "hello")
    with pytest.raises(CalendarProblem, match=r"^contacts\.zip holds no \.ics calendar file\.$"):
        run(db, archive)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(CalendarProblem, match=r"^broken\.zip"):
        run(db, broken)


def test_a_missing_path_is_named(db: Path, tmp_path: Path) -> None:
    with pytest.raises(CalendarProblem, match=r"^No file or folder .*nowhere\.ics\.$"):
        run(db, tmp_path / "nowhere.ics")
