"""A deal's history as Salesforce records it: stage entries and close-date moves, CRM-dated.

`OpportunityHistory` (Data Export, Data Loader) and the *Opportunity History* report hold one row
per saved change of a deal — a snapshot of its stage and close date. A stage change is a row
whose stage differs from that deal's previous row (the first row: from its `From Stage`, empty
at creation); a close-date move is a row whose close date differs from the one before it
(`PrevCloseDate` where the export has it). Rows that changed neither (amount only) add nothing.
Every entry keeps the CRM's own moment of the change, never the import day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fieldvisit.ingest.crm.batch import Origin, Record
from fieldvisit.ingest.crm.salesforce_sheets import Reading


@dataclass
class Change:
    """One history row: when, the stage and close date after it, and what was before."""

    origin: Origin
    at: datetime
    stage: str
    close: str
    from_stage: str = ""
    prev_close: str = ""


@dataclass
class Timeline:
    """One deal's stage entries and close-date moves (deal by id, or by name in reports)."""

    deal_id: str
    deal_name: str = ""
    entries: list[tuple[Origin, str, datetime]] = field(default_factory=list)
    moves: list[tuple[Origin, str, str, datetime]] = field(default_factory=list)

    def entered(self, stage: str) -> str:
        """Return the UTC day the deal last entered `stage` ("" when the history has none)."""
        days = [at for _, s, at in self.entries if s == stage]
        return _day(max(days)) if days else ""


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).date().isoformat()


def timeline(deal_id: str, deal_name: str, changes: list[Change]) -> Timeline:
    """Return the deal's timeline from its history rows (in any order)."""
    found = Timeline(deal_id, deal_name)
    previous, close = "", ""
    for i, change in enumerate(sorted(changes, key=lambda c: c.at)):
        before = previous if i else change.from_stage
        if change.stage and change.stage != before:
            found.entries.append((change.origin, change.stage, change.at))
        old = change.prev_close or close
        if old and change.close and change.close != old:
            found.moves.append((change.origin, old, change.close, change.at))
        previous, close = change.stage or previous, change.close or close
    return found


def add_history(reading: Reading, timelines: Iterable[Timeline], deal_ids: dict[str, str]) -> None:
    """Add the timelines' stage entries (stage-history) and close-date moves to the batch.

    `deal_ids` maps a report's deal names to ids this export resolves; the others go by name.
    """
    for found in timelines:
        deal_id = found.deal_id or deal_ids.get(found.deal_name, "")
        ref = {"deal_id": deal_id} if deal_id else {}
        by_name = {} if deal_id else {"deal_id": found.deal_name}
        for origin, stage, at in found.entries:
            record = {**ref, "stage": stage, "entered_on": _day(at)}
            reading.batch.add("stage-history", Record(record, origin, dict(by_name), at))
        for origin, old, new, at in found.moves:
            move = {**ref, "old_date": old, "new_date": new, "changed_on": _day(at)}
            reading.batch.close_moves.append(Record(move, origin, dict(by_name), at))
