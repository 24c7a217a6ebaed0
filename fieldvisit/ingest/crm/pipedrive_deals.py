"""Pipedrive's deals export: deals and the one stage date Pipedrive gives.

`Deal - Status` says open, won, lost or deleted; a won or lost deal keeps the stage it was in, and
a deleted one is still listed: it is left out with a note. `Deal - Last stage change` is the only
stage date (empty when the stage never changed: `Deal - Deal created` dates it) and becomes one
stage-history entry. Stage names are Pipedrive's; a deal of another pipeline than the main one
(the one most deals are in) has its pipeline appended, `Renewal Due (Renewals)`, so two pipelines'
same-named stages stay apart. The export carries no stage order; when every open stage's
deals show one probability (`Deal - Weighted value` ÷ `Deal - Value`) and no two stages of a
pipeline share it, a note suggests the order those probabilities give (for `--stages`), without
applying it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from statistics import median

from fieldvisit.ingest.crm.batch import Record
from fieldvisit.ingest.crm.files import Table
from fieldvisit.ingest.crm.pipedrive_labels import DEALS, STATUSES
from fieldvisit.ingest.crm.pipedrive_people import link, name_user
from fieldvisit.ingest.crm.table_cells import Cells, Context

STATUS_CAUSE = "is not a deal status Pipedrive writes (Open, Won, Lost or Deleted)"


def main_pipeline(table: Table, cells: Cells) -> str:
    """Return the pipeline most deals are in ("" when the file has no pipeline column)."""
    seen = Counter(cells.text(record, "pipeline") for _, record in table.records())
    seen.pop("", None)
    return seen.most_common(1)[0][0] if seen else ""


def stage_name(stage: str, pipeline: str, main: str) -> str:
    """Return the stage's name in the workspace: the main pipeline's by itself."""
    return stage if not pipeline or pipeline == main else f"{stage} ({pipeline})"


def read_deals(table: Table, context: Context) -> str:
    """Add the deals export's deals and stage dates; return a note on what it held."""
    cells = Cells(table, DEALS, context)
    main = main_pipeline(table, cells)
    written = 0
    odds: dict[tuple[str, str], list[float]] = {}
    for row, record in table.records():
        if _add_deal(cells, row, record, context, main):
            written += 1
            _collect_odds(cells, row, record, context, odds)
    suggested = _suggested_order(odds, main)
    if suggested:
        # The probabilities (weighted value ÷ value) grow along the pipeline: the likely order.
        context.batch.likely_stage_order = suggested
    pipelines = sorted({cells.text(r, "pipeline") for _, r in table.records()} - {""})
    note = f"{written} deals"
    if len(pipelines) > 1:
        note += f"; pipelines {', '.join(pipelines)} (stages of all but {main!r} named 'Stage (Pipeline)')"
    return note + "; stage dates from 'Last stage change' (else 'Deal created'); no stage order"


def _add_deal(
    cells: Cells, row: int, record: Mapping[str, str], context: Context, main: str
) -> bool:
    deal_id = cells.ident(row, record, "id")
    name = cells.text(record, "name")
    raw_status = cells.text(record, "status")
    status = STATUSES.get(raw_status.lower(), "") if raw_status else "open"
    if not status:
        cells.problem(row, "status", STATUS_CAUSE, raw_status)
        return False
    if status == "deleted":
        context.leave_out("deals", "deleted in Pipedrive", name or deal_id)
        return False
    if not deal_id or not name:
        key, what = ("id", "ID") if not deal_id else ("name", "title")
        cells.problem(row, key, f"has no deal {what}; the deal is left out", name or deal_id)
        return False
    stage = cells.text(record, "stage")
    if not stage:
        cells.problem(row, "stage", "has no stage; the deal is left out", name)
        return False
    stage = stage_name(stage, cells.text(record, "pipeline"), main)
    created = cells.day(row, record, "created")
    entered = cells.day(row, record, "stage_changed") or created
    closed = ""
    if status != "open":
        for key in (status, "closed"):
            closed = closed or cells.day(row, record, key)
    out = Record(
        {
            "deal_id": deal_id,
            "name": name,
            "stage": stage,
            "amount": cells.amount(row, record, "amount"),
            "currency": cells.text(record, "currency").upper(),
            "created_on": created,
            "stage_entered_on": entered,
            "close_date": closed or cells.day(row, record, "expected"),
            "status": status,
        },
        cells.origin(row),
        modified_at=cells.stamp(row, record, "modified"),
    )
    if not link(cells, row, record, out, "account_id", "organization_id", "organization"):
        context.leave_out("deals", "no organization", name)
        return False
    name_user(context, out, "owner_email", cells.text(record, "owner"))
    context.batch.add("deals", out)
    if entered:
        history = {"deal_id": deal_id, "stage": stage, "entered_on": entered}
        context.batch.add("stage-history", Record(history, cells.origin(row)))
    return True


def _collect_odds(
    cells: Cells,
    row: int,
    record: Mapping[str, str],
    context: Context,
    odds: dict[tuple[str, str], list[float]],
) -> None:
    """Remember an open deal's probability (weighted value ÷ value) under its stage."""
    deal = context.batch.records["deals"][-1].values
    if deal["status"] != "open" or not cells.has("weighted"):
        return
    value, weighted = deal["amount"], cells.amount(row, record, "weighted")
    if value and weighted and float(value) > 0:
        key = (cells.text(record, "pipeline"), deal["stage"])
        odds.setdefault(key, []).append(float(weighted) / float(value))


def _suggested_order(odds: dict[tuple[str, str], list[float]], main: str) -> list[str]:
    """Return the stages by rising probability, main pipeline first; [] when it does not tell."""
    by_pipeline: dict[str, list[tuple[float, str]]] = {}
    for (pipeline, stage), found in odds.items():
        by_pipeline.setdefault(pipeline, []).append((round(median(found), 3), stage))
    order: list[str] = []
    for pipeline in sorted(by_pipeline, key=lambda p: p != main):
        ranked = sorted(by_pipeline[pipeline])
        if len({p for p, _ in ranked}) < len(ranked):
            return []  # two stages share a probability: no order to tell
        order += [stage for _, stage in ranked]
    return order if len(order) > 1 else []
