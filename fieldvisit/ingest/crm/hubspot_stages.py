"""HubSpot's pipelines and stages, as its deals export shows them.

A portal with several pipelines writes a deal's stage as `Label (Pipeline name)` and adds one
`Date entered "<Label> (<Pipeline>)"` column per stage of every pipeline, in pipeline order: those
columns are both the stage order and each deal's stage history. Stage names are kept meaningful
and stable across exports: the main pipeline's stages (those of the first `Date entered` column)
are named by their label alone (`Contract Sent`), every other pipeline's keep their suffix
(`Renewal Due (Renewals)`), so two pipelines' same-named stages never merge and adding a
pipeline later renames nothing. Internal values (`contractsent`, numeric ids of custom pipelines)
are matched to the labels of the `Date entered` columns: by spelling for the default pipeline's
ids, and otherwise by the column holding each deal's latest date (HubSpot overwrites a stage's
date when a deal re-enters it, so the latest one is the current stage).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from fieldvisit.ingest.crm.hubspot_labels import (
    DATE_ENTERED,
    DATE_ENTERED_INTERNAL,
    LOST_WORDS,
    WON_WORDS,
)
from fieldvisit.ingest.crm.table_cells import fold

_SUFFIX = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")


@dataclass(frozen=True)
class StageColumn:
    """One `Date entered "<label> (<pipeline>)"` column."""

    header: str
    label: str
    pipeline: str | None


def split_pipeline(text: str) -> tuple[str, str | None]:
    """Return (label, pipeline) of `Contract Sent (Sales Pipeline)`; (text, None) without one."""
    found = _SUFFIX.match(text.strip())
    if found is None:
        return text.strip(), None
    return found.group(1), found.group(2).strip()


def stage_columns(header: list[str]) -> list[StageColumn]:
    """Return the table's `Date entered` columns in their order."""
    found = []
    for name in header:
        labelled = DATE_ENTERED.match(name)
        if labelled:
            label, pipeline = split_pipeline(labelled.group(1))
            found.append(StageColumn(name, label, pipeline))
            continue
        internal = DATE_ENTERED_INTERNAL.match(name)
        if internal:
            found.append(StageColumn(name, internal.group(1), None))
    return found


def closing(label: str) -> str | None:
    """Return "won" or "lost" for a stage whose name closes a deal, else None."""
    words = {fold(w) for w in re.split(r"[\s\-_/]+", label.lower()) if w} | {fold(label)}
    if words & WON_WORDS:
        return "won"
    if words & LOST_WORDS:
        return "lost"
    return None


@dataclass
class Pipelines:
    """The stages of an export's pipelines, and how deals' stage cells map onto them."""

    columns: list[StageColumn]
    main: str | None = None
    # (stage cell, pipeline cell) folded → the column each deal's latest date points at
    _votes: dict[tuple[str, str], Counter[StageColumn]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.main is None and self.columns:
            self.main = self.columns[0].pipeline

    def name(self, label: str, pipeline: str | None) -> str:
        """Return the stage's name in the workspace (the main pipeline's stages by label)."""
        if pipeline is None or self.main is None or fold(pipeline) == fold(self.main):
            return label
        return f"{label} ({pipeline})"

    def column_name(self, column: StageColumn) -> str:
        return self.name(column.label, column.pipeline)

    def order(self) -> list[str]:
        """Return every stage of every pipeline in the export's column order."""
        return list(dict.fromkeys(self.column_name(c) for c in self.columns))

    def match(self, stage: str, pipeline: str) -> StageColumn | None:
        """Return the column of a stage cell (`Label (Pipeline)`, a label, or an internal id)."""
        label, suffix = split_pipeline(stage)
        if suffix is not None:
            exact = [
                c
                for c in self.columns
                if fold(c.label) == fold(label) and c.pipeline and fold(c.pipeline) == fold(suffix)
            ]
            if len(exact) == 1:
                return exact[0]
        same = [c for c in self.columns if fold(c.label) == fold(stage)]
        in_pipeline = [c for c in same if c.pipeline and fold(c.pipeline) == fold(pipeline)]
        if len(in_pipeline) == 1:
            return in_pipeline[0]
        return same[0] if len(same) == 1 else None

    def vote(self, stage: str, pipeline: str, latest: StageColumn) -> None:
        """Count that a deal in `stage` has its latest `Date entered` in column `latest`."""
        key = (fold(stage), fold(pipeline))
        self._votes.setdefault(key, Counter())[latest] += 1

    def voted(self, stage: str, pipeline: str) -> StageColumn | None:
        """Return the column every deal in this (internal) stage points at, if they agree."""
        counts = self._votes.get((fold(stage), fold(pipeline)))
        if not counts or len(counts) != 1:
            return None
        return next(iter(counts))

    def fallback_name(self, stage: str) -> str:
        """Return the name of a stage no `Date entered` column names (kept as written)."""
        label, suffix = split_pipeline(stage)
        return self.name(label, suffix) if suffix else stage


def latest_column(
    columns: list[StageColumn], moments: Mapping[StageColumn, str]
) -> StageColumn | None:
    """Return the column holding the latest of a deal's `Date entered` moments."""
    dated = [(moments[c], i, c) for i, c in enumerate(columns) if moments.get(c)]
    return max(dated)[2] if dated else None
