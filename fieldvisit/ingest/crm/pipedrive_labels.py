"""Pipedrive's export columns (`Entity - Field`, English) and the values it writes.

Pipedrive localizes headers with the exporting user's language; only English is read (German
exports are recognised as Pipedrive's and refused with how to switch the language). The notes
export names its columns without the entity (`Content`, `Deal ID`).
"""

from __future__ import annotations

import re

DEALS = {
    "id": ("Deal - ID",),
    "name": ("Deal - Title",),
    "owner": ("Deal - Owner",),
    "amount": ("Deal - Value",),
    "currency": ("Deal - Currency of Value", "Deal - Currency"),
    "weighted": ("Deal - Weighted value",),
    "organization": ("Deal - Organization",),
    "organization_id": ("Deal - Organization ID",),
    "pipeline": ("Deal - Pipeline",),
    "stage": ("Deal - Stage",),
    "status": ("Deal - Status",),
    "created": ("Deal - Deal created", "Deal - Add time", "Deal - Created"),
    "modified": ("Deal - Update time",),
    "stage_changed": ("Deal - Last stage change",),
    "won": ("Deal - Won time",),
    "lost": ("Deal - Lost time",),
    "closed": ("Deal - Deal closed on", "Deal - Close time"),
    "expected": ("Deal - Expected close date",),
}
ORGANIZATIONS = {
    "id": ("Organization - ID",),
    "name": ("Organization - Name",),
    "owner": ("Organization - Owner",),
    "city": (
        "Organization - City/town/village/locality of Address",
        "Organization - City/town of Address",
        "Organization - Address - City/town/village/locality",
        "Organization - Address - City/town",
        "Organization - City",
    ),
    "country": (
        "Organization - Country of Address",
        "Organization - Address - Country",
        "Organization - Country",
    ),
    "address": ("Organization - Full/combined address of Address", "Organization - Address"),
    "industry": ("Organization - Industry",),
    "created": ("Organization - Organization created", "Organization - Add time"),
    "modified": ("Organization - Update time",),
}
PEOPLE = {
    "id": ("Person - ID",),
    "name": ("Person - Name",),
    "first": ("Person - First name",),
    "last": ("Person - Last name",),
    "organization": ("Person - Organization",),
    "organization_id": ("Person - Organization ID",),
    "email_work": ("Person - Email - Work",),
    "email_home": ("Person - Email - Home",),
    "email_other": ("Person - Email - Other",),
    "email": ("Person - Email",),
    "title": ("Person - Job title",),
    "created": ("Person - Person created", "Person - Add time"),
    "modified": ("Person - Update time",),
}
ACTIVITIES = {
    "id": ("Activity - ID",),
    "subject": ("Activity - Subject",),
    "type": ("Activity - Type",),
    "due_date": ("Activity - Due date",),
    "due_time": ("Activity - Due time",),
    "duration": ("Activity - Duration",),
    "done": ("Activity - Done",),
    "done_time": ("Activity - Marked as done time",),
    "assignee": ("Activity - Assigned to user", "Activity - Owner"),
    "deal": ("Activity - Deal",),
    "deal_id": ("Activity - Deal ID",),
    "organization": ("Activity - Organization",),
    "organization_id": ("Activity - Organization ID",),
    "person": ("Activity - Contact person",),
    "person_id": ("Activity - Contact person ID", "Activity - Person ID"),
    "location": ("Activity - Location",),
    "created": ("Activity - Add time",),
    "modified": ("Activity - Update time",),
}
NOTES = {
    "id": ("Note - ID", "ID"),
    "content": ("Note - Content", "Content"),
    "deal_id": ("Note - Deal ID", "Deal ID"),
    "deal": ("Note - Deal", "Deal title"),
    "organization_id": ("Note - Organization ID", "Organization ID"),
    "organization": ("Note - Organization", "Organization"),
    "person_id": ("Note - Contact person ID", "Contact person ID", "Person ID"),
    "user": ("Note - User", "User"),
    "created": ("Note - Add time", "Add time"),
    "modified": ("Note - Update time", "Update time"),
}
VOCABULARIES = {
    "deals": DEALS,
    "organizations": ORGANIZATIONS,
    "people": PEOPLE,
    "activities": ACTIVITIES,
    "notes": NOTES,
}
# The columns a table must have to be read as that object.
REQUIRED = {
    "deals": ("id", "name", "stage"),
    "organizations": ("id", "name"),
    "people": ("id",),
    "activities": ("id", "type"),
    "notes": ("id", "content"),
}
# `Entity - Field` prefixes in English and (recognised only to say so) German.
ENTITIES = {"deal": "deals", "organization": "organizations", "person": "people",
            "activity": "activities", "note": "notes"}  # fmt: skip
GERMAN_ENTITIES = frozenset({"organisation", "aktivität", "notiz", "geschäft"})
NAME_WORDS = {
    "deals": ("deal",),
    "organizations": ("organization", "organisation"),
    "people": ("people", "person"),
    "activities": ("activit",),
    "notes": ("note",),
}
# `deals-10482153-12.csv`: the company's id and the export's number.
FILE_NUMBER = re.compile(r"-(\d+)-(\d+)(?:\s*\(\d+\))?\.[A-Za-z]+$")
_PREFIX = re.compile(r"^\s*([^-]+?)\s+-\s+\S")


def entity(header: str) -> str | None:
    """Return the entity of an `Entity - Field` header, lower-cased ("deal"), else None."""
    found = _PREFIX.match(header)
    return found.group(1).strip().lower() if found else None


STATUSES = {"open": "open", "won": "won", "lost": "lost", "deleted": "deleted"}
DONE = frozenset({"done", "1", "true", "yes"})
NOT_DONE = frozenset({"todo", "notdone", "0", "false", "no", ""})
# Activity types (Pipedrive's defaults and common custom ones) → generic activity types.
TYPES = {
    "call": "call",
    "email": "email",
    "meeting": "meeting",
    "lunch": "meeting",
    "visit": "meeting",
    "demo": "meeting",
    "task": "note",
    "deadline": "note",
}
