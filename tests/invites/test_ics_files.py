"""Invite files that every calendar reads the same way, and that update and cancel correctly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from sqlalchemy import text

from fieldvisit.errors import FieldVisitError
from fieldvisit.invites import trip_calendar, visit_invites, visits_calendar
from fieldvisit.invites.build import stored_copy
from fieldvisit.invites.ics import clean_cn
from fieldvisit.settings import load_rules, save_rules

from .builder import AS_OF, START, add_trip, add_visit, configure
from .checks import check_all, events

NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


def invites(ws, pk, audiences=("internal", "external"), now=NOW):
    with ws.begin() as conn:
        return visit_invites(conn, pk, load_rules(conn), list(audiences), now, AS_OF)


def set_visit(ws, pk, **values):
    """Change a visit the way an import or an edit would (no invite logic involved)."""
    sets = ", ".join(f'"{k}" = :{k}' for k in values)
    with ws.begin() as conn:
        conn.execute(text(f"UPDATE visit SET {sets} WHERE id = :id"), {**values, "id": pk})


@pytest.fixture
def visit(workspace):
    configure(workspace)
    return add_visit(workspace)


def test_each_audience_is_a_request_every_parser_reads_at_the_same_instant(workspace, visit):
    for inv in invites(workspace, visit.visit_pk):
        assert check_all(inv.ics) == "REQUEST"
        _, (ev,) = events(inv.ics)
        assert ev.start == START
        assert b"DTSTART:20260623T150000Z\r\n" in inv.ics


def test_internal_invite_goes_to_executive_and_rep_external_to_customers(workspace, visit):
    internal, external = invites(workspace, visit.visit_pk)
    assert internal.content.recipients == (
        "ana.exec@northwind.example",
        "rob.rep@northwind.example",
    )
    assert external.content.recipients == ("dana.lee@acme.example", "sam.roe@acme.example")
    # Customers see who comes from our side.
    _, (ev,) = events(external.ics)
    listed = {str(a) for a in ev["ATTENDEE"]}
    assert "mailto:ana.exec@northwind.example" in listed
    assert "mailto:dana.lee@acme.example" in listed
    # The executive organises; the configured chief of staff sends on their behalf.
    assert str(ev["ORGANIZER"]) == "mailto:ana.exec@northwind.example"
    assert ev["ORGANIZER"].params["CN"] == "Ana Exec"
    assert ev["ORGANIZER"].params["SENT-BY"] == "mailto:cos@northwind.example"


def test_external_title_names_both_companies_and_shows_the_agenda(workspace, visit):
    (external,) = invites(workspace, visit.visit_pk, ["external"])
    _, (ev,) = events(external.ics)
    assert str(ev["SUMMARY"]) == "Meeting: Northwind Traders and Acme Corp"
    assert str(ev["DESCRIPTION"]) == "Agenda: Roadmap review and next steps"
    assert str(ev["LOCATION"]) == "Acme HQ, 1 Main St, Chicago"


def test_uids_are_stored_once_and_reused(workspace, visit):
    first = invites(workspace, visit.visit_pk)
    again = invites(workspace, visit.visit_pk)
    assert [i.content.uid for i in first] == [i.content.uid for i in again]
    assert first[0].content.uid != first[1].content.uid
    with workspace.connect() as conn:
        row = conn.execute(
            text("SELECT internal_uid, external_uid FROM visit WHERE id = :i"),
            {"i": visit.visit_pk},
        ).one()
    assert tuple(row) == (first[0].content.uid, first[1].content.uid)


def test_unchanged_visit_keeps_its_sequence_and_a_reschedule_raises_it(workspace, visit):
    before = invites(workspace, visit.visit_pk)
    assert {i.content.sequence for i in before} == {0}
    assert {i.content.sequence for i in invites(workspace, visit.visit_pk)} == {0}

    moved = START + timedelta(days=1)
    set_visit(workspace, visit.visit_pk, start=moved, end=moved + timedelta(hours=1))
    later = NOW + timedelta(hours=1)
    after = invites(workspace, visit.visit_pk, now=later)
    for old, new in zip(before, after, strict=True):
        _, (ev,) = events(new.ics)
        assert new.content.uid == old.content.uid
        assert int(ev["SEQUENCE"]) == 1
        assert later == ev.DTSTAMP
        assert ev.start == START + timedelta(days=1)
        check_all(new.ics)
    # Sending the same thing again does not raise it further.
    assert {i.content.sequence for i in invites(workspace, visit.visit_pk)} == {1}


def test_a_sequence_raised_by_the_planner_is_not_raised_twice(workspace, visit):
    invites(workspace, visit.visit_pk)
    moved = START + timedelta(hours=2)
    set_visit(workspace, visit.visit_pk, start=moved, end=moved + timedelta(hours=1), sequence=1)
    assert {i.content.sequence for i in invites(workspace, visit.visit_pk)} == {1}


def test_visit_ending_before_it_starts_is_a_clear_error(workspace, visit):
    set_visit(workspace, visit.visit_pk, start=START + timedelta(days=1))
    with pytest.raises(FieldVisitError, match="ends .* before it starts"):
        invites(workspace, visit.visit_pk)


def test_new_attendee_or_place_counts_as_a_change(workspace, visit):
    invites(workspace, visit.visit_pk)
    set_visit(workspace, visit.visit_pk, location="Acme Innovation Center")
    assert {i.content.sequence for i in invites(workspace, visit.visit_pk)} == {1}


def test_cancelled_visit_gives_cancel_with_same_uid_higher_sequence_all_attendees(workspace, visit):
    before = invites(workspace, visit.visit_pk)
    set_visit(workspace, visit.visit_pk, status="cancelled")
    after = invites(workspace, visit.visit_pk, now=NOW + timedelta(hours=1))
    for old, new in zip(before, after, strict=True):
        assert check_all(new.ics) == "CANCEL"
        assert new.method == "CANCEL"
        _, (old_ev,) = events(old.ics)
        _, (ev,) = events(new.ics)
        assert str(ev["UID"]) == str(old_ev["UID"])
        assert int(ev["SEQUENCE"]) > int(old_ev["SEQUENCE"])
        assert {str(a) for a in ev["ATTENDEE"]} == {str(a) for a in old_ev["ATTENDEE"]}


def test_trip_exports_one_publish_file_without_attendees(workspace):
    configure(workspace)
    trip = add_trip(workspace, "ana.exec@northwind.example")
    for n, (acc, name) in enumerate([("A-1", "Acme Corp"), ("A-2", "Globex"), ("A-3", "Initech")]):
        add_visit(
            workspace,
            visit_id=f"V-{n}",
            account_id=acc,
            account_name=name,
            start=START + timedelta(days=n),
            trip_pk=trip,
        )
    with workspace.begin() as conn:
        name, count, data = trip_calendar(conn, "T-1", load_rules(conn), NOW, AS_OF)
    assert (name, count) == ("Chicago, late June", 3)
    assert check_all(data) == "PUBLISH"
    cal, evs = events(data)
    assert [e.start for e in evs] == [START + timedelta(days=n) for n in range(3)]
    assert len({str(e["UID"]) for e in evs}) == 3
    # The executive's own calendar gets the briefing (same UIDs as the internal invites).
    assert all("INTERNAL BRIEFING" in str(e["DESCRIPTION"]) for e in evs)


def test_caldav_copy_has_no_method_and_no_attendees(workspace, visit):
    with workspace.begin() as conn:
        content, data = stored_copy(conn, visit.visit_pk, load_rules(conn), "external", NOW)
    assert check_all(data) == ""
    assert b"METHOD" not in data


def test_missing_organizer_is_a_clear_error_and_changes_nothing(workspace):
    # No invite settings and an executive without an e-mail: nobody can organise the invites.
    visit = add_visit(workspace, exec_email=None)  # type: ignore[arg-type]
    with pytest.raises(FieldVisitError, match="organizer"):
        invites(workspace, visit.visit_pk)
    with workspace.connect() as conn:
        uid = conn.execute(
            text("SELECT internal_uid FROM visit WHERE id = :i"), {"i": visit.visit_pk}
        ).scalar()
    assert uid is None


def test_display_names_lose_quotes_and_control_characters(workspace):
    configure(workspace, organizer_name='Casey "The Boss"\r\nChief')
    visit = add_visit(
        workspace,
        exec_name='Ana "AJ"\tExec\x07',
        contacts=(
            ('Dana "D" Lee\n', "dana.lee@acme.example"),
            ("Émile Zoë Ünal", "emile@acme.example"),
        ),
    )
    for inv in invites(workspace, visit.visit_pk):
        check_all(inv.ics)
        _, (ev,) = events(inv.ics)
        names = [a.params["CN"] for a in ev["ATTENDEE"]] + [ev["ORGANIZER"].params["CN"]]
        for cn in names:
            assert '"' not in cn and not any(ord(ch) < 32 for ch in cn), cn
    assert clean_cn('Ana "AJ"\tExec\x07') == "Ana AJ Exec"
    assert "Émile Zoë Ünal" in invites(workspace, visit.visit_pk)[1].ics.decode()


def test_long_non_ascii_text_folds_between_characters(workspace):
    configure(workspace)
    agenda = "Überprüfung der Roadmap — 見積もりと次のステップ 🚀 " * 6
    visit = add_visit(workspace, agenda=agenda, account_name="Société Générale d'Études")
    (external,) = invites(workspace, visit.visit_pk, ["external"])
    check_all(external.ics)
    _, (ev,) = events(external.ics)
    assert str(ev["DESCRIPTION"]) == f"Agenda: {agenda.strip()}"


def test_contact_without_email_is_named_but_not_invited(workspace):
    configure(workspace)
    visit = add_visit(
        workspace, contacts=(("Dana Lee", "dana.lee@acme.example"), ("Pat Doe", None))
    )
    internal, external = invites(workspace, visit.visit_pk)
    assert external.content.not_invited == ("Pat Doe",)
    assert "Pat Doe" not in external.ics.decode()
    assert "Pat Doe" in str(events(internal.ics)[1][0]["DESCRIPTION"])


def test_video_visit_without_location_says_so(workspace):
    configure(workspace)
    visit = add_visit(workspace, mode="video", location=None)
    (external,) = invites(workspace, visit.visit_pk, ["external"])
    _, (ev,) = events(external.ics)
    assert str(ev["LOCATION"]) == "Video call"
    assert str(ev["SUMMARY"]).startswith("Video call:")


def test_visit_without_end_lasts_the_default_length(workspace):
    configure(workspace)
    with workspace.begin() as conn:
        save_rules(conn, {"default_visit_minutes": 90})
    visit = add_visit(workspace, minutes=None)
    (external,) = invites(workspace, visit.visit_pk, ["external"])
    _, (ev,) = events(external.ics)
    assert ev.end - ev.start == timedelta(minutes=90)


def test_many_visits_in_one_calendar_parse_everywhere(workspace):
    configure(workspace)
    pks = [
        add_visit(workspace, visit_id=f"V-{n}", start=START + timedelta(hours=3 * n)).visit_pk
        for n in range(5)
    ]
    with workspace.begin() as conn:
        data = visits_calendar(conn, pks, load_rules(conn), "external", NOW, AS_OF)
    assert check_all(data) == "PUBLISH"
    assert len(list(icalendar.Calendar.from_ical(data).events)) == 5
