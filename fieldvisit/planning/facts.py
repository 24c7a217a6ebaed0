"""The facts behind the signals, read in a few set-based queries.

Per-deal index seeks are kept to what needs them (the last activity, through
ix_activity_deal_occurred); everything that is small workspace-wide (visits, close-date pushes,
reps) is aggregated once into a dictionary instead of being looked up deal by deal. Contacts
engaged are read in a second pass, only for the deals that need them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy.engine import Connection

from fieldvisit.planning.money import big_deal_sql, strategic_params
from fieldvisit.planning.periods import ts, ts_after, window_start
from fieldvisit.settings import Rules
from fieldvisit.store.dialect import dialect_named, dialect_of
from fieldvisit.store.driver_rows import fetch_rows

# Strategic: flagged, or big, or on a strategic-tier account. The IN list is built once, which is
# cheaper than looking up the account of each open deal.
STRATEGIC_SQL = (
    "(d.strategic = TRUE OR {big_deal} "
    "OR d.account_id IN (SELECT id FROM account WHERE tier = 'strategic'))"
)
# "+" keeps SQLite from walking ix_deal_status_account and fetching each open deal by key: a
# straight scan of the deal table is several times faster.
OPEN_SQL = "{unindexed_status} = 'open'"


@cache
def strategic_sql(engine: str) -> str:
    """Return the SQL condition "deal `d` is strategic" for an engine."""
    return STRATEGIC_SQL.format(big_deal=big_deal_sql(engine))


@cache
def open_sql(engine: str) -> str:
    """Return the SQL condition "deal `d` is open" for an engine."""
    return OPEN_SQL.format(unindexed_status=dialect_named(engine).unindexed("d.status"))


# COALESCE stops at the first non-null value, so stage history is read only for deals without
# a stage_entered_on. {stalled} is "TRUE" or STALL_FILTER_SQL; {no_flatten}: `Dialect.no_flatten`.
_DEALS_SQL = """
WITH pushed AS (
    SELECT deal_id FROM close_date_change
    WHERE new_date > old_date AND changed_on <= :as_of
    GROUP BY deal_id HAVING COUNT(*) >= :min_pushes
),
q AS (
    SELECT d.id AS id, d.external_id, d.name, d.stage AS stage, d.status, d.amount, d.currency,
           d.close_date AS close_date, d.created_on AS created_on,
           COALESCE(d.stage_entered_on,
                    (SELECT MAX(sc.entered_on) FROM stage_change sc
                      WHERE sc.deal_id = d.id AND sc.stage = d.stage
                        AND sc.entered_on <= :as_of)) AS entered,
           d.strategic, d.owner_rep_id, a.id AS account_pk, a.external_id AS account_ext,
           a.name AS account_name, a.city AS account_city, a.tier AS account_tier,
           (SELECT MAX(x.occurred_on) FROM activity x
             WHERE x.deal_id = d.id AND x.occurred_on <= :as_of) AS last_act
    FROM deal d JOIN account a ON a.id = d.account_id
    WHERE {where}
    {no_flatten}  -- keeps q a co-routine: flattened, its subqueries would run twice per row
)
SELECT * FROM q WHERE {stalled}
"""

# A superset of the stalled deals, decided in SQL so Python only looks at candidates: visits
# can only make a deal less idle, so idleness by activities alone may over-select, never miss.
STALL_FILTER_SQL = """(
    {in_stage} > {limit_case}
    OR q.last_act IS NULL
    OR {idle} >= :idle_days
    OR q.close_date < :as_of
    OR q.id IN (SELECT deal_id FROM pushed)
)"""

_PUSHES_SQL = """
SELECT deal_id, COUNT(*) FROM close_date_change
WHERE new_date > old_date AND changed_on <= :as_of
GROUP BY deal_id
"""

_DEAL_VISITS_SQL = """
SELECT deal_id, MAX(start) FROM visit
WHERE status = 'done' AND start < :end_ts AND deal_id IS NOT NULL
GROUP BY deal_id
"""

_EXEC_VISITS_SQL = """
SELECT v.account_id, MAX(v.start) FROM visit v
WHERE v.status = 'done' AND v.start < :end_ts
  AND EXISTS (SELECT 1 FROM visit_executive ve WHERE ve.visit_id = v.id)
GROUP BY v.account_id
"""

# Contacts engaged per deal in the longer of the two risk windows. "+v.status" keeps SQLite on
# ix_visit_deal_start instead of scanning every done visit through ix_visit_status_start.
_ENGAGEMENT_SQL = """
WITH sd(id) AS {ids},
eng AS (
    SELECT x.deal_id AS deal_id, ac.contact_id AS contact_id, {occurred_day} AS on_day
    FROM sd
    JOIN activity x ON x.deal_id = sd.id AND x.occurred_on >= :eng_lo AND x.occurred_on <= :as_of
    JOIN activity_contact ac ON ac.activity_id = x.id
    UNION ALL
    SELECT v.deal_id, vc.contact_id, {start_day}
    FROM sd
    JOIN visit v ON v.deal_id = sd.id AND v.start >= :eng_lo_ts AND v.start < :end_ts
    JOIN visit_contact vc ON vc.visit_id = v.id
    WHERE {unindexed_status} = 'done'
)
SELECT e.deal_id,
       COUNT(DISTINCT CASE WHEN e.on_day >= :single_lo THEN e.contact_id END),
       MAX(CASE WHEN e.on_day >= :dm_lo AND c.decision_maker = TRUE THEN 1 ELSE 0 END)
FROM eng e JOIN contact c ON c.id = e.contact_id
GROUP BY e.deal_id
"""


class DealRow(NamedTuple):
    """One deal's own columns, its account's, and its last activity (not counting visits)."""

    deal_pk: int
    deal_id: str
    deal_name: str
    stage: str
    status: str
    amount: float | None
    currency: str | None
    close_date: str | None
    created_on: str | None
    stage_entered_on: str | None
    strategic: int
    owner_rep_pk: int
    account_pk: int
    account_id: str
    account_name: str
    city: str | None
    tier: str
    last_activity_on: str | None


class Context(NamedTuple):
    """Workspace-wide lookups shared by every deal of one computation."""

    reps: dict[int, tuple[str, str]]  # rep pk → (email, name)
    pushes: dict[int, int]  # deal pk → close-date pushes up to as_of
    last_visit: dict[int, str]  # deal pk → start of the last done visit
    last_exec_visit: dict[int, str]  # account pk → start of the last done executive visit


def params(as_of: date, rules: Rules) -> dict[str, Any]:
    """Return the bound parameters every signal query shares."""
    single_lo = window_start(as_of, rules.single_threaded_days)
    dm_lo = window_start(as_of, rules.no_decision_maker_days)
    eng_lo = min(single_lo, dm_lo)
    return {
        "as_of": as_of.isoformat(),
        "end_ts": ts_after(as_of),
        "eng_lo": eng_lo.isoformat(),
        "eng_lo_ts": ts(eng_lo),
        "single_lo": single_lo.isoformat(),
        "dm_lo": dm_lo.isoformat(),
        **strategic_params(rules),
        "idle_days": rules.idle_days,
        "min_pushes": rules.close_pushes,
    }


def fetch_all(conn: Connection, sql: str, bound: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Return all rows of a read query straight from the driver (same transaction as `conn`).

    Skipping SQLAlchemy's row objects saves a third of the time on big reads; the values are
    SQLite's on either engine (`fieldvisit.store.driver_rows`).
    """
    return fetch_rows(conn, sql, bound)


@cache
def _stall_filter_sql(engine: str) -> str:
    d = dialect_named(engine)
    return STALL_FILTER_SQL.format(
        in_stage=d.days_between(":as_of", "COALESCE(q.entered, q.created_on)"),
        idle=d.days_between(":as_of", "q.last_act"),
        limit_case="{limit_case}",
    )


@cache
def _engagement_sql(engine: str) -> str:
    d = dialect_named(engine)
    return _ENGAGEMENT_SQL.format(
        ids=d.ids_in_json("ids"),
        occurred_day="x.occurred_on" if engine == "sqlite" else d.date_of("x.occurred_on"),
        start_day=d.date_of("v.start"),
        unindexed_status=d.unindexed("v.status"),
    )


def deal_rows(
    conn: Connection,
    where: str,
    bound: dict[str, Any],
    limits: dict[str, float],
    default_limit: float,
    *,
    stalled_only: bool,
) -> list[DealRow]:
    """Return the deals `where` selects (SQL over `d` deal and `a` account).

    With `stalled_only`, deals that cannot show a stall signal are left out in SQL.
    """
    # The limit per stage as a CASE over bound parameters (stage names are data, never SQL).
    extra: dict[str, Any] = {"default_limit": default_limit}
    whens = []
    for i, (stage, days) in enumerate(sorted(limits.items())):
        whens.append(f"WHEN :lim_stage_{i} THEN :lim_days_{i}")
        extra |= {f"lim_stage_{i}": stage, f"lim_days_{i}": days}
    limit_case = (
        f"(CASE q.stage {' '.join(whens)} ELSE :default_limit END)" if whens else ":default_limit"
    )
    engine = dialect_of(conn).name
    stalled = _stall_filter_sql(engine).format(limit_case=limit_case) if stalled_only else "TRUE"
    sql = _DEALS_SQL.format(
        where=where, stalled=stalled, no_flatten=dialect_named(engine).no_flatten
    )
    return [DealRow(*row) for row in fetch_all(conn, sql, bound | extra)]


def context(conn: Connection, bound: dict[str, Any]) -> Context:
    """Return the workspace-wide lookups (a few thousand rows each even on a large workspace)."""
    reps = {
        pk: (email or "", name)  # a rep a CRM only named has no address yet
        for pk, email, name in fetch_all(conn, "SELECT id, email, name FROM rep", {})
    }
    pushes = dict(fetch_all(conn, _PUSHES_SQL, bound))
    last_visit = dict(fetch_all(conn, _DEAL_VISITS_SQL, bound))
    last_exec = dict(fetch_all(conn, _EXEC_VISITS_SQL, bound))
    return Context(reps, pushes, last_visit, last_exec)


def engagement(
    conn: Connection, deal_pks: Iterable[int], bound: dict[str, Any]
) -> dict[int, tuple[int, int]]:
    """Return deal pk → (distinct contacts in the single-thread window, decision maker seen 0/1)."""
    ids = sorted(set(deal_pks))
    if not ids:
        return {}
    sql = _engagement_sql(dialect_of(conn).name)
    rows = fetch_all(conn, sql, bound | {"ids": json.dumps(ids)})
    return {deal_pk: (contacts, dm) for deal_pk, contacts, dm in rows}
