"""Plain JSON-ready dicts of planning results (the stable `--json` shapes in docs/cli.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fieldvisit.planning.cadence import Cadence, DueAccount
from fieldvisit.planning.outcomes import SuggestionImpact
from fieldvisit.planning.results import (
    AccountCoverage,
    Cohort,
    Coverage,
    DealSignals,
    ExecChoice,
    ExecutiveCoverage,
    FrictionTheme,
    HeldDeal,
    Impact,
    Suggestion,
    TripPlan,
)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def deal_json(deal: DealSignals) -> dict[str, Any]:
    """Return a deal's identity, size, stage and signals."""
    return {
        "deal_id": deal.deal_id,
        "deal_name": deal.deal_name,
        "account_id": deal.account_id,
        "account_name": deal.account_name,
        "city": deal.account_city,
        "stage": deal.stage,
        "days_in_stage": deal.days_in_stage,
        "stage_limit": deal.stage_limit,
        "stage_limit_source": deal.stage_limit_source,
        "amount": deal.amount,
        "currency": deal.currency,
        "close_date": _day(deal.close_date),
        "last_activity_on": _day(deal.last_activity_on),
        "last_exec_visit_on": _day(deal.last_exec_visit_on),
        "owner_email": deal.owner_rep_email,
        "score": deal.score,
        "size_factor": deal.size_factor,
        "score_breakdown": [{"code": c, "points": p} for c, p in deal.score_breakdown],
        "stalled": deal.stalled,
        "signals": [
            {"code": s.code, "detail": s.detail, "weight": s.weight, "stalls": s.stalls}
            for s in deal.signals
        ],
    }


def exec_json(choice: ExecChoice) -> dict[str, Any]:
    """Return an executive choice with its reasons and the points behind each."""
    return {
        "email": choice.email,
        "name": choice.name,
        "level": choice.level,
        "score": choice.score,
        "reasons": list(choice.reasons),
        "factors": [
            {"code": f.code, "points": f.points, "reason": f.reason} for f in choice.factors
        ],
    }


def suggestion_json(s: Suggestion) -> dict[str, Any]:
    """Return one suggestion: the keys of docs/cli.md (`suggest --json`) first, then extras."""
    return deal_json(s.deal) | {
        "executive": exec_json(s.executive),
        "alternatives": [exec_json(a) for a in s.alternatives],
        "rep_email": s.rep_email,
        "rep_name": s.rep_name,
        "window": {
            "start": s.window_start.isoformat(),
            "end": s.window_end.isoformat(),
            "reason": s.window_reason,
        },
        "status": s.status,
        "trip_id": s.trip_id,
    }


def held_json(h: HeldDeal) -> dict[str, Any]:
    """Return a held-back deal (planned or snoozed) in the suggestion shape, without a choice."""
    return deal_json(h.deal) | {
        "executive": None,
        "alternatives": [],
        "rep_email": h.deal.owner_rep_email,
        "rep_name": h.deal.owner_rep_name,
        "window": None,
        "status": h.status,
        "held": {
            "detail": h.detail,
            "visit_id": h.visit_id,
            "visit_start": _moment(h.visit_start),
            "snoozed_until": _day(h.snoozed_until),
            "reason": h.snooze_reason,
        },
    }


def _executive_coverage(e: ExecutiveCoverage) -> dict[str, Any]:
    return {
        "email": e.email,
        "name": e.name,
        "title": e.title,
        "level": e.level,
        "visits_30d": e.visits_30d,
        "visits_90d": e.visits_90d,
        "monthly_target": e.monthly_target,
        "last_visit_on": _day(e.last_visit_on),
        "days_since_last_visit": e.days_since_last_visit,
        "strategic_accounts_90d": e.strategic_accounts_90d,
        "planned_next_30d": e.planned_next_30d,
    }


def _account_coverage(a: AccountCoverage) -> dict[str, Any]:
    met = a.most_senior_met
    return {
        "account_id": a.account_id,
        "name": a.name,
        "tier": a.tier,
        "city": a.city,
        "last_exec_visit_on": _day(a.last_exec_visit_on),
        "days_since_exec_visit": a.days_since_exec_visit,
        "executives": list(a.executives),
        "most_senior_met": (
            {
                "contact_id": met.contact_id,
                "name": met.name,
                "title": met.title,
                "seniority": met.seniority,
            }
            if met
            else None
        ),  # fmt: skip
        "covered_90d": a.covered_90d,
        "circle": {
            "contacts_90d": a.circle.contacts,
            "vp_plus_90d": a.circle.vp_plus,
            "contacts_prev_90d": a.circle.contacts_before,
            "vp_plus_prev_90d": a.circle.vp_plus_before,
            "trend": a.circle.trend,
        },
    }


def friction_json(themes: list[FrictionTheme]) -> list[dict[str, Any]]:
    """Return friction themes with their quotes."""
    return [
        {
            "category": t.category,
            "count": t.count,
            "known": t.known,
            "quotes": [
                {
                    "text": q.text,
                    "written_on": q.written_on.isoformat(),
                    "visit_id": q.visit_id,
                    "account_name": q.account_name,
                    "executives": list(q.executives),
                }
                for q in t.quotes
            ],  # fmt: skip
        }
        for t in themes
    ]


def coverage_json(c: Coverage, themes: list[FrictionTheme] | None = None) -> dict[str, Any]:
    """Return coverage: executives, strategic accounts, share covered, heat map (and friction)."""
    out: dict[str, Any] = {
        "as_of": c.as_of.isoformat(),
        "executives": [_executive_coverage(e) for e in c.executives],
        "strategic_accounts": [_account_coverage(a) for a in c.strategic_accounts],
        "strategic_covered_90d_pct": c.strategic_covered_90d_pct,
        "heat_map": {
            "weeks": [w.isoformat() for w in c.heat_map.weeks],
            "rows": [{"email": r.email, "counts": list(r.counts)} for r in c.heat_map.rows],
        },
    }
    if themes is not None:
        out["friction_themes"] = friction_json(themes)
    return out


def cadence_json(
    c: Cadence, accounts: list[DueAccount], executive: str | None = None
) -> dict[str, Any]:
    """Return the stay-in-touch list (`coverage --due`): accounts by due date, never met first."""
    return {
        "as_of": c.as_of.isoformat(),
        "horizon_days": c.horizon_days,
        "cadence_days": dict(c.cadence_days),
        "executive": executive,
        "accounts": [
            {
                "account_id": a.account_id,
                "name": a.name,
                "tier": a.tier,
                "city": a.city,
                "cadence_days": a.cadence_days,
                "last_exec_touch_on": _day(a.last_touch_on),
                "executives": [e.email for e in a.executives],
                "next_due_on": _day(a.due_on),
                "status": a.status,
                "days_overdue": a.days_overdue,
                "days_until_due": a.days_until_due,
                "planned_visit_on": _day(a.planned_on),
            }
            for a in accounts
        ],  # fmt: skip
    }


def _cohort(c: Cohort) -> dict[str, Any]:
    return {
        "n": c.n,
        "advanced": c.advanced,
        "rate": round(c.rate, 4) if c.rate is not None else None,
    }


def impact_json(i: Impact) -> dict[str, Any]:
    """Return impact cohorts with the period they cover."""
    return {
        "as_of": i.as_of.isoformat(),
        "visited": _cohort(i.visited),
        "not_visited": _cohort(i.not_visited),
        "period_start": i.period_start.isoformat(),
        "period_end": i.period_end.isoformat(),
        "window_days": i.window_days,
    }


def suggestion_impact_json(s: SuggestionImpact) -> dict[str, Any]:
    """Return the acted-on and not-acted-on cohorts, with what became of the rest."""
    return {
        "acted_on": _cohort(s.acted),
        "not_acted_on": _cohort(s.not_acted),
        "not_acted_on_by_outcome": {
            "snoozed": s.snoozed,
            "dismissed": s.dismissed,
            "ignored": s.ignored,
        },
        "period_start": s.period_start.isoformat(),
        "period_end": s.period_end.isoformat(),
        "window_days": s.window_days,
    }


def trip_json(t: TripPlan) -> dict[str, Any]:
    """Return a trip with its visits and add-on deals."""
    return {
        "trip_id": t.trip_id,
        "executive_email": t.executive_email,
        "executive_name": t.executive_name,
        "city": t.city,
        "starts_on": t.starts_on.isoformat(),
        "ends_on": t.ends_on.isoformat(),
        "visits": [
            {
                "visit_id": v.visit_id,
                "account_id": v.account_id,
                "deal_id": v.deal_id,
                "start": v.start.isoformat(),
                "city": v.city,
            }
            for v in t.visits
        ],  # fmt: skip
        "add_ons": [
            {
                "deal_id": a.deal.deal_id,
                "account_id": a.deal.account_id,
                "distance_km": a.distance_km,
                "near_visit_id": a.near_visit_id,
                "reason": a.reason,
                "deal_name": a.deal.deal_name,
                "account_name": a.deal.account_name,
                "stage": a.deal.stage,
                "signals": [{"code": g.code, "detail": g.detail} for g in a.deal.signals],
                "window": {"start": _day(a.first_day), "end": _day(a.last_day)},
            }
            for a in t.add_ons
        ],  # fmt: skip
    }
