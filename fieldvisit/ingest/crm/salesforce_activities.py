"""Salesforce tasks and events as Field Visit activities and visits, and what is left out.

Only what happened is past activity: a task counts once it is closed (`IsClosed`, or a completed
`Status`), an event once it has started by the export's moment. Open tasks and events still to
come are left out with a note. Every event also becomes a *visit candidate*: a `visits` record
whose `executive_emails` lists every user attending it (the owner, then the invitees who
accepted; by name when a report only names them, in `Record.by_name`). Which of them are
executives is the engine's decision (titles or declared levels): it keeps those and drops the
visit when none is left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from fieldvisit.ingest.crm.batch import Batch, Origin, Record
from fieldvisit.ingest.crm.salesforce_sheets import Known, Row, Sheet, fold, modified_at, utc_text

COMPLETED = frozenset({"completed", "erledigt", "abgeschlossen", "done", "closed", "abgeschl."})
ACCEPTED = frozenset({"accepted", "angenommen"})
# Task subtypes and types, activity types of reports (spaces dropped, lower case) → our types.
_TYPES = {
    "call": "call",
    "anruf": "call",
    "email": "email",
    "listemail": "email",
    "e-mail": "email",
    "sendletter": "email",
    "meeting": "meeting",
    "besprechung": "meeting",
    "event": "meeting",
    "ereignis": "meeting",
    "termin": "meeting",
}


def activity_type(*words: str) -> str:
    """Return call/email/meeting/note from a task's subtype and type (the first that says)."""
    for word in words:
        found = _TYPES.get(fold(word).replace(" ", ""))
        if found:
            return found
    return "note"  # a to-do that was done: a touch, but neither a call, an e-mail nor a meeting


_VIDEO = re.compile(r"\b(video|zoom|teams|google meet|webex|online|virtual)\b", re.IGNORECASE)
_PHONE = re.compile(r"\b(phone|telefon|call|conference line)\b", re.IGNORECASE)


def _mode(location: str) -> str:
    """Return "video" or "phone" when an event's location says so ("" for in person)."""
    if _VIDEO.search(location):
        return "video"
    return "phone" if _PHONE.search(location) else ""


def is_done(status: str, closed: bool | None) -> bool:
    """Return whether a task is done: its IsClosed flag, else a completed status."""
    if closed is not None:
        return closed
    return fold(status) in COMPLETED


@dataclass
class LeftOut:
    """Activities left out of an export, counted per file and reason, for one note each."""

    counts: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def add(self, file: str, reason: str, example: str) -> None:
        self.counts.setdefault((file, reason), []).append(example)

    def notes(self) -> list[str]:
        lines = []
        for (file, reason), examples in self.counts.items():
            shown = ", ".join(repr(e) for e in examples[:2] if e)
            more = f" (e.g. {shown})" if shown else ""
            noun = "row" if len(examples) == 1 else "rows"
            lines.append(f"{file}: {len(examples)} {noun} left out: {reason}{more}")
        return lines


def deleted(sheet: Sheet, row: Row, left: LeftOut, what: str) -> bool:
    """Return True (and count it) for a row the CRM marks deleted (IsDeleted)."""
    if sheet.flag(row, "deleted"):
        left.add(sheet.name, "deleted in Salesforce (IsDeleted)", what)
        return True
    return False


@dataclass
class Meeting:
    """An event as read from any Salesforce shape, before it becomes activity and visit."""

    key: str
    origin: Origin
    start: datetime
    end: datetime | None
    subject: str
    location: str
    deal_id: str
    account_id: str
    contact_ids: list[str]
    attendees: list[str]  # users' e-mails (owner first), or names when `by_name`
    by_name: dict[str, str] = field(default_factory=dict)  # references given only by name
    modified_at: datetime | None = None
    attendees_by_name: bool = False


def add_meeting(batch: Batch, meeting: Meeting, as_of: datetime | None, left: LeftOut) -> None:
    """Add an event as a past meeting (when it has started by `as_of`) and as a visit candidate."""
    started = as_of is None or meeting.start <= as_of
    links: dict[str, str] = {}
    if meeting.deal_id:
        links["deal_id"] = meeting.deal_id
    if meeting.account_id:
        links["account_id"] = meeting.account_id
    by_name = {k: v for k, v in meeting.by_name.items() if k in ("deal_id", "account_id")}
    if not links and not by_name:
        left.add(meeting.origin.file, "events linked to no opportunity or account", meeting.subject)
        return
    if "contact_ids" in meeting.by_name:
        by_name["contact_ids"] = meeting.by_name["contact_ids"]
    contacts = ";".join(meeting.contact_ids)
    if started:
        activity = {"activity_id": meeting.key, "type": "meeting", **links}
        activity["occurred_on"] = meeting.start.date().isoformat()
        if contacts:
            activity["contact_ids"] = contacts
        activity_names = dict(by_name)
        if meeting.attendees:
            if meeting.attendees_by_name:
                activity_names["rep_email"] = meeting.attendees[0]
            else:
                activity["rep_email"] = meeting.attendees[0]
        batch.add(
            "activities", Record(activity, meeting.origin, activity_names, meeting.modified_at)
        )
    else:
        left.add(
            meeting.origin.file,
            "events after the export (planned, not past activity)",
            meeting.subject,
        )
    if not meeting.attendees:
        return
    if not meeting.account_id and "account_id" not in by_name:
        left.add(meeting.origin.file, "events at no account cannot be visits", meeting.subject)
        return
    visit = {"visit_id": meeting.key, **links, "start": utc_text(meeting.start)}
    if meeting.end is not None and meeting.end > meeting.start:
        visit["end"] = utc_text(meeting.end)
    if meeting.location:
        visit["location"] = meeting.location
        mode = _mode(meeting.location)
        if mode:
            visit["mode"] = mode
    if contacts:
        visit["contact_ids"] = contacts
    visit["status"] = "done" if started else "planned"
    people = ";".join(dict.fromkeys(meeting.attendees))
    if meeting.attendees_by_name:
        by_name["executive_emails"] = people
    else:
        visit["executive_emails"] = people
    batch.add("visits", Record(visit, meeting.origin, by_name, meeting.modified_at))


# ----- Data Export and Data Loader: Task, Event, EventRelation, Note ---------------------------


def _links(sheet: Sheet, row: Row, known: Known, what: str = "what") -> tuple[str, str, list[str]]:
    """Return (deal id, account id, contact ids) a task, event or note points at.

    `WhatId` is an opportunity or an account, `WhoId` a contact (a lead is left out); ids of
    records the export holds are checked against it, others by their key prefix (006, 001, 003).
    """
    target, who = sheet.sf(row, what), sheet.sf(row, "who")
    deal = account = ""
    if target in known.deals or (target.startswith("006") and not known.has_deals):
        deal, account = target, known.deals.get(target, "")
    elif target in known.accounts or (target.startswith("001") and not known.accounts):
        account = target
    account = account or sheet.sf(row, "account_id")
    if known.accounts and account not in known.accounts:
        account = ""
    contacts = []
    for contact in (who, target):
        if contact in known.contacts or (contact.startswith("003") and not known.has_contacts):
            contacts.append(contact)
            account = account or known.contacts.get(contact, "")
    return deal, account, contacts


def _record(key: str, kind: str, day: str, links: tuple[str, str, list[str]]) -> dict[str, str]:
    deal, account, contacts = links
    found = {"activity_id": key, "type": kind, "occurred_on": day}
    for column, value in (
        ("deal_id", deal),
        ("account_id", account),
        ("contact_ids", ";".join(contacts)),
    ):
        if value:
            found[column] = value
    return found


def read_tasks(sheets: list[Sheet], batch: Batch, known: Known, left: LeftOut) -> None:
    """Add done tasks (calls, e-mails, to-dos) as activities; open ones are left out."""
    for sheet in sheets:
        for row in sheet.rows():
            key, subject = sheet.sf(row, "id"), sheet.text(row, "subject")
            if not key or deleted(sheet, row, left, subject):
                continue
            if not is_done(sheet.text(row, "status"), sheet.flag(row, "closed")):
                left.add(sheet.name, "open tasks (not done yet: not past activity)", subject)
                continue
            links = _links(sheet, row, known)
            day = (
                sheet.day(row, "due")
                or sheet.moment_day(row, "completed")
                or sheet.moment_day(row, "created")
            )
            if not (links[0] or links[1]) or not day:
                left.add(sheet.name, "tasks linked to no opportunity or account", subject)
                continue
            kind = activity_type(sheet.text(row, "subtype"), sheet.text(row, "type"))
            record = Record(_record(key, kind, day, links), row.origin)
            record.modified_at = modified_at(sheet, row)
            owner = known.owner_email(sheet, row)
            if owner:
                record.values["rep_email"] = owner
            batch.add("activities", record)


def _attendance(
    sheets: list[Sheet], known: Known, left: LeftOut
) -> dict[str, tuple[list[str], list[str], Row, Sheet]]:
    """Return per event: the users who accepted an invitation, the contacts, a row to name."""
    found: dict[str, tuple[list[str], list[str], Row, Sheet]] = {}
    for sheet in sheets:
        for row in sheet.rows():
            event, relation = sheet.sf(row, "event"), sheet.sf(row, "relation")
            if not event or not relation or deleted(sheet, row, left, event):
                continue
            users, contacts, _, _ = found.setdefault(event, ([], [], row, sheet))
            if relation in known.users or relation.startswith("005"):
                answer = fold(sheet.text(row, "status"))
                if sheet.flag(row, "invitee") and (not sheet.has("status") or answer in ACCEPTED):
                    users.append(relation)
            elif relation in known.contacts or (
                relation.startswith("003") and not known.has_contacts
            ):
                contacts.append(relation)
    return found


def read_events(
    sheets: list[Sheet], relations: list[Sheet], batch: Batch, known: Known, left: LeftOut
) -> None:
    """Add events as meetings and visit candidates, with their attendees from EventRelation."""
    attendance = _attendance(relations, known, left)
    for sheet in sheets:
        for row in sheet.rows():
            key, subject = sheet.sf(row, "id"), sheet.text(row, "subject")
            if not key or deleted(sheet, row, left, subject):
                continue
            users, people, _, _ = attendance.pop(key, ([], [], row, sheet))
            if sheet.flag(row, "child"):
                left.add(
                    sheet.name, "invitees' copies of group events (the organiser's counts)", subject
                )
                continue
            start = sheet.moment(row, "start")
            if start is None and sheet.day(row, "day"):
                start = datetime.fromisoformat(sheet.day(row, "day")).replace(tzinfo=UTC)
            if start is None:
                left.add(sheet.name, "events without a start", subject)
                continue
            end = sheet.moment(row, "end")
            minutes = sheet.whole(row, "duration")
            if end is None and minutes:
                end = start + timedelta(minutes=minutes)
            deal, account, contacts = _links(sheet, row, known)
            contacts += [c for c in people if c not in contacts]
            owner = known.owner_email(sheet, row)
            emails = [owner] if owner else []
            emails += [known.users[u].email or "" for u in users if u in known.users]
            meeting = Meeting(
                key, row.origin, start, end, subject, sheet.text(row, "location"), deal, account,
                contacts, [e for e in emails if e],
                modified_at=modified_at(sheet, row),
            )  # fmt: skip
            add_meeting(batch, meeting, known.as_of, left)
    for event, (_, _, _, sheet) in attendance.items():
        left.add(
            sheet.name, "attendees of events not in the events file (archived or deleted)", event
        )


def read_notes(sheets: list[Sheet], batch: Batch, known: Known, left: LeftOut) -> None:
    """Add notes on opportunities, accounts and contacts as activities of type note."""
    for sheet in sheets:
        for row in sheet.rows():
            key, title = sheet.sf(row, "id"), sheet.text(row, "title")
            if not key or deleted(sheet, row, left, title):
                continue
            links = _links(sheet, row, known, what="parent")
            day = sheet.moment_day(row, "created")
            if not (links[0] or links[1]) or not day:
                left.add(sheet.name, "notes on no opportunity, account or contact", title)
                continue
            record = Record(_record(key, "note", day, links), row.origin)
            record.modified_at = modified_at(sheet, row)
            owner = known.owner_email(sheet, row)
            if owner:
                record.values["rep_email"] = owner
            batch.add("activities", record)
