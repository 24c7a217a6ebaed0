"""Visit suggestions: who goes (and why), with whom, when; snoozed and planned deals held back."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fieldvisit.planning import held_deals, suggest_for_deal, suggest_visits
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder

RULES = Rules()
TUE = date(2026, 6, 16)


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def stalled(
    b: Builder, account: int, rep: int, deal_id: str = "D1", amount: float = 250_000
) -> int:
    """A strategic deal stuck in Proposal for 60 days."""
    return b.deal(account, rep, entered=ago(60), external_id=deal_id, amount=amount)


def test_continuity_wins_and_says_who_met_them_when(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        dana = b.executive("dana@us.example", name="Dana Scully", city="Boston")
        b.executive("fox@us.example", name="Fox Mulder", city="Boston")
        acct = b.account("Globex")
        stalled(b, acct, b.rep("rep@us.example"))
        b.visit(acct, date(2026, 3, 10), execs=(dana,))
        [s] = suggest_visits(conn, AS_OF, RULES)
        assert s.executive.email == "dana@us.example"
        assert "Dana met Globex in March" in s.executive.reasons
        assert [a.email for a in s.alternatives] == ["fox@us.example"]
        assert not any("met" in r for r in s.alternatives[0].reasons)


def test_c_level_meets_their_cfo(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("vp@us.example", level="VP", city="Boston")
        b.executive("ceo@us.example", level="C", city="Boston")
        acct = b.account("Globex")
        b.contact(acct, "Carla Fin", title="CFO", seniority="C", decision_maker=True)
        b.contact(acct, "Manny", seniority="Manager", decision_maker=True)
        stalled(b, acct, b.rep("rep@us.example"))
        [s] = suggest_visits(conn, AS_OF, RULES)
        assert s.executive.email == "ceo@us.example"
        assert "C-level meets their CFO" in s.executive.reasons
        seniority = {f.code: f.points for f in s.executive.factors}["seniority"]
        assert seniority == RULES.weight_seniority
        assert all(f.code != "seniority" for f in s.alternatives[0].factors)  # VP vs CFO: none


def test_a_director_calls_for_a_vp_not_the_ceo(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example", level="C", city="Boston")
        b.executive("vp@us.example", level="VP", city="Boston")
        acct = b.account("Globex")
        b.contact(acct, "Dee", title="Director of IT", seniority="Director", decision_maker=True)
        stalled(b, acct, b.rep("rep@us.example"))
        [s] = suggest_visits(conn, AS_OF, RULES)
        assert s.executive.email == "vp@us.example"
        assert s.executive.reasons[0] == "VP meets their Director of IT"


def test_the_executive_living_nearby_is_preferred(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("far@us.example", city="London")
        b.executive("near@us.example", city="Evanston")
        b.executive("mid@us.example", city="New York City")
        stalled(b, b.account("Globex", city="Chicago"), b.rep("rep@us.example"))
        [s] = suggest_visits(conn, AS_OF, RULES)
        assert s.executive.email == "near@us.example"
        assert "Lives 19 km away in Evanston" in s.executive.reasons
        assert [a.email for a in s.alternatives] == ["mid@us.example", "far@us.example"]
        prox = {a.email: {f.code: f.points for f in a.factors} for a in s.alternatives}
        assert 0 < prox["mid@us.example"]["proximity"] < RULES.weight_proximity
        assert "proximity" not in prox["far@us.example"]  # over 2,000 km: nothing


def test_an_executive_already_nearby_on_a_trip_gets_that_day(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        trav = b.executive("trav@us.example", name="Trav Eller", city="London")
        b.executive("home@us.example", city="New York City")
        other = b.account("Initech", city="Evanston")
        b.visit(other, datetime(2026, 6, 23, 15, tzinfo=UTC), execs=(trav,), status="planned")
        stalled(b, b.account("Globex", city="Chicago"), b.rep("rep@us.example"))
        [s] = suggest_visits(conn, AS_OF, RULES)
        assert s.executive.email == "trav@us.example"
        assert "Already in Evanston on Tue 23 Jun" in s.executive.reasons
        assert (s.window_start, s.window_end) == (date(2026, 6, 23), date(2026, 6, 23))
        assert s.window_reason == "Trav is already in Evanston on Tue 23 Jun"


def test_capacity_prefers_the_executive_under_target(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        busy = b.executive("busy@us.example", city="Boston", target=4)
        b.executive("free@us.example", city="Boston", target=4)
        elsewhere = b.account("Elsewhere", city="London", tier="standard")
        for day in (1, 2, 3, 4):
            b.visit(elsewhere, date(2026, 6, day), execs=(busy,))
        stalled(b, b.account("Globex"), b.rep("rep@us.example"))
        [s] = suggest_visits(conn, AS_OF, RULES)
        assert s.executive.email == "free@us.example"
        assert "0 of 4 visits this month" in s.executive.reasons
        alt = s.alternatives[0]
        assert {f.code: f for f in alt.factors}["capacity"].points == 0
        assert {f.code: f for f in alt.factors}["capacity"].reason == "4 of 4 visits this month"


def test_the_deal_owner_rides_along(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example")
        b.rep("other@us.example")
        owner = b.rep("owner@us.example", name="Olive Owner")
        stalled(b, b.account("Globex"), owner)
        [s] = suggest_visits(conn, AS_OF, RULES)
        assert (s.rep_pk, s.rep_email, s.rep_name) == (owner, "owner@us.example", "Olive Owner")
        assert s.city == "Chicago"


def test_the_window_is_the_first_free_business_days_of_the_week(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        # Lives near the customer (a day's notice); Fri 19 Jun is Juneteenth, a US holiday.
        e = b.executive("ceo@us.example", name="Cee Oh", city="Chicago")
        stalled(b, b.account("Globex"), b.rep("rep@us.example"))
        [s] = suggest_visits(conn, AS_OF, RULES)
        assert (s.window_start, s.window_end) == (TUE, date(2026, 6, 18))
        assert s.window_reason == "Cee's plan is free: Tue 16 Jun – Thu 18 Jun"
        london = b.account("Far away", city="London", tier="standard")
        b.visit(london, datetime(2026, 6, 16, 9, tzinfo=UTC), execs=(e,), status="planned")
        [s] = suggest_visits(conn, AS_OF, RULES)
        assert (s.window_start, s.window_end) == (date(2026, 6, 17), date(2026, 6, 18))
        assert s.window_reason.startswith("First free days in Cee's plan: Wed 17 Jun")


def test_a_weekend_as_of_starts_on_monday(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example", city="Chicago")
        stalled(b, b.account("Globex"), b.rep("rep@us.example"))
        [s] = suggest_visits(conn, date(2026, 6, 19), RULES)  # a Friday
        assert s.window_start == date(2026, 6, 22) and s.window_start.weekday() == 0


def test_one_executive_is_not_sent_everywhere_on_the_same_day(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("only@us.example", city="Chicago")
        rep = b.rep("rep@us.example")
        stalled(b, b.account("Globex"), rep, "D1", amount=500_000)
        stalled(b, b.account("Initech", city="Milwaukee"), rep, "D2", amount=300_000)
        first, second = suggest_visits(conn, AS_OF, RULES)
        assert (first.deal.deal_id, second.deal.deal_id) == ("D1", "D2")
        assert first.window_start == TUE and second.window_start == date(2026, 6, 17)
        assert (
            "1 more suggested" in {f.code: f for f in second.executive.factors}["capacity"].reason
        )


def test_a_snoozed_deal_is_held_until_its_date(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example")
        deal = stalled(b, b.account("Globex"), b.rep("rep@us.example"))
        b.snooze(deal, date(2026, 7, 1), "Budget freeze until July")
        assert suggest_visits(conn, AS_OF, RULES) == []
        [held] = held_deals(conn, AS_OF, RULES)
        assert held.status == "snoozed" and held.snoozed_until == date(2026, 7, 1)
        assert held.detail == "Snoozed until 1 Jul: Budget freeze until July"
        assert suggest_visits(conn, date(2026, 6, 30), RULES) == []
        [s] = suggest_visits(conn, date(2026, 7, 1), RULES)
        assert s.deal.deal_pk == deal
        assert suggest_for_deal(conn, deal, AS_OF, RULES).status == "snoozed"


def test_a_deal_with_a_planned_executive_visit_is_held_as_planned(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo = b.executive("ceo@us.example")
        rep = b.rep("rep@us.example")
        acct = b.account("Globex")
        deal = stalled(b, acct, rep)
        b.visit(
            acct, datetime(2026, 6, 10, 12, tzinfo=UTC), deal=deal, execs=(ceo,), status="planned"
        )
        b.visit(
            acct, datetime(2026, 6, 18, 12, tzinfo=UTC), deal=deal, reps=(rep,), status="planned"
        )
        # An overdue planned visit and a rep-only visit do not hold the deal back.
        assert [s.deal.deal_pk for s in suggest_visits(conn, AS_OF, RULES)] == [deal]
        b.visit(
            acct,
            datetime(2026, 6, 24, 12, tzinfo=UTC),
            deal=deal,
            execs=(ceo,),
            status="planned",
            external_id="V0042",
        )
        assert suggest_visits(conn, AS_OF, RULES) == []
        [held] = held_deals(conn, AS_OF, RULES)
        assert (held.status, held.visit_id) == ("planned", "V0042")
        assert held.detail == "Visit V0042 planned for Wed 24 Jun"


def test_limit_keeps_the_best_deals(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example")
        rep, acct = b.rep("rep@us.example"), b.account("Globex")
        for i, amount in enumerate((200_000, 900_000, 400_000)):
            stalled(b, acct, rep, f"D{i}", amount)
        assert [s.deal.deal_id for s in suggest_visits(conn, AS_OF, RULES, limit=2)] == ["D1", "D2"]
        assert len(suggest_visits(conn, AS_OF, RULES)) == 3


def test_no_executives_means_no_suggestions(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        stalled(b, b.account("Globex"), b.rep("rep@us.example"))
        assert suggest_visits(conn, AS_OF, RULES) == []
