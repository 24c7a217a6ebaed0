"""Salesforce's rules shared by its exports: stage order, forecast categories, tasks and events,
the OpportunityHistory snapshots of a deal, and the value formats of the Data Export.
"""

from __future__ import annotations

from datetime import date, datetime

from tests.ingest.crm import files
from tests.ingest.crm.company import (
    STAGES,
    ActivityState,
    DealState,
    Snapshot,
)

STAGE_SORT_ORDER = {stage: i + 1 for i, stage in enumerate(STAGES)}
TASK_KINDS = {"call": ("Call", "Call"), "email": ("Email", "Email"), "task": ("Task", "Other")}


def forecast_category(stage: str) -> tuple[str, str]:
    """Return (ForecastCategory, ForecastCategoryName) of a standard stage."""
    return {
        "Closed Won": ("Closed", "Closed"),
        "Closed Lost": ("Omitted", "Omitted"),
        "Negotiation/Review": ("BestCase", "Best Case"),
    }.get(stage, ("Pipeline", "Pipeline"))


def b(flag: bool) -> str:
    return "1" if flag else "0"


def day(value: date | None) -> str:
    return "" if value is None else f"{value.isoformat()} 00:00:00"


def ts(value: datetime | None) -> str:
    return files.iso_seconds(value)


def tasks(snap: Snapshot) -> list[ActivityState]:
    return [a for a in snap.activities if a.activity.kind in TASK_KINDS]


def events(snap: Snapshot) -> list[ActivityState]:
    return [a for a in snap.activities if a.activity.kind == "meeting"]


def last_activity_date(snap: Snapshot, deal_key: str) -> date | None:
    """Salesforce's LastActivityDate: latest closed task or any event, even a future one."""
    days = [
        a.activity.at.date()
        for a in snap.activities
        if a.activity.deal == deal_key and (a.done or a.activity.kind == "meeting")
    ]
    return max(days, default=None)


def history_rows(state: DealState) -> list[tuple[datetime, str, date]]:
    """Return the deal's OpportunityHistory snapshots: (when, stage, close date) per change."""
    changes: list[tuple[datetime, str | None, date | None]] = [
        (e.at, e.stage, None) for e in state.entries
    ] + [(p.at, None, p.new) for p, _ in state.pushes]
    changes.sort(key=lambda c: (c[0], c[1] is None))
    rows: list[tuple[datetime, str, date]] = []
    stage, close = state.entries[0].stage, state.deal.close
    for when, new_stage, new_close in changes:
        stage = new_stage or stage
        close = new_close or close
        if rows and rows[-1][0] == when:
            rows[-1] = (when, stage, close)  # one save changed stage and close date together
        else:
            rows.append((when, stage, close))
    return rows
