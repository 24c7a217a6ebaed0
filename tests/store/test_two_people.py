"""Two people on one team database (two connections, two TeamWorkspace objects): the second
save over the first's newer change is caught, naming the first person, and nothing is lost."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from fieldvisit.planning.actions import update_visit
from fieldvisit.reads.audit_lines import visit_trail, visit_version
from fieldvisit.store.identity import act_as
from fieldvisit.store.location import parse_team_url
from fieldvisit.store.team import TeamWorkspace, open_team_workspace
from fieldvisit.store.versions import Conflict
from tests.planning.builders import Builder

START = datetime(2026, 6, 23, 15, 0, tzinfo=UTC)


@pytest.fixture
def two_people(
    team_database: str, team_login: Callable[..., str]
) -> Iterator[tuple[TeamWorkspace, TeamWorkspace]]:
    url = parse_team_url(team_login(team_database))
    dana, priya = open_team_workspace(url), open_team_workspace(url)
    act_as(dana, "Dana")
    act_as(priya, "priya@example.com")
    try:
        yield dana, priya
    finally:
        dana.close()
        priya.close()


def planned_visit(ws: TeamWorkspace, external_id: str, *, with_deal: bool = False) -> int:
    """Write Globex, its CEO and a visit planned to meet them (on a deal of theirs if asked)."""
    with ws.begin() as conn:
        b = Builder(conn)
        acct = b.account("Globex")
        ceo = b.executive("ceo@us.example", name="Cee Oh", city="Chicago")
        deal = b.deal(acct, b.rep("rep@us.example"), external_id="D1") if with_deal else None
        return b.visit(
            acct, START, deal=deal, execs=(ceo,), status="planned", external_id=external_id
        )


def test_the_second_save_of_a_visit_is_a_conflict_naming_the_first_person(
    two_people: tuple[TeamWorkspace, TeamWorkspace],
) -> None:
    dana, priya = two_people
    visit = planned_visit(dana, "V9", with_deal=True)
    # Both load the same visit…
    with dana.connect() as conn:
        dana_seen = visit_version(conn, visit)
    with priya.connect() as conn:
        priya_seen = visit_version(conn, visit)
    assert dana_seen == priya_seen == 1
    # …the first saves…
    with priya.begin() as conn:
        update_visit(conn, visit, agenda="Pricing review", seen=priya_seen)
    # …the second's save raises Conflict naming the first, and stores nothing.
    with pytest.raises(Conflict) as caught, dana.begin() as conn:
        update_visit(conn, visit, agenda="Roll-out plan", objective="Unblock", seen=dana_seen)
    assert caught.value.person == "priya@example.com"
    assert str(caught.value).startswith("priya@example.com changed this visit's agenda at ")
    assert caught.value.theirs["agenda"] == "Pricing review"
    with dana.connect() as conn:
        agenda, version = conn.execute(
            text("SELECT agenda, row_version FROM visit WHERE id = :v"), {"v": visit}
        ).one()
    assert (agenda, version) == ("Pricing review", 2)
    # Keep mine: saved on top of Priya's version, and the trail says so.
    with dana.begin() as conn:
        update_visit(conn, visit, agenda="Roll-out plan", seen=caught.value.version, kept_over=True)
    with priya.begin() as conn:
        update_visit(conn, visit, objective="Meet the CFO", seen=3)
    with priya.connect() as conn:
        trail = visit_trail(conn, visit)
    assert [(t.person, t.action, t.fields, t.kept_over) for t in trail] == [
        ("priya@example.com", "changed", ("agenda",), False),
        ("Dana", "changed", ("agenda",), True),
        ("priya@example.com", "changed", ("objective",), False),
    ]


def test_two_saves_at_the_same_moment_one_waits_and_then_sees_the_conflict(
    two_people: tuple[TeamWorkspace, TeamWorkspace],
) -> None:
    """Dana's transaction holds the row; Priya's UPDATE waits for it, then finds the version moved."""
    import threading

    dana, priya = two_people
    visit = planned_visit(dana, "V10")
    outcome: list[BaseException | None] = []
    started = threading.Event()
    with dana.begin() as conn:
        update_visit(conn, visit, agenda="Dana's", seen=1)

        def priya_saves() -> None:
            started.set()
            try:
                with priya.begin() as other:
                    update_visit(other, visit, agenda="Priya's", seen=1)
                outcome.append(None)
            except Conflict as exc:
                outcome.append(exc)

        worker = threading.Thread(target=priya_saves)
        worker.start()
        started.wait()
        # Priya's save is blocked on Dana's row lock until Dana commits (leaving this block).
        assert not outcome
    worker.join()
    assert isinstance(outcome[0], Conflict)
    assert outcome[0].person == "Dana"
