"""HubSpot's export routes: the users export, the activity exports, and the five ways to export.

Activities come as one export per object (calls, meetings, emails, notes) with `Activity date`
and `Associated …` lists; the users export has names, e-mail, teams and role, but no job title.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.ingest.crm import files
from tests.ingest.crm.company import Snapshot
from tests.ingest.crm.hubspot import (
    Cell,
    activity_id,
    companies,
    company_id,
    contact_id,
    contacts,
    deal_id,
    deals,
    file_name,
    user_id,
    write_table,
    write_xlsx,
)


def users(snap: Snapshot) -> tuple[list[str], list[list[Cell]]]:
    """Settings → Users & Teams → Export users: names, e-mail, teams, role; no job title."""
    header = [
        "User ID",
        "First name",
        "Last name",
        "Email address",
        "Last login date",
        "Assigned teams",
        "Assigned role",
        "Permissions",
    ]
    roles = {
        "U1": "Leadership",
        "U2": "Leadership",
        "U5": "Leadership",
        "U3": "Sales Manager",
        "U4": "Sales Manager",
        "U10": "Admin",
    }
    teams = {
        "U1": "Management",
        "U2": "Management",
        "U5": "Management",
        "U10": "Revenue Operations",
    }
    rows: list[list[Cell]] = [
        [user_id(u.key), u.first, u.last, u.email, snap.exported_at - timedelta(hours=18, minutes=int(u.key[1:]) * 7),
         teams.get(u.key, u.role.replace("VP ", "Sales ")), roles.get(u.key, "Sales Rep"),
         "Super Admin" if u.key == "U10" else "Sales Hub Professional"]
        for u in snap.users
    ]  # fmt: skip
    return header, rows


def _associations(
    snap: Snapshot, contacts: tuple[str, ...], account: str, deal: str | None
) -> list[Cell]:
    return [
        ";".join(snap.contact(c).name for c in contacts), ";".join(contact_id(c) for c in contacts),
        snap.account(account).name, company_id(account),
        snap.deal(deal).deal.name if deal else "", deal_id(deal) if deal else "",
    ]  # fmt: skip


ASSOCIATION_HEADER = [
    "Associated Contact",
    "Associated Contact IDs",
    "Associated Company",
    "Associated Company IDs",
    "Associated Deal",
    "Associated Deal IDs",
]


def activities(snap: Snapshot, kind: str) -> tuple[list[str], list[list[Cell]]]:
    """Calls, meetings, emails or notes (a note is logged after each meeting that took place)."""
    first = {
        "call": ["Record ID", "Call Title", "Activity date", "Activity assigned to", "Call direction", "Call outcome", "Call duration (HH:mm:ss)", "Call notes"],
        "meeting": ["Record ID", "Meeting name", "Activity date", "Meeting start time", "Meeting end time", "Meeting location", "Meeting outcome", "Activity assigned to", "Internal attendees"],
        "email": ["Record ID", "Email subject", "Activity date", "Activity assigned to", "Email direction", "Email body"],
        "note": ["Record ID", "Note body", "Activity date", "Activity assigned to"],
    }[kind]  # fmt: skip
    header = first + ASSOCIATION_HEADER + ["Create Date", "Last Modified Date"]
    rows: list[list[Cell]] = []
    source = "meeting" if kind == "note" else kind
    for state in snap.activities:
        a = state.activity
        if a.kind != source or (kind == "note" and not state.done):
            continue
        if kind in ("call", "email") and not state.done:
            continue
        who = snap.user(a.owner).name
        end = a.at + timedelta(minutes=a.minutes)
        leads: dict[str, list[Cell]] = {
            "call": [activity_id(a.key, kind), a.subject, a.at, who, "Outbound", "Connected", f"00:{a.minutes:02d}:00", a.description],
            "meeting": [activity_id(a.key, kind), a.subject, a.at, a.at, end, a.location, "Completed" if state.done else "Scheduled", who, ";".join(snap.user(u).name for u in a.attendees)],
            "email": [activity_id(a.key, kind), a.subject, a.at, who, "Outgoing email", a.description],
            "note": [activity_id(a.key, kind), f"<p><strong>{a.subject}</strong></p><p>Attendees: {', '.join(snap.contact(c).name for c in a.contacts)}</p>", end, who],
        }  # fmt: skip
        lead = leads[kind]
        stamp = end if kind == "note" else (a.at if state.done else a.created_at)
        rows.append(
            [
                *lead,
                *_associations(snap, a.contacts, a.account, a.deal),
                end if kind == "note" else a.created_at,
                stamp,
            ]
        )
    return header, rows


def write_hubspot(snap: Snapshot, folder: Path) -> list[Path]:
    """Deals, companies, contacts (view exports), users, and calls, meetings, emails, notes."""
    written = [
        write_table(folder / file_name("all-deals", snap), *deals(snap)),
        write_table(folder / file_name("all-companies", snap), *companies(snap)),
        write_table(folder / file_name("all-contacts", snap), *contacts(snap)),
        write_table(folder / f"hubspot-users-export-{snap.as_of.isoformat()}.csv", *users(snap)),
    ]
    for kind in ("call", "meeting", "email", "note"):
        written.append(
            write_table(folder / file_name(f"all-{kind}s", snap), *activities(snap, kind))
        )
    return written


def write_hubspot_de(snap: Snapshot, folder: Path) -> list[Path]:
    """A German-language portal's exports of the three main views."""
    return [
        write_table(folder / file_name("alle-deals", snap), *deals(snap, "de")),
        write_table(folder / file_name("alle-unternehmen", snap), *companies(snap, "de")),
        write_table(folder / file_name("alle-kontakte", snap), *contacts(snap, "de")),
    ]


def write_hubspot_internal(snap: Snapshot, folder: Path) -> list[Path]:
    """Exports carrying internal values (stage ids, owner ids, pipeline `default`)."""
    return [
        write_table(folder / file_name("all-deals", snap, "-1"), *deals(snap, "internal")),
        write_table(folder / file_name("all-companies", snap), *companies(snap, "internal")),
        write_table(folder / file_name("all-contacts", snap), *contacts(snap, "internal")),
    ]


def write_hubspot_unicode_text(snap: Snapshot, folder: Path) -> list[Path]:
    """The three exports opened in (US) Excel and saved as "Unicode Text (*.txt)"."""
    shape = files.UNICODE_TEXT
    return [
        write_table(
            folder / file_name("all-deals", snap, ext="txt"),
            *deals(snap),
            shape=shape,
            unicode_text=True,
        ),
        write_table(
            folder / file_name("all-companies", snap, ext="txt"),
            *companies(snap),
            shape=shape,
            unicode_text=True,
        ),
        write_table(
            folder / file_name("all-contacts", snap, ext="txt"),
            *contacts(snap),
            shape=shape,
            unicode_text=True,
        ),
    ]


def write_hubspot_xlsx(snap: Snapshot, folder: Path) -> list[Path]:
    """The three exports in HubSpot's XLSX format."""
    return [
        write_xlsx(folder / file_name("all-deals", snap, ext="xlsx"), *deals(snap)),
        write_xlsx(folder / file_name("all-companies", snap, ext="xlsx"), *companies(snap)),
        write_xlsx(folder / file_name("all-contacts", snap, ext="xlsx"), *contacts(snap)),
    ]
