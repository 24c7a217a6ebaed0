"""Close-date changes a CRM recorded with their own moment (Salesforce's OpportunityHistory).

A re-import that finds a deal's close date moved records the move itself (`upsert.DealWriter`,
dated by these records where they hold it); the export's history adds the moves made before, each
once, so importing the same history again adds nothing.
"""

from __future__ import annotations

from functools import partial

from sqlalchemy.engine import Connection

from fieldvisit.ingest import values as v
from fieldvisit.ingest.crm.batch import Problems, Record
from fieldvisit.ingest.report import ImportReport
from fieldvisit.ingest.stored_forms import record_row
from fieldvisit.store.dialect import run_sql

_COLUMNS = ("old_date", "new_date", "changed_on")


def write_close_moves(
    conn: Connection, moves: list[Record], deals: ImportReport | None, problems: Problems
) -> None:
    """Insert the close-date moves not yet recorded; count them in the deals' report."""
    q = partial(run_sql, conn)
    pks: dict[str, int] = {ext: pk for ext, pk in q("SELECT external_id, id FROM deal").all()}
    held = {record_row(row) for row in q(
        "SELECT deal_id, old_date, new_date, changed_on FROM close_date_change"
    ).all()}  # fmt: skip
    rows: list[tuple[int, str, str, str]] = []
    for record in moves:
        deal = pks.get(record.values.get("deal_id", ""))
        if deal is None:
            problems.add(
                record.origin,
                "deal_id",
                "names no deal of this export or the workspace (close-date history)",
                record.values.get("deal_id", ""),
            )
            continue
        try:
            old, new, day = (v.iso_date(record.values.get(c, "")) for c in _COLUMNS)
        except ValueError as exc:
            problems.add(record.origin, "close date history", str(exc))
            continue
        row = (deal, old, new, day)
        if row in held or old == new:
            continue
        held.add(row)
        rows.append(row)
        if deals is not None:
            if new > old:
                deals.close_date_pushes += 1
            else:
                deals.close_date_pulls += 1
    if rows:
        q(
            "INSERT INTO close_date_change (deal_id, old_date, new_date, changed_on) "
            "VALUES (?, ?, ?, ?)",
            rows,
        )
