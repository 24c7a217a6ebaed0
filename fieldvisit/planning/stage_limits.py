"""How long a deal may stay in a stage: the setting, else learned from history, else the default."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.settings import Rules


@dataclass(frozen=True)
class StageLimit:
    """A stage's limit in days, where it came from, and the usual (median) stay when learned."""

    days: float
    source: str  # "setting", "history" or "default"
    usual: float | None = None
    samples: int = 0


# Completed stays: a deal entered a stage and later entered another one (both on or before as_of).
# Same-day entries are ordered by stage name so the result never depends on row order.
_STAYS_SQL = """
WITH stays AS (
    SELECT stage, entered_on,
           LEAD(entered_on) OVER (PARTITION BY deal_id ORDER BY entered_on, stage) AS left_on
    FROM stage_change
    WHERE entered_on <= :as_of
)
SELECT stage, CAST(julianday(left_on) - julianday(entered_on) AS INTEGER) AS days, COUNT(*)
FROM stays
WHERE left_on IS NOT NULL
GROUP BY stage, days
"""


def _median(histogram: list[tuple[int, int]], total: int) -> float:
    """Return the median of a sorted (value, count) histogram holding `total` values."""
    lo_rank, hi_rank = (total - 1) // 2, total // 2
    lo = hi = None
    seen = 0
    for value, n in histogram:
        if lo is None and seen + n > lo_rank:
            lo = value
        if seen + n > hi_rank:
            hi = value
            break
        seen += n
    assert lo is not None and hi is not None
    return (lo + hi) / 2


def learned_medians(conn: Connection, as_of: date) -> dict[str, tuple[float, int]]:
    """Return stage → (median days of completed stays, number of stays), from stage history."""
    histograms: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for stage, days, n in conn.execute(text(_STAYS_SQL), {"as_of": as_of.isoformat()}):
        histograms[stage].append((int(days), int(n)))
    result = {}
    for stage, hist in histograms.items():
        hist.sort()
        total = sum(n for _, n in hist)
        result[stage] = (_median(hist, total), total)
    return result


def stage_limits(conn: Connection, as_of: date, rules: Rules) -> dict[str, StageLimit]:
    """Return the limit for every stage that has a setting or enough history.

    Stages missing from the result use `default_limit(rules)`.
    """
    limits: dict[str, StageLimit] = {}
    for stage, (median, samples) in learned_medians(conn, as_of).items():
        if samples >= rules.stage_limit_min_samples:
            days = max(rules.stage_limit_factor * median, 1.0)
            limits[stage] = StageLimit(days, "history", median, samples)
    for stage, days in rules.stage_limits.items():
        limits[stage] = StageLimit(float(days), "setting")
    return limits


def default_limit(rules: Rules) -> StageLimit:
    """Return the limit for a stage with neither a setting nor enough history."""
    return StageLimit(float(rules.stage_limit_default_days), "default")
