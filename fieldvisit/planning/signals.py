"""Stall and risk signals for open deals, computed in SQL with the store's indexes.

One query gathers, per deal, everything the six signals need (last activity, last done visit,
close-date pushes, last executive visit on the account, contacts engaged); Python then only turns
each row into signals with plain-word details. See PRODUCT.md "Stall rules".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import NotFound
from fieldvisit.planning.periods import ts, ts_after, window_start
from fieldvisit.planning.results import STALL_CODES, DealSignals, Signal
from fieldvisit.planning.stage_limits import StageLimit, default_limit, stage_limits
from fieldvisit.planning.wording import day_month, number, times, to_date
from fieldvisit.settings import Rules

STRATEGIC_SQL = "(d.strategic = 1 OR a.tier = 'strategic' OR d.amount >= :strategic_amount)"

# {where} selects the deals; every other filter is a bound parameter. "+v.status" keeps SQLite
# from choosing ix_visit_status_start (every done visit) over the per-deal/account indexes.
_DEALS_SQL = """
SELECT d.id, d.external_id, d.name, d.stage, d.status, d.amount, d.currency, d.close_date,
       d.created_on, d.stage_entered_on, d.strategic,
       a.id, a.external_id, a.name, a.city, a.tier,
       r.id, r.email, r.name,
       (SELECT MAX(sc.entered_on) FROM stage_change sc
         WHERE sc.deal_id = d.id AND sc.stage = d.stage AND sc.entered_on <= :as_of),
       (SELECT MAX(x.occurred_on) FROM activity x
         WHERE x.deal_id = d.id AND x.occurred_on <= :as_of),
       (SELECT MAX(v.start) FROM visit v
         WHERE v.deal_id = d.id AND +v.status = 'done' AND v.start < :end_ts),
       (SELECT COUNT(*) FROM close_date_change c
         WHERE c.deal_id = d.id AND c.new_date > c.old_date AND c.changed_on <= :as_of),
       (SELECT MAX(v.start) FROM visit v JOIN visit_executive ve ON ve.visit_id = v.id
         WHERE v.account_id = d.account_id AND +v.status = 'done' AND v.start < :end_ts)
FROM deal d
JOIN account a ON a.id = d.account_id
JOIN rep r ON r.id = d.owner_rep_id
WHERE {where}
"""

# Contacts engaged per deal in the longer of the two windows: activities through
# ix_activity_deal_occurred, done visits through ix_visit_deal_start.
_ENGAGEMENT_SQL = """
WITH sd AS (
    SELECT d.id AS id FROM deal d JOIN account a ON a.id = d.account_id WHERE {where}
),
eng AS (
    SELECT x.deal_id AS deal_id, ac.contact_id AS contact_id, x.occurred_on AS on_day
    FROM sd
    JOIN activity x ON x.deal_id = sd.id AND x.occurred_on >= :eng_lo AND x.occurred_on <= :as_of
    JOIN activity_contact ac ON ac.activity_id = x.id
    UNION ALL
    SELECT v.deal_id, vc.contact_id, substr(v.start, 1, 10)
    FROM sd
    JOIN visit v ON v.deal_id = sd.id AND v.start >= :eng_lo_ts AND v.start < :end_ts
    JOIN visit_contact vc ON vc.visit_id = v.id
    WHERE +v.status = 'done'
)
SELECT e.deal_id,
       COUNT(DISTINCT CASE WHEN e.on_day >= :single_lo THEN e.contact_id END),
       MAX(CASE WHEN e.on_day >= :dm_lo AND c.decision_maker = 1 THEN 1 ELSE 0 END)
FROM eng e JOIN contact c ON c.id = e.contact_id
GROUP BY e.deal_id
"""


def _params(as_of: date, rules: Rules) -> dict[str, Any]:
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
        "strategic_amount": rules.strategic_amount,
    }


def size_factor(amount: float | None, rules: Rules) -> float:
    """Return how much a deal's size scales its priority: 1 at the strategic amount, ×10 → +1."""
    if not amount or amount <= 0:
        return 1.0
    base = rules.strategic_amount if rules.strategic_amount > 0 else 100_000.0
    return min(3.0, max(0.5, 1.0 + math.log10(amount / base)))


class _Builder:
    """Turns query rows into DealSignals for one as-of date and rule set."""

    def __init__(
        self,
        as_of: date,
        rules: Rules,
        limits: dict[str, StageLimit],
        engagement: dict[int, tuple[int, int]],
    ):
        self.engagement = engagement
        self.as_of = as_of
        self.rules = rules
        self.limits = limits
        self.default = default_limit(rules)

    def weight(self, code: str) -> float:
        return float(self.rules.signal_weights.get(code, 1.0))

    def signal(self, code: str, detail: str) -> Signal:
        return Signal(code, detail, self.weight(code), code in STALL_CODES)

    def build(self, row: Sequence[Any]) -> DealSignals:
        (
            deal_pk, deal_id, deal_name, stage, status, amount, currency, close_raw,
            created_raw, entered_raw, strategic_flag,
            account_pk, account_id, account_name, city, tier,
            rep_pk, rep_email, rep_name,
            hist_entered_raw, last_act_raw, last_visit_raw, pushes, last_exec_raw,
        ) = row  # fmt: skip
        contacts, dm = self.engagement.get(deal_pk, (0, 0))
        as_of, rules = self.as_of, self.rules
        close_date = to_date(close_raw)
        entered = to_date(entered_raw) or to_date(hist_entered_raw) or to_date(created_raw)
        created = to_date(created_raw)
        last_activity = max(
            (d for d in (to_date(last_act_raw), to_date(last_visit_raw)) if d), default=None
        )
        last_exec = to_date(last_exec_raw)
        limit = self.limits.get(stage, self.default)
        days_in_stage = max((as_of - entered).days, 0) if entered else None
        strategic = bool(strategic_flag) or tier == "strategic"
        strategic = strategic or (amount is not None and amount >= rules.strategic_amount)

        signals: list[Signal] = []
        if status == "open":
            if days_in_stage is not None and days_in_stage > limit.days:
                signals.append(
                    self.signal("stage_age", self._stage_detail(stage, days_in_stage, limit))
                )
            idle = self._idle_detail(last_activity, created or entered)
            if idle:
                signals.append(self.signal("idle", idle))
            slipped = self._slip_detail(int(pushes), close_date)
            if slipped:
                signals.append(self.signal("close_slipped", slipped))
            if contacts <= 1:
                who = "Only one customer contact" if contacts == 1 else "No customer contact"
                days = rules.single_threaded_days
                signals.append(self.signal("single_threaded", f"{who} engaged in {days} days"))
            if not dm:
                days = rules.no_decision_maker_days
                signals.append(
                    self.signal("no_decision_maker", f"No decision maker engaged in {days} days")
                )
            if last_exec is None:
                signals.append(self.signal("no_exec_touch", "No executive has ever met them"))
            elif (as_of - last_exec).days >= rules.no_exec_touch_days:
                days_since = (as_of - last_exec).days
                signals.append(
                    self.signal("no_exec_touch", f"No executive has met them in {days_since} days")
                )
        factor = size_factor(amount, rules)
        breakdown = sorted(
            ((s.code, round(s.weight * factor, 3)) for s in signals), key=lambda p: (-p[1], p[0])
        )
        return DealSignals(
            deal_pk=deal_pk,
            deal_id=deal_id,
            deal_name=deal_name,
            account_pk=account_pk,
            account_id=account_id,
            account_name=account_name,
            account_city=city,
            stage=stage,
            status=status,
            amount=amount,
            currency=currency,
            close_date=close_date,
            owner_rep_pk=rep_pk,
            owner_rep_email=rep_email,
            owner_rep_name=rep_name,
            strategic=strategic,
            days_in_stage=days_in_stage,
            stage_limit=limit.days,
            stage_limit_source=limit.source,
            last_activity_on=last_activity,
            last_exec_visit_on=last_exec,
            signals=tuple(signals),
            size_factor=round(factor, 3),
            score=round(sum(points for _, points in breakdown), 3),
            score_breakdown=tuple(breakdown),
        )

    def _stage_detail(self, stage: str, days: int, limit: StageLimit) -> str:
        if limit.source == "history" and limit.usual:
            usual = limit.usual
            return f"In {stage} for {days} days, {times(days / usual)} the usual {number(usual)}"
        return f"In {stage} for {days} days, limit {number(limit.days)}"

    def _idle_detail(self, last_activity: date | None, since: date | None) -> str | None:
        threshold = self.rules.idle_days
        if last_activity is not None:
            days = (self.as_of - last_activity).days
            return f"No activity for {days} days" if days >= threshold else None
        if since is None:
            return "No activity recorded"
        days = (self.as_of - since).days
        if days >= threshold:
            return f"No activity recorded in {days} days since {day_month(since, self.as_of)}"
        return None

    def _slip_detail(self, pushes: int, close_date: date | None) -> str | None:
        parts = []
        if pushes >= self.rules.close_pushes:
            parts.append(f"Close date pushed {pushes} times")
        if close_date is not None and close_date < self.as_of:
            parts.append(f"Close date {day_month(close_date, self.as_of)} passed")
        return "; ".join(parts) or None


def _sorted(deals: list[DealSignals]) -> list[DealSignals]:
    return sorted(deals, key=lambda d: (-d.score, d.deal_id))


def query_deals(
    conn: Connection, as_of: date, rules: Rules, where: str, extra: dict[str, Any] | None = None
) -> list[DealSignals]:
    """Return DealSignals for the deals `where` selects (SQL over `d` deal and `a` account)."""
    params = _params(as_of, rules) | (extra or {})
    engagement = {
        deal_pk: (contacts, dm)
        for deal_pk, contacts, dm in conn.execute(text(_ENGAGEMENT_SQL.format(where=where)), params)
    }
    builder = _Builder(as_of, rules, stage_limits(conn, as_of, rules), engagement)
    rows = conn.execute(text(_DEALS_SQL.format(where=where)), params)
    return [builder.build(row) for row in rows]


def open_deal_signals(
    conn: Connection, as_of: date, rules: Rules, *, strategic_only: bool = True
) -> list[DealSignals]:
    """Return every open (strategic) deal with its signals, stalled or not, best score first."""
    where = "d.status = 'open'" + (f" AND {STRATEGIC_SQL}" if strategic_only else "")
    return _sorted(query_deals(conn, as_of, rules, where))


def stalled_deals(
    conn: Connection, as_of: date, rules: Rules, *, strategic_only: bool = True
) -> list[DealSignals]:
    """Return open (strategic) deals with at least one stall signal, best score first."""
    deals = open_deal_signals(conn, as_of, rules, strategic_only=strategic_only)
    return [d for d in deals if d.stalled]


def signals_for_deal(conn: Connection, deal_pk: int, as_of: date, rules: Rules) -> DealSignals:
    """Return one deal's signals whatever its status or size (won/lost deals get none)."""
    found = query_deals(conn, as_of, rules, "d.id = :deal_pk", {"deal_pk": deal_pk})
    if not found:
        raise NotFound(f"No deal with key {deal_pk} in this workspace.")
    return found[0]
