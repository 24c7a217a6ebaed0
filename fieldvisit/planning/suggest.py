"""Visit suggestions: the best executive for each stalled strategic deal, and when.

Deals are taken best score first; each suggestion counts against the chosen executive's capacity
and takes the first day of its window, so one executive is not proposed for every deal on the
same day. Snoozed deals and deals with a planned executive visit are held back (`held_deals`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Connection

from fieldvisit.errors import NotFound
from fieldvisit.gc_pause import gc_paused
from fieldvisit.planning import outcomes
from fieldvisit.planning.add_ons import TripClaim, claim_for_deal, trip_claims
from fieldvisit.planning.choice import Matchmaker
from fieldvisit.planning.facts import fetch_all
from fieldvisit.planning.people import ExecutiveField, Site
from fieldvisit.planning.periods import stored_utc, ts
from fieldvisit.planning.results import DealSignals, HeldDeal, Suggestion
from fieldvisit.planning.signals import signals_for_deal, stalled_candidates
from fieldvisit.planning.window import WindowPlanner, place_visit
from fieldvisit.planning.wording import day_month, weekday_day
from fieldvisit.settings import Rules
from fieldvisit.store.dialect import dialect_of
from fieldvisit.store.times import to_date

ALTERNATIVES = 3


@dataclass(frozen=True)
class _Snooze:
    until: date
    reason: str


@dataclass(frozen=True)
class _Planned:
    visit_pk: int
    visit_id: str
    start: str


def _snoozes(conn: Connection, as_of: date) -> dict[int, _Snooze]:
    """Return deal pk → the snooze that reaches furthest, for snoozes still running after as_of."""
    found: dict[int, _Snooze] = {}
    rows = fetch_all(
        conn,
        "SELECT deal_id, until, reason FROM snooze WHERE until > :as_of "
        f"ORDER BY deal_id, until DESC, {dialect_of(conn).bytewise('reason')}",
        {"as_of": as_of.isoformat()},
    )
    for deal_pk, until, reason in rows:
        found.setdefault(deal_pk, _Snooze(date.fromisoformat(until), reason))
    return found


def _planned(conn: Connection, as_of: date) -> dict[int, _Planned]:
    """Return deal pk → its earliest planned executive visit from as_of on."""
    found: dict[int, _Planned] = {}
    rows = fetch_all(
        conn,
        "SELECT v.deal_id, v.id, v.external_id, v.start FROM visit v "
        "WHERE v.status = 'planned' AND v.start >= :lo AND v.deal_id IS NOT NULL "
        "AND EXISTS (SELECT 1 FROM visit_executive ve WHERE ve.visit_id = v.id) "
        f"ORDER BY v.deal_id, v.start, {dialect_of(conn).bytewise('v.external_id')}",
        {"lo": ts(as_of)},
    )
    for deal_pk, visit_pk, visit_id, start in rows:
        found.setdefault(deal_pk, _Planned(visit_pk, visit_id, start))
    return found


def _places(
    conn: Connection, account_pks: set[int]
) -> dict[int, tuple[float | None, float | None]]:
    rows = fetch_all(
        conn,
        f"SELECT id, lat, lon FROM account WHERE id IN {dialect_of(conn).ids_in_json('ids')}",
        {"ids": json.dumps(sorted(account_pks))},
    )
    return {pk: (lat, lon) for pk, lat, lon in rows}


def _suggest(
    conn: Connection,
    deals: list[DealSignals],
    as_of: date,
    rules: Rules,
    status: dict[int, str],
    executive_pk: int | None = None,
    claims: dict[int, TripClaim] | None = None,
) -> list[Suggestion]:
    """Return a suggestion per deal, in the given order (each one loads the next's capacity).

    A deal in `claims` goes to its trip's executive on the trip's days (`planning.add_ons`).
    """
    if not deals:
        return []
    accounts = {d.account_pk for d in deals}
    field = ExecutiveField(conn, as_of, rules, accounts)
    if not field.executives:
        return []
    match = Matchmaker(field)
    places = _places(conn, accounts)
    forced = match.by_pk(executive_pk) if executive_pk is not None else None
    planner = WindowPlanner(field)  # working days, lead time, fair load
    out = []
    for deal in deals:
        place = places.get(deal.account_pk, (None, None))
        claim = (claims or {}).get(deal.deal_pk)
        lead = match.by_pk(claim.executive_pk) if claim is not None else forced
        ranked = match.rank(deal.account_pk, deal.account_name, place, 1 + ALTERNATIVES, lead)
        site = field.sites.get(deal.account_pk, Site(None, None))
        placed = place_visit(planner, match, ranked, site, pinned=lead is not None)
        best, ranked, window = placed.index, placed.ranked, placed.window
        start, end, why = window.first, window.last, window.why
        if claim is not None:  # the trip is the cheapest visit: its days, its reason
            start, end, why = claim.first_day, claim.last_day, claim.reason
        match.assign(best, start, site)
        out.append(
            Suggestion(
                deal=deal,
                executive=ranked[0],
                alternatives=tuple(ranked[1:]),
                rep_pk=deal.owner_rep_pk,
                rep_email=deal.owner_rep_email,
                rep_name=deal.owner_rep_name,
                window_start=start,
                window_end=end,
                window_reason=why,
                city=deal.account_city,
                status=status.get(deal.deal_pk, "suggested"),
                trip_id=claim.trip_id if claim is not None else None,
            )
        )
    return out


def suggest_visits(
    conn: Connection, as_of: date, rules: Rules, limit: int | None = None
) -> list[Suggestion]:
    """Return suggestions for stalled strategic deals (not snoozed, no planned exec visit).

    Best deal first; deterministic for the same data, as-of date and rules.
    """
    return suggestion_board(conn, as_of, rules, limit, with_held=False)[0]


def held_deals(conn: Connection, as_of: date, rules: Rules) -> list[HeldDeal]:
    """Return stalled strategic deals left out of suggestions because planned or snoozed."""
    return suggestion_board(conn, as_of, rules, limit=0)[1]


def suggestion_board(
    conn: Connection,
    as_of: date,
    rules: Rules,
    limit: int | None = None,
    *,
    with_held: bool = True,
) -> tuple[list[Suggestion], list[HeldDeal]]:
    """Return (suggestions, held-back deals) from one pass over the stalled deals.

    The same as `suggest_visits` and `held_deals`, for a page that shows both.
    """
    with gc_paused():  # a batch of many small objects without cycles: see `fieldvisit.gc_pause`
        return _board(conn, as_of, rules, limit, with_held)


def _board(
    conn: Connection, as_of: date, rules: Rules, limit: int | None, with_held: bool
) -> tuple[list[Suggestion], list[HeldDeal]]:
    snoozed, planned = _snoozes(conn, as_of), _planned(conn, as_of)
    dismissed = outcomes.dismissed(conn)
    ranked = stalled_candidates(conn, as_of, rules)
    kept_back = {*snoozed, *planned, *dismissed}
    free = [c for c in ranked if c.deal_pk not in kept_back]
    claims = trip_claims(conn, as_of, rules, free)  # before the limit: the same answer for all
    if limit is not None:
        free = free[: max(limit, 0)]
    found = _suggest(conn, [c.build() for c in free], as_of, rules, {}, claims=claims)
    held: list[HeldDeal] = []
    if with_held:
        for c in ranked:
            pk = c.deal_pk
            if pk in planned or pk in snoozed or pk in dismissed:
                held.append(
                    _held(c.build(), planned.get(pk), snoozed.get(pk), as_of, dismissed.get(pk))
                )
    return found, held


def held_deal_pks(conn: Connection, as_of: date) -> set[int]:
    """Return the pks of deals snoozed past as_of, dismissed, or with a planned executive visit
    ahead."""
    return set(_snoozes(conn, as_of)) | set(_planned(conn, as_of)) | set(outcomes.dismissed(conn))


def _held(
    deal: DealSignals,
    visit: _Planned | None,
    snooze: _Snooze | None,
    as_of: date,
    dismissal: tuple[date, str] | None = None,
) -> HeldDeal:
    """Return a held-back deal: a planned visit wins over a snooze, a snooze over a dismissal."""
    if visit is not None:
        day = to_date(visit.start)
        assert day is not None
        return HeldDeal(
            deal=deal,
            status="planned",
            detail=f"Visit {visit.visit_id} planned for {weekday_day(day, as_of)}",
            visit_pk=visit.visit_pk,
            visit_id=visit.visit_id,
            visit_start=stored_utc(visit.start),
        )
    if snooze is None:
        assert dismissal is not None
        day, reason = dismissal
        return HeldDeal(
            deal=deal,
            status="dismissed",
            detail=f"Dismissed on {day_month(day, as_of)} as not relevant: {reason}",
        )
    return HeldDeal(
        deal=deal,
        status="snoozed",
        detail=f"Snoozed until {day_month(snooze.until, as_of)}: {snooze.reason}",
        snoozed_until=snooze.until,
        snooze_reason=snooze.reason,
    )


def suggest_for_deal(
    conn: Connection, deal_pk: int, as_of: date, rules: Rules, executive_pk: int | None = None
) -> Suggestion:
    """Return the suggestion for one open deal, stalled or not (for the plan-visit dialog).

    With `executive_pk`, that executive is the choice (with their reasons and window) and the
    best others are the alternatives. Its status says "planned" or "snoozed" when the deal is
    held back from the suggestion list.
    """
    deal = signals_for_deal(conn, deal_pk, as_of, rules)
    if deal.status != "open":
        raise NotFound(f"Deal {deal.deal_id} is {deal.status}; only open deals get visits.")
    status = {}
    if deal_pk in _planned(conn, as_of):
        status[deal_pk] = "planned"
    elif deal_pk in _snoozes(conn, as_of):
        status[deal_pk] = "snoozed"
    claims: dict[int, TripClaim] = {}
    if not status:
        held = held_deal_pks(conn, as_of)
        claim = claim_for_deal(
            conn,
            deal.account_pk,
            deal_pk,
            as_of,
            rules,
            lambda: [c for c in stalled_candidates(conn, as_of, rules) if c.deal_pk not in held],
        )
        if claim is not None and executive_pk in (None, claim.executive_pk):
            claims[deal_pk] = claim
    found = _suggest(conn, [deal], as_of, rules, status, executive_pk, claims=claims)
    if not found:
        raise NotFound("There are no executives in this workspace yet; import them first.")
    return found[0]
