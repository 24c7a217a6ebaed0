"""Executive coverage, strategic accounts with their circle of influence, and the heat map.

A visit counts when its status is `done` and an executive attended; windows are the N days ending
on the as-of date, inclusive. A strategic account is of tier `strategic` or has an open strategic
deal. Executive visits are few (tens of thousands on the largest workspace), so they are read once
and tallied; the circle of influence, which reaches into activities, is aggregated in SQL.

In two steps, so a screen can show the first while the second is worked out: `coverage_head`
(the key figures, executives against target and the heat map: executive visits only) and
`coverage_accounts` (every strategic account with whom we met and its circle of influence, from
what the head read). `coverage` is both.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy.engine import Connection

from fieldvisit.planning.facts import fetch_all
from fieldvisit.planning.money import big_deal_sql, strategic_params
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
from fieldvisit.seniority import SENIORITY_RANK as SENIORITY_ORDER
from fieldvisit.settings import Rules
from fieldvisit.store.dialect import dialect_named, dialect_of

CIRCLE_DAYS = 90
HEAT_WEEKS = 12

# The deal scan is a straight table scan ("+d.status"): cheaper than walking the status index.
# No threshold is below :big_deal_floor, so most deals skip the per-currency lookup.
STRATEGIC_ACCOUNTS_SQL = """
SELECT id FROM account WHERE tier = 'strategic'
UNION
SELECT account_id FROM deal d
WHERE {status} = 'open' AND (d.strategic = TRUE OR (d.amount >= :big_deal_floor AND {big_deal}))
"""

_EXEC_VISITS_SQL = """
SELECT v.id, v.account_id, {start_day}, v.status, ve.executive_id
FROM visit v JOIN visit_executive ve ON ve.visit_id = v.id
WHERE (v.status = 'done' AND v.start < :end) OR (v.status = 'planned' AND v.start >= :today
                                                  AND v.start < :next30)
"""

# Contacts are looked up once per (account, contact) pair, not once per visit.
_PEOPLE_MET_SQL = """
WITH met AS (
    SELECT DISTINCT v.account_id AS account_id, vc.contact_id AS contact_id
    FROM visit v
    JOIN visit_contact vc ON vc.visit_id = v.id
    WHERE v.status = 'done' AND v.start < :end
      AND EXISTS (SELECT 1 FROM visit_executive ve WHERE ve.visit_id = v.id)
)
SELECT m.account_id, c.id, c.external_id, c.name, c.title, c.seniority
FROM met m JOIN contact c ON c.id = m.contact_id
WHERE c.seniority IS NOT NULL
"""

# Contacts engaged through activities (ix_activity_account_occurred) or done visits, first
# reduced to one row per (account, contact, window): each window's count is then a plain SUM.
# DISTINCT inside the union is cheaper than grouping every engagement by (account, contact).
_CIRCLE_SQL = """
WITH strat(id) AS {ids},
eng AS (
    SELECT DISTINCT x.account_id AS account_id, ac.contact_id AS contact_id,
                    x.occurred_on >= :lo90 AS recent
    FROM strat
    JOIN activity x ON x.account_id = strat.id AND x.occurred_on >= :lo180
                   AND x.occurred_on <= :as_of
    JOIN activity_contact ac ON ac.activity_id = x.id
    UNION
    SELECT v.account_id, vc.contact_id, v.start >= :lo90
    FROM strat
    JOIN visit v ON v.account_id = strat.id AND v.start >= :lo180_ts AND v.start < :end
    JOIN visit_contact vc ON vc.visit_id = v.id
    WHERE {status} = 'done'
)
SELECT e.account_id,
       SUM(CASE WHEN e.recent THEN 1 ELSE 0 END),
       SUM(CASE WHEN e.recent AND c.seniority IN ('C', 'VP') THEN 1 ELSE 0 END),
       SUM(CASE WHEN NOT e.recent THEN 1 ELSE 0 END),
       SUM(CASE WHEN NOT e.recent AND c.seniority IN ('C', 'VP') THEN 1 ELSE 0 END)
FROM eng e JOIN contact c ON c.id = e.contact_id AND c.account_id = e.account_id
GROUP BY e.account_id
"""


@cache
def sql_for(name: str, engine: str) -> str:
    """Return one of this module's queries (`_CIRCLE_SQL` …) for an engine."""
    d = dialect_named(engine)
    found: str = globals()[name]
    return found.format(
        status=d.unindexed(f"{'d' if name == 'STRATEGIC_ACCOUNTS_SQL' else 'v'}.status"),
        big_deal=big_deal_sql(engine),
        start_day=d.date_of("v.start"),
        ids=d.ids_in_json("ids"),
    )


@dataclass(frozen=True)
class _Visit:
    visit_pk: int
    account_pk: int
    day: date
    status: str
    exec_pk: int


def _strategic_params(rules: Rules) -> dict[str, Any]:
    found = strategic_params(rules)
    floor = min([rules.strategic_amount, *json.loads(found["strategic_by_currency"]).values()])
    return {**found, "big_deal_floor": floor}


def _params(as_of: date, rules: Rules) -> dict[str, Any]:
    lo90 = window_start(as_of, CIRCLE_DAYS)
    lo180 = window_start(as_of, 2 * CIRCLE_DAYS)
    return {
        **_strategic_params(rules),
        "as_of": as_of.isoformat(),
        "end": ts_after(as_of),
        "today": ts(as_of),
        "next30": ts_after(as_of + timedelta(days=30)),
        "lo90": lo90.isoformat(),
        "lo180": lo180.isoformat(),
        "lo180_ts": ts(lo180),
    }


def _visits(conn: Connection, params: dict[str, Any]) -> list[_Visit]:
    days: dict[str, date] = {}
    out = []
    for visit_pk, account_pk, day, status, exec_pk in fetch_all(
        conn, sql_for("_EXEC_VISITS_SQL", dialect_of(conn).name), params
    ):
        found = days.get(day) or days.setdefault(day, date.fromisoformat(day))
        out.append(_Visit(visit_pk, account_pk, found, status, exec_pk))
    return out


def _executives(
    conn: Connection, as_of: date, rules: Rules, visits: list[_Visit], strategic: set[int]
) -> tuple[ExecutiveCoverage, ...]:
    lo30, lo90 = window_start(as_of, 30), window_start(as_of, 90)
    tally: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"v30": 0, "v90": 0, "last": None, "strat": set(), "planned": 0}
    )
    for v in visits:
        t = tally[v.exec_pk]
        if v.status == "planned":
            t["planned"] += 1
            continue
        t["v30"] += v.day >= lo30
        t["v90"] += v.day >= lo90
        t["last"] = v.day if t["last"] is None or v.day > t["last"] else t["last"]
        if v.day >= lo90 and v.account_pk in strategic:
            t["strat"].add(v.account_pk)
    out = []
    rows = fetch_all(
        conn,
        "SELECT id, email, name, title, level, monthly_visit_target FROM executive "
        f"ORDER BY {dialect_of(conn).bytewise('email')}",
        {},
    )
    for pk, email, name, title, level, target in rows:
        t = tally[pk]
        last = t["last"]
        out.append(
            ExecutiveCoverage(
                executive_pk=pk,
                email=email,
                name=name,
                title=title,
                level=level,
                visits_30d=t["v30"],
                visits_90d=t["v90"],
                monthly_target=target or rules.default_monthly_visit_target,
                last_visit_on=last,
                days_since_last_visit=(as_of - last).days if last else None,
                strategic_accounts_90d=len(t["strat"]),
                planned_next_30d=t["planned"],
            )
        )
    return tuple(out)


def _last_seen(
    conn: Connection, visits: list[_Visit], strategic: set[int]
) -> dict[int, dict[str, date]]:
    """Return account → executive (e-mail) → last done visit, for the strategic accounts."""
    # An executive a CRM only named has no address yet: shown by name.
    emails = dict(fetch_all(conn, "SELECT id, coalesce(email, name) FROM executive", {}))
    seen: dict[int, dict[str, date]] = defaultdict(dict)
    for v in visits:
        if v.status == "done" and v.account_pk in strategic:
            email = emails[v.exec_pk]
            last = seen[v.account_pk].get(email)
            if last is None or v.day > last:
                seen[v.account_pk][email] = v.day
    return seen


def _accounts(
    conn: Connection,
    as_of: date,
    params: dict[str, Any],
    seen: dict[int, dict[str, date]],
    strategic: set[int],
) -> tuple[AccountCoverage, ...]:
    senior: dict[int, tuple[tuple[int, str, str], PersonMet]] = {}
    for account_pk, c_pk, c_id, name, title, seniority in fetch_all(conn, _PEOPLE_MET_SQL, params):
        if account_pk not in strategic:
            continue
        key = (SENIORITY_ORDER.get(seniority, 9), name, c_id)
        if account_pk not in senior or key < senior[account_pk][0]:
            senior[account_pk] = (key, PersonMet(c_pk, c_id, name, title, seniority))
    ids = {"ids": json.dumps(sorted(strategic))}
    circles = {
        row[0]: CircleOfInfluence(*row[1:])
        for row in fetch_all(conn, sql_for("_CIRCLE_SQL", dialect_of(conn).name), params | ids)
    }
    lo90 = window_start(as_of, CIRCLE_DAYS)
    out = []
    rows = fetch_all(
        conn,
        "SELECT id, external_id, name, tier, city FROM account "
        f"WHERE id IN {dialect_of(conn).ids_in_json('ids')}",
        ids,
    )
    for pk, ext, name, tier, city in rows:
        ordered = sorted(seen.get(pk, {}).items(), key=lambda p: (-p[1].toordinal(), p[0]))
        last = ordered[0][1] if ordered else None
        out.append(
            AccountCoverage(
                account_pk=pk,
                account_id=ext,
                name=name,
                tier=tier,
                city=city,
                last_exec_visit_on=last,
                days_since_exec_visit=(as_of - last).days if last else None,
                executives=tuple(email for email, _ in ordered),
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


def _heat(conn: Connection, as_of: date, visits: list[_Visit], weeks: int = HEAT_WEEKS) -> HeatMap:
    first = monday(as_of) - timedelta(weeks=weeks - 1)
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * weeks)
    for v in visits:
        if v.status == "done" and first <= v.day <= as_of:
            counts[v.exec_pk][(v.day - first).days // 7] += 1
    rows = tuple(
        HeatRow(pk, email, name, tuple(counts[pk]) if pk in counts else (0,) * weeks)
        for pk, email, name in fetch_all(
            conn,
            f"SELECT id, email, name FROM executive ORDER BY {dialect_of(conn).bytewise('email')}",
            {},
        )
    )
    return HeatMap(tuple(first + timedelta(weeks=i) for i in range(weeks)), rows)


def heat_map(conn: Connection, as_of: date, rules: Rules, weeks: int = HEAT_WEEKS) -> HeatMap:
    """Return done executive visits per executive per week for the last `weeks` weeks.

    Weeks start on Monday; the last one is the week of as_of (counted up to as_of).
    """
    return _heat(conn, as_of, _visits(conn, _params(as_of, rules)), weeks)


def strategic_account_pks(conn: Connection, rules: Rules) -> set[int]:
    """Return the pks of strategic accounts (tier strategic, or an open strategic deal)."""
    rows = fetch_all(
        conn, sql_for("STRATEGIC_ACCOUNTS_SQL", dialect_of(conn).name), _strategic_params(rules)
    )
    return {pk for (pk,) in rows}


@dataclass(frozen=True)
class _Basis:
    """What the head read and the accounts step reuses."""

    params: dict[str, Any]
    strategic: set[int]
    seen: dict[int, dict[str, date]]  # account → executive → last done visit


@dataclass(frozen=True)
class CoverageHead:
    """The first step of coverage: key figures, executives against target, the heat map."""

    as_of: date
    executives: tuple[ExecutiveCoverage, ...]
    heat_map: HeatMap
    strategic_total: int
    covered_90d: int  # strategic accounts with an executive in the room in 90 days
    never_visited: int  # strategic accounts no executive ever visited
    basis: _Basis = field(repr=False, compare=False)

    @property
    def uncovered_90d(self) -> int:
        """Strategic accounts without an executive visit in 90 days (never visited included)."""
        return self.strategic_total - self.covered_90d

    @property
    def strategic_covered_90d_pct(self) -> float:
        """The share of strategic accounts covered in 90 days, in percent (one decimal)."""
        total = self.strategic_total
        return round(100.0 * self.covered_90d / total, 1) if total else 0.0


def coverage_head(conn: Connection, as_of: date, rules: Rules) -> CoverageHead:
    """Return the key figures, executives and heat map: executive visits only, no activities."""
    params = _params(as_of, rules)
    visits = _visits(conn, params)
    strategic = strategic_account_pks(conn, rules)
    seen = _last_seen(conn, visits, strategic)
    lo90 = window_start(as_of, CIRCLE_DAYS)
    covered = sum(1 for pk in strategic if pk in seen and max(seen[pk].values()) >= lo90)
    return CoverageHead(
        as_of=as_of,
        executives=_executives(conn, as_of, rules, visits, strategic),
        heat_map=_heat(conn, as_of, visits),
        strategic_total=len(strategic),
        covered_90d=covered,
        never_visited=sum(1 for pk in strategic if pk not in seen),
        basis=_Basis(params, strategic, seen),
    )


def coverage_accounts(conn: Connection, head: CoverageHead) -> Coverage:
    """Return the whole coverage: the head and every strategic account with its circle."""
    basis = head.basis
    accounts = _accounts(conn, head.as_of, basis.params, basis.seen, basis.strategic)
    covered = sum(1 for a in accounts if a.covered_90d)
    return Coverage(
        as_of=head.as_of,
        executives=head.executives,
        strategic_accounts=accounts,
        strategic_covered_90d_pct=round(100.0 * covered / len(accounts), 1) if accounts else 0.0,
        heat_map=head.heat_map,
    )


def coverage(conn: Connection, as_of: date, rules: Rules) -> Coverage:
    """Return coverage as of a date (done visits with an executive; windows end on as_of)."""
    return coverage_accounts(conn, coverage_head(conn, as_of, rules))
