"""The plain data of debriefs: what the editor holds, what lists show (safe across threads)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

# A debrief's free-text fields, in the order a save names the ones it changed (the audit trail).
# The search index keeps its own column order (`debriefs.search`); migrations keep frozen copies.
DEBRIEF_TEXT_FIELDS = (
    "summary",
    "learned",
    "challenges",
    "field_friction",
    "competitors",
    "current_vendor",
    "budget",
    "people_met",
)


@dataclass
class NextStepItem:
    """One agreed next step: what, who, by when, and whether it is done."""

    text: str
    owner: str = ""
    due_on: date | None = None
    done: bool = False


@dataclass
class DebriefData:
    """Everything the debrief editor holds for one visit (also the shape of a draft)."""

    visit_id: int
    contact_ids: list[int] = field(default_factory=list)
    people_met: str = ""
    summary: str = ""
    learned: str = ""
    challenges: str = ""
    friction_categories: list[str] = field(default_factory=list)
    field_friction: str = ""
    competitors: str = ""
    current_vendor: str = ""
    budget: str = ""
    sentiment: str | None = None
    next_steps: list[NextStepItem] = field(default_factory=list)
    written_at: datetime | None = None
    # A draft's: the saved debrief's version it was typed on (`store.versions`; None: unknown).
    base_version: int | None = None

    def to_json(self) -> str:
        """Return the data as JSON (dates as ISO text)."""
        raw = asdict(self)
        raw["written_at"] = self.written_at.isoformat() if self.written_at else None
        for step in raw["next_steps"]:
            step["due_on"] = step["due_on"].isoformat() if step["due_on"] else None
        return json.dumps(raw, ensure_ascii=False)

    @classmethod
    def from_json(cls, payload: str) -> DebriefData:
        """Return the data stored by `to_json` (unknown keys are ignored)."""
        raw: dict[str, Any] = json.loads(payload)
        steps = [
            NextStepItem(
                text=str(s.get("text", "")),
                owner=str(s.get("owner") or ""),
                due_on=date.fromisoformat(s["due_on"]) if s.get("due_on") else None,
                done=bool(s.get("done", False)),
            )
            for s in raw.get("next_steps", [])
        ]
        written = raw.get("written_at")
        known = {f for f in cls.__dataclass_fields__ if f not in ("next_steps", "written_at")}
        values = {k: v for k, v in raw.items() if k in known}
        return cls(
            **values,
            next_steps=steps,
            written_at=datetime.fromisoformat(written) if written else None,
        )

    def is_blank(self) -> bool:
        """Return True when nothing has been typed or ticked yet."""
        texts = (
            self.people_met,
            self.summary,
            self.learned,
            self.challenges,
            self.field_friction,
            self.competitors,
            self.current_vendor,
            self.budget,
        )
        return (
            not any(t.strip() for t in texts)
            and not self.friction_categories
            and self.sentiment is None
            and not any(s.text.strip() for s in self.next_steps)
        )


@dataclass(frozen=True)
class ContactChoice:
    """A customer contact the editor offers as "met"."""

    contact_id: int
    name: str
    title: str
    seniority: str


@dataclass(frozen=True)
class VisitHeader:
    """What the editor shows about the visit it debriefs."""

    visit_id: int
    account_id: int
    account_name: str
    account_city: str | None
    account_tz: str | None
    deal_name: str
    start: datetime
    status: str
    executives: list[str]
    reps: list[str]
    contacts: list[ContactChoice]
    planned_contact_ids: list[int]


@dataclass(frozen=True)
class DebriefRow:
    """One line of the debrief list (plain data, safe to hand across threads)."""

    debrief_id: int
    visit_id: int
    account_name: str
    visit_start: datetime
    executives: str
    sentiment: str | None
    snippet_html: str


@dataclass(frozen=True)
class DraftInfo:
    """A draft waiting to be finished or discarded."""

    visit_id: int
    account_name: str
    visit_start: datetime
    updated_at: datetime


@dataclass(frozen=True)
class DueVisit:
    """A visit that happened and still has no debrief."""

    visit_id: int
    account_name: str
    visit_start: datetime
    executives: str
    has_draft: bool
