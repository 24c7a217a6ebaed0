"""The generated calendars are valid, look like each vendor's export, and say what CASES says."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import vobject

from tests.capture.calendars import (
    AS_OF,
    BAD_INPUTS,
    CASES,
    PRIVATE_MARKER,
    Scenario,
    large_calendar,
    scenario,
    write_bad_inputs,
    write_calendars,
)
from tests.capture.calendars.bad import UNKNOWN_TZID
from tests.capture.calendars.cases import ACCOUNT_ROLES
from tests.ui.demo_files import small_demo_copy

LINK = re.compile(
    r"https://(teams\.microsoft\.com|meet\.google\.com|[\w.]*zoom\.us|[\w.]*webex\.com)/"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scenario, Path]:
    """The small demo and the calendars of times 1 and 2 (and the bad inputs) written from it."""
    folder = tmp_path_factory.mktemp("calendars")
    workspace = small_demo_copy(tmp_path_factory.getbasetemp(), folder / "small.fieldvisit")
    for time in (1, 2):
        write_calendars(workspace, folder / f"t{time}", time=time)
    write_bad_inputs(folder / "bad")
    return scenario(workspace), folder


def ics_members(path: Path) -> Iterator[tuple[str, bytes]]:
    """Yield (name, bytes) of an .ics or of every .ics inside a Google zip."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                yield name, zf.read(name)
    else:
        yield path.name, path.read_bytes()


def calendar_texts(folder: Path) -> dict[str, dict[str, bytes]]:
    """Return {outlook|google|apple: {file name: bytes}} for one time's folder."""
    return {
        vendor: {
            name: data for p in sorted((folder / vendor).iterdir()) for name, data in ics_members(p)
        }
        for vendor in ("outlook", "google", "apple")
    }


def vevents(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def events_of(texts: dict[str, bytes], uid: str) -> list[icalendar.Event]:
    return [e for data in texts.values() for e in vevents(data) if str(e["UID"]) == uid]


def email(address: object) -> str:
    return str(address).lower().removeprefix("mailto:")


def test_the_three_executives_get_their_vendors_files(built: tuple[Scenario, Path]) -> None:
    s, folder = built
    files = write_calendars(s.workspace, folder / "again")
    o, g, a = (s.cast.executives[k].email for k in ("outlook", "google", "apple"))
    assert [p.name for p in files[o]] == ["Calendar.ics"]
    assert [p.name for p in files[g]] == [f"{g}.ical.zip"]
    assert [p.name for p in files[a]] == ["Work.ics", "Home.ics"]
    with zipfile.ZipFile(files[g][0]) as zf:
        assert sorted(zf.namelist()) == sorted(
            [f"{g}.ics", "Holidays in United States_en.usa#holiday@group.v.calendar.google.com.ics"]
        )
    # The same workspace gives the same bytes: stable UIDs, so a re-capture is a no-op.
    for vendor in ("outlook", "google", "apple"):
        for p in (folder / "again" / vendor).iterdir():
            assert p.read_bytes() == (folder / "t1" / vendor / p.name).read_bytes(), p.name


@pytest.mark.parametrize("time", [1, 2])
def test_every_file_is_valid_for_two_independent_parsers(
    built: tuple[Scenario, Path], time: int
) -> None:
    s, folder = built
    for vendor, texts in calendar_texts(folder / f"t{time}").items():
        for name, data in texts.items():
            where = f"{vendor}/{name}"
            assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b""), where
            for raw in data.split(b"\r\n"):
                assert len(raw) <= 75, (where, raw)
                raw.decode("utf-8")  # a fold never splits a character
            cal = icalendar.Calendar.from_ical(data)
            assert [c.errors for c in cal.walk() if c.errors] == [], where
            assert cal.get_missing_tzids() == set(), where
            ours = sorted(_instants(e.get("DTSTART").dt, s, vendor) for e in cal.walk("VEVENT"))
            theirs = sorted(
                _instants(e.dtstart.value, s, vendor)
                for e in vobject.readOne(data.decode("utf-8")).vevent_list
            )
            assert ours == theirs, where


def _instants(value: datetime | date, s: Scenario, vendor: str) -> datetime:
    """Return a start as a UTC instant: dates at midnight, floating times in the owner's zone."""
    if not isinstance(value, datetime):
        return datetime.combine(value, datetime.min.time(), UTC)
    if value.tzinfo is None:
        from zoneinfo import ZoneInfo

        value = value.replace(tzinfo=ZoneInfo(s.owner(vendor).tz))
    return value.astimezone(UTC)


def test_vendor_shapes(built: tuple[Scenario, Path]) -> None:
    s, folder = built
    texts = calendar_texts(folder / "t1")
    outlook = texts["outlook"]["Calendar.ics"]
    assert b"PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN" in outlook
    assert b'DTSTART;TZID="Pacific Standard Time"' in outlook or b"TZID:" in outlook
    assert b"\r\nTZID:Romance Standard Time\r\n" in outlook  # the customer's zone, Windows name
    assert b"X-MICROSOFT-CDO-BUSYSTATUS:" in outlook and b"X-CALSTART:" in outlook
    assert not re.search(rb"\r\nTZID:\w+/\w+", outlook), "Outlook names zones the Windows way"
    google = texts["google"][f"{s.owner('google').email}.ics"]
    assert b"X-WR-TIMEZONE:" in google and b"X-GOOGLE-CONFERENCE:https://meet.google.com/" in google
    for event in vevents(google):
        start = event.get("DTSTART")
        if (
            event.get("RRULE") is None
            and event.get("RECURRENCE-ID") is None
            and start.params.get("VALUE") != "DATE"
        ):
            assert start.to_ical().endswith(b"Z"), "one-off events are written in UTC"
        assert all(a.params.get("PARTSTAT") for a in _attendees(event)), event["UID"]
    apple = texts["apple"]["Work.ics"]
    assert b"X-APPLE-CALENDAR-COLOR:" in apple and b"X-APPLE-STRUCTURED-LOCATION" in apple
    assert re.search(rb"\r\nDTSTART:\d{8}T\d{6}\r\n", apple), "one floating event"
    assert b"\r\nTZID:America/" in apple or b"\r\nTZID:Europe/" in apple


def _attendees(event: icalendar.Event) -> list[icalendar.vCalAddress]:
    found = event.get("ATTENDEE", [])
    return found if isinstance(found, list) else [found]


@pytest.mark.parametrize("case", [c for c in CASES if c.outcome != "error"], ids=lambda c: c.key)
def test_each_case_is_in_its_calendars_as_the_table_says(
    built: tuple[Scenario, Path], case
) -> None:  # type: ignore[no-untyped-def]
    s, folder = built
    texts = calendar_texts(folder / "t1")
    answer = s.expected(case.key)
    assert set(answer.uids) == set(case.calendars)
    for vendor in ("outlook", "google", "apple"):
        found = [e for uid in answer.uids.values() for e in events_of(texts[vendor], uid)]
        assert bool(found) == (vendor in case.calendars), (vendor, case.key)
    if case.key == "shared_uid":
        assert answer.uids["outlook"] == answer.uids["google"]
    for vendor, uid in answer.uids.items():
        events = events_of(texts[vendor], uid)
        owner = s.owner(vendor).email
        master = next(e for e in events if e.get("RECURRENCE-ID") is None)
        _check_owner_answer(case, vendor, master, owner)
        _check_content(case, vendor, events, s, answer)


def _check_owner_answer(case, vendor: str, event: icalendar.Event, owner: str) -> None:  # type: ignore[no-untyped-def]
    """The owner's answer, written as each vendor writes it."""
    mine = [a for a in _attendees(event) if email(a) == owner]
    organizer = email(event.get("ORGANIZER", "")) == owner
    partstat = mine[0].params.get("PARTSTAT") if mine else None
    busy = str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", ""))
    if vendor == "outlook":
        assert partstat is None, "Outlook writes no PARTSTAT for the calendar's owner"
        want_busy = (
            "TENTATIVE"
            if case.reason == "tentative"
            else "OOF"
            if case.reason == "all_day"
            else "BUSY"
        )
        assert busy == want_busy, case.key
        return
    if case.reason in ("declined", "tentative", "needs_action"):
        assert partstat == {"declined": "DECLINED", "tentative": "TENTATIVE",
                            "needs_action": "NEEDS-ACTION"}[case.reason], case.key  # fmt: skip
    elif mine:
        assert partstat == "ACCEPTED" or organizer, case.key


def _check_content(case, vendor: str, events: list[icalendar.Event], s: Scenario, answer) -> None:  # type: ignore[no-untyped-def]
    master = next(e for e in events if e.get("RECURRENCE-ID") is None)
    people = {email(a) for a in _attendees(master)}
    if master.get("ORGANIZER"):
        people.add(email(master["ORGANIZER"]))
    domains = {p.split("@")[1] for p in people}
    ours = set(s.cast.our_domains)
    text = master.to_ical().decode("utf-8").replace("\r\n ", "")
    if case.reason == "internal":
        assert domains <= ours, case.key
    if case.reason == "cancelled":
        assert master.get("STATUS") == "CANCELLED"
    if case.reason == "all_day":
        assert master.get("DTSTART").params.get("VALUE") == "DATE"
    if case.private:
        assert master.get("CLASS") == "PRIVATE" and PRIVATE_MARKER in str(master["SUMMARY"])
    if case.rule == "contact_email":
        assert people & {c.email for c in answer.account.contacts}, case.key
    if case.rule in ("domain", "subdomain"):
        assert not people & {c.email for c in answer.account.contacts}, case.key
        dot = "." if case.rule == "subdomain" else "@"
        assert any(p.endswith(dot + answer.account.domain) for p in people), case.key
    if case.reason == "several_accounts":
        assert {a.domain for a in answer.accounts} <= domains
    if case.reason == "no_account":
        assert not (domains - ours) & s.cast.all_domains, case.key
    if case.mode == "video":
        assert LINK.search(text), case.key
    if case.mode == "phone":
        assert not LINK.search(text) and "Dial-in" in text, case.key
    if case.mode == "in_person":
        assert not LINK.search(text) and master.get("LOCATION"), case.key
    if case.outcome == "captured":
        statuses = {v.status for v in answer.visits}
        assert statuses == ({case.status} if case.status else {"done", "planned"}), case.key
    if case.key == "merge_existing_visit":
        v = s.cast.merge_visit
        (visit,) = answer.visits
        assert (
            answer.account.id == v.account_id and s.cast.executives["outlook"].id == v.executive_id
        )
        assert visit.start < v.end and v.start < visit.end, "overlaps the demo's visit"


def test_recurring_series_expands_to_the_expected_visits(built: tuple[Scenario, Path]) -> None:
    s, folder = built
    answer = s.expected("google_recurring")
    data = calendar_texts(folder / "t1")["google"][f"{s.owner('google').email}.ics"]
    events = [e for e in vevents(data) if str(e["UID"]) == answer.uids["google"]]
    master = next(e for e in events if e.get("RECURRENCE-ID") is None)
    assert master.get("RRULE") and master.get("EXDATE")
    changed = [e for e in events if e.get("RECURRENCE-ID") is not None]
    assert sorted(str(e.get("STATUS")) for e in changed) == ["CANCELLED", "CONFIRMED"]
    start, end = (
        datetime.combine(AS_OF + timedelta(days=d), datetime.min.time(), UTC) for d in (-60, 60)
    )
    found = recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between(start, end)
    took_place = sorted(
        e.start.astimezone(UTC) for e in found
        if str(e["UID"]) == answer.uids["google"] and e.get("STATUS") != "CANCELLED"
    )  # fmt: skip
    assert took_place == [v.start for v in answer.visits]
    assert [v.status for v in answer.visits] == ["done"] * 4 + ["planned"] * 2


def test_two_calendars_hold_the_same_meeting(built: tuple[Scenario, Path]) -> None:
    s, folder = built
    texts = calendar_texts(folder / "t1")
    shared = s.expected("shared_uid").uids["outlook"]
    (left,), (right,) = events_of(texts["outlook"], shared), events_of(texts["google"], shared)
    assert left.start.astimezone(UTC) == right.start.astimezone(UTC)
    twins = s.expected("same_start_two_uids")
    assert twins.uids["google"] != twins.uids["apple"]
    (g,), (a,) = (
        events_of(texts["google"], twins.uids["google"]),
        events_of(texts["apple"], twins.uids["apple"]),
    )
    assert g.start.astimezone(UTC) == a.start.astimezone(UTC)
    ours = set(s.cast.our_domains)

    def external(e: icalendar.Event) -> set[str]:
        return {email(x) for x in _attendees(e)} - {
            p for p in map(email, _attendees(e)) if p.split("@")[1] in ours
        }

    assert external(g) == external(a) and len(external(g)) == 2


def test_time_two_moves_one_meeting_and_deletes_another(built: tuple[Scenario, Path]) -> None:
    s, folder = built
    first, second = (calendar_texts(folder / f"t{t}")["outlook"]["Calendar.ics"] for t in (1, 2))
    moved, deleted = s.expected("outlook_future_moved"), s.expected("outlook_future_deleted")
    (before,) = events_of({"x": first}, moved.uids["outlook"])
    (after,) = events_of({"x": second}, moved.uids["outlook"])
    assert (
        after.start.astimezone(UTC) == moved.time2_visits[0].start != before.start.astimezone(UTC)
    )
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert events_of({"x": first}, deleted.uids["outlook"]) and deleted.time2_visits == ()
    assert not events_of({"x": second}, deleted.uids["outlook"])
    unchanged = {str(e["UID"]) for e in vevents(first)} - {deleted.uids["outlook"]}
    assert unchanged == {str(e["UID"]) for e in vevents(second)}


def test_the_table_is_consistent(built: tuple[Scenario, Path]) -> None:
    s, _ = built
    assert len({c.key for c in CASES}) == len(CASES)
    ids = [a.id for a in s.cast.accounts.values()]
    assert len(ids) == len(set(ids)) == len(ACCOUNT_ROLES) + 1, "every role its own account"
    for case in CASES:
        if case.outcome == "captured":
            assert case.account and case.rule and case.mode and case.executives and case.capture
        if case.outcome == "review":
            assert case.reason in ("several_accounts", "no_account", "tentative", "needs_action")
            answer = s.expected(case.key)
            assert answer.domains and answer.visits[0].status == "done", case.key
        if case.outcome == "skipped":
            assert (
                case.reason in ("internal", "declined", "cancelled", "all_day")
                and not case.executives
            )
    assert (
        s.expected("google_subdomain").new_people
        and s.expected("google_domain_new_person").new_people
    )
    assert s.expected("google_guest_executives").executives == tuple(
        s.cast.executives[r].email for r in ("google", "guest")
    )


def test_bad_inputs_are_refused_by_a_careful_reader(built: tuple[Scenario, Path]) -> None:
    _, folder = built
    bad = folder / "bad"
    assert {p.name for p in bad.iterdir()} == {b.name for b in BAD_INPUTS}
    for name in ("not-a-calendar.ics", "empty.ics"):
        with pytest.raises(ValueError):
            icalendar.Calendar.from_ical((bad / name).read_bytes())
    broken = icalendar.Calendar.from_ical((bad / "broken-line.ics").read_bytes())
    assert any(c.errors for c in broken.walk("VEVENT"))
    with pytest.raises(vobject.base.ParseError):
        vobject.readOne((bad / "broken-line.ics").read_text("utf-8"))
    no_start = icalendar.Calendar.from_ical((bad / "no-dtstart.ics").read_bytes())
    (missing,) = [e for e in no_start.walk("VEVENT") if e.get("DTSTART") is None]
    assert str(missing["UID"]) == next(b.uid for b in BAD_INPUTS if b.name == "no-dtstart.ics")
    unknown = icalendar.Calendar.from_ical((bad / "unknown-tzid.ics").read_bytes())
    assert unknown.get_missing_tzids() == {UNKNOWN_TZID}
    with zipfile.ZipFile(bad / "not-calendars.ical.zip") as zf:
        assert zf.namelist() and not [n for n in zf.namelist() if n.endswith(".ics")]
        assert zf.read("logo.png").startswith(b"\x89PNG")


def test_large_calendar_expands_to_the_events_asked_for(
    built: tuple[Scenario, Path], tmp_path: Path
) -> None:
    s, _ = built
    info = large_calendar(tmp_path / "five-years.ics", 2_000, workspace=s.workspace, as_of=AS_OF)
    assert info.occurrences == 2_000 and info.series >= 1 and info.vevents < 2_000
    assert info.end - info.start > timedelta(days=4 * 365)
    cal = icalendar.Calendar.from_ical(info.path.read_bytes())
    assert len(list(cal.walk("VEVENT"))) == info.vevents
    found = recurring_ical_events.of(cal).between(info.start, info.end + timedelta(hours=2))
    assert len([e for e in found if e.get("STATUS") != "CANCELLED"]) == info.occurrences


def test_the_readme_lists_every_case() -> None:
    text = (Path(__file__).parent / "README.md").read_text("utf-8")
    assert [c.key for c in CASES if f"| {c.key} |" not in text] == []
