"""HubSpot's calls, meetings, e-mails and notes become past activities, and meetings with one of
our executives visits: planned meetings are not past activity."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fieldvisit.ingest.crm import hubspot
from fieldvisit.ingest.crm.batch import Batch, ReadOptions
from fieldvisit.ingest.crm.files import read_tables
from tests.ingest.crm import hubspot as shape
from tests.ingest.crm import route, snapshot, write_route

BERLIN = ReadOptions(zone="Europe/Berlin")


def read(paths: list[Path]) -> Batch:
    return hubspot.read_export(read_tables(paths), BERLIN)


def test_calls_emails_meetings_and_notes_that_happened_are_past_activities(tmp_path: Path) -> None:
    batch = read(write_route("hubspot", tmp_path))
    snap = snapshot(1)
    done = {
        shape.activity_id(a.activity.key, a.activity.kind): a
        for a in snap.activities
        if a.done and a.activity.kind in ("call", "email", "meeting")
    }
    found = {r.values["activity_id"]: r for r in batch.records["activities"]}
    notes = {k for k, r in found.items() if r.values["type"] == "note"}
    assert set(found) - notes == set(done)
    for key, state in done.items():
        values = found[key].values
        assert values["type"] == state.activity.kind
        assert values["occurred_on"] == state.activity.at.date().isoformat()
        assert values["deal_id"] == shape.deal_id(state.activity.deal or "")
        assert values["account_id"] == shape.company_id(state.activity.account)
        assert values["contact_ids"] == ";".join(
            shape.contact_id(c) for c in state.activity.contacts
        )
    meetings_done = sum(1 for a in done.values() if a.activity.kind == "meeting")
    assert len(notes) == meetings_done  # a note is logged after each meeting that took place


def test_the_assignee_is_the_activitys_rep_by_address(tmp_path: Path) -> None:
    batch = read(write_route("hubspot", tmp_path))
    call = next(r for r in batch.records["activities"] if r.values["activity_id"] == "61000000211")
    assert call.values["rep_email"] == "daniel.kowalczyk@northwind.example"


def test_scheduled_meetings_are_not_past_activity_and_are_noted(tmp_path: Path) -> None:
    batch = read(write_route("hubspot", tmp_path))
    types = {r.values["activity_id"]: r.values["type"] for r in batch.records["activities"]}
    planned = shape.activity_id("T27", "meeting")  # the CEO's meeting on 16 June
    assert planned not in types
    note = next(n for n in batch.notes if "meetings left out" in n)
    assert "planned or not done" in note and "Executive meeting: risk analytics roadmap" in note


def test_a_call_dated_after_the_export_day_is_not_past_activity(tmp_path: Path) -> None:
    paths = write_route("hubspot", tmp_path)
    calls = next(p for p in paths if "all-calls" in p.name)
    text = calls.read_text(encoding="utf-8-sig")
    calls.write_text(text.replace('"2026-01-14 11:00"', '"2026-06-03 11:00"', 1), encoding="utf-8")
    batch = read(paths)
    assert "61000000211" not in {r.values["activity_id"] for r in batch.records["activities"]}
    assert any(n.startswith("1 call left out") for n in batch.notes)


def test_meetings_with_our_executives_are_visit_candidates_by_address(tmp_path: Path) -> None:
    batch = read(write_route("hubspot", tmp_path))
    accounts = {r.values["account_id"]: r.values["name"] for r in batch.records["accounts"]}
    executives = {
        u.email: u.name
        for u in batch.users
        if u.name in route("hubspot").answers().executive_levels_by_name
    }
    found = set()
    for visit in batch.records["visits"]:
        assert not visit.by_name  # every attendee is in the users export
        for email in visit.values["executive_emails"].split(";"):
            if email in executives:
                day = date.fromisoformat(visit.values["start"][:10])
                done = visit.values["status"] == "done"
                found.add((accounts[visit.values["account_id"]], executives[email], day, done))
    expected = {(v.account, v.executive, v.day, v.done) for v in route("hubspot").answers().visits}
    assert found == expected


def test_a_visit_candidate_lists_the_assignee_then_the_internal_attendees(tmp_path: Path) -> None:
    batch = read(write_route("hubspot", tmp_path))
    visit = next(
        r
        for r in batch.records["visits"]
        if r.values["visit_id"] == shape.activity_id("T11", "meeting")
    ).values
    assert visit["executive_emails"] == (
        "daniel.kowalczyk@northwind.example;juergen.weiss@northwind.example"
    )
    assert visit["deal_id"] == shape.deal_id("D05") and visit["status"] == "done"
    assert visit["start"] == "2026-01-28T10:00:00+00:00"  # 11:00 in Berlin
    assert visit["end"] == "2026-01-28T12:00:00+00:00"
    assert visit["mode"] == "in_person"
    assert visit["contact_ids"] == f"{shape.contact_id('C12')};{shape.contact_id('C13')}"


def test_without_the_users_export_attendees_are_given_by_name(tmp_path: Path) -> None:
    paths = [p for p in write_route("hubspot", tmp_path) if "users" not in p.name]
    batch = read(paths)
    visit = next(
        r
        for r in batch.records["visits"]
        if r.values["visit_id"] == shape.activity_id("T32", "meeting")
    )
    assert "executive_emails" not in visit.values
    assert visit.by_name["executive_emails"] == "Tom Becker;Sofia Lindqvist"


def test_a_note_linked_to_nothing_is_left_out_and_named_without_its_html(tmp_path: Path) -> None:
    notes = tmp_path / "hubspot-crm-exports-all-notes-2026-06-01.csv"
    notes.write_text(
        '"Record ID","Note body","Activity date","Activity assigned to"\n'
        '"7","<p><strong>Needs workshop</strong></p><p>Kestrel &amp; Atlas</p>",'
        '"2026-05-20 10:00","Tom Becker"\n',
        encoding="utf-8",
    )
    batch = read([notes])
    assert "activities" not in batch.records
    assert batch.notes == [
        "1 note left out (linked to no deal or company): 'Needs workshop Kestrel & Atlas'"
    ]


def test_tasks_count_once_completed_and_are_planned_before(tmp_path: Path) -> None:
    tasks = tmp_path / "hubspot-crm-exports-all-tasks-2026-06-01.csv"
    tasks.write_text(
        '"Record ID","Task Title","Due date","Task status","Task type","Activity assigned to",'
        '"Associated Deal IDs","Associated Company IDs"\n'
        '"1","Send proposal","2026-05-20 10:00","Completed","Email","Tom Becker","18340001117","9"\n'
        '"2","Follow up","2026-06-10 10:00","Not started","To-do","Tom Becker","18340001117","9"\n',
        encoding="utf-8",
    )
    batch = read([tasks])
    (task,) = batch.records["activities"]
    assert (task.values["activity_id"], task.values["type"]) == ("1", "email")
    assert task.by_name == {"rep_email": "Tom Becker"}
    assert "1 task left out (planned or not done: not past activity): 'Follow up'" in batch.notes
