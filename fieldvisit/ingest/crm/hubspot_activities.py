"""HubSpot's activity exports (calls, meetings, e-mails, notes, tasks) → activities and visits.

Each activity object comes as its own export with `Activity date`, `Activity assigned to` (a
name) and `Associated Contact/Company/Deal IDs` lists. Only what happened is past activity: a
meeting whose outcome is `Scheduled`/`Rescheduled` (or that lies after the export's day), a task
not completed, a call or e-mail dated after the export, are left out with a note; a cancelled
meeting or a no-show is left out too. Every meeting is also a visit candidate: its
`executive_emails` lists the people on our side, `;`-joined, the assignee first, then the
`Internal attendees`: in `values` by e-mail when the users export knows every one of them, else in
`by_name` (each by e-mail or, unknown to the users export, by name) — the engine keeps the
executives there, moves the others to `rep_emails` and drops a candidate with no executive. Its status is done, planned or cancelled from the meeting's outcome.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import date

from fieldvisit.ingest.crm.batch import Record
from fieldvisit.ingest.crm.files import Table
from fieldvisit.ingest.crm.hubspot_labels import (
    ACTIVITIES,
    MEETING_CANCELLED,
    MEETING_DONE,
    MEETING_PLANNED,
    PHONE_WORDS,
    TASK_DONE,
    VIDEO_WORDS,
)
from fieldvisit.ingest.crm.hubspot_people import Owners
from fieldvisit.ingest.crm.table_cells import Cells, Context, fold

_TAG = re.compile(r"<[^>]+>")
_CALL_PLANNED = frozenset({"scheduled", "queued", "calling", "ringing", "inprogress"})
_PLURAL = {
    "call": "calls",
    "meeting": "meetings",
    "email": "e-mails",
    "note": "notes",
    "task": "tasks",
}


def plain_text(raw: str) -> str:
    """Return a rich-text body as plain text (tags dropped, entities such as `&amp;` read)."""
    return " ".join(html.unescape(_TAG.sub(" ", raw)).split())


def mode_of(location: str) -> str:
    """Return the visit mode a meeting's location suggests (in person unless it says video/phone)."""
    low = location.lower()
    if any(word in low for word in VIDEO_WORDS):
        return "video"
    if any(word in low for word in PHONE_WORDS):
        return "phone"
    return "in_person"


def read_activities(
    table: Table, kind: str, context: Context, owners: Owners, as_of: date | None
) -> str:
    """Add one activity export's past activities (and meetings as visits); return a note."""
    cells = Cells(table, ACTIVITIES[kind], context)
    past = visits = 0
    for row, record in table.records():
        activity_id = cells.ident(row, record, "id")
        title = plain_text(cells.text(record, "title"))
        if not activity_id:
            cells.problem(row, "id", "has no Record ID; the activity cannot be imported", title)
            continue
        start_key = "start" if cells.has("start") and cells.text(record, "start") else "date"
        moment = cells.moment(row, record, start_key)
        if not moment:
            if not cells.text(record, start_key):
                cells.problem(row, start_key, "has no date; the activity is left out", title)
            continue
        state = _state(kind, cells, record, date.fromisoformat(moment[:10]), as_of)
        if kind == "meeting" and _add_visit(cells, row, record, moment, state, context, owners):
            visits += 1
        if state != "done":
            reason = (
                "cancelled" if state == "cancelled" else "planned or not done: not past activity"
            )
            context.leave_out(_PLURAL[kind], reason, title)
            continue
        out = Record(
            {
                "activity_id": activity_id,
                "type": _type(kind, cells, record),
                "occurred_on": moment[:10],
            },
            cells.origin(row),
            modified_at=cells.stamp(row, record, "modified"),
        )
        if not _link(cells, row, record, out):
            context.leave_out(_PLURAL[kind], "linked to no deal or company", title)
            continue
        owners.assign(out, "rep_email", cells.text(record, "owner"))
        context.batch.add("activities", out)
        past += 1
    note = f"{past} past {_PLURAL[kind]}"
    return note + (f"; {visits} meetings as visit candidates" if kind == "meeting" else "")


def _state(
    kind: str, cells: Cells, record: Mapping[str, str], day: date, as_of: date | None
) -> str:
    """Return "done", "planned" or "cancelled" for one activity."""
    after_export = as_of is not None and day > as_of
    if kind == "meeting":
        outcome = fold(cells.text(record, "outcome"))
        if outcome in MEETING_DONE:
            return "done"
        if outcome in MEETING_CANCELLED:
            return "cancelled"
        if outcome in MEETING_PLANNED:
            return "planned"
    elif kind == "task":
        return "done" if fold(cells.text(record, "status")) in TASK_DONE else "planned"
    elif kind == "call" and fold(cells.text(record, "status")) in _CALL_PLANNED:
        return "planned"
    return "planned" if after_export else "done"


def _type(kind: str, cells: Cells, record: Mapping[str, str]) -> str:
    if kind != "task":
        return kind
    task_type = fold(cells.text(record, "task_type"))
    return task_type if task_type in ("call", "email") else "note"


def _link(cells: Cells, row: int, record: Mapping[str, str], out: Record) -> bool:
    """Put the activity's deal, company and contacts into `out`; False when it has neither."""
    for column, ids_key, names_key in (
        ("deal_id", "deal_ids", "deal_names"),
        ("account_id", "company_ids", "company_names"),
    ):
        ids = cells.idents(row, record, ids_key)
        names = [n.strip() for n in cells.text(record, names_key).split(";") if n.strip()]
        if ids:
            out.values[column] = ids[0]
        elif names:
            out.by_name[column] = names[0]
    contacts = cells.idents(row, record, "contact_ids")
    if contacts:
        out.values["contact_ids"] = ";".join(contacts)
    return any(k in out.values or k in out.by_name for k in ("deal_id", "account_id"))


def _add_visit(
    cells: Cells,
    row: int,
    record: Mapping[str, str],
    start: str,
    state: str,
    context: Context,
    owners: Owners,
) -> bool:
    location = cells.text(record, "location")
    visit = Record(
        {
            "visit_id": cells.ident(row, record, "id"),
            "start": start,
            "end": cells.moment(row, record, "end"),
            "location": location,
            "mode": mode_of(location),
            "status": state,
        },
        cells.origin(row),
        modified_at=cells.stamp(row, record, "modified"),
    )
    if not _link(cells, row, record, visit) or not (
        "account_id" in visit.values or "account_id" in visit.by_name
    ):
        title = plain_text(cells.text(record, "title"))
        context.leave_out("visits", "meeting linked to no company", title)
        return False
    owners.assign_all(
        visit, "executive_emails", [cells.text(record, "owner"), cells.text(record, "attendees")]
    )
    if "executive_emails" not in visit.values and "executive_emails" not in visit.by_name:
        return False
    context.batch.add("visits", visit)
    return True
