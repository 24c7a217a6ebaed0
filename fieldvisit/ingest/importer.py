"""`import_csv`: read, check and upsert one CSV file, all or nothing.

The file is streamed in chunks inside one transaction. Every row is checked; chunks are written
only while no problem has been found, and any problem (or a cancel, or any error) rolls the whole
transaction back, so a refused file leaves the workspace exactly as it was. A dry run takes the
same path and rolls back at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from fieldvisit.errors import Cancelled, ImportProblem
from fieldvisit.ingest.kinds import kind_named
from fieldvisit.ingest.presets import headers_for, layout_for
from fieldvisit.ingest.reader import RowError, Rows, open_csv
from fieldvisit.ingest.report import ImportReport
from fieldvisit.ingest.upsert import writer_for
from fieldvisit.ingest.validate import Findings, Refs, RowChecker
from fieldvisit.settings import load_rules, save_rules
from fieldvisit.store import Workspace

CHUNK_ROWS = 5000


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def _refused(findings: Findings) -> ImportProblem:
    n = findings.problem_total
    noun = "problem" if n == 1 else "problems"
    return ImportProblem(
        f"{findings.file}: {n} {noun}; nothing was imported.", list(findings.problems), n
    )


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
) -> ImportReport:
    """Import one CSV file of `kind` into the workspace and return what changed.

    Raises ImportProblem (with `file:row:column: reason` lines) when the file is refused and
    Cancelled when `cancel()` turns true; in both cases the workspace is unchanged.
    """
    spec = kind_named(kind)
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
            rules = load_rules(conn)
            needed = {c.ref for c in spec.columns if c.ref and c.name in layout.labels}
            refs = Refs(conn, needed)
            checker = RowChecker(spec, layout, refs, findings, rules.pipeline, len(source.header))
            for name in checker.missing_required():
                reason = "this required column is missing"
                if headers := headers_for(preset, spec, name):
                    names = " or ".join(repr(h) for h in headers)
                    reason += f" (the {preset} preset reads it from {names})"
                findings.problem(1, name, reason)
            if findings.problem_total:
                raise _refused(findings)
            writer = writer_for(conn, spec, checker.present, today)
            rows = Rows(source)
            chunk: list[dict[str, Any]] = []
            try:
                for row, cells in rows:
                    if not "".join(cells).strip():
                        continue  # a blank line, as spreadsheets often leave at the end
                    report.rows += 1
                    record = checker.check(row, cells)
                    if record is not None and not findings.problem_total:
                        chunk.append(record)
                    if report.rows % CHUNK_ROWS == 0:
                        if cancel is not None and cancel():
                            raise Cancelled("Import cancelled; nothing was changed.")
                        if findings.problem_total:
                            chunk = []
                        elif chunk:
                            writer.write(chunk)
                            chunk = []
                        if progress is not None:
                            progress(0.98 * rows.fraction(), f"{report.rows:,} rows checked")
            except RowError as exc:
                findings.problem(exc.row, exc.column, exc.reason)
            finally:
                rows.close()
            if chunk and not findings.problem_total:
                writer.write(chunk)
            if spec.name == "reps":
                people = conn.exec_driver_sql(
                    "SELECT email FROM rep UNION SELECT email FROM executive"
                )
                checker.check_managers({email for (email,) in people})
            if findings.problem_total:
                raise _refused(findings)
            if cancel is not None and cancel():
                raise Cancelled("Import cancelled; nothing was changed.")
            if checker.new_stages:
                save_rules(conn, {"pipeline": [*rules.pipeline, *checker.new_stages]})
            _fill(report, writer.counts, checker, findings)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    if progress is not None:
        progress(1.0, "done")
    return report


def _fill(report: ImportReport, counts: Any, checker: RowChecker, findings: Findings) -> None:
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
