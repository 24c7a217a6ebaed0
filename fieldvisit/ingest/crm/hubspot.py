"""HubSpot exports read into one batch: `read_export(export, options)`.

Takes what HubSpot hands over — view exports of deals, companies, contacts, calls, meetings,
e-mails, notes and tasks (`hubspot-crm-exports-all-deals-2026-06-01.csv`, `-1` for a second
download the same day), the users export, as CSV, XLSX or re-saved by Excel as Unicode Text — and
recognises each table by its headers (English or German labels, internal property names) and its
file name, whatever the column order. Date-times are in the exporting user's zone without an
offset (`ReadOptions.zone`); the date order is decided from all the export's dates. The export
date in the file names is `Batch.exported_at` (no earlier than the newest `Last Modified Date`
of that day). The pieces: hubspot_labels (vocabularies), hubspot_people (users, companies,
contacts, owners), hubspot_stages and hubspot_deals (deals, stage order and history),
hubspot_activities (activities and visits).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from fieldvisit.errors import ImportProblem
from fieldvisit.ingest.crm.batch import Batch, FileFinding, ReadOptions
from fieldvisit.ingest.crm.files import Export, Table
from fieldvisit.ingest.crm.hubspot_activities import read_activities
from fieldvisit.ingest.crm.hubspot_deals import read_deals
from fieldvisit.ingest.crm.hubspot_labels import (
    ACTIVITIES,
    COMPANIES,
    CONTACTS,
    DEALS,
    FILE_DATE,
    GERMAN_HEADERS,
    INTERNAL_HEADERS,
    NAME_WORDS,
    SIGNATURES,
    USERS,
)
from fieldvisit.ingest.crm.hubspot_people import (
    Owners,
    read_companies,
    read_contacts,
    read_users,
)
from fieldvisit.ingest.crm.hubspot_stages import stage_columns
from fieldvisit.ingest.crm.table_cells import Context, Vocabulary, column_samples, zone_note
from fieldvisit.zones import zone_named

CRM = "hubspot"
# Read in this order, so owners are known before records name them.
_READ_ORDER = (
    "users",
    "companies",
    "contacts",
    "deals",
    "call",
    "meeting",
    "email",
    "note",
    "task",
)
_WHAT = {
    "users": "users",
    "companies": "accounts",
    "contacts": "contacts",
    "deals": "deals",
}
_VOCABULARY: dict[str, Vocabulary] = {
    "users": USERS,
    "companies": COMPANIES,
    "contacts": CONTACTS,
    "deals": DEALS,
    **ACTIVITIES,
}
_DATE_KEYS = ("created", "modified", "close", "date", "start", "end", "last_login")


def recognise(table: Table) -> tuple[str | None, str]:
    """Return (what the table holds, "") or (None, why it is not a HubSpot export)."""
    stem = table.file_name.lower()
    best: tuple[int, str] | None = None
    for kind, signature in SIGNATURES.items():
        if all(table.column(*names) is not None for names in signature):
            named = any(word in stem for word in NAME_WORDS[kind])
            score = 2 * len(signature) + int(named)
            if best is None or score > best[0]:
                best = (score, kind)
    if best is not None:
        return best[1], ""
    for kind, words in NAME_WORDS.items():
        if any(word in stem for word in words):
            missing = [n[0] for n in SIGNATURES[kind] if table.column(*n) is None]
            return None, (
                f"named like a HubSpot {kind} export but has no {', '.join(repr(m) for m in missing)} "
                "column; export the view again with that column"
            )
    return None, "not a HubSpot export (no Record ID, Deal Stage, Company name or similar columns)"


def read_export(export: Export, options: ReadOptions) -> Batch:
    """Return the batch HubSpot's export files hold (files not recognised are listed as ignored).

    Raises ImportProblem when no file is a HubSpot export.
    """
    batch = Batch(CRM)
    found: list[tuple[Table, str]] = []
    findings: dict[int, FileFinding] = {}
    for table in export.tables:
        kind, why = recognise(table)
        if kind is None:
            findings[id(table)] = FileFinding(table.name, "ignored", len(table.rows), why)
        else:
            what = _WHAT.get(kind, "activities")
            findings[id(table)] = FileFinding(table.name, what, len(table.rows))
            found.append((table, kind))
    if not found:
        reasons = "; ".join(f"{f.file}: {f.note}" for f in findings.values())
        raise ImportProblem(f"No file is a HubSpot export ({reasons}); nothing was imported.")
    context = Context.decide(batch, options, _date_samples(found))
    days = _export_days(found)
    as_of = max((d for d, _ in days.values()), default=None) or datetime.now(UTC).date()
    for table, kind in found:  # users first: they give the owners' addresses
        if kind == "users":
            findings[id(table)].note = _read(table, kind, context, None, as_of, days, options)
    owners = Owners(context)
    for wanted in _READ_ORDER[1:]:
        for table, kind in found:
            if kind == wanted:
                note = _read(table, kind, context, owners, as_of, days, options)
                findings[id(table)].note = note
    batch.files = list(findings.values())
    batch.files += [FileFinding(name, "ignored", 0, why) for name, why in export.skipped]
    batch.exported_at = _exported_at(batch, days, options)
    if len({d for d, _ in days.values()}) > 1:
        shown = ", ".join(sorted({d.isoformat() for d, _ in days.values()}))
        batch.notes.append(
            f"the files were exported on different days ({shown}); each record's Last Modified "
            "Date still decides whether it is older than the workspace's"
        )
    context.finish()
    return batch


def _read(
    table: Table,
    kind: str,
    context: Context,
    owners: Owners | None,
    as_of: date,
    days: dict[int, tuple[date, int]],
    options: ReadOptions,
) -> str:
    """Read one recognised table into the batch; return its finding's note."""
    if kind == "users" or owners is None:
        count = read_users(table, context)
        titled = any(u.title for u in context.batch.users)
        note = f"{count} users" + ("" if titled else " (no job titles: executives are declared)")
    elif kind == "companies":
        note = f"{read_companies(table, context, owners)} companies"
    elif kind == "contacts":
        note = f"{read_contacts(table, context)} contacts"
    elif kind == "deals":
        note = read_deals(table, context, owners)
    else:
        note = read_activities(table, kind, context, owners, as_of)
    return f"{_describe(table, kind, days, options)}; {note}"


def _date_samples(found: list[tuple[Table, str]]) -> list[str]:
    samples: list[str] = []
    for table, kind in found:
        samples += column_samples(table, _VOCABULARY[kind], _DATE_KEYS)
        headers = {c.header: (c.header,) for c in stage_columns(table.header)}
        samples += column_samples(table, headers, headers)
    return samples


def _export_days(found: list[tuple[Table, str]]) -> dict[int, tuple[date, int]]:
    """Return each file's export day and download number (0 first, 1 for `-1`) by its name."""
    days = {}
    for table, _kind in found:
        match = FILE_DATE.search(table.file_name)
        if match:
            try:
                days[id(table)] = (date.fromisoformat(match.group(1)), int(match.group(2) or 0))
            except ValueError:
                continue
    return days


def _describe(
    table: Table, kind: str, days: dict[int, tuple[date, int]], options: ReadOptions
) -> str:
    parts = [f"HubSpot {kind} export"]
    folded = {h.strip().lower() for h in table.header}
    if folded & GERMAN_HEADERS:
        parts.append("German headers")
    elif folded & INTERNAL_HEADERS:
        parts.append("internal property names")
    if _internal_values(table, kind):
        parts.append("internal values (owner ids, stage ids)")
    if table.typed:
        parts.append("XLSX")
    elif table.encoding.replace("-", "").lower().startswith("utf16"):
        parts.append("UTF-16 text (Excel 'Unicode Text'), tab-separated")
    if kind in ("deals", "call", "meeting", "email", "note", "task"):
        parts.append(zone_note(options))
    day = days.get(id(table))
    if day is not None:
        parts.append(
            f"exported {day[0].isoformat()}" + (f" (download {day[1] + 1})" if day[1] else "")
        )
    return ", ".join(parts)


def _internal_values(table: Table, kind: str) -> bool:
    """Return True when owners are numeric owner ids (an export "with internal values")."""
    vocabulary = _VOCABULARY[kind]
    index = table.column(*vocabulary.get("owner", ()))
    if index is None:
        return False
    owners = [cells[index].strip() for _, cells in table.rows if index < len(cells)]
    return any(owners) and all(o.isdigit() for o in owners if o)


def _exported_at(
    batch: Batch, days: dict[int, tuple[date, int]], options: ReadOptions
) -> datetime | None:
    """Return the newest file's export day: its start, or the newest stamp made that day."""
    if not days:
        return None
    day = max(d for d, _ in days.values())
    zone = zone_named(options.zone) if options.zone else UTC
    start = datetime.combine(day, time(0), zone).astimezone(UTC)
    end = start + timedelta(days=1)
    stamps = [
        r.modified_at
        for records in batch.records.values()
        for r in records
        if r.modified_at is not None and start <= r.modified_at < end
    ]
    return max([start, *stamps])
