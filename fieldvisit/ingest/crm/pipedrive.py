"""Pipedrive exports read into one batch: `read_export(export, options)`.

Takes the files of Pipedrive's "Export data" (deals, organizations, people, activities, notes;
`deals-10482153-12.csv`, the last number counting the company's exports), as CSV or XLSX (whose
dates are Excel serial numbers), and recognises each by its `Entity - Field` headers and its file
name. Pipedrive links records by name and has no users export: references go in
`Record.by_name`, owners become name-keyed `User`s (see pipedrive_people). Date-times are read in
`ReadOptions.zone` (UTC when none is given). The file names carry no date: `Batch.exported_at` is
the newest `Update time` in the files (the export was made at or after it), so an older export
has an older stamp. The pieces: pipedrive_labels, pipedrive_people, pipedrive_deals,
pipedrive_activities.
"""

from __future__ import annotations

from datetime import datetime

from fieldvisit.errors import ImportProblem
from fieldvisit.ingest.crm.batch import Batch, FileFinding, ReadOptions
from fieldvisit.ingest.crm.files import Export, Table
from fieldvisit.ingest.crm.pipedrive_activities import read_activities, read_notes
from fieldvisit.ingest.crm.pipedrive_deals import read_deals
from fieldvisit.ingest.crm.pipedrive_labels import (
    ENTITIES,
    FILE_NUMBER,
    GERMAN_ENTITIES,
    NAME_WORDS,
    REQUIRED,
    VOCABULARIES,
    entity,
)
from fieldvisit.ingest.crm.pipedrive_people import read_organizations, read_people
from fieldvisit.ingest.crm.table_cells import Context, column_samples, zone_note

CRM = "pipedrive"
_READ_ORDER = ("organizations", "people", "deals", "activities", "notes")
_WHAT = {
    "organizations": "accounts",
    "people": "contacts",
    "deals": "deals",
    "activities": "activities",
    "notes": "activities",
}
_DATE_KEYS = ("created", "modified", "stage_changed", "won", "lost", "closed", "expected",
              "due_date", "done_time")  # fmt: skip
LANGUAGE_HINT = (
    "a Pipedrive export with headers in another language than English: set your language to "
    "English (Personal preferences → Language) and export again"
)


def recognise(table: Table) -> tuple[str | None, str]:
    """Return (what the table holds, "") or (None, why it is not read)."""
    entities = [e for e in (entity(h) for h in table.header) if e]
    counts = {ENTITIES[e]: entities.count(e) for e in set(entities) if e in ENTITIES}
    stem = table.file_name.lower()
    named = [k for k, words in NAME_WORDS.items() if any(w in stem for w in words)]
    if counts:
        kind = max(counts, key=lambda k: (counts[k], k in named))
    elif named and named[0] == "notes":
        kind = "notes"
    elif any(e in GERMAN_ENTITIES for e in entities):
        return None, LANGUAGE_HINT
    else:
        return (
            None,
            "not a Pipedrive export (no 'Deal - …', 'Organization - …' or 'Person - …' columns)",
        )
    vocabulary = VOCABULARIES[kind]
    missing = [vocabulary[k][0] for k in REQUIRED[kind] if table.column(*vocabulary[k]) is None]
    if missing:
        if any(e in GERMAN_ENTITIES for e in entities):
            return None, LANGUAGE_HINT
        shown = ", ".join(repr(m) for m in missing)
        return None, (
            f"a Pipedrive {kind} export without {shown}: export it again with that column, "
            "in English (headers in other languages are not read)"
        )
    return kind, ""


def read_export(export: Export, options: ReadOptions) -> Batch:
    """Return the batch Pipedrive's export files hold (files not recognised are listed as ignored).

    Raises ImportProblem when no file is a Pipedrive export.
    """
    batch = Batch(CRM)
    found: list[tuple[Table, str]] = []
    findings: dict[int, FileFinding] = {}
    for table in export.tables:
        kind, why = recognise(table)
        if kind is None:
            findings[id(table)] = FileFinding(table.name, "ignored", len(table.rows), why)
        else:
            findings[id(table)] = FileFinding(table.name, _WHAT[kind], len(table.rows))
            found.append((table, kind))
    if not found:
        reasons = "; ".join(f"{f.file}: {f.note}" for f in findings.values())
        raise ImportProblem(f"No file is a Pipedrive export ({reasons}); nothing was imported.")
    samples: list[str] = []
    for table, kind in found:
        samples += column_samples(table, VOCABULARIES[kind], _DATE_KEYS)
    context = Context.decide(batch, options, samples)
    for wanted in _READ_ORDER:
        for table, kind in found:
            if kind != wanted:
                continue
            if kind == "organizations":
                note = f"{read_organizations(table, context)} organizations"
            elif kind == "people":
                note = f"{read_people(table, context)} people"
            elif kind == "deals":
                note = read_deals(table, context)
            elif kind == "activities":
                note = read_activities(table, context)
            else:
                note = read_notes(table, context)
            findings[id(table)].note = f"{_describe(table, kind, options)}; {note}"
    batch.files = list(findings.values())
    batch.files += [FileFinding(name, "ignored", 0, why) for name, why in export.skipped]
    stamps = [r.modified_at for rs in batch.records.values() for r in rs if r.modified_at]
    batch.exported_at = max(stamps, default=None)
    if batch.exported_at is not None:
        batch.notes.append(
            "Pipedrive's file names carry no date: the export is dated by its newest 'Update "
            f"time', {_shown(batch.exported_at)}"
        )
    context.finish()
    return batch


def _shown(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _describe(table: Table, kind: str, options: ReadOptions) -> str:
    parts = [f"Pipedrive {kind} export"]
    number = FILE_NUMBER.search(table.file_name)
    if number:
        parts.append(f"export number {number.group(2)}")
    if table.typed:
        parts.append("XLSX (dates as Excel serial numbers read as dates)")
    parts.append(zone_note(options))
    return ", ".join(parts)
