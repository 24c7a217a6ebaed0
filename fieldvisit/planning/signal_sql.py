"""The SQL forms of the signal rules (`signals.RULES`, `SignalRule.sql`), built per engine.

Each is the rule's test over the Deals table's facts (`reads.deal_rows`, alias `f`), with dates
compared as days; tests/reads/test_deal_rows.py checks each gives the codes Python decides.
"""

from __future__ import annotations

from fieldvisit.store.dialect import Dialect


def _day(d: Dialect, expr: str) -> str:
    """Return SQL for the YYYY-MM-DD text of a stored date or time."""
    return d.date_of(expr)


def _days_to(d: Dialect, expr: str) -> str:
    """Return SQL for the days from a stored date or time (its day) to :as_of."""
    return d.days_between(":as_of", _day(d, expr))


def _as_of(d: Dialect) -> str:
    """Return :as_of as day text comparable to `_day` (PostgreSQL types it once per query)."""
    return d.date_of(":as_of") if d.is_postgresql else ":as_of"


def stage_age(d: Dialect) -> str:
    days = _days_to(d, "coalesce(f.entered, f.created_on)")
    return f"coalesce({d.greatest(days, '0')} > f.stage_limit, FALSE)"


def idle(d: Dialect) -> str:
    since = f"coalesce(f.last_activity, {_day(d, 'coalesce(f.created_on, f.entered)')})"
    return f"coalesce({d.days_between(':as_of', since)} >= :idle_days, TRUE)"


def close_slipped(d: Dialect) -> str:
    passed = f"{_day(d, 'f.close_date')} < {_as_of(d)}"
    return f"(f.pushes >= :min_pushes OR coalesce({passed}, FALSE))"


def no_exec_touch(d: Dialect) -> str:
    return f"(f.last_exec IS NULL OR {_days_to(d, 'f.last_exec')} >= :no_exec_touch_days)"
