"""Pipedrive "Export data" files of Northwind Analytics: deals, organizations, people, activities, notes.

Headers are `Entity - Field`; links are names (`Deal - Organization`, `Deal - Owner`,
`Activity - Deal`), not ids; a won or lost deal keeps the stage it was in and says so in
`Deal - Status` (a deleted deal is still listed); people's e-mail addresses of one label are
joined with commas; organization addresses are split into `… of Address` sub-columns; activity
notes are HTML. There is no users export. The XLSX variant writes dates as Excel serial numbers.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from tests.ingest.crm import files
from tests.ingest.crm.company import PROBABILITY, Account, DealState, Snapshot

COMPANY_ID = "10482153"
Cell = str | Decimal | date | datetime | int | None

SALES = ("Qualified", "Contact Made", "Demo Scheduled", "Proposal Made", "Negotiations Started")
RENEWALS = (
    "Renewal Due",
    "Renewal Due",
    "Renewal Proposal",
    "Renewal Proposal",
    "Renewal Negotiation",
)
GENERIC = (
    "Prospecting",
    "Qualification",
    "Needs Analysis",
    "Proposal/Price Quote",
    "Negotiation/Review",
)


def stage_name(pipeline: str, generic: str) -> str:
    return (SALES if pipeline == "Sales" else RENEWALS)[GENERIC.index(generic)]


def org_name(account: Account) -> str:
    return account.pipedrive_name or account.name


def org_id(key: str) -> int:
    return 100 + int(key[1:])


def person_id(key: str) -> int:
    return 200 + int(key[1:])


def deal_id(key: str) -> int:
    return 300 + int(key[1:])


def activity_id(key: str) -> int:
    return 4000 + int(key[1:])


def file_names(snap: Snapshot, ext: str = "csv") -> dict[str, str]:
    first = 12 if snap.time == 1 else 19
    kinds = ("deals", "organizations", "people", "activities", "notes")
    return {k: f"{k}-{COMPANY_ID}-{first + i}.{ext}" for i, k in enumerate(kinds)}


def _open_stage(state: DealState) -> tuple[str, datetime | None]:
    """Return the Pipedrive stage and its 'last stage change' (None: never changed)."""
    entries = [e for e in state.entries if e.stage not in ("Closed Won", "Closed Lost")]
    last = entries[-1]
    changed = len(entries) > 1
    return stage_name(state.deal.pipeline, last.stage), (last.at if changed else None)


def _activity_days(snap: Snapshot, deal: str, done: bool) -> list[date]:
    return [
        a.activity.at.date() for a in snap.activities if a.activity.deal == deal and a.done == done
    ]


def deals(snap: Snapshot) -> tuple[list[str], list[list[Cell]]]:
    header = [
        "Deal - ID",
        "Deal - Title",
        "Deal - Creator",
        "Deal - Owner",
        "Deal - Value",
        "Deal - Currency of Value",
        "Deal - Weighted value",
        "Deal - Currency of Weighted value",
        "Deal - Probability",
        "Deal - Organization",
        "Deal - Pipeline",
        "Deal - Contact person",
        "Deal - Stage",
        "Deal - Label",
        "Deal - Status",
        "Deal - Deal created",
        "Deal - Update time",
        "Deal - Last stage change",
        "Deal - Next activity date",
        "Deal - Last activity date",
        "Deal - Won time",
        "Deal - Lost time",
        "Deal - Deal closed on",
        "Deal - Lost reason",
        "Deal - Visible to",
        "Deal - Total activities",
        "Deal - Done activities",
        "Deal - Activities to do",
        "Deal - Expected close date",
    ]
    rows: list[list[Cell]] = []
    for s in snap.deals:
        d = s.deal
        stage, changed = _open_stage(s)
        status = (
            "Deleted" if d.deleted else {"open": "Open", "won": "Won", "lost": "Lost"}[s.status]
        )
        done, planned = _activity_days(snap, d.key, True), _activity_days(snap, d.key, False)
        owner = snap.user(d.owner).name
        rows.append([
            deal_id(d.key), d.name, owner, owner, d.amount, d.currency,
            (d.amount * PROBABILITY[s.entries[-1].stage] / 100).quantize(Decimal("1")), d.currency, None,
            org_name(snap.account(d.account)), d.pipeline, snap.contact(d.contact).name if d.contact else "",
            stage, "Hot" if d.amount >= 300_000 else "", status, d.created, s.modified, changed,
            min(planned, default=None), max(done, default=None),
            s.closed_at if s.status == "won" else None, s.closed_at if s.status == "lost" else None,
            s.closed_at, "Lost to competitor" if s.status == "lost" else "", "Entire company",
            len(done) + len(planned), len(done), len(planned), s.close_date,
        ])  # fmt: skip
    return header, rows


def _address(account: Account) -> tuple[str, str]:
    """Split 'Hafenstraße 14' / '1 Lothbury' into (street, house number)."""
    words = account.street.split()
    if words[0].isdigit():
        return " ".join(words[1:]), words[0]
    if words[-1].isdigit():
        return " ".join(words[:-1]), words[-1]
    return account.street, ""


def organizations(snap: Snapshot) -> tuple[list[str], list[list[Cell]]]:
    header = [
        "Organization - ID",
        "Organization - Name",
        "Organization - Owner",
        "Organization - Address",
        "Organization - Street/road name of Address",
        "Organization - House number of Address",
        "Organization - ZIP/Postal code of Address",
        "Organization - City/town/village/locality of Address",
        "Organization - State/county of Address",
        "Organization - Country of Address",
        "Organization - Full/combined address of Address",
        "Organization - Website",
        "Organization - Industry",
        "Organization - People",
        "Organization - Open deals",
        "Organization - Won deals",
        "Organization - Lost deals",
        "Organization - Organization created",
        "Organization - Update time",
    ]
    rows: list[list[Cell]] = []
    for a in snap.accounts:
        street, number = _address(a)
        full = f"{a.street}, {a.postal_code} {a.city}, {a.country}"
        mine = [s for s in snap.live_deals() if s.deal.account == a.key]
        rows.append([
            org_id(a.key), org_name(a), snap.user(a.owner).name, full, street, number, a.postal_code, a.city,
            "", a.country, full, a.website, a.industry, sum(1 for c in snap.contacts if c.account == a.key),
            sum(1 for s in mine if s.status == "open"), sum(1 for s in mine if s.status == "won"),
            sum(1 for s in mine if s.status == "lost"), a.created, a.modified,
        ])  # fmt: skip
    return header, rows


def people(snap: Snapshot) -> tuple[list[str], list[list[Cell]]]:
    header = [
        "Person - ID",
        "Person - Name",
        "Person - First name",
        "Person - Last name",
        "Person - Organization",
        "Person - Owner",
        "Person - Email - Work",
        "Person - Email - Home",
        "Person - Email - Other",
        "Person - Phone - Work",
        "Person - Phone - Mobile",
        "Person - Job title",
        "Person - Open deals",
        "Person - Person created",
        "Person - Update time",
    ]
    rows: list[list[Cell]] = []
    for c in snap.contacts:
        account = snap.account(c.account) if c.account else None
        work = [e for e in c.emails if not e.endswith("@gmail.com")]
        home = [e for e in c.emails if e.endswith("@gmail.com")]
        mobile = c.phone if c.phone.startswith(("+33 6", "+49 1")) else ""
        rows.append([
            person_id(c.key), c.name, c.first, c.last, org_name(account) if account else "",
            snap.user(account.owner if account else "U10").name, ", ".join(work), ", ".join(home), "",
            "" if mobile else c.phone, mobile, snap.title(c),
            sum(1 for s in snap.live_deals() if s.deal.contact == c.key and s.status == "open"),
            c.created, snap.contact_modified(c),
        ])  # fmt: skip
    return header, rows


def _html(text: str) -> str:
    return "".join(f"<p>{line}</p>" for line in text.splitlines() if line)


def activities(snap: Snapshot) -> tuple[list[str], list[list[Cell]]]:
    header = [
        "Activity - ID",
        "Activity - Subject",
        "Activity - Type",
        "Activity - Due date",
        "Activity - Due time",
        "Activity - Duration",
        "Activity - Done",
        "Activity - Marked as done time",
        "Activity - Assigned to user",
        "Activity - Creator",
        "Activity - Deal",
        "Activity - Organization",
        "Activity - Contact person",
        "Activity - Location",
        "Activity - Note",
        "Activity - Add time",
        "Activity - Update time",
    ]
    rows: list[list[Cell]] = []
    for state in sorted(snap.activities, key=lambda st: st.activity.at):
        a = state.activity
        owner = snap.user(a.owner).name
        rows.append([
            activity_id(a.key), a.subject, {"call": "Call", "email": "Email", "task": "Task", "meeting": "Meeting"}[a.kind],
            a.at.date(), a.at.strftime("%H:%M"), f"{a.minutes // 60:02d}:{a.minutes % 60:02d}" if a.minutes else "",
            "Done" if state.done else "To do", a.at if state.done else None, owner, owner,
            snap.deal(a.deal).deal.name if a.deal else "", org_name(snap.account(a.account)),
            snap.contact(a.contacts[0]).name if a.contacts else "", a.location, _html(a.description),
            a.created_at, a.at if state.done else a.created_at,
        ])  # fmt: skip
    return header, rows


def notes(snap: Snapshot) -> tuple[list[str], list[list[Cell]]]:
    """Meeting notes, one per meeting that took place (headers as a 2026 Notes export has them)."""
    header = [
        "ID",
        "Content",
        "Organization",
        "Organization ID",
        "Contact person",
        "Contact person ID",
        "Deal title",
        "Deal ID",
        "Add time",
        "Update time",
        "User",
        "Note is pinned to deal",
        "Note is pinned to organization",
        "Note is pinned to person",
        "Lead",
        "Lead ID",
        "Note is pinned to lead",
        "Project",
        "Note is pinned to project",
    ]
    rows: list[list[Cell]] = []
    for state in snap.activities:
        a = state.activity
        if a.kind != "meeting" or not state.done:
            continue
        names = ", ".join(snap.contact(c).name for c in a.contacts)
        content = f"<p><b>{a.subject}</b></p><p>With {names} &amp; {snap.user(a.owner).name}.</p>"
        person = a.contacts[0] if a.contacts else None
        rows.append([
            5000 + int(a.key[1:]), content, org_name(snap.account(a.account)), org_id(a.account),
            snap.contact(person).name if person else "", person_id(person) if person else "",
            snap.deal(a.deal).deal.name if a.deal else "", deal_id(a.deal) if a.deal else "",
            a.at, a.at, snap.user(a.owner).name, "No", "No", "No", "", "", "No", "", "No",
        ])  # fmt: skip
    return header, rows


def text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return files.iso_seconds(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return files.bare(value)
    return str(value)


TABLES = {
    "deals": deals,
    "organizations": organizations,
    "people": people,
    "activities": activities,
    "notes": notes,
}


def write_pipedrive(snap: Snapshot, folder: Path) -> list[Path]:
    """One CSV per object, as Export data → (object) → CSV writes them."""
    names = file_names(snap)
    written = []
    for kind, build in TABLES.items():
        header, rows = build(snap)
        written.append(
            files.write_csv(
                folder / names[kind], header, [[text(v) for v in r] for r in rows], files.PIPEDRIVE
            )
        )
    return written


def write_pipedrive_xlsx(snap: Snapshot, folder: Path) -> list[Path]:
    """Deals, organizations and people as XLSX: dates as Excel serial numbers."""
    openpyxl = files.openpyxl_module()
    names = file_names(snap, "xlsx")
    written = []
    for kind in ("deals", "organizations", "people"):
        header, rows = TABLES[kind](snap)
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows:
            cells: list[object] = []
            for value in row:
                if isinstance(value, date | datetime):
                    cells.append(files.excel_serial(value))
                elif isinstance(value, Decimal):
                    cells.append(float(value))
                else:
                    cells.append(None if value in (None, "") else value)
            sheet.append(cells)
        path = folder / names[kind]
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
        written.append(path)
    return written
