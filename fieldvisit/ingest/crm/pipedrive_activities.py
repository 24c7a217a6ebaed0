"""Pipedrive's activities and notes exports → activities and visits.

Activities (`Call`, `Meeting`, `Email`, `Task`, …) link to their deal, organization, contact
person and assigned user by name. Only done ones (`Activity - Done` = `Done`) are past activity;
`To do` ones are planned, left out with a note. Every meeting is a visit candidate whose
`executive_emails` is the assigned user, by name in `Record.by_name` (Pipedrive shows no other
attendees): the engine keeps it when that user is a declared executive. Notes become `note`
activities linked by the notes export's own ids (`Deal ID`, `Organization ID`); their HTML text
is not imported.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta

from fieldvisit.ingest.crm.batch import Record
from fieldvisit.ingest.crm.files import Table
from fieldvisit.ingest.crm.pipedrive_labels import ACTIVITIES, DONE, NOT_DONE, NOTES, TYPES
from fieldvisit.ingest.crm.pipedrive_people import link, name_user
from fieldvisit.ingest.crm.table_cells import Cells, Context, fold

DONE_CAUSE = "is neither Done nor To do; the activity is left out"
NOTE_PREFIX = "note-"  # notes and activities are numbered apart in Pipedrive
_DURATION = re.compile(r"^(\d{1,3}):(\d{2})(?::\d{2})?$")
_VIDEO = ("video", "zoom", "teams", "meet.google", "webex", "online")


def read_activities(table: Table, context: Context) -> str:
    """Add the activities export's done activities (and meetings as visits); return a note."""
    cells = Cells(table, ACTIVITIES, context)
    past = visits = 0
    for row, record in table.records():
        activity_id = cells.ident(row, record, "id")
        subject = cells.text(record, "subject")
        if not activity_id:
            cells.problem(row, "id", "has no activity ID; it cannot be imported", subject)
            continue
        done_cell = fold(cells.text(record, "done"))
        if done_cell not in DONE | NOT_DONE:
            cells.problem(row, "done", DONE_CAUSE, cells.text(record, "done"))
            continue
        done = done_cell in DONE
        start = _start(cells, row, record)
        if not start:
            cells.problem(row, "due_date", "has no due date; the activity is left out", subject)
            continue
        kind = TYPES.get(fold(cells.text(record, "type")), "note")
        if kind == "meeting" and _add_visit(cells, row, record, start, done, context):
            visits += 1
        if not done:
            context.leave_out("activities", "to do: planned, not past activity", subject)
            continue
        out = Record(
            {"activity_id": activity_id, "type": kind, "occurred_on": start[:10]},
            cells.origin(row),
            modified_at=cells.stamp(row, record, "modified"),
        )
        if not _links(cells, row, record, out):
            context.leave_out("activities", "linked to no deal or organization", subject)
            continue
        name_user(context, out, "rep_email", cells.text(record, "assignee"))
        context.batch.add("activities", out)
        past += 1
    return f"{past} done activities; {visits} meetings as visit candidates"


def _start(cells: Cells, row: int, record: Mapping[str, str]) -> str:
    """Return when the activity is due (date and time, in UTC), else when it was marked done."""
    day = cells.day(row, record, "due_date")
    clock = cells.text(record, "due_time")
    if day and clock:
        moment = cells.moment_of(row, "due_time", f"{day} {clock}")
        if moment:
            return moment
    if day:
        return f"{day}T00:00:00+00:00"
    return cells.moment(row, record, "done_time")


def _links(cells: Cells, row: int, record: Mapping[str, str], out: Record) -> bool:
    has_deal = link(cells, row, record, out, "deal_id", "deal_id", "deal")
    has_account = link(cells, row, record, out, "account_id", "organization_id", "organization")
    person = cells.ident(row, record, "person_id")
    if person:
        out.values["contact_ids"] = person
    elif cells.text(record, "person"):
        out.by_name["contact_ids"] = cells.text(record, "person")
    return has_deal or has_account


def _add_visit(
    cells: Cells, row: int, record: Mapping[str, str], start: str, done: bool, context: Context
) -> bool:
    location = cells.text(record, "location")
    visit = Record(
        {
            "visit_id": cells.ident(row, record, "id"),
            "start": start,
            "end": _end(start, cells.text(record, "duration")),
            "location": location,
            "mode": "video" if any(w in location.lower() for w in _VIDEO) else "in_person",
            "status": "done" if done else "planned",
        },
        cells.origin(row),
        modified_at=cells.stamp(row, record, "modified"),
    )
    _links(cells, row, record, visit)
    if "account_id" not in visit.values and "account_id" not in visit.by_name:
        context.leave_out(
            "visits", "meeting linked to no organization", cells.text(record, "subject")
        )
        return False
    name_user(context, visit, "executive_emails", cells.text(record, "assignee"))
    if "executive_emails" not in visit.by_name:
        return False
    context.batch.add("visits", visit)
    return True


def _end(start: str, duration: str) -> str:
    found = _DURATION.match(duration.strip())
    if not found or not start:
        return ""
    length = timedelta(hours=int(found.group(1)), minutes=int(found.group(2)))
    return (datetime.fromisoformat(start) + length).isoformat(timespec="seconds")


def read_notes(table: Table, context: Context) -> str:
    """Add the notes export's notes as `note` activities; return a note on what it held."""
    cells = Cells(table, NOTES, context)
    count = 0
    for row, record in table.records():
        note_id = cells.ident(row, record, "id")
        day = cells.day(row, record, "created")
        if not note_id or not day:
            key = "id" if not note_id else "created"
            cells.problem(row, key, "is empty; the note is left out", note_id)
            continue
        out = Record(
            {"activity_id": NOTE_PREFIX + note_id, "type": "note", "occurred_on": day},
            cells.origin(row),
            modified_at=cells.stamp(row, record, "modified"),
        )
        has_deal = link(cells, row, record, out, "deal_id", "deal_id", "deal")
        has_account = link(cells, row, record, out, "account_id", "organization_id", "organization")
        if not has_deal and not has_account:
            context.leave_out("notes", "linked to no deal or organization", note_id)
            continue
        person = cells.ident(row, record, "person_id")
        if person:
            out.values["contact_ids"] = person
        name_user(context, out, "rep_email", cells.text(record, "user"))
        context.batch.add("activities", out)
        count += 1
    return f"{count} notes as note activities (their HTML text is not imported)"
