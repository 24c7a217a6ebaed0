"""The Deals table's rows with their signal codes and scores, read from the workspace in one query.

Each open deal's row (what the table shows) and, for strategic deals, the facts behind its signals
(days in stage against the stage's limit, last activity or visit, close-date pushes, contacts and
decision makers engaged, the last executive visit) come from one SQL statement; the signal codes
are decided in SQL too, so the rows can go straight into the deal store (`deal_table`) with no
Python object per deal. The score is planning's own (`planning.signals.size_factor`, the weights)
through a function the store's connection calls while inserting.

The rules mirror `planning.signals.RULES` (decided in Python there, over the same facts):
`tests/reads/test_deal_rows.py` checks both give the same codes and scores; each rule's SQL form is
written beside its Python form (`SignalRule.sql`). The words of a deal's signals
are not read here: the detail pane asks planning for one deal when it is chosen.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy.engine import Connection

from fieldvisit.errors import Cancelled
from fieldvisit.planning.facts import params
from fieldvisit.planning.money import big_deal_sql, strategic_params
from fieldvisit.planning.signals import rule_sql, size_factor
from fieldvisit.planning.stage_limits import default_limit, stage_limits
from fieldvisit.settings import Rules
from fieldvisit.signal_table import codes, default_weights, is_stall
from fieldvisit.store.dialect import dialect_named, dialect_of
from fieldvisit.store.driver_rows import driver_sql, open_cursor

CHUNK = 2_000

STRATEGIC_SQL = "(d.strategic = TRUE OR a.tier = 'strategic' OR coalesce({big_deal}, FALSE))"


# Contacts engaged on a deal by activities and done visits since :eng_lo (as planning's
# facts.engagement, which joins the contact too), read once per deal: twice the distinct contacts
# since :single_lo, plus 1 when a decision maker was among them since :dm_lo.
_ENGAGED = """(
    SELECT 2 * count(DISTINCT CASE WHEN e.on_day >= :single_lo THEN e.contact_id END)
           + max(CASE WHEN e.on_day >= :dm_lo AND c.decision_maker = TRUE THEN 1 ELSE 0 END)
    FROM (
        SELECT ac.contact_id AS contact_id, {occurred_day} AS on_day FROM activity x
        JOIN activity_contact ac ON ac.activity_id = x.id
        WHERE x.deal_id = d.id AND x.occurred_on >= :eng_lo AND x.occurred_on <= :as_of
        UNION ALL
        SELECT vc.contact_id, {start_day} FROM visit v
        JOIN visit_contact vc ON vc.visit_id = v.id
        WHERE v.deal_id = d.id AND {v_status} = 'done' AND v.start >= :eng_lo_ts
          AND v.start < :end_ts
    ) e JOIN contact c ON c.id = e.contact_id
)"""

# {signals}: the facts of signals (strategic deals) or NULLs; {where}: which open deals.
# Materialized: flattened into the outer query, f's subqueries would run once per use.
_FACTS_SQL = """
WITH le AS (
    SELECT v.account_id AS account_id, {last_day} AS day FROM visit v
    WHERE v.status = 'done' AND v.start < :end_ts
      AND EXISTS (SELECT 1 FROM visit_executive ve WHERE ve.visit_id = v.id)
    GROUP BY v.account_id
),
f AS MATERIALIZED (
    SELECT d.id AS pk, a.name AS account, a.city AS city, d.name AS deal, d.stage AS stage,
           {stage_pos} AS stage_pos,
           CAST({days_in_stage} AS INTEGER)
             AS days_in_stage,
           d.amount AS amount, d.currency AS currency, r.name AS owner, d.owner_rep_id AS owner_pk,
           {strategic} AS strategic, le.day AS last_exec,
           nullif({greatest}(
               coalesce((SELECT {last_act} FROM activity x
                         WHERE x.deal_id = d.id AND x.occurred_on <= :as_of), ''),
               coalesce((SELECT {last_day} FROM visit v
                         WHERE v.deal_id = d.id AND {v_status} = 'done' AND v.start < :end_ts), '')
           ), '') AS last_activity,
           {signals}
    FROM deal d
    JOIN account a ON a.id = d.account_id
    JOIN rep r ON r.id = d.owner_rep_id
    LEFT JOIN le ON le.account_id = d.account_id
    WHERE {d_status} = 'open' AND {where}
)
SELECT f.pk, f.account, f.city, f.deal, f.stage, f.stage_pos, f.days_in_stage, f.amount,
       f.currency, f.last_activity, f.last_exec, f.owner, f.owner_pk, f.strategic,
       {stalled}, {codes}
FROM f
"""

_SIGNAL_FACTS = f"""
           d.created_on AS created_on, d.close_date AS close_date,
           COALESCE(d.stage_entered_on,
                    (SELECT max(sc.entered_on) FROM stage_change sc
                     WHERE sc.deal_id = d.id AND sc.stage = d.stage
                       AND sc.entered_on <= :as_of)) AS entered,
           {{stage_limit}} AS stage_limit,
           (SELECT count(*) FROM close_date_change cc
            WHERE cc.deal_id = d.id AND cc.new_date > cc.old_date
              AND cc.changed_on <= :as_of) AS pushes,
           coalesce({_ENGAGED}, 0) AS engaged"""

# The store's columns in the order the query gives them (score and search worked out on insert).
INSERT_SQL = (
    "INSERT INTO deal_row (pk, account, account_city, deal, stage, stage_pos, days_in_stage, "
    "amount, currency, last_activity, last_exec, owner, owner_pk, strategic, stalled, signals, "
    "score, search) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
    "fv_score(?16, ?8, ?9), "
    # LIKE folds ASCII case only: other text is stored in Python's lower case (the filter's own);
    # plain ASCII words are matched in place (`deal_table.SEARCH_SQL`), not stored twice.
    "CASE WHEN (?2 || ?4 || ?12 || coalesce(?3, '')) GLOB '*[^ -~]*' "
    "THEN fv_search(?2, ?4, ?12, ?3) END)"
)


@cache
def _forms(engine: str) -> dict[str, str]:
    """Return the per-engine pieces of `_FACTS_SQL` (the {…} other than the query's own)."""
    d = dialect_named(engine)
    pg = d.is_postgresql
    return {
        "occurred_day": d.date_of("x.occurred_on") if pg else "x.occurred_on",
        "start_day": d.date_of("v.start"),
        "v_status": d.unindexed("v.status"),
        "d_status": d.unindexed("d.status"),
        "last_day": d.date_of("max(v.start)"),
        "last_act": d.date_of("max(x.occurred_on)"),
        "days_in_stage": d.days_between(":as_of", d.date_of("d.stage_entered_on")),
        "greatest": "GREATEST" if pg else "max",
        "strategic_sql": STRATEGIC_SQL.format(big_deal=big_deal_sql(engine)),
    }


def _case(column: str, values: dict[str, Any], otherwise: str, name: str) -> tuple[str, dict]:
    """Return a CASE over bound parameters (names are data, never SQL) and its params."""
    bound: dict[str, Any] = {}
    whens = []
    for i, (key, value) in enumerate(sorted(values.items())):
        whens.append(f"WHEN :{name}_key_{i} THEN :{name}_value_{i}")
        bound |= {f"{name}_key_{i}": key, f"{name}_value_{i}": value}
    if not whens:
        return otherwise, bound
    return f"(CASE {column} {' '.join(whens)} ELSE {otherwise} END)", bound


def facts_sql(conn: Connection, as_of: date, rules: Rules, strategic: bool) -> tuple[str, dict]:
    """Return the query of the strategic (or the other) open deals' rows and its parameters."""
    positions = {name: n for n, name in enumerate(rules.pipeline)}
    stage_pos, bound = _case("d.stage", positions, str(len(positions)), "pos")
    bound |= params(as_of, rules) | strategic_params(rules)
    bound["no_exec_touch_days"] = rules.no_exec_touch_days
    engine = dialect_of(conn).name
    forms = _forms(engine)
    if strategic:
        limits = {stage: limit.days for stage, limit in stage_limits(conn, as_of, rules).items()}
        limit_sql, limit_bound = _case("d.stage", limits, ":default_limit", "lim")
        bound |= limit_bound | {"default_limit": default_limit(rules).days}
        signals = _SIGNAL_FACTS.format(**forms, stage_limit=limit_sql)
        found = [(code, rule_sql(code, engine)) for code in codes()]  # each rule's SQL form
        stalled = " OR ".join(f"({sql})" for code, sql in found if is_stall(code))
        words = " || ".join(f"CASE WHEN {sql} THEN '{code},' ELSE '' END" for code, sql in found)
        stalled_sql, codes_sql = f"({stalled})", f"rtrim({words}, ',')"
    else:
        signals, stalled_sql, codes_sql = "NULL AS no_signals", "0", "''"
    strategic_sql = forms["strategic_sql"]
    where = strategic_sql if strategic else f"NOT {strategic_sql}"
    sql = _FACTS_SQL.format(
        **forms,
        stage_pos=stage_pos,
        strategic="1" if strategic else "0",
        signals=signals,
        where=where,
        stalled=stalled_sql,
        codes=codes_sql,
    )
    return sql, bound


def scorer(rules: Rules) -> Callable[[str, float | None, str | None], float]:
    """Return planning's score of a deal from its codes, amount and currency."""
    weights = {code: float(w) for code, w in {**default_weights(), **rules.signal_weights}.items()}
    # Deals share amounts and codes (1,400 amounts among 100,000 demo deals): each score once.
    known: dict[tuple[str, float | None, str | None], float] = {}

    def score(found: str, amount: float | None, currency: str | None) -> float:
        if not found:
            return 0.0
        key = (found, amount, currency)
        value = known.get(key)
        if value is None:
            factor = size_factor(amount, currency, rules)
            points = (round(weights.get(c, 1.0) * factor, 3) for c in found.split(","))
            value = known[key] = round(sum(points), 3)
        return value

    return score


def search_text(account: str, deal: str, owner: str, city: str | None) -> str:
    """Return what the table's filter box matches against (Python's lower case, not SQLite's)."""
    return f"{account} {deal} {owner} {city or ''}".lower()


def copy_rows(
    memory: sqlite3.Connection,
    conn: Connection,
    as_of: date,
    rules: Rules,
    *,
    strategic: bool,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Insert the strategic (or the other) open deals' rows into the store; return how many."""
    sql, bound = facts_sql(conn, as_of, rules, strategic)
    memory.create_function("fv_score", 3, scorer(rules), deterministic=True)
    memory.create_function("fv_search", 4, search_text, deterministic=True)
    cursor = open_cursor(conn)  # one snapshot for the read; SQLite's values on either engine
    done = 0
    try:
        if cancelled is not None and cancelled():
            raise Cancelled("Loading deals was cancelled.")
        cursor.execute(driver_sql(conn, sql), bound)
        while rows := cursor.fetchmany(CHUNK):
            if cancelled is not None and cancelled():
                raise Cancelled("Loading deals was cancelled.")
            memory.executemany(INSERT_SQL, rows)
            done += len(rows)
    finally:
        cursor.close()
    return done
