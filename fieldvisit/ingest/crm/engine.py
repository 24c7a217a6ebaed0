"""`import_export`: write a CRM export's `Batch` into the workspace, every kind, all or nothing.

One transaction holds everything: an older export is refused first (`freshness`), names are
resolved to ids (`resolve`), people become executives and reps (`owners`, `people`), the stage
order is settled (`stages`), and then every kind, in `WRITE_ORDER`, goes through the very checking
and writing the generic CSV import uses (`ingest.importer.KindImport`). Problems from the reader
and from checking are gathered by cause; any problem rolls everything back. A dry run takes the
same path and rolls back at the end; `preview` returns its report even when it would refuse.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy.engine import Connection

from fieldvisit.errors import Cancelled, ImportProblem
from fieldvisit.ingest.crm.batch import WRITE_ORDER, Batch, Record
from fieldvisit.ingest.crm.freshness import remember_export, staleness
from fieldvisit.ingest.crm.history import write_close_moves
from fieldvisit.ingest.crm.owners import people_records, staff
from fieldvisit.ingest.crm.people import TitleRule, declared_level, parse_executives
from fieldvisit.ingest.crm.report import CrmReport, ExecutiveFound
from fieldvisit.ingest.crm.resolve import resolve_names
from fieldvisit.ingest.crm.stages import settle_stages
from fieldvisit.ingest.findings import Findings
from fieldvisit.ingest.importer import CHUNK_ROWS, KindImport, fill_report
from fieldvisit.ingest.kinds import KINDS, Kind
from fieldvisit.ingest.presets import Layout
from fieldvisit.ingest.report import ImportReport
from fieldvisit.ingest.upsert import DealWriter
from fieldvisit.settings import load_rules, looks_closed, save_rules
from fieldvisit.store import Workspace
from fieldvisit.store.team import take_lock

Progress = Callable[[float, str], None]
_STAMPED = frozenset({"accounts", "contacts", "deals", "activities"})
# The stages a deal enters when a CRM marks it won or lost without a stage of its own.
CLOSED_WON, CLOSED_LOST = "Closed Won", "Closed Lost"


class ExportRefused(ImportProblem):
    """A CRM export was refused; nothing was written. `report` holds what was found and why."""

    def __init__(self, report: CrmReport):
        lines = report.problems.lines()
        super().__init__(f"{report.refused}", lines, len(lines))
        self.report = report


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


class _Refused(Exception):
    """Raised inside the transaction to roll a refused import back."""


def import_export(
    ws: Workspace,
    batch: Batch,
    *,
    executives: str | dict[str, str] | None = None,
    stages: list[str] | None = None,
    dry_run: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    today: date | None = None,
) -> CrmReport:
    """Import a CRM export into the workspace in one transaction; return what it did.

    `executives` declares levels ("EMAIL_OR_NAME=LEVEL;…" or a dict; they win over the title
    rule); `stages` gives the stage order when the export does not; `today` dates what the CRM
    leaves undated (default: the export's date, else today). Raises ExportRefused (with
    the report) when anything is wrong or the export is older than the workspace's data (unless
    `force`), Cancelled when `cancel()` turns true; the workspace is then unchanged.
    """
    if isinstance(executives, str):
        declared = parse_executives(executives)
    else:
        declared = {who: declared_level(who, lv) for who, lv in (executives or {}).items()}
    batch = copy.deepcopy(batch)  # resolving rewrites records; the caller's batch stays as read
    report = CrmReport(batch.crm, dry_run=dry_run, exported_at=batch.exported_at)
    report.files = list(batch.files)
    report.notes = list(batch.notes)
    report.problems.extend(batch.problems)
    # The day the export's data was true: it dates what the CRM leaves undated (a stage entered
    # at an unknown time was entered by then), so an export imported late dates nothing after it.
    today = today or (
        batch.exported_at.astimezone(UTC).date() if batch.exported_at else date.today()
    )
    try:
        with ws.begin() as conn:
            take_lock(conn, "import")  # a team workspace: one import at a time, never interleaved
            _import(conn, batch, report, declared, stages, force, today, progress, cancel)
            if report.problems:
                n = sum(max(p.count, 1) for p in report.problems)
                report.refused = (
                    f"{n} problem{'s' if n != 1 else ''} ({len(report.problems)} "
                    f"cause{'s' if len(report.problems) != 1 else ''}); nothing was imported."
                )
                raise _Refused
            if not dry_run:
                remember_export(conn, batch, datetime.now(UTC))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except _Refused:
        raise ExportRefused(report) from None
    if progress is not None:
        progress(1.0, "done")
    return report


def preview(ws: Workspace, batch: Batch, **options: object) -> CrmReport:
    """Return what importing `batch` would do (files, changes, executives, problems); no writes.

    Takes import_export's options; a refusal comes back as the report (`report.ok` is False).
    """
    try:
        return import_export(ws, batch, dry_run=True, **options)  # type: ignore[arg-type]
    except ExportRefused as exc:
        return exc.report


def _import(
    conn: Connection,
    batch: Batch,
    report: CrmReport,
    declared: dict[str, str],
    stages: list[str] | None,
    force: bool,
    today: date,
    progress: Progress | None,
    cancel: Callable[[], bool] | None,
) -> None:
    rules = load_rules(conn)
    stale = staleness(conn, batch)
    if stale.is_older:
        if not force:
            report.refused = stale.message(batch.crm)
            raise _Refused
        report.notes.append("Imported although older than the workspace's data (--force).")
    refused: set[int] = set()
    _leave_out_contacts_without_account(batch, report)
    resolve_names(batch, conn, report.problems, refused)
    rule = TitleRule.from_rules(rules.executive_titles)
    staffing = staff(batch, conn, rule, declared, report.problems, refused)
    report.notes += staffing.notes
    report.executives = [
        ExecutiveFound(p.name, p.email, p.level or "", p.how) for p in staffing.executives
    ]
    report.reps = len(staffing.reps)
    report.reps_without_email = [p.name for p in staffing.reps if not p.email]
    if not staffing.executives and not _workspace_has_executives(conn):
        report.notes.append(_no_executives(batch))
    _complete_deals(batch)
    order = settle_stages(conn, rules.pipeline, batch, stages)
    report.pipeline, report.stage_order_from = order.pipeline, order.source
    report.stages_added, report.notes = order.added, report.notes + order.notes
    if order.pipeline != rules.pipeline:
        save_rules(conn, {"pipeline": order.pipeline})
    records = {**batch.records, **people_records(staffing, batch.crm)}
    kinds = [k for k in WRITE_ORDER if records.get(k)]
    failed: dict[str, set[str]] = {
        kind: {_key(kind, r) for r in records[kind] if id(r) in refused} for kind in kinds
    }
    for i, kind in enumerate(kinds):
        if cancel is not None and cancel():
            raise Cancelled("Import cancelled; nothing was changed.")
        if progress is not None:
            progress(0.95 * i / max(len(kinds), 1), f"checking and writing {kind}")
        chosen = [r for r in records[kind] if id(r) not in refused]
        moves = _known_moves(batch, refused) if kind == "deals" else {}
        result = _write_kind(
            conn, kind, chosen, order.pipeline, today, report, cancel, moves, failed
        )
        if result is not None:
            report.kinds.append(result)
    history = [r for r in batch.close_moves if id(r) not in refused]
    if history:
        write_close_moves(conn, history, report.kind("deals"), report.problems)


def _write_kind(
    conn: Connection,
    kind: str,
    records: list[Record],
    pipeline: list[str],
    today: date,
    report: CrmReport,
    cancel: Callable[[], bool] | None,
    moves: dict[tuple[str, str, str], str],
    failed: dict[str, set[str]],
) -> ImportReport | None:
    """Check and write one kind's records through the generic import's path.

    A record pointing at a record refused for a problem is left out: its target's problem is
    what to fix (and refuses the import), not every record that follows from it. The keys of
    records refused here go into `failed` for the kinds after.
    """
    spec = KINDS[kind]
    records = [r for r in records if not _follows_failure(spec, r, failed)]
    if not records:
        return None
    if kind in _STAMPED:
        for r in records:
            if r.modified_at is not None:
                r.values["modified_at"] = r.modified_at.astimezone(UTC).isoformat()
    known = {c.name for c in spec.columns}
    columns = [c.name for c in spec.columns if any(r.values.get(c.name) for r in records)]
    files = sorted({r.origin.file for r in records})
    result = ImportReport(kind, ", ".join(files), dry_run=report.dry_run)
    stray = sorted({k for r in records for k in r.values if k not in known})
    layout = Layout(columns, {c: c for c in columns}, [])
    findings = Findings(files[0], origin=lambda row: records[row - 1].origin)
    if stray:
        findings.warn(1, None, f"values not used for {kind}, ignored: {', '.join(stray)}")
    job = KindImport(
        conn,
        spec,
        layout,
        findings,
        width=len(columns),
        pipeline=pipeline,
        today=today,
        keep_writing=True,
    )
    missing = job.checker.missing_required()
    for name in missing:
        for file in files:
            report.problems.add(
                file, name, f"the export gives its {kind} no {name} (a required column); add it"
            )
    if missing:
        return None
    if isinstance(job.writer, DealWriter):
        job.writer.known_moves = moves  # a close date moved: dated as the CRM recorded it
    for i, record in enumerate(records, 1):
        before = findings.problem_total
        job.add(i, [record.values.get(c, "") for c in columns])
        if findings.problem_total != before:
            failed.setdefault(kind, set()).add(_key(kind, record))
        if i % CHUNK_ROWS == 0:
            if cancel is not None and cancel():
                raise Cancelled("Import cancelled; nothing was changed.")
            job.flush()
    counts = job.finish()
    report.problems.extend(findings.groups)
    fill_report(result, counts, job.checker, findings)
    result.rows = job.rows
    return result


_REF_KINDS = {"account": "accounts", "deal": "deals", "contact": "contacts", "rep": "reps",
              "owner": "reps", "executive": "executives"}  # fmt: skip


def _key(kind: str, record: Record) -> str:
    """Return how other records point at `record` (its id; a person's e-mail or CRM key)."""
    spec = KINDS[kind]
    return record.values.get(spec.key) or record.values.get(spec.alt_key or "", "") or ""


def _follows_failure(spec: Kind, record: Record, failed: dict[str, set[str]]) -> bool:
    for column in spec.columns:
        value = record.values.get(column.name)
        if not column.ref or not value:
            continue
        bad = failed.get(_REF_KINDS[column.ref], set())
        targets = value.split(";") if column.is_list else [value]
        if bad and any(t.strip() in bad or t.strip().lower() in bad for t in targets):
            return True
    return False


def _known_moves(batch: Batch, refused: set[int]) -> dict[tuple[str, str, str], str]:
    return {
        (
            r.values.get("deal_id", ""),
            r.values.get("old_date", ""),
            r.values.get("new_date", ""),
        ): r.values.get("changed_on", "")
        for r in batch.close_moves
        if id(r) not in refused
    }


def _leave_out_contacts_without_account(batch: Batch, report: CrmReport) -> None:
    contacts = batch.records.get("contacts")
    if not contacts:
        return
    kept = [r for r in contacts if r.values.get("account_id") or r.by_name.get("account_id")]
    if len(kept) < len(contacts):
        ids = {id(r) for r in kept}
        alone = [
            r.values.get("name") or r.values.get("contact_id", "")
            for r in contacts
            if id(r) not in ids
        ]
        shown = ", ".join(alone[:5]) + (f" and {len(alone) - 5} more" if len(alone) > 5 else "")
        report.notes.append(f"Contacts at no account, left out: {shown}.")
        batch.records["contacts"] = kept


def _complete_deals(batch: Batch) -> None:
    """Give deals their status from the CRM's won/lost stages, and their stage date from the
    export's stage history when the deal row itself has none."""
    won = {s.lower() for s in batch.won_stages}
    lost = {s.lower() for s in batch.lost_stages}
    closing = {"won": CLOSED_WON, "lost": CLOSED_LOST}
    entered: dict[tuple[str, str], str] = {}
    for r in batch.records.get("stage-history", []):
        key = (r.values.get("deal_id", ""), r.values.get("stage", "").lower())
        day = r.values.get("entered_on", "")
        if key[0] and day and day > entered.get(key, ""):
            entered[key] = day
    for r in batch.records.get("deals", []):
        stage = r.values.get("stage", "").lower()
        if not r.values.get("status"):
            if stage in won:
                r.values["status"] = "won"
            elif stage in lost:
                r.values["status"] = "lost"
        first = entered.get((r.values.get("deal_id", ""), stage))
        if first and not r.values.get("stage_entered_on"):
            r.values["stage_entered_on"] = first
        status = r.values.get("status", "")
        if status in closing and stage not in won | lost and not looks_closed(stage):
            # Won or lost as a status while the stage stays (Pipedrive): closing is the deal's
            # last step, so it enters the closed stage on its close date; impact counts it.
            r.values["stage"] = closing[status]
            r.values["stage_entered_on"] = r.values.get("close_date") or r.values.get(
                "stage_entered_on", ""
            )
            (batch.won_stages if status == "won" else batch.lost_stages).add(closing[status])


def _workspace_has_executives(conn: Connection) -> bool:
    return conn.exec_driver_sql("SELECT EXISTS (SELECT 1 FROM executive)").scalar() == 1


def _no_executives(batch: Batch) -> str:
    example = next((u for u in batch.users if not u.system), None)
    who = example.email or example.name if example is not None else "dana@example.com"
    return (
        "No executives: no user's title names an executive level"
        + (" (this export has no job titles)" if not any(u.title for u in batch.users) else "")
        + f". Say who they are: import-crm … --executives '{who}=C;…' (levels C, SVP, VP), "
        "or import an executives file with `fieldvisit import executives FILE.csv`. "
        "Until then `suggest` has nobody to send."
    )


__all__ = ["CrmReport", "ExportRefused", "import_export", "preview"]
