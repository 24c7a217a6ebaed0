"""HubSpot's deals export: deals, their stage history and the pipelines' stage order.

`Date entered "<stage> (<pipeline>)"` columns are the stage history (one entry per non-empty
cell, dated by it) and the current stage's cell is the deal's `stage_entered_on`. The deal's
company is `Associated Company IDs (Primary)`, else the first of `Associated Company IDs` (a list
sorted by id, so the first is not the primary one). The amount is `Amount` with `Currency`; the
`Amount in company currency` column is a conversion, not the deal's amount.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fieldvisit.ingest.crm.batch import Record
from fieldvisit.ingest.crm.files import Table
from fieldvisit.ingest.crm.hubspot_labels import DEALS
from fieldvisit.ingest.crm.hubspot_people import Owners, primary_company
from fieldvisit.ingest.crm.hubspot_stages import (
    Pipelines,
    StageColumn,
    closing,
    latest_column,
    stage_columns,
)
from fieldvisit.ingest.crm.table_cells import Cells, Context


@dataclass
class _Deal:
    row: int
    record: Mapping[str, str]
    stage: str  # the stage cell as written
    pipeline: str
    moments: dict[StageColumn, str]  # `Date entered` cells read as UTC date-times
    column: StageColumn | None = None


def read_deals(table: Table, context: Context, owners: Owners) -> str:
    """Add the deals export's deals and stage history; return a note on what it held."""
    cells = Cells(table, DEALS, context)
    columns = stage_columns(table.header)
    pipelines = Pipelines(columns)
    deals = _read_stages(table, cells, pipelines, columns)
    if pipelines.main is None:
        seen = [d.pipeline for d in deals if d.pipeline]
        pipelines.main = max(set(seen), key=seen.count) if seen else None
    names = {id(d): _stage_name(d, pipelines) for d in deals}
    status = _statuses(deals, names, cells, context, pipelines)
    batch = context.batch
    if columns:
        order = pipelines.order()
        batch.stage_order = list(dict.fromkeys((batch.stage_order or []) + order))
    unplaced = {n for n in names.values() if columns and n not in pipelines.order()}
    for name in sorted(unplaced):
        batch.notes.append(
            f"{table.name}: stage {name!r} has no 'Date entered' column, so its place in the "
            "pipeline is not known (give the order with --stages)"
        )
    written = 0
    for deal in deals:
        if _add_deal(deal, names[id(deal)], status, cells, context, owners, pipelines):
            written += 1
    pipeline_names = list(dict.fromkeys(c.pipeline for c in columns if c.pipeline))
    history = (
        f"stage history from {len(columns)} 'Date entered' columns"
        + (
            f" of {len(pipeline_names)} pipelines ({', '.join(pipeline_names)})"
            if pipeline_names
            else ""
        )
        if columns
        else "no 'Date entered' columns: stage dates unknown"
    )
    return f"{written} deals; {history}"


def _read_stages(
    table: Table, cells: Cells, pipelines: Pipelines, columns: list[StageColumn]
) -> list[_Deal]:
    deals = []
    for column in columns:
        cells.adopt(column.header)
    for row, record in table.records():
        moments = {}
        for column in columns:
            moment = cells.moment(row, record, column.header)
            if moment:
                moments[column] = moment
        deal = _Deal(
            row, record, cells.text(record, "stage"), cells.text(record, "pipeline"), moments
        )
        deal.column = pipelines.match(deal.stage, deal.pipeline) if deal.stage else None
        if deal.column is None and deal.stage:
            latest = latest_column(columns, moments)
            if latest is not None:
                pipelines.vote(deal.stage, deal.pipeline, latest)
        deals.append(deal)
    for deal in deals:
        if deal.column is None and deal.stage:
            deal.column = pipelines.voted(deal.stage, deal.pipeline)
    return deals


def _stage_name(deal: _Deal, pipelines: Pipelines) -> str:
    if deal.column is not None:
        return pipelines.column_name(deal.column)
    return pipelines.fallback_name(deal.stage) if deal.stage else ""


def _statuses(
    deals: list[_Deal],
    names: dict[int, str],
    cells: Cells,
    context: Context,
    pipelines: Pipelines,
) -> dict[str, str]:
    """Return won/lost per stage name: by its label, else by its deals' 100 % probability."""
    status: dict[str, str] = {}
    probabilities: dict[str, set[str]] = {}
    for deal in deals:
        name = names[id(deal)]
        if not name:
            continue
        label = deal.column.label if deal.column else deal.stage
        closed = closing(label) or closing(deal.stage)
        if closed:
            status[name] = closed
        probabilities.setdefault(name, set()).add(
            cells.amount(deal.row, deal.record, "probability")
        )
    for column in pipelines.columns:
        closed = closing(column.label)
        if closed:
            status.setdefault(pipelines.column_name(column), closed)
    for name, seen in probabilities.items():
        if name not in status and seen == {"1"}:
            status[name] = "won"
            context.batch.notes.append(
                f"stage {name!r} taken as won: every deal in it has a probability of 100 %"
            )
    context.batch.won_stages |= {n for n, s in status.items() if s == "won"}
    context.batch.lost_stages |= {n for n, s in status.items() if s == "lost"}
    return status


def _add_deal(
    deal: _Deal,
    stage: str,
    status: dict[str, str],
    cells: Cells,
    context: Context,
    owners: Owners,
    pipelines: Pipelines,
) -> bool:
    row, record = deal.row, deal.record
    deal_id = cells.ident(row, record, "id")
    name = cells.text(record, "name")
    if not deal_id:
        cells.problem(row, "id", "has no Record ID; the deal cannot be imported", name)
        return False
    if not name:
        cells.problem(row, "name", "has no deal name; the deal is left out", deal_id)
        return False
    if not stage:
        cells.problem(row, "stage", "has no deal stage; the deal is left out", name)
        return False
    account_id, account_name = primary_company(cells, row, record)
    if not account_id and not account_name:
        context.leave_out("deals", "no associated company", name)
        return False
    entered = deal.moments.get(deal.column) if deal.column else None
    out = Record(
        {
            "deal_id": deal_id,
            "name": name,
            "stage": stage,
            "amount": cells.amount(row, record, "amount"),
            "currency": cells.text(record, "currency").upper(),
            "created_on": cells.day(row, record, "created"),
            "stage_entered_on": entered[:10] if entered else "",
            "close_date": cells.day(row, record, "close"),
            "status": status.get(stage, "open"),
        },
        cells.origin(row),
        modified_at=cells.stamp(row, record, "modified"),
    )
    if account_id:
        out.values["account_id"] = account_id
    else:
        out.by_name["account_id"] = account_name
    owners.assign(out, "owner_email", cells.text(record, "owner"))
    context.batch.add("deals", out)
    for column, moment in deal.moments.items():
        context.batch.add(
            "stage-history",
            Record(
                {
                    "deal_id": deal_id,
                    "stage": pipelines.column_name(column),
                    "entered_on": moment[:10],
                },
                cells.origin(row),
            ),
        )
    return True
