"""What an import did (or, in a dry run, would do), in numbers and readable lines."""

from __future__ import annotations

from dataclasses import dataclass, field

SHOWN_WARNINGS = 20


@dataclass
class ImportReport:
    """The outcome of one import: counts, history written, warnings, and whether it was a dry run."""

    kind: str
    file: str
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    stage_changes: int = 0
    close_date_pushes: int = 0
    close_date_pulls: int = 0
    warnings: list[str] = field(default_factory=list)
    warning_total: int = 0
    new_stages: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def history_entries(self) -> int:
        """Return how many history rows were written (stage entries and close-date moves)."""
        return self.stage_changes + self.close_date_pushes + self.close_date_pulls

    def lines(self) -> list[str]:
        """Return the report as lines a person reads."""
        verb = "would be" if self.dry_run else "were"
        out = [
            f"{self.file} ({self.kind}): {self.rows} rows read; "
            f"{self.inserted} {verb} added, {self.updated} updated, {self.unchanged} unchanged"
            + (f", {self.skipped} left out" if self.skipped else "")
            + "."
        ]
        if self.history_entries:
            parts = []
            if self.stage_changes:
                parts.append(_count(self.stage_changes, "stage entry", "stage entries"))
            if self.close_date_pushes:
                parts.append(
                    _count(self.close_date_pushes, "close date", "close dates") + " pushed later"
                )
            if self.close_date_pulls:
                parts.append(
                    _count(self.close_date_pulls, "close date", "close dates") + " moved earlier"
                )
            out.append("History: " + ", ".join(parts) + ".")
        if self.new_stages:
            out.append("Stages added to the pipeline: " + ", ".join(self.new_stages) + ".")
        if self.warning_total:
            out.append(f"Warnings ({self.warning_total}):")
            out += [f"  {w}" for w in self.warnings[:SHOWN_WARNINGS]]
            if self.warning_total > SHOWN_WARNINGS:
                out.append(f"  … and {self.warning_total - SHOWN_WARNINGS} more warnings")
        if self.dry_run:
            out.append("Dry run: nothing was written to the workspace.")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
