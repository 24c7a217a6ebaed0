"""An undo is a change too: the trail says who undid what, and an undone snooze's version moves on.
A redo that adds a row back checks and writes under the deal's lock, so two people redoing at once
do not add it twice (real PostgreSQL, two threads, the second seen waiting)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from fieldvisit.planning import undo as u
from fieldvisit.planning.outcomes import dismiss
from fieldvisit.planning.snoozes import RunningSnooze, end_snooze, running_snooze, snooze_deal
from fieldvisit.reads.audit_lines import account_changes, visit_trail
from fieldvisit.store import Workspace
from fieldvisit.store.identity import act_as
from fieldvisit.store.team import TeamWorkspace
from fieldvisit.store.versions import version_of
from tests.planning.builders import AS_OF
from tests.planning.test_undo import _plan, _world
from tests.planning.test_undo_race import undo_during_priyas_save


def _said(workspace: Workspace, account: int) -> list[str]:
    """The account's recent changes, newest first, without the day."""
    with workspace.connect() as conn:
        said = [change.words() for change in account_changes(conn, account)]
    return [re.sub(r" on \d{1,2} [A-Z][a-z]{2}", "", words) for words in said]


def test_undoing_a_plan_and_redoing_it_are_on_the_trail(workspace: Workspace) -> None:
    act_as(workspace, "Dana")
    with workspace.begin() as conn:
        w = _world(conn)
        pk = _plan(conn, w)
        planned = u.snapshot_visit(conn, pk)
        key = str(planned.row["external_id"])
    act_as(workspace, "Priya")
    with workspace.begin() as conn:
        u.remove_planned_visit(conn, planned)
    assert _said(workspace, w["acct"])[0] == f"Visit {key}: undone by Priya"
    with workspace.begin() as conn:
        u.restore_planned_visit(conn, planned)
        trail = [(line.action, line.person) for line in visit_trail(conn, pk)]
    assert trail == [("planned", "Dana"), ("undone", "Priya"), ("planned", "Priya")]


def test_undoing_a_snooze_is_on_the_trail_of_the_snooze_put_back(workspace: Workspace) -> None:
    act_as(workspace, "Dana")
    with workspace.begin() as conn:
        w = _world(conn)
        first = RunningSnooze(AS_OF + timedelta(days=5), "Budget first")
        snooze_deal(conn, w["deal"], first.until, first.reason, as_of=AS_OF)
        snooze_deal(conn, w["deal"], date(2026, 7, 13), "Customer asked", as_of=AS_OF)
        change = u.snooze_change(conn, w["deal"], first, AS_OF)
    act_as(workspace, "Priya")
    with workspace.begin() as conn:
        u.unsnooze(conn, change, AS_OF)
        assert running_snooze(conn, w["deal"], AS_OF) == first
    assert (
        _said(workspace, w["acct"])[0]
        == "Snooze of Platform renewal: undone by Priya (end date, reason)"
    )


def test_undoing_the_only_snooze_names_the_snooze_removed(workspace: Workspace) -> None:
    act_as(workspace, "Dana")
    with workspace.begin() as conn:
        w = _world(conn)
        snooze_deal(conn, w["deal"], date(2026, 7, 13), "Customer asked", as_of=AS_OF)
        change = u.snooze_change(conn, w["deal"], None, AS_OF)
        u.unsnooze(conn, change, AS_OF)
    said = _said(workspace, w["acct"])
    assert said[0] == "A snooze since removed: undone by Dana"
    assert said[1].endswith(": snoozed by Dana (end date, reason)")


def test_undoing_end_snooze_moves_the_snooze_version_on(workspace: Workspace) -> None:
    """A snooze dialog opened before the undo must not save over it silently."""
    act_as(workspace, "Dana")
    with workspace.begin() as conn:
        w = _world(conn)
        pk = snooze_deal(conn, w["deal"], date(2026, 7, 13), "Customer asked", as_of=AS_OF)
        ended = end_snooze(conn, w["deal"], as_of=AS_OF)
        assert ended is not None
        seen = version_of(conn, "snooze", pk)
    with workspace.begin() as conn:
        u.resume_snooze(conn, w["deal"], ended, AS_OF)
        assert running_snooze(conn, w["deal"], AS_OF) == ended
        assert version_of(conn, "snooze", pk) == seen + 1
    assert _said(workspace, w["acct"])[:2] == [
        "Snooze of Platform renewal: undone by Dana (end date)",
        "Snooze of Platform renewal: snooze ended by Dana",
    ]


def test_a_redo_waits_for_a_colleagues_snooze_and_then_refuses(
    team_workspace: TeamWorkspace,
) -> None:
    ws = team_workspace
    with ws.begin() as conn:
        w = _world(conn)
        snooze_deal(conn, w["deal"], date(2026, 7, 13), "Customer asked", as_of=AS_OF)
        change = u.snooze_change(conn, w["deal"], None, AS_OF)
        u.unsnooze(conn, change, AS_OF)  # Dana undid her snooze; Redo is on offer

    def priya_snoozes(conn, _pk: int) -> None:  # type: ignore[no-untyped-def]
        snooze_deal(conn, w["deal"], date(2026, 8, 3), "Priya: after the audit", as_of=AS_OF)

    def dana_redoes() -> None:
        with ws.begin() as conn:
            u.resnooze(conn, change, AS_OF)

    failed = undo_during_priyas_save(ws, w["deal"], dana_redoes, priya_snoozes)

    assert isinstance(failed, u.UndoRefused) and "changed since" in str(failed), failed
    with ws.connect() as conn:
        rows = conn.execute(
            text("SELECT until, reason FROM snooze WHERE deal_id = :d AND until > :t"),
            {"d": w["deal"], "t": AS_OF.isoformat()},
        ).all()
    assert [(str(until)[:10], reason) for until, reason in rows] == [
        ("2026-08-03", "Priya: after the audit")
    ]


def test_a_redismiss_waits_for_a_colleagues_dismissal_and_then_refuses(
    team_workspace: TeamWorkspace,
) -> None:
    ws = team_workspace
    with ws.begin() as conn:
        w = _world(conn)
        dismiss(conn, w["deal"], "Being re-scoped", AS_OF)
        deal, reason, day = u.undismiss(conn, u.dismissal(conn, w["deal"]))

    def priya_dismisses(conn, _pk: int) -> None:  # type: ignore[no-untyped-def]
        dismiss(conn, w["deal"], "Priya: wrong segment", AS_OF)

    def dana_redoes() -> None:
        with ws.begin() as conn:
            u.redismiss(conn, deal, reason, day)

    failed = undo_during_priyas_save(ws, w["deal"], dana_redoes, priya_dismisses)

    assert isinstance(failed, u.UndoRefused) and "dismissed again" in str(failed), failed
    with ws.connect() as conn:
        active = conn.execute(
            text(
                "SELECT reason FROM suggestion_outcome WHERE deal_id = :d "
                "AND outcome = 'dismissed' AND active = TRUE"
            ),
            {"d": w["deal"]},
        ).all()
    assert active == [("Priya: wrong segment",)]


@pytest.mark.parametrize("what", ["snooze", "dismissal"])
def test_a_redo_on_a_file_checks_what_is_there(workspace: Workspace, what: str) -> None:
    """The same refusal on a file (its writer's lock serialises the two)."""
    with workspace.begin() as conn:
        w = _world(conn)
        if what == "snooze":
            snooze_deal(conn, w["deal"], date(2026, 7, 13), "Customer asked", as_of=AS_OF)
            change = u.snooze_change(conn, w["deal"], None, AS_OF)
            u.unsnooze(conn, change, AS_OF)
            snooze_deal(conn, w["deal"], date(2026, 8, 3), "Someone else", as_of=AS_OF)
            with pytest.raises(u.UndoRefused):
                u.resnooze(conn, change, AS_OF)
        else:
            dismiss(conn, w["deal"], "Being re-scoped", AS_OF)
            deal, reason, day = u.undismiss(conn, u.dismissal(conn, w["deal"]))
            dismiss(conn, w["deal"], "Someone else", AS_OF)
            with pytest.raises(u.UndoRefused):
                u.redismiss(conn, deal, reason, day)


def test_a_visit_planned_after_an_undone_one_starts_a_trail_of_its_own(
    workspace: Workspace,
) -> None:
    act_as(workspace, "Dana")
    with workspace.begin() as conn:
        w = _world(conn)
        pk = _plan(conn, w)
        planned = u.snapshot_visit(conn, pk)
        u.remove_planned_visit(conn, planned)
    act_as(workspace, "Sam")
    with workspace.begin() as conn:
        again = _plan(conn, w)
        key = conn.execute(text("SELECT external_id FROM visit WHERE id = :v"), {"v": again})
        trail = [(line.action, line.person) for line in visit_trail(conn, again)]
    assert key.scalar_one() != planned.row["external_id"]  # never the undone visit's id
    assert trail == [("planned", "Sam")]


def test_a_snooze_after_an_undone_one_never_takes_its_key(workspace: Workspace) -> None:
    act_as(workspace, "Dana")
    with workspace.begin() as conn:
        w = _world(conn)
        first = snooze_deal(conn, w["deal"], date(2026, 7, 13), "Customer asked", as_of=AS_OF)
        u.unsnooze(conn, u.snooze_change(conn, w["deal"], None, AS_OF), AS_OF)
        second = snooze_deal(conn, w["deal"], date(2026, 8, 3), "Budget freeze", as_of=AS_OF)
    assert second != first
    said = _said(workspace, w["acct"])
    assert said[:2] == [
        "Snooze of Platform renewal: snoozed by Dana (end date, reason)",
        "A snooze since removed: undone by Dana",
    ]


def test_a_snooze_does_not_wait_for_an_import_updating_its_deal(
    team_workspace: TeamWorkspace,
) -> None:
    """An import holds the deals it updates until it commits; a snooze takes its own lock."""
    ws = team_workspace
    with ws.begin() as conn:
        w = _world(conn)
    importing = ws.engine.connect()
    importer = importing.begin()
    importing.execute(text("UPDATE deal SET stage = stage WHERE id = :d"), {"d": w["deal"]})
    try:
        with ws.begin() as conn:
            conn.exec_driver_sql("SET LOCAL lock_timeout = '5s'")
            snooze_deal(conn, w["deal"], date(2026, 7, 13), "Customer asked", as_of=AS_OF)
    finally:
        importer.rollback()
        importing.close()
    with ws.connect() as conn:
        assert running_snooze(conn, w["deal"], AS_OF) == RunningSnooze(
            date(2026, 7, 13), "Customer asked"
        )
