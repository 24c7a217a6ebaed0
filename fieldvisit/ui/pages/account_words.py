"""The account page's words: its facts line, executive touches, circle of influence, deals.

Rich text escapes every value (names come from a CRM and may hold anything).
"""

from __future__ import annotations

from html import escape

from fieldvisit.planning.account_view import AccountDeal, AccountView
from fieldvisit.planning.cadence import NEVER_MET, OVERDUE
from fieldvisit.planning.results import CircleOfInfluence
from fieldvisit.ui import style
from fieldvisit.ui.models.account import SENIORITY_WORDS
from fieldvisit.ui.models.deals_model import short_deal_name

TREND_WORDS = {
    "widening": "We are widening our reach.",
    "narrowing": "We are talking to fewer people than before.",
    "same": "Reach is unchanged.",
}


def muted(words: str) -> str:
    return f"<span style='color:{style.muted_colour().name()}'>{escape(words)}</span>"


def facts_line(v: AccountView) -> str:
    """Return the account's one-line facts: place, tier, owner, industry, domains."""
    place = ", ".join(p for p in (v.city, v.country) if p)
    bits = [place, f"{v.tier.capitalize()} account"]
    if v.industry:
        bits.append(v.industry)
    bits.append(f"owner {v.owner_rep}" if v.owner_rep else "no owner")
    if v.domains:
        bits.append(", ".join(v.domains))
    return " · ".join(b for b in bits if b)


def touch_line(v: AccountView) -> str:
    """Return the last executive touch and when the next one is due, in a sentence or two."""
    if v.last_exec_touch_on is None:
        words = "No executive has visited yet."
    else:
        when = style.relative(v.last_exec_touch_on, v.as_of)
        words = f"Last executive visit {style.short_day(v.last_exec_touch_on, v.as_of)} ({when})."
    due = v.due
    if due is not None:
        every = (
            f"{v.tier.capitalize()} accounts are due every {style.plural(due.cadence_days, 'day')}"
        )
        if due.status == NEVER_MET:
            words += f" {every}: a visit is due now."
        elif due.status == OVERDUE and due.due_on is not None:
            late = style.plural(due.days_overdue or 0, "day")
            words += f" {every}: overdue by {late} (due {style.short_day(due.due_on, v.as_of)})."
        elif due.due_on is not None:
            words += f" {every}: next due {style.short_day(due.due_on, v.as_of)}."
        if due.planned_on is not None:
            words += f" A visit is planned for {style.day(due.planned_on)}."
    return words


def circle_html(c: CircleOfInfluence, v: AccountView) -> str:
    """Return the circle of influence and the people our executives met, as rich text."""
    lines = [
        f"<b>Last 90 days:</b> {escape(style.plural(c.contacts, 'person', 'people'))} engaged, "
        f"{c.vp_plus} VP or above. The 90 days before: {c.contacts_before}, "
        f"{c.vp_plus_before} VP or above. {TREND_WORDS[c.trend]}"
    ]
    if not v.people_met:
        lines.append(muted("Our executives have not met anyone here yet."))
    else:
        lines.append("<b>Met by our executives</b>")
        for p in v.people_met:
            bits = [b for b in (p.title, SENIORITY_WORDS.get(p.seniority or "")) if b]
            when = f"last met {style.relative(p.last_met_on, v.as_of)}"
            if p.visits > 1:
                when += f", {style.plural(p.visits, 'visit')}"
            who = escape(p.name) + (f" — {escape(' · '.join(bits))}" if bits else "")
            lines.append(f"{who}<br>{muted(when)}")
    return "<br>".join(lines)


def deal_html(d: AccountDeal, v: AccountView) -> str:
    """Return one open deal with its signals in words, as rich text."""
    s = d.signals
    facts = [s.stage, style.money(s.amount, s.currency), f"owner {s.owner_rep_name}"]
    if d.planned_on:
        facts.append(f"visit planned for {style.day(d.planned_on)}")
    if d.snoozed_until:
        facts.append(f"snoozed until {style.short_day(d.snoozed_until, v.as_of)}")
    lines = [f"<b>{escape(short_deal_name(v.name, s.deal_name))}</b>", muted(" · ".join(facts))]
    for signal in sorted(s.signals, key=lambda x: not x.stalls):
        tone = style.tone("amber" if signal.stalls else "muted").name()
        lines.append(f"<span style='color:{tone}'>●</span> {escape(signal.detail)}")
    if not s.signals:
        lines.append(muted("Nothing stands out."))
    return "<br>".join(lines)
