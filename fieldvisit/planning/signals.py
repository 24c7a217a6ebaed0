"""Stall and risk signals for open deals (PRODUCT.md "Stall rules").

The facts come from a few set-based queries (`fieldvisit.planning.facts`); the three stall
signals are decided first, and the risk signals (which need the contacts engaged) only for the
deals that need them. Python turns facts into signals with plain-word details.
"""

from __future__ import annotations

import math
from datetime import date
from typing import NamedTuple

from sqlalchemy.engine import Connection

from fieldvisit.errors import NotFound
from fieldvisit.planning import facts
from fieldvisit.planning.facts import OPEN_SQL, STRATEGIC_SQL, Context, DealRow
from fieldvisit.planning.results import STALL_CODES, DealSignals, Signal
from fieldvisit.planning.stage_limits import StageLimit, default_limit, stage_limits
from fieldvisit.planning.wording import day_month, number, times
from fieldvisit.settings import Rules

__all__ = ["STRATEGIC_SQL", "open_deal_signals", "signals_for_deal", "stalled_deals"]


class _Stall(NamedTuple):
    """What the stall signals found for one deal, before its risk signals are known."""

    row: DealRow
    signals: list[Signal]
    days_in_stage: int | None
    limit: StageLimit
    last_activity: date | None


def size_factor(amount: float | None, rules: Rules) -> float:
    """Return how much a deal's size scales its priority: 1 at the strategic amount, ×10 → +1."""
    if not amount or amount <= 0:
        return 1.0
    base = rules.strategic_amount if rules.strategic_amount > 0 else 100_000.0
    return min(3.0, max(0.5, 1.0 + math.log10(amount / base)))


class _Builder:
    """Turns facts into DealSignals for one as-of date and rule set."""

    def __init__(self, as_of: date, rules: Rules, limits: dict[str, StageLimit], ctx: Context):
        self.as_of = as_of
        self.rules = rules
        self.limits = limits
        self.default = default_limit(rules)
        self.ctx = ctx
        self.weights = {code: float(w) for code, w in rules.signal_weights.items()}
        self._days: dict[str, date] = {}

    def day(self, value: str | None) -> date | None:
        """Return a stored date as a date (cached: a workspace has a few hundred distinct days)."""
        if value is None:
            return None
        found = self._days.get(value)
        if found is None:
            found = self._days[value] = date.fromisoformat(value[:10])
        return found

    def signal(self, code: str, detail: str) -> Signal:
        return Signal(code, detail, self.weights.get(code, 1.0), code in STALL_CODES)

    def stall(self, row: DealRow) -> _Stall:
        """Return the deal's stall signals (none unless it is open)."""
        as_of = self.as_of
        entered = self.day(row.stage_entered_on) or self.day(row.created_on)
        days_in_stage = max((as_of - entered).days, 0) if entered else None
        limit = self.limits.get(row.stage, self.default)
        visit = self.ctx.last_visit.get(row.deal_pk)
        last_activity = max(
            (d for d in (self.day(row.last_activity_on), self.day(visit)) if d), default=None
        )
        signals: list[Signal] = []
        if row.status == "open":
            if days_in_stage is not None and days_in_stage > limit.days:
                detail = self._stage_detail(row.stage, days_in_stage, limit)
                signals.append(self.signal("stage_age", detail))
            idle = self._idle_detail(last_activity, self.day(row.created_on) or entered)
            if idle:
                signals.append(self.signal("idle", idle))
            pushes = self.ctx.pushes.get(row.deal_pk, 0)
            slipped = self._slip_detail(pushes, self.day(row.close_date))
            if slipped:
                signals.append(self.signal("close_slipped", slipped))
        return _Stall(row, signals, days_in_stage, limit, last_activity)

    def build(self, stall: _Stall, engaged: tuple[int, int] | None) -> DealSignals:
        """Return the deal with its stall signals and (when open) its risk signals."""
        row, rules, as_of = stall.row, self.rules, self.as_of
        contacts, dm = engaged or (0, 0)
        last_exec = self.day(self.ctx.last_exec_visit.get(row.account_pk))
        signals = list(stall.signals)
        if row.status == "open":
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
                since = (as_of - last_exec).days
                signals.append(
                    self.signal("no_exec_touch", f"No executive has met them in {since} days")
                )
        factor = size_factor(row.amount, rules)
        breakdown = sorted(
            ((s.code, round(s.weight * factor, 3)) for s in signals), key=lambda p: (-p[1], p[0])
        )
        amount = row.amount
        strategic = bool(row.strategic) or row.tier == "strategic"
        strategic = strategic or (amount is not None and amount >= rules.strategic_amount)
        rep_email, rep_name = self.ctx.reps.get(row.owner_rep_pk, ("", ""))
        return DealSignals(
            deal_pk=row.deal_pk,
            deal_id=row.deal_id,
            deal_name=row.deal_name,
            account_pk=row.account_pk,
            account_id=row.account_id,
            account_name=row.account_name,
            account_city=row.city,
            stage=row.stage,
            status=row.status,
            amount=amount,
            currency=row.currency,
            close_date=self.day(row.close_date),
            owner_rep_pk=row.owner_rep_pk,
            owner_rep_email=rep_email,
            owner_rep_name=rep_name,
            strategic=strategic,
            days_in_stage=stall.days_in_stage,
            stage_limit=stall.limit.days,
            stage_limit_source=stall.limit.source,
            last_activity_on=stall.last_activity,
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
    conn: Connection,
    as_of: date,
    rules: Rules,
    where: str,
    extra: dict[str, object] | None = None,
    *,
    stalled_only: bool = False,
) -> list[DealSignals]:
    """Return DealSignals for the deals `where` selects (SQL over `d` deal and `a` account)."""
    bound = facts.params(as_of, rules) | (extra or {})
    limits = stage_limits(conn, as_of, rules)
    builder = _Builder(as_of, rules, limits, facts.context(conn, bound))
    rows = facts.deal_rows(
        conn,
        where,
        bound,
        {stage: limit.days for stage, limit in limits.items()},
        builder.default.days,
        stalled_only=stalled_only,
    )
    stalls = [builder.stall(row) for row in rows]
    if stalled_only:
        stalls = [s for s in stalls if s.signals]
    engaged = facts.engagement(
        conn, (s.row.deal_pk for s in stalls if s.row.status == "open"), bound
    )
    return [builder.build(s, engaged.get(s.row.deal_pk)) for s in stalls]


def open_deal_signals(
    conn: Connection, as_of: date, rules: Rules, *, strategic_only: bool = True
) -> list[DealSignals]:
    """Return every open (strategic) deal with its signals, stalled or not, best score first."""
    where = OPEN_SQL + (f" AND {STRATEGIC_SQL}" if strategic_only else "")
    return _sorted(query_deals(conn, as_of, rules, where))


def stalled_deals(
    conn: Connection, as_of: date, rules: Rules, *, strategic_only: bool = True
) -> list[DealSignals]:
    """Return open (strategic) deals with at least one stall signal, best score first."""
    where = OPEN_SQL + (f" AND {STRATEGIC_SQL}" if strategic_only else "")
    return _sorted(query_deals(conn, as_of, rules, where, stalled_only=True))


def signals_for_deal(conn: Connection, deal_pk: int, as_of: date, rules: Rules) -> DealSignals:
    """Return one deal's signals whatever its status or size (won/lost deals get none)."""
    found = query_deals(conn, as_of, rules, "d.id = :deal_pk", {"deal_pk": deal_pk})
    if not found:
        raise NotFound(f"No deal with key {deal_pk} in this workspace.")
    return found[0]
