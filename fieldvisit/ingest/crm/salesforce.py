"""Salesforce exports as they come → one Batch: reports, the Data Export ZIP, Data Loader extracts.

`read_export` recognises each table by its headers (report labels in English or German, API
names, Data Loader's upper-case names) and, where they agree, its file name (`Opportunity.csv`,
`Opportunity_extract.csv`); columns may come in any order and the user may add or remove some.
A table it does not read is listed as ignored with the reason. Report files are read by
`salesforce_reports`, API files by `salesforce_export` and `salesforce_activities`; dates are
read in one order for the whole export (decided from all its dates, else asked).
"""

from __future__ import annotations

from datetime import datetime

from fieldvisit.errors import ImportProblem
from fieldvisit.ingest.crm import salesforce_reports as reports
from fieldvisit.ingest.crm import values
from fieldvisit.ingest.crm.batch import Batch, FileFinding, ReadOptions
from fieldvisit.ingest.crm.files import Export, Table
from fieldvisit.ingest.crm.salesforce_activities import LeftOut, read_events, read_notes, read_tasks
from fieldvisit.ingest.crm.salesforce_export import read_objects
from fieldvisit.ingest.crm.salesforce_headers import (
    API,
    API_SIGNATURES,
    REPORT,
    REPORT_SIGNATURES,
    STEM_OBJECTS,
    UNUSED_OBJECTS,
    Fields,
    Signature,
    stem_object,
)
from fieldvisit.ingest.crm.salesforce_history import Timeline, add_history
from fieldvisit.ingest.crm.salesforce_sheets import Known, Reading, Sheet, find_column

CRM = "salesforce"
WHAT = {
    "user": "users",
    "account": "accounts",
    "contact": "contacts",
    "opportunity": "deals",
    "history": "stage history",
    "activity": "activities and visits",
    "task": "activities",
    "event": "activities and visits",
    "relation": "event attendees",
    "contact_role": "decision makers",
    "stage": "stage order",
    "note": "activities (notes)",
}
# Report rows that cannot be matched across imports without their id (deals and accounts can:
# by name, which the engine resolves).
_NEED_IDS = {"contact": "Contact ID", "activity": "Activity ID"}
_ORDER_NAMES = {values.MDY: "month-first", values.DMY: "day-first", values.YMD: "ISO"}


def read_export(export: Export, options: ReadOptions) -> Batch:
    """Return everything a Salesforce export holds as generic records, users and findings.

    Raises ImportProblem when no table of the export is one this reader knows.
    """
    batch = Batch(CRM)
    reading = Reading(batch, options)
    api: dict[str, list[Sheet]] = {}
    report: dict[str, list[Sheet]] = {}
    sheets: list[Sheet] = []
    for table in export.tables:
        found = recognise(table, reading)
        if isinstance(found, str):
            batch.files.append(FileFinding(table.name, "ignored", len(table.rows), found))
            continue
        if found.report and found.obj in _NEED_IDS and not found.has("id"):
            note = f"a {found.obj} report without its {_NEED_IDS[found.obj]} column: " + (
                f"add {_NEED_IDS[found.obj]} to the report to import its rows"
            )
            batch.files.append(FileFinding(table.name, "ignored", len(table.rows), note))
            continue
        sheets.append(found)
        (report if found.report else api).setdefault(found.obj, []).append(found)
    batch.files += [FileFinding(name, "ignored", 0, why) for name, why in export.skipped]
    if not sheets:
        reasons = "; ".join(f"{f.file}: {f.note}" for f in batch.files[:4])
        raise ImportProblem(
            "Nothing given is a Salesforce report, Data Export or Data Loader file this import "
            f"reads ({reasons}); nothing was imported."
        )
    _decide_dates(reading, sheets)
    left = LeftOut()
    if api:
        _read_api(api, reading, left)
    if report:
        _read_reports(report, reading, left)
    batch.notes += left.notes()
    batch.files += [_finding(sheet, reading) for sheet in sheets]
    return batch


def _fits(table: Table, fields: Fields, signature: Signature) -> bool:
    def has(name: str) -> bool:
        return name in fields and find_column(table.header, fields[name]) is not None

    return all(any(has(n) for n in group) for group in signature.needs) and not any(
        has(n) for n in signature.refuse
    )


def recognise(table: Table, reading: Reading) -> Sheet | str:
    """Return the table as the object its headers (and name) show, or why it is ignored."""
    named = stem_object(table.stem)
    if named in UNUSED_OBJECTS:
        return f"Salesforce {table.stem}: {UNUSED_OBJECTS[named]}"
    for vocabulary, signatures, is_report in (
        (API, API_SIGNATURES, False),
        (REPORT, REPORT_SIGNATURES, True),
    ):
        fitting = [o for o, s in signatures.items() if _fits(table, vocabulary[o], s)]
        wanted = STEM_OBJECTS.get(named)
        chosen = wanted if wanted in fitting else (fitting[0] if fitting else None)
        if chosen is not None:
            return Sheet(table, chosen, vocabulary[chosen], reading, report=is_report)
    if named in STEM_OBJECTS:
        needs = " and ".join(
            "/".join(API[STEM_OBJECTS[named]][n][0] for n in group)
            for group in API_SIGNATURES[STEM_OBJECTS[named]].needs
        )
        return f"named like Salesforce's {table.stem} but lacks its columns ({needs})"
    shown = ", ".join(table.header[:6]) + (", …" if len(table.header) > 6 else "")
    return f"not a Salesforce report or object this import reads (columns: {shown})"


def _decide_dates(reading: Reading, sheets: list[Sheet]) -> None:
    """Decide one date order for the report files together, then settle each file's."""
    shown = {s.own_order() for s in sheets if s.report} - {None, values.YMD}
    reading.order = shown.pop() if len(shown) == 1 else None
    for sheet in sheets:
        sheet.decide_order()
        if sheet.report:
            sheet.exported_at = reports.export_moment(sheet, reading)
    moments = [s.exported_at for s in sheets if s.exported_at is not None]
    reading.batch.exported_at = min(moments) if moments else None


def _latest_stamp(sheets: list[Sheet]) -> datetime | None:
    """Return the latest moment the API files record: the export was made after it."""
    latest: datetime | None = None
    for sheet in sheets:
        for name in ("modified", "modstamp", "created", "last_login"):
            for raw in sheet.column_values(name):
                try:
                    moment = datetime.fromisoformat(values.parse_datetime(raw, sheet.order))
                except ValueError:
                    continue
                latest = moment if latest is None or moment > latest else latest
    return latest


def _read_api(api: dict[str, list[Sheet]], reading: Reading, left: LeftOut) -> None:
    everything = [s for group in api.values() for s in group]
    known = Known(as_of=reading.batch.exported_at or _latest_stamp(everything))
    read_objects(api, reading, known, left)
    read_tasks(api.get("task", []), reading.batch, known, left)
    read_events(api.get("event", []), api.get("relation", []), reading.batch, known, left)
    read_notes(api.get("note", []), reading.batch, known, left)


def _read_reports(report: dict[str, list[Sheet]], reading: Reading, left: LeftOut) -> None:
    names = reports.Names()
    timelines: dict[str, Timeline] = {}
    for sheet in report.get("user", []):
        reports.read_users(sheet, reading)
    for sheet in report.get("account", []):
        reports.read_accounts(sheet, reading, names)
    for sheet in report.get("contact", []):
        reports.read_contacts(sheet, reading, names, left)
    for sheet in report.get("history", []):
        reports.read_history(sheet, timelines)
    for sheet in report.get("opportunity", []):
        reports.read_deals(sheet, reading, names, timelines)
    deal_ids = {
        t.deal_name: names.deal(t.deal_name)[0] for t in timelines.values() if not t.deal_id
    }
    add_history(reading, timelines.values(), deal_ids)
    if reading.batch.stage_order is None:
        likely = reports.stage_hint(names, reading.batch.won_stages, reading.batch.lost_stages)
        reading.batch.likely_stage_order = likely
    for sheet in report.get("activity", []):
        reports.read_activities(sheet, reading, names, left)


def _finding(sheet: Sheet, reading: Reading) -> FileFinding:
    table = sheet.table
    parts: list[str] = []
    if sheet.report:
        language = "German" if sheet.german else "English"
        parts.append(f"Salesforce report ({language} labels")
        if sheet.order:
            parts[-1] += f", {_ORDER_NAMES[sheet.order]} dates"
        style = values.number_style(sheet.column_values("amount"))
        if style:
            parts[-1] += ", amounts like " + ("410,000.00" if style == values.DOT else "410.000,00")
        parts[-1] += ")"
        if sheet.obj in ("history", "activity", "user") and not reading.options.zone:
            parts.append("date-times read as UTC (give the report user's time zone if it differs)")
        if not sheet.has("id") and sheet.obj in ("opportunity", "account"):
            parts.append(
                "the report has no id columns: accounts and opportunities are matched by name "
                "(add Account ID and Opportunity ID to the report to match by id)"
            )
        if sheet.exported_at:
            parts.append(f"exported {sheet.exported_at:%Y-%m-%d %H:%M} UTC")
    else:
        loader = all(h == h.upper() for h in table.header if any(c.isalpha() for c in h))
        parts.append("Salesforce Data Loader extract" if loader else "Salesforce Data Export file")
        parts[-1] += f" ({'API names' if not loader else 'upper-case API names'})"
    if table.encoding and table.encoding.replace("-sig", "") not in ("utf-8", "utf_8"):
        shown = "Windows-1252/ISO-8859-1" if table.encoding == "cp1252" else table.encoding
        parts.append(f"read as {shown}")
    if table.preamble:
        parts.append(f"title block of {len(table.preamble)} lines set apart")
    if table.footer:
        parts.append(f"footer of {len(table.footer)} lines cut")
    return FileFinding(table.name, WHAT[sheet.obj], len(table.rows), "; ".join(parts))
