"""What became of the demo's suggestions: planned (each executive visit on a deal was planned a few
days before it), snoozed (each snooze), and a few dismissed as not relevant and later brought back
(so today's suggestions are the same with or without them). Written by SQL over the rows already
in the transaction, deterministic for the same rows: each INSERT … SELECT names its order (the
order SQLite's plan reads them in, so ids are the same on both engines)."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

DISMISS_REASONS = (
    "Customer is mid-reorganisation; nobody to meet until the new CIO starts",
    "Rep has a meeting with the buyer already; an executive would be too much",
    "Deal is being re-scoped into next year's budget",
    "Procurement-only step; nothing an executive visit changes",
)


# The forms SQLite and PostgreSQL spell differently (days before a date, booleans).
_FORMS = {
    "sqlite": {
        "planned_day": "date(substr(v.start, 1, 10), -(3 + v.id % 8) || ' days')",
        "snoozed_day": "substr(s.created_at, 1, 10)",
        "dismissed_day": "date(:as_of, -(20 + d.id % 120) || ' days')",
        "yes": "1",
        "no": "0",
    },
    "postgresql": {
        "planned_day": "CAST(v.start AS date) - (3 + v.id % 8)",
        "snoozed_day": "CAST(s.created_at AS date)",
        "dismissed_day": "CAST(:as_of AS date) - (20 + d.id % 120)",
        "yes": "TRUE",
        "no": "FALSE",
    },
}


def _run(cur: sqlite3.Cursor | Any, sql: str, params: dict[str, Any]) -> None:
    if isinstance(cur, sqlite3.Cursor):
        cur.execute(sql.format(**_FORMS["sqlite"]), params)
        return
    from fieldvisit.store.driver_rows import pyformat_sql

    cur.execute(pyformat_sql(sql.format(**_FORMS["postgresql"])), params)


def write_outcomes(cur: sqlite3.Cursor | Any, as_of: date, recorded_at: str) -> int:
    """Insert the demo's suggestion outcomes (SQLite or a psycopg cursor); return how many."""
    before = cur.execute("SELECT count(*) FROM suggestion_outcome").fetchone()[0]
    _run(
        cur,
        """
        INSERT INTO suggestion_outcome(deal_id, outcome, reason, day, executive_id, visit_id,
                                       stage, active, recorded_at)
        SELECT v.deal_id, 'planned', '', {planned_day},
               (SELECT min(ve.executive_id) FROM visit_executive ve WHERE ve.visit_id = v.id),
               v.id, d.stage, {yes}, :at
        FROM visit v JOIN deal d ON d.id = v.deal_id
        WHERE v.status IN ('done', 'planned')
          AND EXISTS (SELECT 1 FROM visit_executive ve WHERE ve.visit_id = v.id)
        ORDER BY v.status, v.start, v.id
        """,
        {"at": recorded_at},
    )
    _run(
        cur,
        """
        INSERT INTO suggestion_outcome(deal_id, outcome, reason, day, stage, active, recorded_at)
        SELECT s.deal_id, 'snoozed', s.reason, {snoozed_day}, d.stage, {yes}, :at
        FROM snooze s JOIN deal d ON d.id = s.deal_id
        ORDER BY s.id
        """,
        {"at": recorded_at},
    )
    # A few stalled-looking strategic deals without an executive visit: dismissed 20–140 days ago.
    for n, reason in enumerate(DISMISS_REASONS):
        _run(
            cur,
            """
            INSERT INTO suggestion_outcome(deal_id, outcome, reason, day, stage, active,
                                           recorded_at)
            SELECT d.id, 'dismissed', :reason, {dismissed_day},
                   d.stage, {no}, :at
            FROM deal d JOIN account a ON a.id = d.account_id
            WHERE a.tier = 'strategic' AND d.id % 23 = :n
              AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.deal_id = d.id)
              AND NOT EXISTS (SELECT 1 FROM snooze s WHERE s.deal_id = d.id)
            ORDER BY a.id, d.id
            """,
            {"reason": reason, "as_of": as_of.isoformat(), "at": recorded_at, "n": n},
        )
    return int(cur.execute("SELECT count(*) FROM suggestion_outcome").fetchone()[0]) - before
