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
from fieldvisit.planning.money import in_workspace_currency, is_big
from fieldvisit.planning.results import STALL_CODES, DealSignals, Signal
from fieldvisit.planning.stage_limits import StageLimit, default_limit, stage_limits
from fieldvisit.planning.wording import day_month, number, times
from fieldvisit.settings import Rules

__all__ = [
    "STRATEGIC_SQL",
    "Candidate",
    "open_deal_signals",
    "signals_for_deal",
    "stalled_candidates",
    "stalled_deals",
]


class _Stall(NamedTuple):
    """What decides one deal's signals; the words are written only when the deal is built."""

    row: DealRow
    codes: tuple[str, ...]  # stall and risk signal codes, in display order
    days_in_stage: int | None
    limit: StageLimit
    last_activity: date | None
    since: date | None  # created (or stage entered): idle counts from here without activity
    pushes: int
    close_date: date | None
    contacts: int
    last_exec: date | None


_SignalFacts = tuple[int | None, float | None, float | None, date | None]


class Candidate(NamedTuple):
    """A deal scored and ranked, built into DealSignals (with its words) only on demand."""

    score: float
    deal_id: str
    stall: _Stall
    builder: _Builder

    @property
    def deal_pk(self) -> int:
        return self.stall.row.deal_pk

    def build(self) -> DealSignals:
        """Return the full DealSignals of this deal."""
        return self.builder.build(self.stall, self.score)


def size_factor(amount: float | None, currency: str | None, rules: Rules) -> float:
    """Return how much a deal's size scales its priority: 1 at the strategic amount, ×10 → +1.

    The amount is compared in the workspace currency.
    """
    amount = in_workspace_currency(amount, currency, rules)
    if not amount or amount <= 0:
        return 1.0
    base = rules.strategic_amount if rules.strategic_amount > 0 else 100_000.0
    return min(3.0, max(0.5, 1.0 + math.log10(amount / base)))


class _Builder:
    """Turns facts into signal codes, scores and (on demand) DealSignals for one as-of date."""

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

    def stall_codes(self, row: DealRow) -> _Stall:
        """Return the deal's facts with its stall signal codes (none unless it is open)."""
        as_of, rules = self.as_of, self.rules
        entered = self.day(row.stage_entered_on) or self.day(row.created_on)
        days_in_stage = max((as_of - entered).days, 0) if entered else None
        limit = self.limits.get(row.stage, self.default)
        visit = self.ctx.last_visit.get(row.deal_pk)
        last_activity = max(
            (d for d in (self.day(row.last_activity_on), self.day(visit)) if d), default=None
        )
        since = self.day(row.created_on) or entered
        pushes = self.ctx.pushes.get(row.deal_pk, 0)
        close_date = self.day(row.close_date)
        codes: list[str] = []
        if row.status == "open":
            if days_in_stage is not None and days_in_stage > limit.days:
                codes.append("stage_age")
            idle_from = last_activity or since
            if idle_from is None or (as_of - idle_from).days >= rules.idle_days:
                codes.append("idle")
            if pushes >= rules.close_pushes or (close_date is not None and close_date < as_of):
                codes.append("close_slipped")
        last_exec = self.day(self.ctx.last_exec_visit.get(row.account_pk))
        return _Stall(
            row, tuple(codes), days_in_stage, limit, last_activity, since, pushes, close_date,
            0, last_exec,
        )  # fmt: skip

    def with_risks(self, stall: _Stall, engaged: tuple[int, int] | None) -> Candidate:
        """Return the deal scored, its risk signal codes added (open deals only)."""
        codes = list(stall.codes)
        contacts, dm = engaged or (0, 0)
        if stall.row.status == "open":
            if contacts <= 1:
                codes.append("single_threaded")
            if not dm:
                codes.append("no_decision_maker")
            last_exec = stall.last_exec
            if last_exec is None or (self.as_of - last_exec).days >= self.rules.no_exec_touch_days:
                codes.append("no_exec_touch")
        stall = stall._replace(codes=tuple(codes), contacts=contacts)
        factor = size_factor(stall.row.amount, stall.row.currency, self.rules)
        score = round(sum(round(self.weights.get(c, 1.0) * factor, 3) for c in codes), 3)
        return Candidate(score, stall.row.deal_id, stall, self)

    def build(self, stall: _Stall, score: float) -> DealSignals:
        """Return the deal with its signals in plain words and the score breakdown."""
        row, rules, as_of = stall.row, self.rules, self.as_of
        details = {
            "stage_age": lambda: self._stage_detail(
                row.stage, stall.days_in_stage or 0, stall.limit
            ),
            "idle": lambda: self._idle_detail(stall.last_activity, stall.since),
            "close_slipped": lambda: self._slip_detail(stall.pushes, stall.close_date),
            "single_threaded": lambda: (
                ("Only one customer contact" if stall.contacts == 1 else "No customer contact")
                + f" engaged in {rules.single_threaded_days} days"
            ),
            "no_decision_maker": lambda: (
                f"No decision maker engaged in {rules.no_decision_maker_days} days"
            ),
            "no_exec_touch": lambda: (
                "No executive has ever met them"
                if stall.last_exec is None
                else f"No executive has met them in {(as_of - stall.last_exec).days} days"
            ),
        }
        signals = tuple(
            Signal(
                code,
                details[code](),
                self.weights.get(code, 1.0),
                code in STALL_CODES,
                *self._facts(stall, code),
            )
            for code in stall.codes
        )
        factor = size_factor(row.amount, row.currency, rules)
        breakdown = sorted(
            ((s.code, round(s.weight * factor, 3)) for s in signals), key=lambda p: (-p[1], p[0])
        )
        amount = row.amount
        strategic = bool(row.strategic) or row.tier == "strategic"
        strategic = strategic or is_big(amount, row.currency, rules)
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
            close_date=stall.close_date,
            owner_rep_pk=row.owner_rep_pk,
            owner_rep_email=rep_email,
            owner_rep_name=rep_name,
            strategic=strategic,
            days_in_stage=stall.days_in_stage,
            stage_limit=stall.limit.days,
            stage_limit_source=stall.limit.source,
            last_activity_on=stall.last_activity,
            last_exec_visit_on=stall.last_exec,
            signals=signals,
            size_factor=round(factor, 3),
            score=score,
            score_breakdown=tuple(breakdown),
        )

    def _facts(self, stall: _Stall, code: str) -> _SignalFacts:
        """Return (count, threshold, usual, since) behind a signal (see results.Signal)."""
        rules = self.rules
        if code == "stage_age":
            usual = stall.limit.usual if stall.limit.source == "history" else None
            return stall.days_in_stage, stall.limit.days, usual, None
        if code == "idle":
            none_yet = 0 if stall.last_activity is None else None
            return none_yet, rules.idle_days, None, stall.last_activity or stall.since
        if code == "close_slipped":
            return stall.pushes, rules.close_pushes, None, stall.close_date
        if code == "single_threaded":
            return stall.contacts, rules.single_threaded_days, None, None
        if code == "no_decision_maker":
            return None, rules.no_decision_maker_days, None, None
        return None, rules.no_exec_touch_days, None, stall.last_exec

    def _stage_detail(self, stage: str, days: int, limit: StageLimit) -> str:
        if limit.source == "history" and limit.usual:
            usual = limit.usual
            return f"In {stage} for {days} days, {times(days / usual)} the usual {number(usual)}"
        return f"In {stage} for {days} days, limit {number(limit.days)}"

    def _idle_detail(self, last_activity: date | None, since: date | None) -> str:
        if last_activity is not None:
            return f"No activity for {(self.as_of - last_activity).days} days"
        if since is None:
            return "No activity recorded"
        days = (self.as_of - since).days
        return f"No activity recorded in {days} days since {day_month(since, self.as_of)}"

    def _slip_detail(self, pushes: int, close_date: date | None) -> str:
        parts = []
        if pushes >= self.rules.close_pushes:
            parts.append(f"Close date pushed {pushes} times")
        if close_date is not None and close_date < self.as_of:
            parts.append(f"Close date {day_month(close_date, self.as_of)} passed")
        return "; ".join(parts)


def candidates(
    conn: Connection,
    as_of: date,
    rules: Rules,
    where: str,
    extra: dict[str, object] | None = None,
    *,
    stalled_only: bool = False,
) -> list[Candidate]:
    """Return the deals `where` selects (SQL over `d` deal and `a` account), best score first.

    Each is scored with all its signals; call `.build()` for the DealSignals with their words.
    """
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
    stalls = [builder.stall_codes(row) for row in rows]
    if stalled_only:
        stalls = [s for s in stalls if s.codes]
    open_pks = (s.row.deal_pk for s in stalls if s.row.status == "open")
    engaged = facts.engagement(conn, open_pks, bound)
    found = [builder.with_risks(s, engaged.get(s.row.deal_pk)) for s in stalls]
    found.sort(key=lambda c: (-c.score, c.deal_id))
    return found


def strategic_where(strategic_only: bool) -> str:
    """Return the SQL condition for open (strategic) deals."""
    return OPEN_SQL + (f" AND {STRATEGIC_SQL}" if strategic_only else "")


def stalled_candidates(
    conn: Connection, as_of: date, rules: Rules, *, strategic_only: bool = True
) -> list[Candidate]:
    """Return open (strategic) stalled deals scored and ranked, not yet built."""
    where = strategic_where(strategic_only)
    return candidates(conn, as_of, rules, where, stalled_only=True)


def open_deal_signals(
    conn: Connection, as_of: date, rules: Rules, *, strategic_only: bool = True
) -> list[DealSignals]:
    """Return every open (strategic) deal with its signals, stalled or not, best score first."""
    return [c.build() for c in candidates(conn, as_of, rules, strategic_where(strategic_only))]


def stalled_deals(
    conn: Connection, as_of: date, rules: Rules, *, strategic_only: bool = True
) -> list[DealSignals]:
    """Return open (strategic) deals with at least one stall signal, best score first."""
    found = stalled_candidates(conn, as_of, rules, strategic_only=strategic_only)
    return [c.build() for c in found]


def signals_for_deal(conn: Connection, deal_pk: int, as_of: date, rules: Rules) -> DealSignals:
    """Return one deal's signals whatever its status or size (won/lost deals get none)."""
    found = candidates(conn, as_of, rules, "d.id = :deal_pk", {"deal_pk": deal_pk})
    if not found:
        raise NotFound(f"No deal with key {deal_pk} in this workspace.")
    return found[0].build()
