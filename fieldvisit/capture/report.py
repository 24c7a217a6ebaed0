"""What a capture found and did: counts, skipped by reason, and the meetings listed for review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from fieldvisit.capture.classify import REVIEW_REASONS, SKIP_REASONS


@dataclass(frozen=True)
class ReviewLine:
    """A meeting this capture listed for review."""

    uid: str
    recurrence_id: str
    start: datetime
    reason: str
    domains: tuple[str, ...]
    title: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "uid": self.uid,
            "recurrence_id": self.recurrence_id,
            "start": self.start.isoformat(),
            "reason": self.reason,
            "domains": list(self.domains),
            "title": self.title,
        }


@dataclass
class CaptureReport:
    """The outcome of one capture (the same for the command line, its JSON and the app)."""

    executive: str
    source: str
    since: datetime
    until: datetime
    dry_run: bool = False
    events: int = 0  # occurrences read in the window
    new: int = 0
    updated: int = 0
    merged: int = 0
    cancelled: int = 0
    unchanged: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    review: list[ReviewLine] = field(default_factory=list)
    not_calendars: list[str] = field(default_factory=list)  # files in a folder or zip passed over
    calendars: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.new or self.updated or self.merged or self.cancelled)

    def as_json(self) -> dict[str, object]:
        """Return the report as the `--json` object (keys are never renamed or removed)."""
        return {
            "executive": self.executive,
            "source": self.source,
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "dry_run": self.dry_run,
            "calendars": list(self.calendars),
            "events": self.events,
            "new": self.new,
            "updated": self.updated,
            "merged": self.merged,
            "cancelled": self.cancelled,
            "unchanged": self.unchanged,
            "skipped": dict(sorted(self.skipped.items())),
            "review": [line.as_json() for line in self.review],
            "not_calendars": list(self.not_calendars),
        }

    def __str__(self) -> str:
        would = "would be " if self.dry_run else ""
        lines = [
            f"Calendar of {self.executive} from {self.source}: {self.events:,} events between "
            f"{self.since.date()} and {self.until.date()}.",
            f"Customer meetings {would}captured: {self.new} new, {self.updated} updated, "
            f"{self.merged} merged into visits already there, {self.cancelled} cancelled"
            f" ({self.unchanged} unchanged).",
        ]
        if self.skipped:
            parts = ", ".join(
                f"{n} {SKIP_REASONS.get(reason, reason)}"
                for reason, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0]))
            )
            lines.append(f"Skipped: {parts}.")
        if self.review:
            lines.append(
                f"Listed for review ({len(self.review)}): see `fieldvisit capture-review`."
            )
            for line in self.review[:20]:
                domains = ", ".join(line.domains) or "no outside domain"
                title = f" {line.title!r}" if line.title else ""
                lines.append(
                    f"  {line.start:%Y-%m-%d %H:%M %Z}{title} — "
                    f"{REVIEW_REASONS.get(line.reason, line.reason)} ({domains}) [{line.uid}]"
                )
            if len(self.review) > 20:
                lines.append(f"  … and {len(self.review) - 20} more")
        if self.not_calendars:
            names = ", ".join(self.not_calendars[:5])
            more = f" and {len(self.not_calendars) - 5} more" if len(self.not_calendars) > 5 else ""
            lines.append(f"Not calendars, passed over: {names}{more}.")
        if self.dry_run:
            lines.append("Dry run: nothing was changed.")
        return "\n".join(lines)
