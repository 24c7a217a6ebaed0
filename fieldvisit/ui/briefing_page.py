"""One briefing page as HTML: what an executive reads before walking in.

Everything typed is escaped; only our own tags reach QTextDocument. Sizes are in points, so the
page prints at the same size on any printer resolution. `Brevity` trims the long parts (earlier
debriefs, lists) when a visit would not fit on one page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from fieldvisit.planning.briefing_facts import Attendee, Briefing
from fieldvisit.ui import style
from fieldvisit.ui.debrief_text import SENTIMENT_SENTENCE

BODY_PT = 10.5
MODE_WORDS = {"in_person": "In person", "video": "Video call", "phone": "Phone call"}
CSS = f"""
body {{ font-size: {BODY_PT}pt; color: #1d2330; }}
p {{ margin: 0 0 3px 0; }}
.title {{ font-size: 18pt; font-weight: 600; margin: 0; }}
.kicker {{ font-size: 9pt; color: #5d6575; margin: 0 0 2px 0; }}
.section {{ font-size: 12.5pt; font-weight: 600; color: #1f4f8f; margin: 11px 0 3px 0; }}
.sub {{ font-weight: 600; margin: 6px 0 1px 0; }}
.muted {{ color: #5d6575; }}
.risk {{ color: #8a4b00; }}
.foot {{ font-size: 8.5pt; color: #5d6575; margin-top: 10px; }}
td, th {{ padding: 1px 10px 1px 0; vertical-align: top; }}
th {{ color: #5d6575; text-align: left; font-weight: 600; }}
"""


@dataclass(frozen=True)
class Brevity:
    """How much of the long parts a page shows (a tighter one when a visit overflows)."""

    earlier_visits: int = 3
    summary_words: int = 60
    learned_words: int = 90  # 0: left out
    steps: int = 8
    people: int = 6


BREVITIES = (Brevity(), Brevity(2, 40, 40, 6, 4), Brevity(1, 30, 0, 4, 3))


def _clip(words: str, limit: int) -> str:
    parts = words.split()
    return words.strip() if len(parts) <= limit else " ".join(parts[:limit]) + " …"


def _table(head: list[str], rows: list[list[str]]) -> str:
    top = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table cellspacing=0>{'<tr>' + top + '</tr>'}{body}</table>"


def _facts(rows: list[tuple[str, str]]) -> str:
    body = "".join(
        f"<tr><td class=muted width=110>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in rows
    )
    return f"<table cellspacing=0>{body}</table>"


def _when(b: Briefing) -> str:
    h = b.header
    words = style.time_in_zones(
        h.start,
        h.account_tz,
        b.exec_tz,
        place=h.account_city or None,
        other_place=b.exec_city or None,
        with_day=True,
    )
    if b.end is not None:
        minutes = int((b.end - h.start).total_seconds() // 60)
        words += f", {style.plural(minutes, 'minute')}"
    return words


def _due(due: date | None, as_of: date) -> str:
    if due is None:
        return "no date"
    return style.short_day(due, as_of) + (" (overdue)" if due < as_of else "")


def _people(people: list[Attendee], nobody: str) -> str:
    if not people:
        return f"<p class=muted>{escape(nobody)}</p>"
    return "".join(
        f"<p><b>{escape(p.name)}</b>{escape(' — ' + p.role) if p.role else ''}</p>" for p in people
    )


def _head(b: Briefing, as_of: date) -> list[str]:
    h = b.header
    parts = [
        f"<p class=kicker>Briefing · prepared {escape(style.day(as_of, with_year=True))}</p>",
        f"<p class=title>{escape(h.account_name)}</p>",
    ]
    where = [MODE_WORDS.get(b.mode, b.mode)]
    if b.location:
        where.append(b.location)
    account = [x for x in (b.account_industry, h.account_city) if x]
    if b.account_tier:
        account.append(f"{b.account_tier} account")
    rows = [("When", _when(b)), ("Where", " · ".join(where))]
    if account:
        rows.append(("Account", " · ".join(account)))
    if b.trip_name:
        rows.append(("Trip", b.trip_name))
    parts.append(_facts(rows))
    parts.append("<p class=section>Who attends</p>")
    parts.append(
        "<table cellspacing=0 width=100%><tr>"
        "<td width=50%><p class=sub>Ours</p>"
        f"{_people(b.ours, 'Nobody of ours yet.')}</td>"
        "<td width=50%><p class=sub>Theirs</p>"
        f"{_people(b.theirs, 'Nobody chosen on their side yet.')}</td></tr></table>"
    )
    parts.append("<p class=section>Objective and agenda</p>")
    if b.objective:
        parts.append(f"<p><b>Our objective:</b> {escape(b.objective)}</p>")
    if b.agenda:
        parts.append(f"<p><b>Agenda shared with them:</b> {escape(b.agenda)}</p>")
    if not (b.objective or b.agenda):
        parts.append("<p class=muted>No objective or agenda written yet.</p>")
    return parts


def _deal(b: Briefing, as_of: date) -> list[str]:
    parts = ["<p class=section>The deal</p>"]
    if b.deal is None:
        return parts + ["<p>No deal is linked to this visit.</p>"]
    d = b.deal
    line = [d.deal_name, d.stage, style.money(d.amount, d.currency)]
    if d.days_in_stage is not None:
        line.append(f"{style.plural(d.days_in_stage, 'day')} in {d.stage}")
    if d.close_date:
        line.append(f"closes {style.short_day(d.close_date, as_of)}")
    parts.append(f"<p><b>{escape(' · '.join(line))}</b></p>")
    parts.append(f"<p class=muted>Owner: {escape(d.owner_rep_name)}</p>")
    if d.signals:
        parts.append("<p class=sub>Why it needs attention</p><ul style='margin: 0 0 0 -20px'>")
        parts += [f"<li class=risk>{escape(s.detail)}</li>" for s in d.signals]
        parts.append("</ul>")
    else:
        parts.append("<p>No stall signals: the deal is moving.</p>")
    if b.stage_history:
        steps = " → ".join(
            f"{stage} ({style.short_day(day, as_of)})" for stage, day in b.stage_history[-5:]
        )
        parts.append(f"<p class=muted>Stages: {escape(steps)}</p>")
    if b.close_moves:
        moves = [
            f"{style.short_day(old, as_of)} → {style.short_day(new, as_of)}"
            for old, new, _on in b.close_moves[-3:]
        ]
        parts.append(f"<p class=muted>Close date moved: {escape('; '.join(moves))}</p>")
    return parts


def _history(b: Briefing, as_of: date, brief: Brevity) -> list[str]:
    parts = ["<p class=section>Last visits</p>"]
    if not b.previous:
        parts.append("<p>No executive has visited them yet: this is a first meeting.</p>")
    for earlier in b.previous[: brief.earlier_visits]:
        header, data = earlier.header, earlier.debrief
        when = style.day(style.local_day(header.start, header.account_tz), with_year=True)
        execs = ", ".join(header.executives)
        parts.append(f"<p class=sub>{escape(when)}{' · ' + escape(execs) if execs else ''}</p>")
        if data is None:
            parts.append("<p class=muted>No debrief was written.</p>")
            continue
        lead = _clip(data.summary, brief.summary_words) if data.summary.strip() else ""
        if data.sentiment in SENTIMENT_SENTENCE:
            lead = f"{lead} {SENTIMENT_SENTENCE[data.sentiment]}".strip()
        if lead:
            parts.append(f"<p>{escape(lead)}</p>")
        if data.learned.strip() and brief.learned_words:
            learned = _clip(data.learned, brief.learned_words)
            parts.append(f"<p class=muted>Learned: {escape(learned)}</p>")
    if b.met_before:
        met = [
            f"{m.name}{' (' + m.title + ')' if m.title else ''}, "
            f"{style.short_day(m.last_met, as_of)}"
            for m in b.met_before[: brief.people]
        ]
        parts.append(f"<p class=muted>Met before: {escape('; '.join(met))}</p>")
    parts.append("<p class=section>Open next steps</p>")
    if b.open_steps:
        rows = [
            [step.text, step.owner or "—", _due(step.due_on, as_of), style.short_day(agreed, as_of)]
            for step, agreed in b.open_steps[: brief.steps]
        ]
        parts.append(_table(["Next step", "Owner", "Due", "Agreed"], rows))
    else:
        parts.append("<p>None open.</p>")
    return parts


def briefing_html(b: Briefing, as_of: date, brief: Brevity = BREVITIES[0]) -> str:
    """Return one visit's briefing page as HTML (everything typed is escaped)."""
    parts = _head(b, as_of) + _deal(b, as_of) + _history(b, as_of, brief)
    parts.append(
        f"<p class=foot>Visit {escape(b.visit_external_id)} · Internal: not for the customer.</p>"
    )
    return f"<html><head><style>{CSS}</style></head><body>{''.join(parts)}</body></html>"
