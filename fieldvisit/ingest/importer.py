"""`import_csv`: read, check and upsert one CSV file, all or nothing; `KindImport`: the checking
and writing of one kind's rows, shared by the CSV import and the CRM import (`crm.engine`).

The file is streamed in chunks inside one transaction. Every row is checked; chunks are written
only while no problem has been found, and any problem (or a cancel, or any error) rolls the whole
transaction back, so a refused file leaves the workspace exactly as it was. A dry run takes the
same path and rolls back at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from fieldvisit.errors import Cancelled, ImportProblem
from fieldvisit.ingest.kinds import Kind, kind_named
from fieldvisit.ingest.presets import Layout, headers_for, layout_for
from fieldvisit.ingest.reader import RowError, Rows, open_csv
from fieldvisit.ingest.report import ImportReport
from fieldvisit.ingest.upsert import Counts, StageHistoryWriter, TableWriter, writer_for
from fieldvisit.ingest.validate import Findings, Refs, RowChecker
from fieldvisit.settings import load_rules, pipeline_with, save_rules
from fieldvisit.store import Workspace
from fieldvisit.store.team import take_lock
from fieldvisit.zones import zone_named

CHUNK_ROWS = 5000


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def _refused(findings: Findings) -> ImportProblem:
    n = findings.problem_total
    noun = "problem" if n == 1 else "problems"
    return ImportProblem(
        f"{findings.file}: {n} {noun}; nothing was imported.", list(findings.problems), n
    )


class KindImport:
    """Checks rows of one kind and upserts them, chunk by chunk, in the caller's transaction.

    Rows come as generic cells (`layout` says which column each cell is). Problems go to
    `findings`; records are written only while there are none, unless `keep_writing` (a CRM
    import writes what passed so later kinds find it, and reports every problem before it
    rolls everything back).
    """

    def __init__(
        self,
        conn: Connection,
        spec: Kind,
        layout: Layout,
        findings: Findings,
        *,
        width: int,
        pipeline: list[str],
        today: date,
        zone: tzinfo | None = None,
        keep_writing: bool = False,
    ):
        self.conn = conn
        self.spec = spec
        self.findings = findings
        self.keep_writing = keep_writing
        needed = {c.ref for c in spec.columns if c.ref and c.name in layout.labels}
        self.checker = RowChecker(spec, layout, Refs(conn, needed), findings, pipeline, width, zone)
        self.today = today
        self._writer: TableWriter | StageHistoryWriter | None = None
        self.rows = 0
        self._chunk: list[dict[str, Any]] = []

    @property
    def writer(self) -> TableWriter | StageHistoryWriter:
        """The kind's writer, made on first use (once the header is known to be complete)."""
        if self._writer is None:
            self._writer = writer_for(self.conn, self.spec, self.checker.present, self.today)
        return self._writer

    def check_header(self, preset: str = "generic") -> None:
        """Report the required columns missing from the header (as row 1 problems)."""
        for name in self.checker.missing_required():
            reason = "this required column is missing"
            if headers := headers_for(preset, self.spec, name):
                names = " or ".join(repr(h) for h in headers)
                reason += f" (the {preset} preset reads it from {names})"
            self.findings.problem(1, name, reason)

    def add(self, row: int, cells: list[str]) -> None:
        """Check one row; keep its record for the next write."""
        self.rows += 1
        record = self.checker.check(row, cells)
        if record is not None and (self.keep_writing or not self.findings.problem_total):
            self._chunk.append(record)

    def flush(self) -> None:
        """Write the records kept so far (dropped instead once a problem refuses the import)."""
        if self._chunk and (self.keep_writing or not self.findings.problem_total):
            self.writer.write(self._chunk)
        self._chunk = []

    def finish(self) -> Counts:
        """Write what is left, check reps' managers, and return what changed."""
        self.flush()
        if self.spec.name == "reps":
            people = self.conn.exec_driver_sql(
                "SELECT email FROM rep UNION SELECT email FROM executive "
                "UNION SELECT crm_key FROM rep UNION SELECT crm_key FROM executive"
            )
            self.checker.check_managers({key for (key,) in people if key})
        return self.writer.counts


def import_csv(
    ws: Workspace,
    kind: str,
    path: Path,
    *,
    preset: str = "generic",
    dry_run: bool = False,
    progress: Callable[[float, str], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    today: date | None = None,
    zone: str | None = None,
) -> ImportReport:
    """Import one CSV file of `kind` into the workspace and return what changed.

    Date-times written without an offset are read in `zone` (an IANA name; UTC when None).
    Raises ImportProblem (with `file:row:column: reason` lines) when the file is refused and
    Cancelled when `cancel()` turns true; in both cases the workspace is unchanged.
    """
    spec = kind_named(kind)
    tz = _zone(zone)
    source = open_csv(Path(path))
    layout = layout_for(preset, spec, source.header)
    findings = Findings(source.name)
    for name in layout.repeated:
        findings.problem(1, name, "this column appears twice in the header")
    if layout.ignored:
        findings.warn(
            1, None, f"columns not used for {spec.name}, ignored: {', '.join(layout.ignored)}"
        )
    report = ImportReport(spec.name, source.name, dry_run=dry_run)
    today = today or date.today()
    try:
        with ws.begin() as conn:
            take_lock(conn, "import")  # a team workspace: one import at a time, never interleaved
            rules = load_rules(conn)
            job = KindImport(
                conn,
                spec,
                layout,
                findings,
                width=len(source.header),
                pipeline=rules.pipeline,
                today=today,
                zone=tz,
            )
            job.check_header(preset)
            if findings.problem_total:
                raise _refused(findings)
            rows = Rows(source)
            try:
                for row, cells in rows:
                    if not "".join(cells).strip():
                        continue  # a blank line, as spreadsheets often leave at the end
                    job.add(row, cells)
                    if job.rows % CHUNK_ROWS == 0:
                        if cancel is not None and cancel():
                            raise Cancelled("Import cancelled; nothing was changed.")
                        job.flush()
                        if progress is not None:
                            progress(0.98 * rows.fraction(), f"{job.rows:,} rows checked")
            except RowError as exc:
                findings.problem(exc.row, exc.column, exc.reason)
            finally:
                rows.close()
            counts = job.finish()
            report.rows = job.rows
            if findings.problem_total:
                raise _refused(findings)
            if cancel is not None and cancel():
                raise Cancelled("Import cancelled; nothing was changed.")
            checker = job.checker
            if checker.new_stages:
                pipeline = pipeline_with(rules.pipeline, checker.new_stages)
                save_rules(conn, {"pipeline": pipeline})
            _fill(report, counts, checker, findings)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    if progress is not None:
        progress(1.0, "done")
    return report


def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    try:
        return zone_named(name)
    except ValueError as exc:
        raise ImportProblem(f"{exc}; nothing was imported.") from None


def _fill(report: ImportReport, counts: Counts, checker: RowChecker, findings: Findings) -> None:
    """Copy what a kind's import changed, left out and warned about into its report."""
    report.inserted = counts.inserted
    report.updated = counts.updated
    report.unchanged = counts.unchanged
    report.stage_changes = counts.stage_changes
    report.close_date_pushes = counts.close_date_pushes
    report.close_date_pulls = counts.close_date_pulls
    report.skipped = checker.skipped
    report.new_stages = list(checker.new_stages)
    report.warnings = list(findings.warnings)
    report.warning_total = findings.warning_total


fill_report = _fill
