"""The internal briefing an executive reads in the invite before walking in."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Connection

from fieldvisit.invites.visit_facts import Invitee, VisitFacts
from fieldvisit.planning import signals_for_deal
from fieldvisit.settings import Rules


def stall_reasons(conn: Connection, deal_pk: int, as_of: date, rules: Rules) -> list[str]:
    """Return the deal's stall and risk signals in plain words, as the planning engine says them."""
    return [s.detail for s in signals_for_deal(conn, deal_pk, as_of, rules).signals]


def money(amount: float | None, currency: str | None) -> str | None:
    """Return an amount as people write it ("USD 250,000"), or None when unknown."""
    if amount is None:
        return None
    return f"{currency or ''} {amount:,.0f}".strip()


def _person_line(p: Invitee) -> str:
    line = p.name
    if p.title:
        line += f", {p.title}"
    if p.decision_maker:
        line += " (decision maker)"
    if not p.email:
        line += " (no e-mail address: not on the invite)"
    return line


def briefing_text(
    facts: VisitFacts, reasons: list[str] | None, company_name: str, as_of: date
) -> str:
    """Return the briefing as plain text lines (account, deal, why now, people, last debrief)."""
    lines = [f"INTERNAL BRIEFING for {company_name} attendees only. Do not forward.", ""]
    where = ", ".join(x for x in (facts.account_city, facts.account_country) if x)
    account = facts.account_name + (f" ({facts.account_tier})" if facts.account_tier else "")
    lines.append(f"Account: {account}" + (f", {where}" if where else ""))
    deal = facts.deal
    if deal is not None:
        lines.append(f"Deal: {deal.name}")
        parts = [f"Stage: {deal.stage}"]
        amount = money(deal.amount, deal.currency)
        if amount:
            parts.append(f"Amount: {amount}")
        if deal.close_date:
            parts.append(f"Close date: {deal.close_date.isoformat()}")
        lines.append(" | ".join(parts))
    if reasons is not None:
        if reasons:
            lines.append(f"Why this visit (as of {as_of.isoformat()}):")
            lines.extend(f"- {r}" for r in reasons)
        else:
            lines.append(f"Why this visit: no stall signals as of {as_of.isoformat()}.")
    if facts.objective and facts.objective.strip():
        lines.append(f"Objective: {facts.objective.strip()}")
    if facts.contacts:
        lines.append("Customer attendees:")
        lines.extend(f"- {_person_line(p)}" for p in facts.contacts)
    ours = [_person_line(p) for p in facts.executives] + [
        f"{p.name} (account rep)" for p in facts.reps
    ]
    if ours:
        lines.append("From our side: " + "; ".join(ours))
    debrief = facts.last_debrief
    if debrief is not None and debrief.summary.strip():
        lines.append(
            f"Last debrief (visit of {debrief.visit_start.date().isoformat()}): "
            f"{debrief.summary.strip()}"
        )
    if facts.agenda and facts.agenda.strip():
        lines.append(f"Agenda the customer sees: {facts.agenda.strip()}")
    lines.append("")
    lines.append(f"Visit {facts.external_id} in Field Visit")
    return "\n".join(lines)
