"""Executive coverage, strategic accounts with their circle of influence, and the heat map.

A visit counts when its status is `done` and an executive attended; windows are the N days ending
on the as-of date, inclusive. A strategic account is of tier `strategic` or has an open strategic
deal. Every aggregate runs in SQL; Python only assembles rows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.planning.people import SENIORITY_ORDER
from fieldvisit.planning.periods import monday, ts, ts_after, window_start
from fieldvisit.planning.results import (
    AccountCoverage,
    CircleOfInfluence,
    Coverage,
    ExecutiveCoverage,
    HeatMap,
    HeatRow,
    PersonMet,
)
from fieldvisit.planning.wording import to_date
from fieldvisit.settings import Rules

CIRCLE_DAYS = 90

STRATEGIC_ACCOUNTS_CTE = """
strat AS (
    SELECT a.id AS id FROM account a WHERE a.tier = 'strategic'
    UNION
    SELECT d.account_id FROM deal d
    WHERE d.status = 'open' AND (d.strategic = 1 OR d.amount >= :strategic_amount)
)
"""

_EXECUTIVES_SQL = f"""
WITH {STRATEGIC_ACCOUNTS_CTE}
SELECT e.id, e.email, e.name, e.title, e.level, e.monthly_visit_target,
       COUNT(DISTINCT CASE WHEN v.status = 'done' AND v.start >= :lo30 AND v.start < :end
                           THEN v.id END),
       COUNT(DISTINCT CASE WHEN v.status = 'done' AND v.start >= :lo90 AND v.start < :end
                           THEN v.id END),
       MAX(CASE WHEN v.status = 'done' AND v.start < :end THEN v.start END),
       COUNT(DISTINCT CASE WHEN v.status = 'done' AND v.start >= :lo90 AND v.start < :end
                                AND v.account_id IN (SELECT id FROM strat)
                           THEN v.account_id END),
       COUNT(DISTINCT CASE WHEN v.status = 'planned' AND v.start >= :today AND v.start < :next30
                           THEN v.id END)
FROM executive e
LEFT JOIN visit_executive ve ON ve.executive_id = e.id
LEFT JOIN visit v ON v.id = ve.visit_id AND v.status IN ('done', 'planned')
GROUP BY e.id
ORDER BY e.email
"""

_ACCOUNTS_SQL = f"""
WITH {STRATEGIC_ACCOUNTS_CTE}
SELECT a.id, a.external_id, a.name, a.tier, a.city FROM account a
WHERE a.id IN (SELECT id FROM strat)
"""

_EXEC_VISITS_SQL = f"""
WITH {STRATEGIC_ACCOUNTS_CTE}
SELECT v.account_id, e.email, MAX(v.start)
FROM strat
JOIN visit v ON v.account_id = strat.id AND v.status = 'done' AND v.start < :end
JOIN visit_executive ve ON ve.visit_id = v.id
JOIN executive e ON e.id = ve.executive_id
GROUP BY v.account_id, e.email
"""

_PEOPLE_MET_SQL = f"""
WITH {STRATEGIC_ACCOUNTS_CTE}
SELECT DISTINCT v.account_id, c.id, c.external_id, c.name, c.title, c.seniority
FROM strat
JOIN visit v ON v.account_id = strat.id AND v.status = 'done' AND v.start < :end
JOIN visit_contact vc ON vc.visit_id = v.id
JOIN contact c ON c.id = vc.contact_id
WHERE c.seniority IS NOT NULL
  AND EXISTS (SELECT 1 FROM visit_executive ve WHERE ve.visit_id = v.id)
"""

# Contacts engaged through activities (ix_activity_account_occurred) or done visits.
_CIRCLE_SQL = f"""
WITH {STRATEGIC_ACCOUNTS_CTE},
eng AS (
    SELECT x.account_id AS account_id, ac.contact_id AS contact_id, x.occurred_on AS day
    FROM strat
    JOIN activity x ON x.account_id = strat.id AND x.occurred_on >= :lo180
                   AND x.occurred_on <= :as_of
    JOIN activity_contact ac ON ac.activity_id = x.id
    UNION ALL
    SELECT v.account_id, vc.contact_id, substr(v.start, 1, 10)
    FROM strat
    JOIN visit v ON v.account_id = strat.id AND v.status = 'done'
                AND v.start >= :lo180_ts AND v.start < :end
    JOIN visit_contact vc ON vc.visit_id = v.id
)
SELECT e.account_id,
       COUNT(DISTINCT CASE WHEN e.day >= :lo90d THEN e.contact_id END),
       COUNT(DISTINCT CASE WHEN e.day >= :lo90d AND c.seniority IN ('C', 'VP')
                           THEN e.contact_id END),
       COUNT(DISTINCT CASE WHEN e.day < :lo90d THEN e.contact_id END),
       COUNT(DISTINCT CASE WHEN e.day < :lo90d AND c.seniority IN ('C', 'VP')
                           THEN e.contact_id END)
FROM eng e JOIN contact c ON c.id = e.contact_id AND c.account_id = e.account_id
GROUP BY e.account_id
"""

_HEAT_SQL = """
SELECT ve.executive_id,
       CAST((julianday(substr(v.start, 1, 10)) - julianday(:first)) / 7 AS INTEGER) AS week,
       COUNT(DISTINCT v.id)
FROM visit v JOIN visit_executive ve ON ve.visit_id = v.id
WHERE v.status = 'done' AND v.start >= :first_ts AND v.start < :end
GROUP BY ve.executive_id, week
"""


def _params(as_of: date, rules: Rules) -> dict[str, Any]:
    lo90 = window_start(as_of, CIRCLE_DAYS)
    lo180 = window_start(as_of, 2 * CIRCLE_DAYS)
    return {
        "strategic_amount": rules.strategic_amount,
        "as_of": as_of.isoformat(),
        "end": ts_after(as_of),
        "today": ts(as_of),
        "next30": ts_after(as_of + timedelta(days=30)),
        "lo30": ts(window_start(as_of, 30)),
        "lo90": ts(lo90),
        "lo90d": lo90.isoformat(),
        "lo180": lo180.isoformat(),
        "lo180_ts": ts(lo180),
    }


def _executives(
    conn: Connection, as_of: date, rules: Rules, params: dict[str, Any]
) -> tuple[ExecutiveCoverage, ...]:
    out = []
    for row in conn.execute(text(_EXECUTIVES_SQL), params):
        pk, email, name, title, level, target, v30, v90, last_raw, strat90, planned = row
        last = to_date(last_raw)
        out.append(
            ExecutiveCoverage(
                executive_pk=pk,
                email=email,
                name=name,
                title=title,
                level=level,
                visits_30d=v30,
                visits_90d=v90,
                monthly_target=target or rules.default_monthly_visit_target,
                last_visit_on=last,
                days_since_last_visit=(as_of - last).days if last else None,
                strategic_accounts_90d=strat90,
                planned_next_30d=planned,
            )
        )
    return tuple(out)


def _accounts(conn: Connection, as_of: date, params: dict[str, Any]) -> tuple[AccountCoverage, ...]:
    visits: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for account_pk, email, last in conn.execute(text(_EXEC_VISITS_SQL), params):
        visits[account_pk].append((last, email))
    senior: dict[int, tuple[tuple[int, str, str], PersonMet]] = {}
    for account_pk, c_pk, c_id, name, title, seniority in conn.execute(
        text(_PEOPLE_MET_SQL), params
    ):
        key = (SENIORITY_ORDER.get(seniority, 9), name, c_id)
        if account_pk not in senior or key < senior[account_pk][0]:
            senior[account_pk] = (key, PersonMet(c_pk, c_id, name, title, seniority))
    circles = {
        row[0]: CircleOfInfluence(*row[1:]) for row in conn.execute(text(_CIRCLE_SQL), params)
    }
    lo90 = window_start(as_of, CIRCLE_DAYS)
    out = []
    for pk, ext, name, tier, city in conn.execute(text(_ACCOUNTS_SQL), params):
        seen = _by_recency(visits.get(pk, []))
        last = to_date(seen[0][0]) if seen else None
        out.append(
            AccountCoverage(
                account_pk=pk,
                account_id=ext,
                name=name,
                tier=tier,
                city=city,
                last_exec_visit_on=last,
                days_since_exec_visit=(as_of - last).days if last else None,
                executives=tuple(email for _, email in seen),
                most_senior_met=senior[pk][1] if pk in senior else None,
                covered_90d=last is not None and last >= lo90,
                circle=circles.get(pk, CircleOfInfluence(0, 0, 0, 0)),
            )
        )
    out.sort(
        key=lambda a: (
            a.last_exec_visit_on is not None,
            a.last_exec_visit_on or date.min,
            a.name,
            a.account_id,
        )
    )
    return tuple(out)


def _by_recency(seen: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return (last start, email) pairs, most recent day first, then by e-mail."""
    return sorted(seen, key=lambda p: (-date.fromisoformat(p[0][:10]).toordinal(), p[1]))


def heat_map(conn: Connection, as_of: date, rules: Rules, weeks: int = 12) -> HeatMap:
    """Return done executive visits per executive per week for the last `weeks` weeks.

    Weeks start on Monday; the last one is the week of as_of (counted up to as_of).
    """
    first = monday(as_of) - timedelta(weeks=weeks - 1)
    mondays = tuple(first + timedelta(weeks=i) for i in range(weeks))
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * weeks)
    params = {"first": first.isoformat(), "first_ts": ts(first), "end": ts_after(as_of)}
    for exec_pk, week, n in conn.execute(text(_HEAT_SQL), params):
        if 0 <= week < weeks:
            counts[exec_pk][week] = n
    rows = tuple(
        HeatRow(pk, email, name, tuple(counts[pk]) if pk in counts else (0,) * weeks)
        for pk, email, name in conn.execute(
            text("SELECT id, email, name FROM executive ORDER BY email")
        )
    )
    return HeatMap(mondays, rows)


def coverage(conn: Connection, as_of: date, rules: Rules) -> Coverage:
    """Return coverage as of a date (done visits with an executive; windows end on as_of)."""
    params = _params(as_of, rules)
    accounts = _accounts(conn, as_of, params)
    covered = sum(1 for a in accounts if a.covered_90d)
    return Coverage(
        as_of=as_of,
        executives=_executives(conn, as_of, rules, params),
        strategic_accounts=accounts,
        strategic_covered_90d_pct=round(100.0 * covered / len(accounts), 1) if accounts else 0.0,
        heat_map=heat_map(conn, as_of, rules),
    )
