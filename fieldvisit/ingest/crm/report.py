"""What a CRM import found, did (or, in a dry run, would do), and why it refused: lines and JSON.

The same object serves the command line (`import-crm`, its `--json`) and the app's import wizard,
which shows it before importing: per file what it was recognised as, per kind what changes, who
the executives are (for confirmation), the pipeline order, notes, and problems grouped by cause.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fieldvisit.ingest.crm.batch import FileFinding, Problems
from fieldvisit.ingest.crm.freshness import crm_label
from fieldvisit.ingest.report import ImportReport

SHOWN_WARNINGS = 10


@dataclass(frozen=True)
class ExecutiveFound:
    """Someone the import makes an executive, and why (for the user to confirm)."""

    name: str
    email: str | None
    level: str
    because: str  # "title 'CEO & Co-Founder'", "declared", "already an executive in the workspace"


@dataclass
class CrmReport:
    """The outcome of one CRM import (`refused` empty: imported, or would be in a dry run)."""

    crm: str
    dry_run: bool = False
    exported_at: datetime | None = None
    files: list[FileFinding] = field(default_factory=list)
    kinds: list[ImportReport] = field(default_factory=list)
    executives: list[ExecutiveFound] = field(default_factory=list)
    reps: int = 0
    reps_without_email: list[str] = field(default_factory=list)
    pipeline: list[str] = field(default_factory=list)
    stage_order_from: str = (
        "unchanged"  # "export", "--stages", "probabilities", "appended", "unchanged"
    )
    stages_added: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    refused: str = ""

    @property
    def ok(self) -> bool:
        return not self.refused

    def kind(self, name: str) -> ImportReport | None:
        """Return the report of one kind (None when the export held none)."""
        return next((k for k in self.kinds if k.kind == name), None)

    def lines(self) -> list[str]:
        """Return the report as lines a person reads."""
        label = crm_label(self.crm)
        out = [f"{label} export" + (f" of {_stamp(self.exported_at)}" if self.exported_at else "")]
        out.append(f"Files ({len(self.files)}):")
        for f in self.files:
            rows = f", {f.rows} rows" if f.rows else ""
            note = f" — {f.note}" if f.note else ""
            out.append(f"  {f.file}: {f.what}{rows}{note}")
        if self.refused:
            out.append(f"Refused: {self.refused}")
            if self.problems:
                out.append(f"Problems ({len(self.problems)} causes):")
                out += [f"  {line}" for line in self.problems.lines()]
            out += [f"Note: {n}" for n in self.notes]
            return out
        verb = "would be" if self.dry_run else "were"
        out.append("Imported:" if not self.dry_run else "Would import:")
        for k in self.kinds:
            line = (
                f"  {k.kind}: {k.rows} rows; {k.inserted} {verb} added, {k.updated} updated, "
                f"{k.unchanged} unchanged" + (f", {k.skipped} left out" if k.skipped else "")
            )
            history = _history(k)
            out.append(line + (f"; {history}" if history else ""))
        if self.executives:
            out.append(f"Executives ({len(self.executives)}):")
            for e in self.executives:
                who = f"{e.name} <{e.email}>" if e.email else f"{e.name} (no e-mail yet)"
                out.append(f"  {e.level:<3} {who} — {e.because}")
        else:
            out.append("Executives: none (see the note below on how to name them).")
        out.append(f"Reps: {self.reps}")
        order = {"export": "from the export", "--stages": "from --stages",
                 "appended": "new stages added before the closed ones",
                 "probabilities": "new stages ordered by the deals' probabilities",
                 "unchanged": "unchanged"}[self.stage_order_from]  # fmt: skip
        out.append(f"Pipeline ({order}): {' → '.join(self.pipeline)}")
        warnings = [w for k in self.kinds for w in k.warnings]
        total = sum(k.warning_total for k in self.kinds)
        if total:
            out.append(f"Warnings ({total}):")
            out += [f"  {w}" for w in warnings[:SHOWN_WARNINGS]]
            if total > SHOWN_WARNINGS:
                out.append(f"  … and {total - SHOWN_WARNINGS} more (see --json)")
        out += [f"Note: {n}" for n in self.notes]
        if self.dry_run:
            out.append("Dry run: nothing was written to the workspace.")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def as_json(self) -> dict[str, Any]:
        """Return the report as the stable JSON object of `import-crm --json` (docs/cli.md)."""
        return {
            "crm": self.crm,
            "ok": self.ok,
            "dry_run": self.dry_run,
            "refused": self.refused or None,
            "exported_at": _iso(self.exported_at),
            "files": [
                {"file": f.file, "what": f.what, "rows": f.rows, "note": f.note} for f in self.files
            ],
            "kinds": {
                k.kind: {
                    "rows": k.rows,
                    "added": k.inserted,
                    "updated": k.updated,
                    "unchanged": k.unchanged,
                    "left_out": k.skipped,
                    "stage_changes": k.stage_changes,
                    "close_dates_pushed": k.close_date_pushes,
                    "close_dates_pulled": k.close_date_pulls,
                    "warnings": k.warning_total,
                }
                for k in self.kinds
            },
            "executives": [
                {"name": e.name, "email": e.email, "level": e.level, "because": e.because}
                for e in self.executives
            ],
            "reps": {"count": self.reps, "without_email": list(self.reps_without_email)},
            "pipeline": {
                "stages": list(self.pipeline),
                "order_from": self.stage_order_from,
                "added": list(self.stages_added),
            },
            "notes": list(self.notes),
            "warnings": [w for k in self.kinds for w in k.warnings],
            "problems": [
                {
                    "file": p.file,
                    "column": p.column,
                    "cause": p.cause,
                    "count": p.count,
                    "rows": list(p.rows),
                    "examples": list(p.examples),
                    "line": p.line(),
                }
                for p in sorted(self.problems, key=lambda p: (p.file, p.count != 0))
            ],
        }


def _history(k: ImportReport) -> str:
    parts = []
    if k.stage_changes:
        parts.append(f"{k.stage_changes} stage entr{'y' if k.stage_changes == 1 else 'ies'}")
    if k.close_date_pushes:
        parts.append(
            f"{k.close_date_pushes} close date{'s' if k.close_date_pushes != 1 else ''} pushed later"
        )
    if k.close_date_pulls:
        parts.append(
            f"{k.close_date_pulls} close date{'s' if k.close_date_pulls != 1 else ''} moved earlier"
        )
    return ", ".join(parts)


def _stamp(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
