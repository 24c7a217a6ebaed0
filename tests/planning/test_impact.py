"""Impact: stalled deals with an executive visit against those without, same period."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fieldvisit.planning import impact
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder

RULES = Rules()
# The period is the 90 days ending 30 days before as_of: 16 Feb – 16 May 2026.
PERIOD_START = date(2026, 2, 16)
PERIOD_END = date(2026, 5, 16)


def test_the_period_leaves_room_for_the_follow_up_window(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        result = impact(conn, AS_OF, RULES)
        assert (result.period_start, result.period_end) == (PERIOD_START, PERIOD_END)
        assert result.window_days == 30
        assert (result.visited.n, result.visited.rate) == (0, None)


def _deal(b: Builder, acct: int, rep: int, stage: str, entered: date, ext: str) -> int:
    deal = b.deal(acct, rep, stage=stage, entered=entered, created=entered, external_id=ext)
    b.stage_change(deal, stage, entered)
    return deal


def test_visited_and_not_visited_stalled_deals_and_who_advanced(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo, rep, acct = b.executive("ceo@us.example"), b.rep("r@us.example"), b.account("Globex")
        long_ago = date(2025, 12, 1)  # in Proposal far past the 30-day limit at every reference
        visit_day = date(2026, 4, 1)

        moved = _deal(b, acct, rep, "Proposal", long_ago, "V-MOVED")
        b.visit(acct, visit_day, deal=moved, execs=(ceo,))
        b.stage_change(moved, "Negotiation", visit_day + timedelta(days=30))  # day 30: counts

        late = _deal(b, acct, rep, "Proposal", long_ago, "V-LATE")
        b.visit(acct, visit_day, deal=late, execs=(ceo,))
        b.stage_change(late, "Negotiation", visit_day + timedelta(days=31))  # too late

        lost = _deal(b, acct, rep, "Proposal", long_ago, "V-LOST")
        b.visit(acct, visit_day, deal=lost, execs=(ceo,))
        b.stage_change(lost, "Closed Lost", visit_day + timedelta(days=5))  # not an advance

        rep_only = _deal(b, acct, rep, "Proposal", long_ago, "N-REPONLY")
        b.visit(acct, visit_day, deal=rep_only, reps=(rep,))  # no executive: not visited
        b.stage_change(rep_only, "Negotiation", PERIOD_START + timedelta(days=10))

        _deal(b, acct, rep, "Proposal", long_ago, "N-STUCK")
        fresh = _deal(b, acct, rep, "Proposal", PERIOD_START - timedelta(days=3), "N-FRESH")
        b.activity(PERIOD_START - timedelta(days=1), deal=fresh)  # not stalled at the start
        _deal(b, acct, rep, "Closed Won", long_ago, "N-WON")  # closed: not in any group

        result = impact(conn, AS_OF, RULES)
        assert (result.visited.n, result.visited.advanced) == (3, 1)
        assert result.visited.rate == pytest.approx(1 / 3)
        assert (result.not_visited.n, result.not_visited.advanced) == (2, 1)


def test_a_visit_outside_the_period_does_not_count(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo, rep, acct = b.executive("ceo@us.example"), b.rep("r@us.example"), b.account("Globex")
        deal = _deal(b, acct, rep, "Proposal", date(2025, 12, 1), "D")
        b.visit(acct, PERIOD_END + timedelta(days=1), deal=deal, execs=(ceo,))
        result = impact(conn, AS_OF, RULES)
        assert (result.visited.n, result.not_visited.n) == (0, 1)
