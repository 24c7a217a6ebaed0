"""Stall and risk signals for open deals (docs/cli.md, `suggest --json`: the signals).

The facts come from a few set-based queries (`fieldvisit.planning.facts`); the stall signals are
decided first, and the risk signals (which need the contacts engaged) only for the deals that need
them. Python turns facts into signals with plain-word details. Which signals there are, their kind,
words and default weight: `fieldvisit.signal_table`; how each is decided and worded: `RULES` here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Literal, NamedTuple

from sqlalchemy.engine import Connection

from fieldvisit.errors import NotFound
from fieldvisit.planning import facts, signal_sql
from fieldvisit.planning.facts import Context, DealRow, open_sql, strategic_sql
from fieldvisit.planning.money import in_workspace_currency, is_big
from fieldvisit.planning.results import DealSignals, Signal
from fieldvisit.planning.stage_limits import StageLimit, default_limit, stage_limits
from fieldvisit.planning.wording import day_month, number, times
from fieldvisit.settings import Rules
from fieldvisit.signal_table import codes, default_weights, is_stall
from fieldvisit.store.dialect import Dialect, dialect_named, dialect_of

__all__ = [
    "RULES",
    "Candidate",
    "SignalRule",
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
    decision_makers: int = 0  # decision makers engaged (risk signals only)


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
        weights = {**default_weights(), **rules.signal_weights}
        self.weights = {code: float(w) for code, w in weights.items()}
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
        as_of = self.as_of
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
        last_exec = self.day(self.ctx.last_exec_visit.get(row.account_pk))
        stall = _Stall(
            row, (), days_in_stage, limit, last_activity, since, pushes, close_date, 0, last_exec,
        )  # fmt: skip
        return stall._replace(codes=self._firing(stall, "stall"))

    def _firing(self, stall: _Stall, kind: Literal["stall", "risk"]) -> tuple[str, ...]:
        """Return the codes of one kind whose rule fires on the deal (none unless it is open)."""
        if stall.row.status != "open":
            return ()
        return tuple(code for code in codes(kind) if RULES[code].fires(self, stall))

    def with_risks(self, stall: _Stall, engaged: tuple[int, int] | None) -> Candidate:
        """Return the deal scored, its risk signal codes added (open deals only)."""
        contacts, dm = engaged or (0, 0)
        stall = stall._replace(contacts=contacts, decision_makers=dm)
        stall = stall._replace(codes=stall.codes + self._firing(stall, "risk"))
        factor = size_factor(stall.row.amount, stall.row.currency, self.rules)
        score = round(sum(round(self.weights.get(c, 1.0) * factor, 3) for c in stall.codes), 3)
        return Candidate(score, stall.row.deal_id, stall, self)

    def build(self, stall: _Stall, score: float) -> DealSignals:
        """Return the deal with its signals in plain words and the score breakdown."""
        row, rules = stall.row, self.rules
        signals = tuple(
            Signal(
                code,
                RULES[code].detail(self, stall),
                self.weights.get(code, 1.0),
                is_stall(code),
                *RULES[code].facts(self, stall),
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


class SignalRule(NamedTuple):
    """How one signal of `signal_table.SIGNALS` is decided and put into words."""

    fires: Callable[[_Builder, _Stall], bool]  # on an open deal's facts
    detail: Callable[[_Builder, _Stall], str]  # plain words: "No activity for 30 days"
    facts: Callable[[_Builder, _Stall], _SignalFacts]  # (count, threshold, usual, since)
    # The same test in SQL over the Deals table's facts (`reads.deal_rows`; dates compared as
    # days: julianday() of 'YYYY-MM-DD' differs by whole days), as text both engines read or
    # built per engine (`rule_sql`). tests/reads/test_deal_rows.py checks both forms agree.
    sql: str | Callable[[Dialect], str]
    # A stall rule whose deals `facts.STALL_FILTER_SQL` keeps: looking for stalled deals reads
    # only those rows. A stall rule without it makes that search read every deal (slower, right).
    in_stall_sql: bool = False


def _days_since(b: _Builder, day: date | None) -> int | None:
    return None if day is None else (b.as_of - day).days


def _stage_age(b: _Builder, s: _Stall) -> bool:
    return s.days_in_stage is not None and s.days_in_stage > s.limit.days


def _idle(b: _Builder, s: _Stall) -> bool:
    quiet = _days_since(b, s.last_activity or s.since)
    return quiet is None or quiet >= b.rules.idle_days


def _close_slipped(b: _Builder, s: _Stall) -> bool:
    passed = s.close_date is not None and s.close_date < b.as_of
    return s.pushes >= b.rules.close_pushes or passed


def _no_exec_touch(b: _Builder, s: _Stall) -> bool:
    since = _days_since(b, s.last_exec)
    return since is None or since >= b.rules.no_exec_touch_days


def _one_contact_words(b: _Builder, s: _Stall) -> str:
    who = "Only one customer contact" if s.contacts == 1 else "No customer contact"
    return f"{who} engaged in {b.rules.single_threaded_days} days"


def _exec_words(b: _Builder, s: _Stall) -> str:
    if s.last_exec is None:
        return "No executive has ever met them"
    return f"No executive has met them in {_days_since(b, s.last_exec)} days"


def _stage_facts(b: _Builder, s: _Stall) -> _SignalFacts:
    usual = s.limit.usual if s.limit.source == "history" else None
    return s.days_in_stage, s.limit.days, usual, None


def _idle_facts(b: _Builder, s: _Stall) -> _SignalFacts:
    none_yet = 0 if s.last_activity is None else None
    return none_yet, b.rules.idle_days, None, s.last_activity or s.since


def rule_sql(code: str, engine: str) -> str:
    """Return a signal's SQL form (`SignalRule.sql`) for an engine ("sqlite", "postgresql")."""
    form = RULES[code].sql
    return form if isinstance(form, str) else form(dialect_named(engine))


# One rule per code of the signal table (a test checks that every row has one).
RULES: dict[str, SignalRule] = {
    "stage_age": SignalRule(
        _stage_age,
        lambda b, s: b._stage_detail(s.row.stage, s.days_in_stage or 0, s.limit),
        _stage_facts,
        signal_sql.stage_age,
        in_stall_sql=True,
    ),
    "idle": SignalRule(
        _idle,
        lambda b, s: b._idle_detail(s.last_activity, s.since),
        _idle_facts,
        signal_sql.idle,
        in_stall_sql=True,
    ),
    "close_slipped": SignalRule(
        _close_slipped,
        lambda b, s: b._slip_detail(s.pushes, s.close_date),
        lambda b, s: (s.pushes, b.rules.close_pushes, None, s.close_date),
        signal_sql.close_slipped,
        in_stall_sql=True,
    ),
    "single_threaded": SignalRule(
        lambda b, s: s.contacts <= 1,
        _one_contact_words,
        lambda b, s: (s.contacts, b.rules.single_threaded_days, None, None),
        "f.engaged / 2 <= 1",  # f.engaged: twice the contacts, plus 1 with a decision maker
    ),
    "no_decision_maker": SignalRule(
        lambda b, s: not s.decision_makers,
        lambda b, s: f"No decision maker engaged in {b.rules.no_decision_maker_days} days",
        lambda b, s: (None, b.rules.no_decision_maker_days, None, None),
        "f.engaged % 2 = 0",
    ),
    "no_exec_touch": SignalRule(
        _no_exec_touch,
        _exec_words,
        lambda b, s: (None, b.rules.no_exec_touch_days, None, s.last_exec),
        signal_sql.no_exec_touch,
    ),
}


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
        stalled_only=stalled_only and all(RULES[c].in_stall_sql for c in codes("stall")),
    )
    stalls = [builder.stall_codes(row) for row in rows]
    if stalled_only:
        stalls = [s for s in stalls if s.codes]
    open_pks = (s.row.deal_pk for s in stalls if s.row.status == "open")
    engaged = facts.engagement(conn, open_pks, bound)
    found = [builder.with_risks(s, engaged.get(s.row.deal_pk)) for s in stalls]
    found.sort(key=lambda c: (-c.score, c.deal_id))
    return found


def strategic_where(strategic_only: bool, engine: str = "sqlite") -> str:
    """Return the SQL condition for open (strategic) deals."""
    return open_sql(engine) + (f" AND {strategic_sql(engine)}" if strategic_only else "")


def stalled_candidates(
    conn: Connection, as_of: date, rules: Rules, *, strategic_only: bool = True
) -> list[Candidate]:
    """Return open (strategic) stalled deals scored and ranked, not yet built."""
    where = strategic_where(strategic_only, dialect_of(conn).name)
    return candidates(conn, as_of, rules, where, stalled_only=True)


def open_deal_signals(
    conn: Connection, as_of: date, rules: Rules, *, strategic_only: bool = True
) -> list[DealSignals]:
    """Return every open (strategic) deal with its signals, stalled or not, best score first."""
    where = strategic_where(strategic_only, dialect_of(conn).name)
    return [c.build() for c in candidates(conn, as_of, rules, where)]


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
