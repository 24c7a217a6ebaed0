"""The account view: one account's facts as an executive reads them before walking in."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.errors import NotFound
from fieldvisit.planning import signals_for_deal
from fieldvisit.planning.account_view import AccountView, account_view
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder, noon

RULES = Rules()


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def _globex(conn: Connection) -> dict[str, int]:
    """Globex with two executives, three people, seven visits, three deals (two open)."""
    b = Builder(conn)
    dana = b.executive("dana@us.example", name="Dana Chief")
    rob = b.executive("rob@us.example", name="Rob Revenue", level="VP")
    rita = b.rep("rita@us.example", name="Rita Rep")
    acct = b.account("Globex", owner=rita)
    conn.execute(
        text("UPDATE account SET domains = :d, website = :w, industry = 'Logistics' WHERE id = :a"),
        {"d": "globex.com;globex.de", "w": "https://www.globex.example/", "a": acct},
    )
    other = b.account("Initech")
    casey = b.contact(acct, "Casey Buyer", title="VP Ops", seniority="VP", decision_maker=True)
    sam = b.contact(acct, "Sam User", title="Ops lead", seniority="Manager")
    cy = b.contact(acct, "Cy Suite", title="CEO", seniority="C")
    stuck = b.deal(acct, rita, name="Globex - Plant rollout", entered=ago(100), strategic=True)
    healthy = b.deal(acct, rita, name="Globex - Renewal", entered=ago(5), strategic=True)
    b.deal(acct, rita, name="Globex - Old", status="won")
    b.deal(other, rita, name="Initech - Elsewhere")
    b.activity(ago(2), deal=healthy, account=acct, contacts=(casey, sam))
    latest = b.visit(acct, ago(3), deal=stuck, execs=(dana,), contacts=(casey,))
    b.visit(acct, ago(40), execs=(dana, rob), contacts=(sam,))  # 6 May
    b.visit(acct, date(2025, 1, 10), execs=(rob,))
    b.visit(acct, ago(5), execs=(dana,), status="cancelled")  # not a touch
    b.visit(acct, ago(10), reps=(rita,))  # nobody senior: not a touch
    b.visit(acct, date(2024, 5, 20), execs=(dana,))  # before the 24 months
    b.visit(acct, AS_OF + timedelta(days=7), deal=stuck, execs=(dana,), status="planned")
    b.visit(other, ago(1), execs=(dana,), contacts=())  # another account
    debrief = b.debrief(latest, ago(2))
    conn.execute(
        text(
            "UPDATE debrief SET summary = 'Keen on the pilot', sentiment = 'better' WHERE id = :d"
        ),
        {"d": debrief},
    )
    for words, done in (("Send the pilot plan", False), ("Book the CFO call", True)):
        conn.execute(
            text(
                "INSERT INTO next_step(debrief_id, text, owner, due_on, done) "
                "VALUES (:d, :t, 'Rita Rep', :due, :done)"
            ),
            {"d": debrief, "t": words, "due": AS_OF + timedelta(days=3), "done": done},
        )
    b.snooze(healthy, AS_OF + timedelta(days=10))
    return {
        "account": acct,
        "stuck": stuck,
        "healthy": healthy,
        "latest": latest,
        "casey": casey,
        "sam": sam,
        "cy": cy,
    }


@pytest.fixture
def globex(workspace: Workspace) -> tuple[AccountView, dict[str, int], Workspace]:
    with workspace.begin() as conn:
        pks = _globex(conn)
    with workspace.connect() as conn:
        return account_view(conn, pks["account"], AS_OF, RULES), pks, workspace


def test_the_header_names_the_account_its_place_tier_owner_and_domains(globex) -> None:  # type: ignore[no-untyped-def]
    view, _pks, _ws = globex
    assert (view.name, view.city, view.country, view.tier) == (
        "Globex",
        "Chicago",
        "US",
        "strategic",
    )
    assert view.owner_rep == "Rita Rep" and view.industry == "Logistics"
    assert view.domains == ("globex.com", "globex.de", "globex.example")


def test_executive_touches_are_done_visits_with_an_executive_per_month(globex) -> None:  # type: ignore[no-untyped-def]
    view, _pks, _ws = globex
    months = [m.month for m in view.touches]
    assert len(months) == 24 and months[0] == date(2024, 7, 1) and months[-1] == date(2026, 6, 1)
    counted = {m.month: (m.visits, m.executives) for m in view.touches if m.visits}
    # The cancelled visit, the rep's visit, the planned one and 2024's are not touches.
    assert counted == {
        date(2026, 6, 1): (1, ("Dana Chief",)),
        date(2026, 5, 1): (1, ("Dana Chief", "Rob Revenue")),
        date(2025, 1, 1): (1, ("Rob Revenue",)),
    }
    assert view.last_exec_touch_on == ago(3)


def test_the_next_touch_is_due_by_the_tiers_cadence_and_the_planned_visit_shows(globex) -> None:  # type: ignore[no-untyped-def]
    view, _pks, _ws = globex
    assert view.due is not None
    assert view.due.cadence_days == 90
    assert view.due.due_on == ago(3) + timedelta(days=90)
    assert view.due.planned_on == AS_OF + timedelta(days=7)


def test_the_circle_counts_people_engaged_and_lists_whom_executives_met(globex) -> None:  # type: ignore[no-untyped-def]
    view, pks, _ws = globex
    c = view.circle
    assert (c.contacts, c.vp_plus, c.contacts_before, c.vp_plus_before) == (2, 1, 0, 0)
    assert c.trend == "widening"
    met = [(p.contact_pk, p.last_met_on, p.visits) for p in view.people_met]
    assert met == [(pks["casey"], ago(3), 1), (pks["sam"], ago(40), 1)]


def test_people_come_decision_makers_first_then_by_seniority_with_last_engaged(globex) -> None:  # type: ignore[no-untyped-def]
    view, pks, _ws = globex
    people = [(p.contact_pk, p.decision_maker, p.last_engaged_on) for p in view.people]
    assert people == [
        (pks["casey"], True, ago(2)),  # the activity two days ago beats the visit three days ago
        (pks["cy"], False, None),
        (pks["sam"], False, ago(2)),
    ]


def test_open_deals_carry_the_signals_engine_words_most_urgent_first(globex) -> None:  # type: ignore[no-untyped-def]
    view, pks, ws = globex
    assert [d.signals.deal_pk for d in view.deals] == [pks["stuck"], pks["healthy"]]
    assert view.most_urgent_deal_pk == pks["stuck"]
    with ws.connect() as conn:
        same = signals_for_deal(conn, pks["stuck"], AS_OF, RULES)
    assert view.deals[0].signals.signals == same.signals and same.stalled
    assert view.deals[0].planned_on == AS_OF + timedelta(days=7)
    assert view.deals[1].snoozed_until == AS_OF + timedelta(days=10)


def test_the_timeline_is_newest_first_with_the_debrief_and_its_open_next_steps(globex) -> None:  # type: ignore[no-untyped-def]
    view, pks, _ws = globex
    starts = [v.start for v in view.timeline]
    assert starts == sorted(starts, reverse=True) and len(starts) == view.visits_total == 7
    assert starts[0] == noon(AS_OF + timedelta(days=7))
    assert isinstance(starts[0], datetime) and starts[0].tzinfo is not None
    latest = next(v for v in view.timeline if v.visit_pk == pks["latest"])
    assert (latest.summary, latest.sentiment) == ("Keen on the pilot", "better")
    assert [s.text for s in latest.next_steps] == ["Send the pilot plan"]  # done ones drop out
    assert view.open_next_steps == 1
    assert latest.executives == "Dana Chief"


def test_a_missing_account_is_named_in_the_error(workspace: Workspace) -> None:
    with workspace.connect() as conn, pytest.raises(NotFound, match="No account with key 404"):
        account_view(conn, 404, AS_OF, RULES)
