"""Pipedrive's activities and notes: done ones are past activity, to-do ones are planned, notes
link by their own ids, and a meeting assigned to an executive is a visit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fieldvisit.ingest.crm import pipedrive
from fieldvisit.ingest.crm.batch import Batch, ReadOptions
from fieldvisit.ingest.crm.files import read_tables
from tests.ingest.crm import pipedrive as shape
from tests.ingest.crm import route, snapshot, write_route


def read(folder: Path, time: int = 1) -> Batch:
    return pipedrive.read_export(read_tables(write_route("pipedrive", folder, time)), ReadOptions())


def test_done_activities_are_past_activity_linked_by_name(tmp_path: Path) -> None:
    batch = read(tmp_path)
    snap = snapshot(1)
    done = {str(shape.activity_id(a.activity.key)): a.activity for a in snap.activities if a.done}
    found = {
        r.values["activity_id"]: r
        for r in batch.records["activities"]
        if not r.values["activity_id"].startswith("note-")
    }
    assert set(found) == set(done)
    for key, activity in done.items():
        record = found[key]
        expected_type = {"task": "note"}.get(activity.kind, activity.kind)
        assert record.values["type"] == expected_type
        assert record.values["occurred_on"] == activity.at.date().isoformat()
        assert record.by_name["deal_id"] == snap.deal(activity.deal or "").deal.name
        assert record.by_name["rep_email"] == snap.user(activity.owner).name
    call = found[str(shape.activity_id("T04"))]
    assert call.by_name == {
        "deal_id": "Kestrel - Fleet Telemetry Analytics",
        "account_id": "Kestrel Logistics GmbH",
        "contact_ids": "Jan Petersen",
        "rep_email": "Tom Becker",
    }


def test_to_do_activities_are_planned_and_left_out_even_when_overdue(tmp_path: Path) -> None:
    batch = read(tmp_path, time=2)
    ids = {r.values["activity_id"] for r in batch.records["activities"]}
    overdue = str(shape.activity_id("T15"))  # due 10 June, still to do on 22 June
    assert overdue not in ids
    note = next(n for n in batch.notes if "to do: planned" in n)
    assert "Follow-up call with Andreas Huber" in note


def test_notes_are_note_activities_linked_by_their_ids(tmp_path: Path) -> None:
    batch = read(tmp_path)
    notes = [r for r in batch.records["activities"] if r.values["activity_id"].startswith("note-")]
    meetings_done = [a for a in snapshot(1).activities if a.done and a.activity.kind == "meeting"]
    assert len(notes) == len(meetings_done)
    first = next(r for r in notes if r.values["activity_id"] == "note-5002")
    assert first.values == {
        "activity_id": "note-5002",
        "type": "note",
        "occurred_on": "2026-02-20",
        "deal_id": "301",
        "account_id": "101",
        "contact_ids": "201",
    }
    assert first.by_name == {"rep_email": "Daniel Kowalczyk"}
    finding = next(f for f in batch.files if f.file.startswith("notes-"))
    assert "HTML text is not imported" in finding.note


def test_meetings_are_visit_candidates_by_their_assigned_user(tmp_path: Path) -> None:
    batch = read(tmp_path)
    levels = route("pipedrive").answers().executive_levels_by_name
    found = {
        (
            v.by_name["account_id"],
            v.by_name["executive_emails"],
            date.fromisoformat(v.values["start"][:10]),
            v.values["status"] == "done",
        )
        for v in batch.records["visits"]
        if v.by_name["executive_emails"] in levels
    }
    expected = {
        (v.account, v.executive, v.day, v.done) for v in route("pipedrive").answers().visits
    }
    assert found == expected
    ceo = next(
        v for v in batch.records["visits"] if v.by_name["executive_emails"] == "Helena Brandt"
    )
    assert ceo.values["status"] == "planned"
    assert (ceo.values["start"], ceo.values["end"]) == (
        "2026-06-16T13:00:00+00:00",
        "2026-06-16T14:30:00+00:00",
    )
    assert ceo.by_name["deal_id"] == "Meridian - Risk Analytics Suite"
    assert ceo.values["mode"] == "in_person"
    video = next(v for v in batch.records["visits"] if v.values["location"] == "Video call")
    assert video.values["mode"] == "video"


def test_the_planned_meeting_becomes_done_in_the_later_export(tmp_path: Path) -> None:
    batch = read(tmp_path, time=2)
    ceo = next(
        v for v in batch.records["visits"] if v.by_name["executive_emails"] == "Helena Brandt"
    )
    assert ceo.values["status"] == "done"
    assert str(shape.activity_id("T27")) in {
        r.values["activity_id"] for r in batch.records["activities"]
    }


def test_an_activity_neither_done_nor_to_do_is_one_grouped_problem(tmp_path: Path) -> None:
    paths = write_route("pipedrive", tmp_path)
    activities = next(p for p in paths if p.name.startswith("activities"))
    text = activities.read_text(encoding="utf-8")
    activities.write_text(text.replace(",Done,", ",Maybe,", 3), encoding="utf-8")
    batch = pipedrive.read_export(read_tables(paths), ReadOptions())
    (problem,) = list(batch.problems)
    assert (problem.column, problem.count, problem.examples[0]) == ("Activity - Done", 3, "Maybe")
