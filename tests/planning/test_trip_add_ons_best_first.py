"""A trip's add-ons are the best stalled deals nearby, the same whether the trips are listed
(This week's side column, `fieldvisit trips`) or the suggestions are worked out, however many
stalled deals lie near a trip (more than fill it) and whether another trip never fills."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Connection

from fieldvisit.planning import plan_visit, trips
from fieldvisit.planning.add_ons import MAX_ADD_ONS, trip_claims
from fieldvisit.planning.signals import stalled_candidates
from fieldvisit.planning.suggest import held_deal_pks
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder

RULES = Rules()


def _plan(conn: Connection, exec_: int, deal: int, day: int) -> None:
    plan_visit(
        conn, deal_pk=deal, executive_pks=[exec_], rep_pks=[], contact_pks=[],
        start=datetime(2026, 6, day, 15, tzinfo=UTC), minutes=60, rules=RULES,
    )  # fmt: skip


def _world(conn: Connection, near_chicago: int, near_boston: int) -> None:
    """Valentina travels to Chicago and Paul to Boston (23-24 Jun); stalled deals lie near both,
    stuck for different lengths of time, so each has its own score (Boston's first)."""
    b = Builder(conn)
    rep = b.rep("rae@us.example", name="Rae Rep")
    for email, name, city, count, stuck in (
        ("paul@us.example", "Paul Park", "Boston", near_boston, 400),
        ("valentina@us.example", "Valentina Meyer", "Chicago", near_chicago, 60),
    ):
        who = b.executive(email, name=name, city="London")
        home = b.account(f"{city} HQ", city=city)
        on_trip = b.deal(home, rep, entered=AS_OF - timedelta(days=5))
        _plan(conn, who, on_trip, 23)
        _plan(conn, who, on_trip, 24)
        for i in range(count):
            account = b.account(f"{city} customer {i}", city=city)
            b.deal(account, rep, entered=AS_OF - timedelta(days=stuck + 3 * i), amount=300_000 + i)


def _every_claim(conn: Connection) -> dict[str, list[int]]:
    """Hand every free stalled deal out, best first, with nothing skipped."""
    held = held_deal_pks(conn, AS_OF)
    free = [c for c in stalled_candidates(conn, AS_OF, RULES) if c.deal_pk not in held]
    claims = trip_claims(conn, AS_OF, RULES, free)
    found: dict[str, list[int]] = {}
    for candidate in free:
        claim = claims.get(candidate.deal_pk)
        if claim is not None:
            found.setdefault(claim.trip_id, []).append(candidate.deal_pk)
    return found


def _listed(conn: Connection) -> dict[str, list[int]]:
    found = trips(conn, AS_OF, RULES)
    return {t.trip_id: [a.deal.deal_pk for a in t.add_ons] for t in found if t.add_ons}


def test_a_trip_near_many_stalled_deals_offers_the_best_few(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        _world(conn, near_chicago=100, near_boston=6)
        listed = _listed(conn)
        assert listed == _every_claim(conn)
        assert [len(v) for v in listed.values()] == [MAX_ADD_ONS, MAX_ADD_ONS]


def test_a_trip_that_never_fills_gets_every_deal_near_it(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        _world(conn, near_chicago=90, near_boston=2)
        listed = _listed(conn)
        assert listed == _every_claim(conn)
        assert sorted(len(v) for v in listed.values()) == [2, MAX_ADD_ONS]


def test_trips_can_be_listed_bare_and_their_add_ons_read_after(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        _world(conn, near_chicago=3, near_boston=1)
        bare = trips(conn, AS_OF, RULES, with_add_ons=False)
        full = trips(conn, AS_OF, RULES)
        assert [t.trip_id for t in bare] == [t.trip_id for t in full]
        assert all(not t.add_ons for t in bare) and any(t.add_ons for t in full)
