"""What became of the demo's suggestions: planned (each executive visit on a deal was planned a few
days before it), snoozed (each snooze), and a few dismissed as not relevant and later brought back
(so today's suggestions are the same with or without them). Written by SQL over the rows already
in the transaction, deterministic for the same rows."""

from __future__ import annotations

import sqlite3
from datetime import date

DISMISS_REASONS = (
    "Customer is mid-reorganisation; nobody to meet until the new CIO starts",
    "Rep has a meeting with the buyer already; an executive would be too much",
    "Deal is being re-scoped into next year's budget",
    "Procurement-only step; nothing an executive visit changes",
)


def write_outcomes(cur: sqlite3.Cursor, as_of: date, recorded_at: str) -> int:
    """Insert the demo's suggestion outcomes; return how many."""
    before = cur.execute("SELECT count(*) FROM suggestion_outcome").fetchone()[0]
    cur.execute(
        """
        INSERT INTO suggestion_outcome(deal_id, outcome, reason, day, executive_id, visit_id,
                                       stage, active, recorded_at)
        SELECT v.deal_id, 'planned', '', date(substr(v.start, 1, 10), -(3 + v.id % 8) || ' days'),
               (SELECT min(ve.executive_id) FROM visit_executive ve WHERE ve.visit_id = v.id),
               v.id, d.stage, 1, :at
        FROM visit v JOIN deal d ON d.id = v.deal_id
        WHERE v.status IN ('done', 'planned')
          AND EXISTS (SELECT 1 FROM visit_executive ve WHERE ve.visit_id = v.id)
        """,
        {"at": recorded_at},
    )
    cur.execute(
        """
        INSERT INTO suggestion_outcome(deal_id, outcome, reason, day, stage, active, recorded_at)
        SELECT s.deal_id, 'snoozed', s.reason, substr(s.created_at, 1, 10), d.stage, 1, :at
        FROM snooze s JOIN deal d ON d.id = s.deal_id
        """,
        {"at": recorded_at},
    )
    # A few stalled-looking strategic deals without an executive visit: dismissed 20–140 days ago.
    for n, reason in enumerate(DISMISS_REASONS):
        cur.execute(
            """
            INSERT INTO suggestion_outcome(deal_id, outcome, reason, day, stage, active,
                                           recorded_at)
            SELECT d.id, 'dismissed', :reason, date(:as_of, -(20 + d.id % 120) || ' days'),
                   d.stage, 0, :at
            FROM deal d JOIN account a ON a.id = d.account_id
            WHERE a.tier = 'strategic' AND d.id % 23 = :n
              AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.deal_id = d.id)
              AND NOT EXISTS (SELECT 1 FROM snooze s WHERE s.deal_id = d.id)
            """,
            {"reason": reason, "as_of": as_of.isoformat(), "at": recorded_at, "n": n},
        )
    return int(cur.execute("SELECT count(*) FROM suggestion_outcome").fetchone()[0]) - before
