"""How long a deal may stay in a stage: the setting, else learned from history, else the default."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.planning import stage_cache
from fieldvisit.planning.facts import fetch_all
from fieldvisit.settings import Rules
from fieldvisit.store.dialect import dialect_named, dialect_of


@dataclass(frozen=True)
class StageLimit:
    """A stage's limit in days, where it came from, and the usual (median) stay when learned."""

    days: float
    source: str  # "setting", "history" or "default"
    usual: float | None = None
    samples: int = 0


# Past deals (won or lost): each stay in a stage ends when the deal entered the next one (both on
# or before as_of). Same-day entries are ordered by stage name so the result never depends on
# row order. ix_stage_change_deal_entered hands the rows over already in window order (no sort),
# and the histogram is counted in Python: cheaper than SQLite sorting 250k rows to group them.
_STAYS_SQL = """
SELECT sc.stage,
       {days}
FROM stage_change sc
WHERE sc.entered_on <= :as_of
  AND sc.deal_id IN (SELECT id FROM deal WHERE status IN ('won', 'lost'))
"""

_NEXT_ENTRY = "LEAD(sc.entered_on) OVER (PARTITION BY sc.deal_id ORDER BY sc.entered_on, {stage})"


@cache
def _stays_sql(engine: str) -> str:
    d = dialect_named(engine)
    days = d.days_between(_NEXT_ENTRY.format(stage=d.bytewise("sc.stage")), "sc.entered_on")
    return _STAYS_SQL.format(days=days)


# Learning reads every past stay, so the result is kept on the database connection (not in the
# module) until the data changes: data_version moves when another connection commits, and
# total_changes() when this one writes. PostgreSQL has neither: there the history's own
# fingerprint (stage_cache.history, two counts) says whether the memo still holds.
_MEMO_KEY = "fieldvisit.planning.stage_medians"
_FINGERPRINT_SQL = "SELECT total_changes()"


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
    """Return stage → (median days past deals spent in it, number of such stays)."""
    if dialect_of(conn).is_postgresql:
        learned_from = stage_cache.history(conn, as_of.isoformat())
        fingerprint: tuple[object, ...] = (as_of, *learned_from)
    else:
        version = conn.exec_driver_sql("PRAGMA data_version").scalar()
        fingerprint = (as_of, version, conn.execute(text(_FINGERPRINT_SQL)).scalar())
    memo = conn.info.get(_MEMO_KEY)
    if memo is not None and memo[0] == fingerprint:
        return dict(memo[1])
    if not dialect_of(conn).is_postgresql:
        # A fresh process finds them in the workspace, learned from the same history.
        learned_from = stage_cache.history(conn, as_of.isoformat())
    result = stage_cache.stored(conn, learned_from)
    if result is None:
        result = _learn(conn, as_of)
        stage_cache.store_later(conn, learned_from, result)
    conn.info[_MEMO_KEY] = (fingerprint, result)
    return dict(result)


def _learn(conn: Connection, as_of: date) -> dict[str, tuple[float, int]]:
    histograms: dict[str, list[tuple[int, int]]] = defaultdict(list)
    sql = _stays_sql(dialect_of(conn).name)
    stays = Counter(fetch_all(conn, sql, {"as_of": as_of.isoformat()}))
    for (stage, days), n in stays.items():
        if days is not None:  # the last stage a deal entered has no end
            histograms[stage].append((int(days), n))
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
