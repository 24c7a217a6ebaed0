"""Impact: did executive visits move stalled deals, against stalled deals that got no visit?

The period is the `IMPACT_PERIOD_DAYS` days that end `impact_window_days` before the as-of date,
so every deal in it has had its full follow-up window. Strategic deals count (whatever their
status today):
- visited: a done executive visit on the deal in the period; measured from the first such visit;
- not visited: no done executive visit on the deal in the period; measured from the period start.
A deal is in a group when, on its measuring day, it was open (by its stage history) and stalled
(in its stage past the limit, idle, or its close date pushed at least N times). It advanced when
it entered a later pipeline stage (not a lost one) within the window after that day.

The second measure (`suggestion_impact`) splits the same stalled deals by what became of their
suggestion (`planning.outcomes`): acted on (a visit planned from it in the period, measured from
that day) against not acted on (snoozed, dismissed or ignored; measured from the period start).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from sqlalchemy.engine import Connection

from fieldvisit.planning.facts import fetch_all, strategic_sql
from fieldvisit.planning.money import strategic_params
from fieldvisit.planning.outcomes import SuggestionImpact
from fieldvisit.planning.periods import ts, ts_after
from fieldvisit.planning.results import Cohort, Impact
from fieldvisit.planning.stage_limits import default_limit, stage_limits
from fieldvisit.settings import Rules
from fieldvisit.store.dialect import dialect_named, dialect_of
from fieldvisit.store.times import to_date

IMPACT_PERIOD_DAYS = 90

# The first done executive visit on the deal in the period: the visit measure's treated group.
VISITED_SQL = """
    SELECT v.deal_id AS deal_id, MIN({start_day}) AS r
    FROM sd JOIN visit v ON v.deal_id = sd.id
    WHERE v.status = 'done' AND v.start >= :lo_ts AND v.start < :hi_ts
      AND EXISTS (SELECT 1 FROM visit_executive ve WHERE ve.visit_id = v.id)
    GROUP BY v.deal_id
"""

# The first suggestion acted on (a visit planned) in the period: the suggestion measure's.
ACTED_SQL = """
    SELECT o.deal_id AS deal_id, MIN(o.day) AS r
    FROM sd JOIN suggestion_outcome o ON o.deal_id = sd.id
    WHERE o.outcome = 'planned' AND o.day >= :lo AND o.day <= :hi
    GROUP BY o.deal_id
"""


@cache
def _impact_sql(treated: str, engine: str) -> str:
    """Return the cohort query: each strategic deal, measured from its first `treated` day in
    the period (else the period's start), with its history around that day."""
    d = dialect_named(engine)
    pg = d.is_postgresql
    # The measuring day r: text on SQLite, a date on PostgreSQL (compared with stored dates).
    treated = treated.format(start_day="CAST(v.start AS date)" if pg else "substr(v.start, 1, 10)")
    lo = "CAST(:lo AS date)" if pg else ":lo"
    sep = "chr(31)" if pg else "char(31)"
    entered_day = d.date_of("sc.entered_on") if pg else "sc.entered_on"
    later = f"string_agg(sc.stage, {sep})" if pg else f"group_concat(sc.stage, {sep})"
    outcomes = d.group_concat("o.outcome", ",", distinct=True)
    return f"""
WITH sd AS (
    SELECT d.id AS id, d.stage AS stage, d.stage_entered_on AS entered, d.created_on AS created
    FROM deal d JOIN account a ON a.id = d.account_id
    WHERE {strategic_sql(engine)}
),
fv AS ({treated}),
ref AS (
    SELECT sd.id AS id, COALESCE(fv.r, {lo}) AS r, fv.r IS NOT NULL AS visited,
           sd.stage AS stage, sd.entered AS entered, sd.created AS created
    FROM sd LEFT JOIN fv ON fv.deal_id = sd.id
)
SELECT ref.visited, ref.r, ref.stage, ref.entered, ref.created,
       (SELECT sc.stage || {sep} || {entered_day} FROM stage_change sc
         WHERE sc.deal_id = ref.id AND sc.entered_on <= ref.r
         ORDER BY sc.entered_on DESC, {d.bytewise("sc.stage")} DESC LIMIT 1),
       (SELECT MAX(x.occurred_on) FROM activity x
         WHERE x.deal_id = ref.id AND x.occurred_on < ref.r),
       (SELECT COUNT(*) FROM close_date_change c
         WHERE c.deal_id = ref.id AND c.new_date > c.old_date AND c.changed_on <= ref.r),
       (SELECT {later} FROM stage_change sc
         WHERE sc.deal_id = ref.id AND sc.entered_on > ref.r
           AND sc.entered_on <= {d.days_added("ref.r", ":window_days")}),
       (SELECT {outcomes} FROM suggestion_outcome o
         WHERE o.deal_id = ref.id AND o.day >= :lo AND o.day <= :hi)
FROM ref
"""


def pipeline_rank(rules: Rules) -> dict[str, int]:
    """Return stage → position in the pipeline (unknown stages rank after the last)."""
    return {stage: i for i, stage in enumerate(rules.pipeline)}


def is_lost(stage: str) -> bool:
    """True for a stage that ends a deal without a win ("Closed Lost")."""
    return "lost" in stage.lower()


def is_closed(stage: str) -> bool:
    """True for a stage that ends a deal ("Closed Won", "Closed Lost")."""
    lowered = stage.lower()
    return "closed" in lowered or "won" in lowered or "lost" in lowered


@dataclass(frozen=True)
class _Measured:
    treated: bool
    advanced: bool
    outcomes: frozenset[str]


def _period(as_of: date, rules: Rules) -> tuple[date, date]:
    hi = as_of - timedelta(days=rules.impact_window_days)
    return hi - timedelta(days=IMPACT_PERIOD_DAYS - 1), hi


def _stalled_deals(conn: Connection, as_of: date, rules: Rules, treated: str) -> list[_Measured]:
    """Return each strategic deal stalled on its measuring day, whether it was treated (its
    first `treated` day in the period) and whether it advanced within the window after."""
    window = rules.impact_window_days
    lo, hi = _period(as_of, rules)
    limits = stage_limits(conn, as_of, rules)
    fallback = default_limit(rules)
    rank = pipeline_rank(rules)
    end_rank = len(rank)
    params = {
        "lo": lo.isoformat(),
        "hi": hi.isoformat(),
        "lo_ts": ts(lo),
        "hi_ts": ts_after(hi),
        "window_days": window,
        **strategic_params(rules),
    }
    found: list[_Measured] = []
    for (
        visited,
        r_raw,
        stage_now,
        entered_raw,
        created_raw,
        hist,
        last_act,
        pushes,
        later,
        outcomes,
    ) in fetch_all(conn, _impact_sql(treated, dialect_of(conn).name), params):
        r = date.fromisoformat(r_raw)
        if hist:
            stage, entered_text = hist.split("\x1f")
            entered = date.fromisoformat(entered_text)
        else:
            # No history before r: the current stage applies if it had started by then.
            started = to_date(entered_raw) or to_date(created_raw)
            if started is None or started > r:
                continue
            entered, stage = started, stage_now
        created = to_date(created_raw)
        if is_closed(stage) or (created is not None and created > r):
            continue
        limit = limits.get(stage, fallback).days
        last = to_date(last_act)
        idle_since = last or created or entered
        stalled = (
            (r - entered).days > limit
            or (r - idle_since).days >= rules.idle_days
            or pushes >= rules.close_pushes
        )
        if not stalled:
            continue
        here = rank.get(stage, end_rank)
        moved = any(
            rank.get(s, end_rank) > here and not is_lost(s)
            for s in (later or "").split("\x1f")
            if s
        )
        found.append(_Measured(bool(visited), moved, frozenset((outcomes or "").split(",")) - {""}))
    return found


def _cohort(deals: list[_Measured], treated: bool) -> Cohort:
    group = [d for d in deals if d.treated == treated]
    return Cohort(len(group), sum(d.advanced for d in group))


def impact(conn: Connection, as_of: date, rules: Rules) -> Impact:
    """Return visited and not-visited cohorts of stalled deals and how many advanced a stage."""
    lo, hi = _period(as_of, rules)
    deals = _stalled_deals(conn, as_of, rules, VISITED_SQL)
    return Impact(
        as_of=as_of,
        period_start=lo,
        period_end=hi,
        window_days=rules.impact_window_days,
        visited=_cohort(deals, True),
        not_visited=_cohort(deals, False),
    )


def suggestion_impact(conn: Connection, as_of: date, rules: Rules) -> SuggestionImpact:
    """Return stalled deals whose suggestion was acted on (a visit planned in the period)
    against those whose suggestion was not, and how many of each advanced a stage."""
    lo, hi = _period(as_of, rules)
    deals = _stalled_deals(conn, as_of, rules, ACTED_SQL)
    rest = [d for d in deals if not d.treated]
    return SuggestionImpact(
        period_start=lo,
        period_end=hi,
        window_days=rules.impact_window_days,
        acted=_cohort(deals, True),
        not_acted=_cohort(deals, False),
        snoozed=sum("snoozed" in d.outcomes and "dismissed" not in d.outcomes for d in rest),
        dismissed=sum("dismissed" in d.outcomes for d in rest),
        ignored=sum(not d.outcomes for d in rest),
    )
