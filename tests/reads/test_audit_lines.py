"""The trail as the app shows it: "Planned by Dana on 3 Jun · changed by Priya on 5 Jun (…)"."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import text

from fieldvisit.debriefs.data import DebriefData
from fieldvisit.debriefs.records import save_debrief
from fieldvisit.planning.actions import update_visit
from fieldvisit.reads.audit_lines import account_changes, trail_sentence, visit_trail
from fieldvisit.store import Workspace
from fieldvisit.store.audit import record
from fieldvisit.store.identity import act_as
from fieldvisit.store.versions import Change, stamp
from tests.planning.builders import Builder

START = datetime(2026, 6, 23, 15, 0, tzinfo=UTC)


def _day(at: datetime) -> str:
    local = at.astimezone()
    return f"{local.day} {local:%b}"


def test_the_visit_trail_says_who_planned_and_who_changed_what(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        acct = b.account("Globex")
        ceo = b.executive("ceo@us.example", name="Cee Oh", city="Chicago")
        deal = b.deal(acct, b.rep("rep@us.example"), external_id="D1")
        visit = b.visit(acct, START, deal=deal, execs=(ceo,), status="planned", external_id="V7")
        planned_at = datetime(2026, 6, 3, 12, tzinfo=UTC)
        record(
            conn,
            person="Dana",
            action="planned",
            entity="visit",
            entity_key="V7",
            account_id=acct,
            fields=(),
            version=1,
            at=planned_at,
        )
    act_as(workspace, "Priya")
    with workspace.begin() as conn:
        update_visit(conn, visit, agenda="Pricing", objective="Unblock", seen=1)
    save_debrief(workspace, DebriefData(visit_id=visit, learned="Budget is there"), seen=0)
    with workspace.begin() as conn:  # as `snooze_deal` records a new snooze
        snooze = Builder(conn).snooze(deal, date(2026, 7, 1), "Budget freeze")
        stamp(conn, Change("snooze", snooze, "snoozed", ("until", "reason")), new=True)
    with workspace.connect() as conn:
        when = conn.execute(text("SELECT MAX(at) FROM change_log")).scalar()
        trail = visit_trail(conn, visit)
        recent = account_changes(conn, acct)
    today = _day(trail[-1].at)
    assert when is not None
    assert trail_sentence(trail) == (
        f"Planned by Dana on {_day(planned_at)} · changed by Priya on {today} (agenda, objective)"
        f" · debrief saved by Priya on {today} (what we learned)"
    )
    # The account page: newest first, each naming what it changed; never the text itself.
    words = [change.words() for change in recent]
    assert words[0].startswith("Snooze of ")
    assert words[0].endswith(f": snoozed by Priya on {today} (end date, reason)")
    assert words[1].startswith(f"Debrief of the {_day(START)} visit: debrief saved by Priya")
    assert words[-1] == f"Visit on {_day(START)}: planned by Dana on {_day(planned_at)}"
    assert not any("Budget is there" in w or "Pricing" in w for w in words)


def test_a_long_trail_keeps_the_first_change_and_the_last_ones(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        acct = b.account("Globex")
        visit = b.visit(acct, START, status="planned", external_id="V8")
    act_as(workspace, "Dana")
    for n in range(9):
        with workspace.begin() as conn:
            update_visit(conn, visit, agenda=f"Agenda {n}")
    with workspace.connect() as conn:
        sentence = trail_sentence(visit_trail(conn, visit))
    assert sentence.startswith("Changed by Dana on ")
    assert " · 3 more changes · " in sentence
    assert sentence.count("hanged by Dana") == 6
