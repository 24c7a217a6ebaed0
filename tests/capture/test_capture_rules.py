"""What counts as a customer meeting, who attended, which account, and what is kept of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.capture.capture_builders import (
    CASEY,
    DANA,
    REP,
    ROBIN,
    attendee,
    event,
    ics,
    rows,
    run,
    visits,
)

CENTRAL = (
    "BEGIN:VTIMEZONE",
    "TZID:Central Standard Time",
    "BEGIN:STANDARD",
    "DTSTART:16011104T020000",
    "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
    "TZOFFSETFROM:-0500",
    "TZOFFSETTO:-0600",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:16010311T020000",
    "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
    "TZOFFSETFROM:-0600",
    "TZOFFSETTO:-0500",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
)


def test_a_past_meeting_with_a_contact_becomes_a_done_visit_on_the_accounts_one_open_deal(
    db: Path,
) -> None:
    report = run(
        db,
        ics(
            event(
                "m1",
                "20260610T150000Z",
                "20260610T163000Z",
                attendees=("anna@globex.com", attendee(REP)),
                summary="Globex renewal review",
                extra=("LOCATION:Globex HQ\\, Chicago",),
            )
        ),
    )
    assert (report.new, report.updated, report.merged, report.cancelled) == (1, 0, 0, 0)
    (visit,) = visits(db)
    assert visit["account"] == "A1" and visit["deal"] == "D1"
    assert visit["status"] == "done" and visit["mode"] == "in_person"
    assert visit["start"] == "2026-06-10 15:00:00.000000"
    assert visit["end"] == "2026-06-10 16:30:00.000000"
    assert visit["location"] == "Globex HQ, Chicago"
    assert visit["objective"] == "Globex renewal review" and visit["agenda"] is None
    assert visit["executives"] == [CASEY] and visit["reps"] == [REP]
    assert visit["contacts"] == ["C1"]
    (reason,) = rows(db, "SELECT reason FROM captured_event")
    assert reason[0] == "contact anna@globex.com (Anna Berg, C1) works at Globex (A1)"


def test_a_future_meeting_is_planned(db: Path) -> None:
    run(
        db, ics(event("f1", "20260701T150000Z", "20260701T160000Z", attendees=("anna@globex.com",)))
    )
    assert [v["status"] for v in visits(db)] == ["planned"]


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        ((attendee("anna@globex.com"),), None),
        ((attendee(ROBIN), attendee(REP)), "internal"),
        ((), "internal"),
    ],
)
def test_only_meetings_with_someone_from_outside_count(
    db: Path, lines: tuple[str, ...], reason: str | None
) -> None:
    report = run(db, ics(event("m", "20260610T150000Z", "20260610T160000Z", attendees=lines)))
    assert report.new == (1 if reason is None else 0)
    if reason:
        assert report.skipped == {reason: 1}


def test_declined_cancelled_and_all_day_events_are_skipped_and_nothing_is_kept(db: Path) -> None:
    calendar = ics(
        event(
            "declined",
            "20260610T150000Z",
            "20260610T160000Z",
            organizer="anna@globex.com",
            attendees=(attendee(CASEY, "DECLINED"), "anna@globex.com"),
        ),
        event(
            "cancelled",
            "20260611T150000Z",
            "20260611T160000Z",
            attendees=("anna@globex.com",),
            extra=("STATUS:CANCELLED",),
        ),
        event(
            "offsite",
            "DTSTART;VALUE=DATE:20260612",
            "DTEND;VALUE=DATE:20260614",
            attendees=("anna@globex.com",),
        ),
        event("internal", "20260613T150000Z", "20260613T160000Z", attendees=(ROBIN,)),
    )
    report = run(db, calendar)
    assert report.new == 0 and report.review == []
    assert report.skipped == {"declined": 1, "cancelled": 1, "all_day": 1, "internal": 1}
    for table in ("visit", "captured_event", "capture_review", "captured_person"):
        assert rows(db, f"SELECT count(*) FROM {table}") == [(0,)]


def test_attendance_organizer_accepted_tentative_and_unanswered(db: Path) -> None:
    def invited(uid: str, when: str, partstat: str | None) -> list[str]:
        return event(
            uid,
            f"{when}T150000Z",
            f"{when}T160000Z",
            organizer="anna@globex.com",
            attendees=(attendee(CASEY, partstat), "anna@globex.com"),
        )

    report = run(
        db,
        ics(
            invited("accepted", "20260601", "ACCEPTED"),
            invited("tentative", "20260602", "TENTATIVE"),
            invited("unanswered", "20260603", "NEEDS-ACTION"),
            invited("future-tentative", "20260703", "TENTATIVE"),
        ),
    )
    assert report.new == 1
    assert [(line.uid, line.reason) for line in report.review] == [
        ("tentative", "tentative"),
        ("unanswered", "needs_action"),
    ]
    assert report.skipped == {"not_accepted": 1}


def test_outlooks_busy_status_stands_in_for_a_missing_partstat(db: Path) -> None:
    def outlook(uid: str, when: str, busy: str) -> list[str]:
        return event(
            uid,
            f"{when}T150000Z",
            f"{when}T160000Z",
            organizer="anna@globex.com",
            attendees=(f"ATTENDEE;CN=Casey;RSVP=TRUE:mailto:{CASEY}", "anna@globex.com"),
            extra=(f"X-MICROSOFT-CDO-BUSYSTATUS:{busy}",),
        )

    report = run(
        db, ics(outlook("busy", "20260601", "BUSY"), outlook("tent", "20260602", "TENTATIVE"))
    )
    assert report.new == 1
    assert [(line.uid, line.reason) for line in report.review] == [("tent", "tentative")]


def test_other_executives_count_when_they_accepted_and_never_when_they_declined(db: Path) -> None:
    run(
        db,
        ics(
            event(
                "m",
                "20260610T150000Z",
                "20260610T160000Z",
                attendees=(
                    "anna@globex.com",
                    attendee(ROBIN, "ACCEPTED"),
                    attendee(DANA, "DECLINED"),
                ),
            )
        ),
    )
    (visit,) = visits(db)
    assert visit["executives"] == sorted([CASEY, ROBIN])


def test_matching_by_domain_subdomain_and_contacts_addresses(db: Path) -> None:
    report = run(
        db,
        ics(
            event("web", "20260601T150000Z", "20260601T160000Z", attendees=("new@eu.globex.com",)),
            event("dom", "20260602T150000Z", "20260602T160000Z", attendees=("new@acme.de",)),
            event("contacts", "20260603T150000Z", "20260603T160000Z", attendees=("x@initech.com",)),
        ),
    )
    assert report.new == 3
    assert [v["account"] for v in visits(db)] == ["A1", "A3", "A2"]
    reasons = [r for (r,) in rows(db, "SELECT reason FROM captured_event ORDER BY start")]
    assert reasons == [
        "domain eu.globex.com (globex.com) is Globex (A1)'s (its website)",
        "domain acme.de is Acme (A3)'s (its domains)",
        "domain initech.com is Initech (A2)'s (its contacts' addresses)",
    ]
    # Unknown people at a matched account's domain are new people, not contacts.
    new_people = rows(db, "SELECT email FROM captured_person ORDER BY email")
    assert new_people == [("new@acme.de",), ("new@eu.globex.com",), ("x@initech.com",)]


def test_personal_mail_never_matches_by_domain_only_by_a_contacts_exact_address(db: Path) -> None:
    report = run(
        db,
        ics(
            event("stranger", "20260601T150000Z", "20260601T160000Z", attendees=("joe@gmail.com",)),
            event(
                "contact",
                "20260602T150000Z",
                "20260602T160000Z",
                attendees=("paul.globex@gmail.com",),
            ),
        ),
    )
    assert [(line.uid, line.reason, line.domains) for line in report.review] == [
        ("stranger", "no_account", ("gmail.com",))
    ]
    assert [v["account"] for v in visits(db)] == ["A1"]
    assert rows(db, "SELECT count(*) FROM captured_person") == [(0,)]


def test_two_accounts_in_one_meeting_go_to_review_with_their_domains(db: Path) -> None:
    report = run(
        db,
        ics(
            event(
                "pair",
                "20260601T150000Z",
                "20260601T160000Z",
                attendees=("ada@acme.com", "uma@umbrella.com"),
                summary="Joint workshop",
            )
        ),
    )
    assert report.new == 0
    (line,) = report.review
    assert (line.reason, line.domains, line.title) == (
        "several_accounts",
        ("acme.com", "umbrella.com"),
        "Joint workshop",
    )


@pytest.mark.parametrize(
    ("extra", "mode", "location"),
    [
        (
            ("X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/1",),
            "video",
            None,
        ),
        (("LOCATION:https://us02web.zoom.us/j/8123?pwd=secret",), "video", None),
        (("DESCRIPTION:Join: https://meet.google.com/abc-defg-hij",), "video", None),
        (("LOCATION:Webex https://acme.webex.com/meet/ada",), "video", "Webex"),
        (("DESCRIPTION:Dial-in: +1 312 555 0100\\, conference ID 4411#",), "phone", None),
        (("LOCATION:+49 30 1234567",), "phone", None),
        (("LOCATION:Acme Berlin\\, Floor 3",), "in_person", "Acme Berlin, Floor 3"),
    ],
)
def test_mode_from_links_and_dial_ins_and_no_link_is_kept(
    db: Path, extra: tuple[str, ...], mode: str, location: str | None
) -> None:
    run(
        db,
        ics(
            event(
                "m",
                "20260601T150000Z",
                "20260601T160000Z",
                attendees=("ada@acme.com",),
                extra=extra,
            )
        ),
    )
    (visit,) = visits(db)
    assert (visit["mode"], visit["location"]) == (mode, location)


def test_private_meetings_count_without_title_or_location_and_no_description_is_ever_kept(
    db: Path,
) -> None:
    marker = "MARKER-7f3a-internal-notes"
    run(
        db,
        ics(
            event(
                "private",
                "20260601T150000Z",
                "20260601T160000Z",
                attendees=("ada@acme.com",),
                summary=f"Secret {marker}",
                extra=("CLASS:PRIVATE", f"LOCATION:Hotel {marker}", f"DESCRIPTION:{marker}"),
            ),
            event(
                "public",
                "20260602T150000Z",
                "20260602T160000Z",
                attendees=("ada@acme.com",),
                extra=(
                    f"DESCRIPTION:Notes {marker}",
                    f"X-ALT-DESC;FMTTYPE=text/html:<p>{marker}</p>",
                    f"COMMENT:{marker}",
                    "CONFERENCE;VALUE=URI;FEATURE=VIDEO:https://meet.google.com/xyz?pin=" + marker,
                ),
            ),
            event(
                "unsure",
                "20260603T150000Z",
                "20260603T160000Z",
                attendees=("joe@gmail.com",),
                extra=(f"DESCRIPTION:{marker}",),
            ),
        ),
    )
    private, public = visits(db)
    assert (private["objective"], private["location"]) == (None, None)
    assert public["mode"] == "video"
    assert marker.encode() not in db.read_bytes()


def test_outlooks_windows_zone_names_become_iana_zones(db: Path) -> None:
    run(
        db,
        ics(
            event(
                "cst",
                "DTSTART;TZID=Central Standard Time:20260610T090000",
                "DTEND;TZID=Central Standard Time:20260610T100000",
                attendees=("anna@globex.com",),
            ),
            event(
                "cet",
                'DTSTART;TZID="W. Europe Standard Time":20260115T090000',
                'DTEND;TZID="W. Europe Standard Time":20260115T100000',
                attendees=("ada@acme.com",),
            ),
            head=CENTRAL,
        ),
    )
    starts = [v["start"] for v in visits(db)]
    # 09:00 Chicago in June is daylight time (UTC-5); 09:00 Berlin in January is UTC+1.
    assert starts == ["2026-01-15 08:00:00.000000", "2026-06-10 14:00:00.000000"]


def test_floating_times_take_x_wr_timezone_else_the_executives_home_zone(db: Path) -> None:
    def floating(uid: str) -> list[str]:
        return event(uid, "20260610T090000", "20260610T100000", attendees=("anna@globex.com",))

    run(db, ics(floating("outlook"), name="Work"))
    run(db, ics(floating("google"), head=("X-WR-TIMEZONE:Europe/Berlin",), name="G"), name="g.ics")
    starts = sorted(str(v["start"]) for v in visits(db))
    # Casey's home is Chicago (UTC-5 in June); the Google calendar says Berlin (UTC+2).
    assert starts == ["2026-06-10 07:00:00.000000", "2026-06-10 14:00:00.000000"]


def test_a_recurring_series_with_an_exception_a_moved_and_a_cancelled_occurrence(db: Path) -> None:
    series = event(
        "weekly",
        "DTSTART;TZID=Europe/Berlin:20260504T100000",
        "DTEND;TZID=Europe/Berlin:20260504T110000",
        attendees=("ada@acme.com",),
        extra=("RRULE:FREQ=WEEKLY;COUNT=5", "EXDATE;TZID=Europe/Berlin:20260511T100000"),
    )
    moved = event(
        "weekly",
        "DTSTART;TZID=Europe/Berlin:20260519T150000",
        "DTEND;TZID=Europe/Berlin:20260519T160000",
        attendees=("ada@acme.com",),
        extra=("RECURRENCE-ID;TZID=Europe/Berlin:20260518T100000",),
    )
    cancelled = event(
        "weekly",
        "DTSTART;TZID=Europe/Berlin:20260525T100000",
        "DTEND;TZID=Europe/Berlin:20260525T110000",
        attendees=("ada@acme.com",),
        extra=("RECURRENCE-ID;TZID=Europe/Berlin:20260525T100000", "STATUS:CANCELLED"),
    )
    report = run(db, ics(series, moved, cancelled))
    assert report.new == 3 and report.skipped == {"cancelled": 1}
    assert [v["start"] for v in visits(db)] == [
        "2026-05-04 08:00:00.000000",
        "2026-05-19 13:00:00.000000",
        "2026-06-01 08:00:00.000000",
    ]
    ids = [r for (r,) in rows(db, "SELECT recurrence_id FROM captured_event ORDER BY start")]
    assert ids == ["2026-05-04 08:00:00", "2026-05-18 08:00:00", "2026-06-01 08:00:00"]


def test_the_deal_is_the_one_open_deal_whose_contacts_attended_else_none(db: Path) -> None:
    run(
        db,
        ics(
            event("otto", "20260601T150000Z", "20260601T160000Z", attendees=("otto@acme.de",)),
            event("ada", "20260602T150000Z", "20260602T160000Z", attendees=("ada@acme.com",)),
        ),
    )
    # Acme has two open deals: Otto worked on D3 (an activity); nobody links Ada to one.
    assert [(v["account"], v["deal"]) for v in visits(db)] == [("A3", "D3"), ("A3", None)]


def test_our_own_domains_and_a_setting_for_them(db: Path, tmp_path: Path) -> None:
    from fieldvisit.settings import save_capture_settings
    from tests.either_engine import reopen

    meeting = ics(
        event(
            "m", "20260601T150000Z", "20260601T160000Z", attendees=("lee@northwind-labs.example",)
        )
    )
    first = run(db, meeting)
    assert [line.reason for line in first.review] == ["no_account"]
    with reopen(db) as ws, ws.begin() as conn:
        save_capture_settings(
            conn, {"company_domains": ["northwind.example", "northwind-labs.example"]}
        )
    second = run(db, meeting)
    assert second.review == [] and second.skipped == {"internal": 1}
    # The listed meeting vanished from the review list: it is internal now.
    assert rows(db, "SELECT count(*) FROM capture_review WHERE state = 'open'") == [(0,)]


def test_someone_elses_meeting_is_skipped(db: Path) -> None:
    report = run(
        db,
        ics(
            event(
                "colleague",
                "20260601T150000Z",
                "20260601T160000Z",
                organizer=ROBIN,
                attendees=(attendee(ROBIN), "ada@acme.com"),
            )
        ),
    )
    assert (report.new, report.review, report.skipped) == (0, [], {"not_attending": 1})
