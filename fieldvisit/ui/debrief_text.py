"""A debrief as simple HTML, for the Debriefs page's reading pane and the briefing pack.

Everything typed is HTML-escaped; only our own tags reach the renderer.
"""

from __future__ import annotations

from datetime import date
from html import escape

from fieldvisit.debriefs import DebriefData, VisitHeader
from fieldvisit.ui import style

SENTIMENT_SENTENCE = {
    "better": "The deal looks better after the visit.",
    "same": "The deal looks about the same after the visit.",
    "worse": "The deal looks worse after the visit.",
}


def paragraphs(text: str) -> str:
    """Return typed text as HTML paragraphs (blank lines split them, line breaks kept)."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "".join(f"<p>{escape(b).replace(chr(10), '<br>')}</p>" for b in blocks)


def _section(title: str, body_html: str) -> str:
    if not body_html:
        return ""
    return f"<h3>{escape(title)}</h3>{body_html}"


def _field(title: str, value: str) -> str:
    return _section(title, paragraphs(value)) if value.strip() else ""


def next_steps_html(data: DebriefData, as_of: date) -> str:
    """Return the next steps as a small table (what, who, due, done) or "" when none."""
    if not data.next_steps:
        return ""
    rows = []
    for step in data.next_steps:
        if step.due_on is None:
            due = "no date"
        elif step.done:
            due = style.short_day(step.due_on, as_of)
        elif step.due_on < as_of:
            due = f"{style.short_day(step.due_on, as_of)} (overdue)"
        else:
            due = style.short_day(step.due_on, as_of)
        state = "Done" if step.done else "Open"
        rows.append(
            f"<tr><td>{escape(step.text)}</td><td>{escape(step.owner or '—')}</td>"
            f"<td>{escape(due)}</td><td>{state}</td></tr>"
        )
    head = "<tr><th align=left>Next step</th><th align=left>Owner</th><th align=left>Due</th><th align=left></th></tr>"
    return "<table cellspacing=0 cellpadding=4>" + head + "".join(rows) + "</table>"


def people_met_text(header: VisitHeader, data: DebriefData) -> str:
    """Return who was met, in words ("Carla Finance (CFO), Victor Ops and their procurement lead")."""
    by_id = {c.contact_id: c for c in header.contacts}
    names = []
    for cid in data.contact_ids:
        contact = by_id.get(cid)
        if contact is None:
            continue
        names.append(f"{contact.name} ({contact.title})" if contact.title else contact.name)
    if data.people_met.strip():
        names.append(data.people_met.strip())
    return ", ".join(names)


def debrief_html(header: VisitHeader, data: DebriefData, as_of: date, *, title: bool = True) -> str:
    """Return the whole debrief as HTML: who, what we learned, friction, next steps."""
    parts: list[str] = []
    when = style.day(style.local_day(header.start, header.account_tz), with_year=True)
    if title:
        parts.append(f"<h2>{escape(header.account_name)}</h2>")
    who = ", ".join(header.executives) or "No executive recorded"
    if header.reps:
        who += f" with {', '.join(header.reps)}"
    meta = [when, who]
    if header.deal_name:
        meta.append(header.deal_name)
    parts.append(f"<p class=muted>{escape(' · '.join(meta))}</p>")
    if data.summary.strip():
        parts.append(f"<p><b>{escape(data.summary.strip())}</b></p>")
    if data.sentiment in SENTIMENT_SENTENCE:
        parts.append(f"<p>{SENTIMENT_SENTENCE[data.sentiment]}</p>")
    met = people_met_text(header, data)
    parts.append(_section("Who was met", f"<p>{escape(met)}</p>" if met else ""))
    parts.append(_field("What we learned", data.learned))
    parts.append(_field("Their challenges", data.challenges))
    friction = ""
    if data.friction_categories:
        friction += f"<p>{escape(', '.join(data.friction_categories))}</p>"
    friction += paragraphs(data.field_friction)
    parts.append(_section("What blocks our field team", friction))
    market = []
    if data.competitors.strip():
        market.append(f"Competitors: {data.competitors.strip()}")
    if data.current_vendor.strip():
        market.append(f"Current vendor: {data.current_vendor.strip()}")
    if data.budget.strip():
        market.append(f"Budget: {data.budget.strip()}")
    parts.append(_section("Market and money", "".join(f"<p>{escape(m)}</p>" for m in market)))
    parts.append(_section("Next steps", next_steps_html(data, as_of)))
    return "".join(p for p in parts if p)
