"""Readable, aligned text for the planning commands (what `--json` leaves out is the layout)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fieldvisit.planning.cadence import DUE_SOON, NEVER_MET, OVERDUE, Cadence, DueAccount
from fieldvisit.planning.explain import explain
from fieldvisit.planning.outcomes import SuggestionImpact
from fieldvisit.planning.results import Coverage, FrictionTheme, HeldDeal, Impact, Suggestion


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Return rows as a left-aligned table (numbers right-aligned) under a header and rule."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    numeric = [
        all(isinstance(row[i], int | float) or row[i] is None for row in rows) and bool(rows)
        for i in range(len(headers))
    ]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(list(headers)), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    return "\n".join(out)


def _money(amount: float | None, currency: str | None) -> str:
    if amount is None:
        return ""
    return f"{amount:,.0f} {currency or ''}".strip()


def _numbers(s: Suggestion) -> list[str]:
    """Return the signals with their weights and the executives' points (`suggest --verbose`)."""
    signals = "; ".join(f"{sig.detail} (weight {sig.weight:g})" for sig in s.deal.signals)
    points = "; ".join(
        f"{c.name} {c.score:.1f} ("
        + ", ".join(f"{f.code} {f.points:.1f}" for f in c.factors if f.points)
        + ")"
        for c in (s.executive, *s.alternatives)
    )
    return [
        f"   Signals: {signals}; size factor {s.deal.size_factor:g}, score {s.deal.score:.1f}",
        f"   Points: {points}",
    ]


def suggestions_text(
    found: list[Suggestion],
    held: list[HeldDeal],
    as_of: str,
    missing: Sequence[str] = (),
    *,
    verbose: bool = False,
) -> str:
    """Return the suggestion table, each row followed by why, who and when in plain sentences.

    With `verbose`, each also shows the numbers: signal weights, score, executives' points.

    `missing` says what the workspace lacks for suggestions (`planning.readiness`); with no
    suggestion, that is said instead of "no deal needs a visit".
    """
    if not found and missing:
        lines = list(missing)
    elif not found:
        lines = [f"No stalled strategic deal needs a visit as of {as_of}."]
    else:
        rows = [
            (
                i,
                s.deal.deal_id,
                s.deal.account_name,
                s.city,
                _money(s.deal.amount, s.deal.currency),
                f"{s.deal.score:.1f}",
                s.executive.email or s.executive.name,  # someone a CRM only named
                s.rep_email or s.rep_name,
                f"{s.window_start:%a %d %b}"
                + (f" – {s.window_end:%a %d %b}" if s.window_end != s.window_start else ""),
            )
            for i, s in enumerate(found, 1)
        ]
        header = ("#", "Deal", "Account", "City", "Amount", "Score", "Executive", "Rep", "Window")
        lines = [table(header, rows), ""]
        day = date.fromisoformat(as_of)
        for i, s in enumerate(found, 1):
            lines.append(f"{i}. {s.deal.deal_id} {s.deal.deal_name} ({s.deal.stage})")
            said = explain(s, day)
            lines += [f"   Why: {said.deal}", f"   Who: {said.who}"]
            lines += [f"   {p}" for p in (said.rep, said.when, said.others) if p]
            if verbose:  # the numbers behind the words
                lines += _numbers(s)
    if held:
        planned = sum(1 for h in held if h.status == "planned")
        lines += ["", f"Held back: {planned} planned, {len(held) - planned} snoozed"]
        lines += [f"  {h.deal.deal_id} {h.deal.account_name}: {h.detail}" for h in held]
    return "\n".join(lines)


def coverage_text(c: Coverage, themes: list[FrictionTheme], accounts: int) -> str:
    """Return the executives table, strategic accounts (least covered first) and the heat map."""
    execs = [
        (
            e.name, e.email, e.visits_30d, e.visits_90d, e.monthly_target,
            e.last_visit_on.isoformat() if e.last_visit_on else "never",
            e.days_since_last_visit, e.strategic_accounts_90d, e.planned_next_30d,
        )
        for e in c.executives
    ]  # fmt: skip
    lines = [
        f"Coverage as of {c.as_of.isoformat()}",
        "",
        table(
            (
                "Executive",
                "Email",
                "30d",
                "90d",
                "Target/mo",
                "Last visit",
                "Days",
                "Strat 90d",
                "Planned 30d",
            ),
            execs,
        ),  # fmt: skip
        "",
    ]
    shown = c.strategic_accounts[:accounts]
    rows = [
        (
            a.account_id, a.name, a.city,
            a.last_exec_visit_on.isoformat() if a.last_exec_visit_on else "NEVER",
            a.days_since_exec_visit, len(a.executives),
            (a.most_senior_met.title or a.most_senior_met.name) if a.most_senior_met else "",
            f"{a.circle.contacts} ({a.circle.contacts_before})",
            f"{a.circle.vp_plus} ({a.circle.vp_plus_before})",
        )
        for a in shown
    ]  # fmt: skip
    lines.append(
        f"Strategic accounts: {len(c.strategic_accounts)}, "
        f"covered in 90 days: {c.strategic_covered_90d_pct:.1f}%"
    )
    lines.append(
        table(
            (
                "Account",
                "Name",
                "City",
                "Last exec visit",
                "Days",
                "Execs",
                "Most senior met",
                "Contacts 90d (before)",
                "VP+ 90d (before)",
            ),
            rows,
        )  # fmt: skip
    )
    if len(c.strategic_accounts) > len(shown):
        lines.append(f"… and {len(c.strategic_accounts) - len(shown)} more (--accounts N, --json)")
    hm = c.heat_map
    lines += ["", "Done visits per week (weeks starting " + hm.weeks[0].isoformat() + ")"]
    lines.append(
        table(
            ("Executive", *(f"{w:%d%b}" for w in hm.weeks)),
            [(r.email, *r.counts) for r in hm.rows],
        )
    )
    if themes and any(t.count for t in themes):
        lines += ["", "Field friction (last 180 days)"]
        for t in themes:
            if t.count:
                quote = f' – "{t.quotes[0].text}"' if t.quotes else ""
                lines.append(f"  {t.count:4d}  {t.category}{quote}")
    return "\n".join(lines)


def impact_text(i: Impact) -> str:
    """Return the two cohorts side by side, with counts and rates."""

    def rate(r: float | None) -> str:
        return "–" if r is None else f"{100 * r:.0f}%"

    rows = [
        ("With an executive visit", i.visited.n, i.visited.advanced, rate(i.visited.rate)),
        ("Without", i.not_visited.n, i.not_visited.advanced, rate(i.not_visited.rate)),
    ]
    return "\n".join(
        [
            f"Stalled strategic deals, {i.period_start.isoformat()} to {i.period_end.isoformat()}: "
            f"advanced at least one stage within {i.window_days} days",
            table(("Group", "Deals", "Advanced", "Rate"), rows),
        ]
    )


def suggestion_impact_text(s: SuggestionImpact) -> str:
    """Return acted on against not acted on, with what became of the suggestions not acted on."""

    def rate(r: float | None) -> str:
        return "–" if r is None else f"{100 * r:.0f}%"

    rows = [
        ("Suggestion acted on", s.acted.n, s.acted.advanced, rate(s.acted.rate)),
        ("Not acted on", s.not_acted.n, s.not_acted.advanced, rate(s.not_acted.rate)),
    ]
    return "\n".join(
        [
            "The same deals by what became of their suggestion (acted on: a visit planned from it):",
            table(("Group", "Deals", "Advanced", "Rate"), rows),
            f"Not acted on: {s.snoozed} snoozed, {s.dismissed} dismissed, {s.ignored} ignored.",
        ]
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def cadence_summary(c: Cadence) -> str:
    """Return one line: how many accounts are overdue (never met) and due within the horizon."""
    if not c.cadence_days:
        return "Executive-touch cadence: none set for any account tier."
    overdue, never = c.count(OVERDUE) + c.count(NEVER_MET), c.count(NEVER_MET)
    return (
        f"Executive-touch cadence: {_plural(overdue, 'account')} overdue ({never} never met), "
        f"{c.count(DUE_SOON)} due in the next {c.horizon_days} days (coverage --due lists them)"
    )


def _when(a: DueAccount) -> str:
    if a.days_until_due is None:
        return "never met"
    if a.days_until_due < 0:
        return f"{_plural(-a.days_until_due, 'day')} overdue"
    return "due today" if a.days_until_due == 0 else f"in {_plural(a.days_until_due, 'day')}"


def due_text(c: Cadence, accounts: list[DueAccount], executive: str | None = None) -> str:
    """Return the stay-in-touch list: each account's last touch, next due date and who goes."""
    if not c.cadence_days:
        return (
            "No account tier has an executive-touch cadence; set one in Settings → Visit cadence."
        )
    every = ", ".join(f"{tier} every {days} days" for tier, days in c.cadence_days.items())
    lines = [f"Due for an executive visit as of {c.as_of.isoformat()} ({every})"]
    if executive:
        lines.append(f"Accounts {executive} met last")
    if not accounts:
        lines.append("Nothing is due.")
        return "\n".join(lines)
    rows = [
        (
            a.account_id, a.name, a.tier,
            a.last_touch_on.isoformat() if a.last_touch_on else "never met",
            a.due_on.isoformat() if a.due_on else "now", _when(a),
            ", ".join(e.name for e in a.executives) or "unassigned",
            f"planned {a.planned_on.isoformat()}" if a.planned_on else "",
        )
        for a in accounts
    ]  # fmt: skip
    headers = ("Account", "Name", "Tier", "Last exec visit", "Next due", "When", "Executives")
    lines += ["", table((*headers, "Planned"), rows)]
    overdue = sum(1 for a in accounts if a.status in (OVERDUE, NEVER_MET))
    lines += ["", f"{_plural(overdue, 'account')} overdue, {len(accounts) - overdue} not yet."]
    return "\n".join(lines)
