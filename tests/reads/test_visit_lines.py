"""Visit lists as the Week and Visits pages read them from the core."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text

from fieldvisit.reads import visit_lines
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder


def _workspace(workspace: Workspace) -> dict[str, int]:
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo = b.executive("ceo@us.example", name="Dana Ceo", city="New York City")
        cto = b.executive("cto@us.example", name="Sam Cto", city="Boston")
        rep = b.rep("rep@us.example", name="Robin Rep")
        acct = b.account("Globex", city="Chicago")
        deal = b.deal(acct, rep, name="Plant rollout")
        soon = b.visit(acct, AS_OF + timedelta(days=2), deal=deal, execs=(ceo, cto), reps=(rep,),
                       status="planned", minutes=90)  # fmt: skip
        later = b.visit(acct, AS_OF + timedelta(days=40), status="planned")
        overdue = b.visit(acct, AS_OF - timedelta(days=3), status="planned")
        done = b.visit(acct, AS_OF - timedelta(days=10), execs=(ceo,))
        gone = b.visit(acct, AS_OF - timedelta(days=20), status="cancelled")
        b.debrief(done, AS_OF - timedelta(days=9))
        conn.execute(
            text(
                "INSERT INTO trip (external_id, executive_id, name, starts_on, ends_on) "
                "VALUES ('T-1', :e, 'Midwest', '2026-06-16', '2026-06-18')"
            ),
            {"e": ceo},
        )
    return {"soon": soon, "later": later, "overdue": overdue, "done": done, "gone": gone}


def test_the_lists_split_planned_overdue_and_past_visits(workspace: Workspace) -> None:
    keys = _workspace(workspace)
    with workspace.connect() as conn:
        upcoming = visit_lines.upcoming_visits(conn, AS_OF, days=28)
        planned = visit_lines.planned_visits(conn, AS_OF)
        overdue = visit_lines.overdue_visits(conn, AS_OF)
        past = visit_lines.past_visits(conn, AS_OF)
        counts = visit_lines.count_visits(conn, AS_OF)
        trips = visit_lines.trip_ids(conn)
    assert [v.pk for v in upcoming] == [keys["soon"]]  # the one in 40 days is beyond 28
    assert [v.pk for v in planned] == [keys["soon"], keys["later"]]
    assert [v.pk for v in overdue] == [keys["overdue"]]
    assert [v.pk for v in past] == [keys["done"], keys["gone"]]
    assert counts == (2, 2)
    assert list(trips.values()) == ["T-1"]


def test_a_visit_line_carries_its_people_place_and_debrief(workspace: Workspace) -> None:
    keys = _workspace(workspace)
    with workspace.connect() as conn:
        soon = visit_lines.visit_line(conn, keys["soon"])
        done = visit_lines.visit_line(conn, keys["done"])
        assert visit_lines.visit_line(conn, 99_999) is None
    assert soon is not None and done is not None
    assert (soon.account_name, soon.account_city, soon.account_tz) == (
        "Globex",
        "Chicago",
        "America/Chicago",
    )
    assert soon.deal_name == "Plant rollout" and soon.status == "planned"
    assert soon.executives == "Dana Ceo, Sam Cto" and soon.reps == "Robin Rep"
    assert (soon.executive_tz, soon.executive_city) == ("America/New_York", "New York City")
    assert soon.minutes == 90 and soon.start.utcoffset() == timedelta(0)
    assert soon.start.date() == date(2026, 6, 17)
    assert done.has_debrief and not soon.has_debrief
