"""The order of the pipeline's stages after a CRM import: the CRM's, the user's, or appended.

Impact counts a deal as advanced when it enters a later stage, so the order matters. It comes
from the export when the CRM gives it (Salesforce's StageSortOrder, HubSpot's pipelines), else
from `--stages` (the wizard's ordering step), else new stages go before the closed (won and lost)
stages in the order the deals' probabilities imply (`Batch.likely_stage_order`) or, without
one, the order first seen, with a note saying how to set the order. Won and lost stages
always end the pipeline. The order stays a workspace setting (`settings.set_pipeline`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Connection

from fieldvisit.ingest.crm.batch import Batch
from fieldvisit.settings import DEFAULT_PIPELINE, looks_closed, pipeline_with


@dataclass
class StageOrder:
    """The pipeline the import leaves, and where its order came from."""

    pipeline: list[str]
    source: str  # "export", "--stages", "probabilities", "appended" or "unchanged"
    added: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _used(batch: Batch) -> list[str]:
    """Return the stages the export's deals and stage history name, in the order first seen."""
    seen: dict[str, str] = {}
    for kind in ("deals", "stage-history"):
        for record in batch.records.get(kind, []):
            stage = " ".join(record.values.get("stage", "").split())
            if stage:
                seen.setdefault(stage.lower(), stage)
    return list(seen.values())


def _ordered(order: list[str], batch: Batch) -> list[str]:
    """Return `order` without repeats, its won then lost stages moved to the end."""
    won = {s.lower() for s in batch.won_stages}
    lost = {s.lower() for s in batch.lost_stages}
    unique = list({s.lower(): s for s in reversed(order)}.values())[::-1]

    def rank(stage: str) -> int:
        low = stage.lower()
        if low in won:
            return 1
        if low in lost:
            return 2
        return 3 if looks_closed(stage) else 0

    return sorted(unique, key=rank)  # stable: the given order within each group


def settle_stages(
    conn: Connection, current: list[str], batch: Batch, declared: list[str] | None
) -> StageOrder:
    """Return the pipeline after importing `batch` (not yet stored)."""
    used = _used(batch)
    closed = batch.won_stages | batch.lost_stages
    in_workspace = [s for (s,) in conn.exec_driver_sql("SELECT DISTINCT stage FROM deal").all()]
    given = batch.stage_order or declared
    if given:
        source = "export" if batch.stage_order else "--stages"
        base = _ordered([" ".join(s.split()) for s in given if s.strip()], batch)
        known = {s.lower() for s in base}
        missing = [s for s in used if s.lower() not in known]
        pipeline = pipeline_with(base, [*missing, *in_workspace], closed)
        order = StageOrder(pipeline, source)
        if missing:
            order.added = missing
            order.notes.append(
                f"Stages the {'export' if source == 'export' else '--stages order'} does not "
                f"list were added before the closed stages: {', '.join(missing)}. "
                + _how_to_set(pipeline)
            )
        if batch.stage_order and declared:
            order.notes.append(
                "The export gives the stage order, so --stages was not used. "
                + _how_to_set(pipeline)
            )
        return order
    if not in_workspace and current == list(DEFAULT_PIPELINE):
        # A workspace without deals takes the export's stages, not the example pipeline's.
        current = [s for s in current if looks_closed(s)]
    known = {s.lower() for s in current}
    added = [s for s in used if s.lower() not in known]
    if not added:
        return StageOrder(current, "unchanged")
    likely = [s for s in (batch.likely_stage_order or []) if s.lower() not in known]
    if likely:
        # The deals' probabilities imply the order: new stages in that order, then any others.
        rest = [s for s in added if s.lower() not in {x.lower() for x in likely}]
        added = [*[s for s in likely if s.lower() in {x.lower() for x in added}], *rest]
        pipeline = pipeline_with(current, added, closed)
        return StageOrder(
            pipeline,
            "probabilities",
            added,
            [
                "The export does not state the order of its stages; the deals' probabilities "
                f"put {', '.join(added)} in this order before the closed stages. If that is not "
                "their order, " + _how_to_set(pipeline, lower=True)
            ],
        )
    pipeline = pipeline_with(current, used, closed)
    return StageOrder(
        pipeline,
        "appended",
        added,
        [
            f"The export does not give the order of its stages: {', '.join(added)} "
            f"{'were' if len(added) != 1 else 'was'} added before the closed stages in the "
            "order first seen. If that is not their order, " + _how_to_set(pipeline, lower=True)
        ],
    )


def _how_to_set(pipeline: list[str], lower: bool = False) -> str:
    text = (
        f'Set it with `fieldvisit pipeline --set "{";".join(pipeline)}"` (reordered), or import '
        'with `--stages "A;B;C"`.'
    )
    return text[0].lower() + text[1:] if lower else text
