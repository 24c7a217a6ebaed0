"""The review list: one action settles a meeting, and the choice holds for later captures."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldvisit import capture as cap
from fieldvisit.errors import FieldVisitError, NotFound
from fieldvisit.planning import visit_pk_for
from tests.capture.capture_builders import (
    CASEY,
    NOW,
    attendee,
    event,
    ics,
    rows,
    run,
    visits,
)
from tests.either_engine import reopen


def _review(db: Path) -> list[cap.ReviewItem]:
    with reopen(db) as ws, ws.connect() as conn:
        return cap.review_items(conn)


def _settle(db: Path, action: str, *args: object) -> cap.Settled:
    with reopen(db) as ws, ws.begin() as conn:
        fn = getattr(cap, action)
        resolved = [cap.account_pk_for(conn, a[1:]) if str(a).startswith("@") else a for a in args]
        return fn(conn, *resolved, now=NOW)  # type: ignore[no-any-return]


PARTNER = ics(
    event(
        "series",
        "20260504T150000Z",
        "20260504T160000Z",
        attendees=("kim@partnerco.example",),
        summary="Weekly with PartnerCo",
        extra=("RRULE:FREQ=WEEKLY;COUNT=3",),
    ),
    event(
        "pair",
        "20260602T150000Z",
        "20260602T160000Z",
        attendees=("ada@acme.com", "uma@umbrella.com"),
    ),
    event("joe", "20260603T150000Z", "20260603T160000Z", attendees=("joe@gmail.com",)),
)


def test_the_review_list_shows_what_a_person_needs_to_decide(db: Path) -> None:
    run(db, PARTNER)
    items = _review(db)
    assert [(i.uid, i.reason) for i in items] == [
        ("series", "no_account"),
        ("series", "no_account"),
        ("series", "no_account"),
        ("pair", "several_accounts"),
        ("joe", "no_account"),
    ]
    pair = items[3]
    assert pair.title == "Customer meeting" and pair.executive_name == "Casey Chief"
    assert pair.domains == ("acme.com", "umbrella.com")
    assert [p[0] for p in pair.people] == ["ada@acme.com", "uma@umbrella.com"]
    assert [(a.account_id, a.name) for a in pair.candidates] == [("A3", "Acme"), ("A4", "Umbrella")]


def test_assigning_a_meeting_writes_its_visits_and_later_occurrences_follow(db: Path) -> None:
    run(db, PARTNER)
    settled = _settle(db, "assign_meeting", "series", "@A2")
    assert (settled.items, settled.new) == (3, 3)
    assert [v["account"] for v in visits(db)] == ["A2", "A2", "A2"]
    reasons = {r for (r,) in rows(db, "SELECT reason FROM captured_event")}
    assert reasons == {"assigned to Initech (A2) by a person"}
    # The series grows: the next capture matches the new occurrence without asking.
    longer = PARTNER.replace(b"COUNT=3", b"COUNT=4")
    report = run(db, longer)
    assert report.new == 1 and [line.uid for line in report.review] == ["pair", "joe"]


def test_mapping_a_domain_settles_every_meeting_it_decides_and_later_ones(db: Path) -> None:
    run(db, PARTNER)
    settled = _settle(db, "map_domain", "partnerco.example", "@A4")
    assert settled.items == 3 and settled.new == 3
    assert len(_review(db)) == 2
    report = run(db, PARTNER.replace(b"COUNT=3", b"COUNT=4"))
    assert report.new == 1
    reason = rows(db, "SELECT reason FROM captured_event ORDER BY start DESC LIMIT 1")[0][0]
    assert reason == "domain partnerco.example mapped to Umbrella (A4) by a person"


def test_ignoring_a_domain_settles_meetings_it_leaves_without_customers(db: Path) -> None:
    run(db, PARTNER)
    settled = _settle(db, "ignore_domain", "partnerco.example")
    assert settled.items == 3 and settled.new == 0
    assert visits(db) == []
    report = run(db, PARTNER)
    assert report.skipped.get("ignored_domain") == 3


def test_ignoring_the_second_accounts_domain_matches_the_first(db: Path) -> None:
    run(db, PARTNER)
    settled = _settle(db, "ignore_domain", "umbrella.com")
    assert (settled.items, settled.new) == (1, 1)
    assert [v["account"] for v in visits(db)] == ["A3"]


def test_dismissing_a_meeting_keeps_it_out(db: Path) -> None:
    run(db, PARTNER)
    assert _settle(db, "dismiss_meeting", "joe").items == 1
    report = run(db, PARTNER)
    assert report.skipped == {"dismissed": 1}
    assert "joe" not in [line.uid for line in report.review]


def test_confirming_a_tentative_meeting_counts_it(db: Path) -> None:
    tentative = ics(
        event(
            "t",
            "20260601T150000Z",
            "20260601T160000Z",
            organizer="ada@acme.com",
            attendees=(attendee(CASEY, "TENTATIVE"), "ada@acme.com"),
        )
    )
    report = run(db, tentative)
    assert [line.reason for line in report.review] == ["tentative"]
    (item,) = _review(db)
    assert [a.account_id for a in item.candidates] == ["A3"]
    assert _settle(db, "assign_meeting", "t", "@A3").new == 1
    (visit,) = visits(db)
    assert visit["executives"] == [CASEY] and visit["contacts"] == ["C3"]
    assert run(db, tentative).unchanged == 1


def test_personal_and_own_domains_cannot_be_mapped_and_unknown_meetings_are_refused(
    db: Path,
) -> None:
    run(db, PARTNER)
    with pytest.raises(FieldVisitError, match="gmail.com is a personal mail domain"):
        _settle(db, "map_domain", "gmail.com", "@A1")
    with pytest.raises(FieldVisitError, match="our company's own domains"):
        _settle(db, "ignore_domain", "northwind.example")
    with pytest.raises(FieldVisitError, match="not a domain"):
        _settle(db, "ignore_domain", "not a domain")
    with pytest.raises(NotFound, match="No meeting with the UID 'nope'"):
        _settle(db, "assign_meeting", "nope", "@A1")
    with pytest.raises(NotFound, match="No account 'A99'"):
        _settle(db, "assign_meeting", "joe", "@A99")


def test_a_new_person_becomes_a_contact_in_one_action(db: Path) -> None:
    run(db, ics(event("m", "20260601T150000Z", "20260601T160000Z", attendees=("newbie@acme.com",))))
    with reopen(db) as ws, ws.connect() as conn:
        (person,) = cap.new_people(conn)
    assert (person.visit_id, person.account_id, person.email) == (
        "V000001",
        "A3",
        "newbie@acme.com",
    )
    with reopen(db) as ws, ws.begin() as conn:
        contact = cap.add_new_person(conn, visit_pk_for(conn, "V000001"), "newbie@acme.com")
    assert contact == "C000007"
    assert visits(db)[0]["contacts"] == [contact]
    with reopen(db) as ws, ws.connect() as conn:
        assert cap.new_people(conn) == []
