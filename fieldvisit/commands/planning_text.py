"""Readable, aligned text for the planning commands (what `--json` leaves out is the layout)."""

from __future__ import annotations

from collections.abc import Sequence

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


def suggestions_text(
    found: list[Suggestion], held: list[HeldDeal], as_of: str, missing: Sequence[str] = ()
) -> str:
    """Return the suggestion table, each row followed by its signals and reasons.

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
        for i, s in enumerate(found, 1):
            lines.append(f"{i}. {s.deal.deal_id} {s.deal.deal_name} ({s.deal.stage})")
            lines.append("   Signals: " + "; ".join(sig.detail for sig in s.deal.signals))
            lines.append(f"   Why {s.executive.name}: " + "; ".join(s.executive.reasons))
            lines.append(f"   When: {s.window_reason}")
            if s.alternatives:
                alts = ", ".join(f"{a.name} ({a.score:.1f})" for a in s.alternatives)
                lines.append(f"   Alternatives: {alts}")
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
