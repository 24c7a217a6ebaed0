"""Undo and redo of planning actions: each inverse puts the workspace back as it was, and refuses
when that would hide a fact (invites sent) or overwrite a later change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.planning import plan_visit, set_visit_status
from fieldvisit.planning import undo as u
from fieldvisit.planning.outcomes import dismiss, dismissed
from fieldvisit.planning.snoozes import RunningSnooze, running_snooze, snooze_deal
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder, people, visit_row

START = datetime(2026, 6, 23, 15, 0, tzinfo=UTC)


def _world(conn: Connection) -> dict[str, int]:
    b = Builder(conn)
    acct = b.account("Globex")
    w = {
        "ceo": b.executive("ceo@us.example", name="Cee Oh", city="Chicago"),
        "rep": b.rep("rep@us.example"),
        "acct": acct,
        "cfo": b.contact(acct, "Carla", title="CFO", seniority="C", decision_maker=True),
    }
    w["deal"] = b.deal(acct, w["rep"], external_id="D1")
    return w


def _plan(conn: Connection, w: dict[str, int]) -> int:
    return plan_visit(
        conn,
        deal_pk=w["deal"],
        executive_pks=[w["ceo"]],
        rep_pks=[w["rep"]],
        contact_pks=[w["cfo"]],
        start=START,
        minutes=60,
        rules=Rules(),
    )


def _count(conn: Connection, sql: str, **params: object) -> int:
    return int(conn.execute(text(sql), params).scalar_one())


def test_undoing_a_plan_removes_the_visit_and_redo_puts_the_same_one_back(
    workspace: Workspace,
) -> None:
    with workspace.begin() as conn:
        w = _world(conn)
        pk = _plan(conn, w)
        before = visit_row(conn, pk)
        planned = u.snapshot_visit(conn, pk)
        u.remove_planned_visit(conn, planned)
        assert _count(conn, "SELECT COUNT(*) FROM visit WHERE id = :v", v=pk) == 0
        assert _count(conn, "SELECT COUNT(*) FROM suggestion_outcome WHERE outcome='planned'") == 0
        u.restore_planned_visit(conn, planned)
        after = visit_row(conn, pk)
        assert {k: after[k] for k in ("external_id", "internal_uid", "start", "status")} == {
            k: before[k] for k in ("external_id", "internal_uid", "start", "status")
        }
        assert people(conn, "visit_executive", "executive_id", pk) == {w["ceo"]}
        assert people(conn, "visit_contact", "contact_id", pk) == {w["cfo"]}
        assert (
            _count(conn, "SELECT COUNT(*) FROM suggestion_outcome WHERE visit_id = :v", v=pk) == 1
        )


def test_a_plan_whose_invites_were_sent_is_not_undone(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = _world(conn)
        pk = _plan(conn, w)
        planned = u.snapshot_visit(conn, pk)
        conn.execute(text("UPDATE visit SET sent_sequence = 0 WHERE id = :v"), {"v": pk})
        with pytest.raises(u.UndoRefused, match="Invites were sent; cancel the visit instead"):
            u.remove_planned_visit(conn, planned)
        assert _count(conn, "SELECT COUNT(*) FROM visit WHERE id = :v", v=pk) == 1


def test_a_plan_changed_since_is_not_undone(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = _world(conn)
        pk = _plan(conn, w)
        planned = u.snapshot_visit(conn, pk)
        conn.execute(
            text(
                "UPDATE visit SET agenda = 'later', updated_at = '2099-01-01 00:00:00' WHERE id = :v"
            ),
            {"v": pk},
        )
        with pytest.raises(u.UndoRefused, match="changed since"):
            u.remove_planned_visit(conn, planned)


def test_cancel_undone_restores_planned_and_redo_cancels_again(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        pk = _plan(conn, _world(conn))
        set_visit_status(conn, pk, "cancelled")
        change = u.status_change(conn, pk, "planned")
        back = u.revert_status(conn, change)
        assert visit_row(conn, pk)["status"] == "planned"
        u.revert_status(conn, back)
        assert visit_row(conn, pk)["status"] == "cancelled"


def test_a_sent_cancellation_is_not_undone(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        pk = _plan(conn, _world(conn))
        set_visit_status(conn, pk, "cancelled")
        change = u.status_change(conn, pk, "planned")
        conn.execute(text("UPDATE visit SET sent_sequence = sequence WHERE id = :v"), {"v": pk})
        with pytest.raises(u.UndoRefused, match="cancellation was sent"):
            u.revert_status(conn, change)


def test_a_status_changed_since_by_someone_else_is_left_alone(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        pk = _plan(conn, _world(conn))
        set_visit_status(conn, pk, "done")
        change = u.status_change(conn, pk, "planned")
        conn.execute(
            text("UPDATE visit SET updated_at = '2099-01-01 00:00:00' WHERE id = :v"), {"v": pk}
        )
        with pytest.raises(u.UndoRefused, match="changed since"):
            u.revert_status(conn, change)
        assert visit_row(conn, pk)["status"] == "done"


def test_unsnooze_puts_back_the_snooze_it_replaced_and_resnooze_redoes(
    workspace: Workspace,
) -> None:
    with workspace.begin() as conn:
        w = _world(conn)
        first = RunningSnooze(AS_OF + timedelta(days=5), "Budget first")
        snooze_deal(conn, w["deal"], first.until, first.reason, as_of=AS_OF)
        snooze_deal(conn, w["deal"], date(2026, 7, 13), "Customer asked", as_of=AS_OF)
        change = u.snooze_change(conn, w["deal"], first, AS_OF)
        u.unsnooze(conn, change, AS_OF)
        assert running_snooze(conn, w["deal"], AS_OF) == first
        again = u.resnooze(conn, change, AS_OF)
        assert running_snooze(conn, w["deal"], AS_OF) == RunningSnooze(
            date(2026, 7, 13), "Customer asked"
        )
        u.unsnooze(conn, again, AS_OF)
        assert running_snooze(conn, w["deal"], AS_OF) == first


def test_unsnooze_of_a_deal_never_snoozed_leaves_it_suggested(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = _world(conn)
        snooze_deal(conn, w["deal"], date(2026, 7, 13), "Customer asked", as_of=AS_OF)
        change = u.snooze_change(conn, w["deal"], None, AS_OF)
        u.unsnooze(conn, change, AS_OF)
        assert running_snooze(conn, w["deal"], AS_OF) is None
        assert _count(conn, "SELECT COUNT(*) FROM suggestion_outcome") == 0


def test_a_snooze_changed_since_is_not_undone(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = _world(conn)
        snooze_deal(conn, w["deal"], date(2026, 7, 13), "Customer asked", as_of=AS_OF)
        change = u.snooze_change(conn, w["deal"], None, AS_OF)
        snooze_deal(conn, w["deal"], date(2026, 8, 1), "A colleague's reason", as_of=AS_OF)
        with pytest.raises(u.UndoRefused, match="changed since"):
            u.unsnooze(conn, change, AS_OF)
        assert running_snooze(conn, w["deal"], AS_OF) == RunningSnooze(
            date(2026, 8, 1), "A colleague's reason"
        )


def test_undismiss_brings_the_suggestion_back_and_redismiss_redoes(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        w = _world(conn)
        dismiss(conn, w["deal"], "Being re-scoped", AS_OF)
        deal, reason, day = u.undismiss(conn, u.dismissal(conn, w["deal"]))
        assert dismissed(conn, w["deal"]) == {}
        assert _count(conn, "SELECT COUNT(*) FROM suggestion_outcome") == 0
        again = u.redismiss(conn, deal, reason, day)
        assert dismissed(conn, w["deal"]) == {w["deal"]: (AS_OF, "Being re-scoped")}
        conn.execute(
            text("UPDATE suggestion_outcome SET active = FALSE WHERE id = :o"), {"o": again}
        )
        with pytest.raises(u.UndoRefused, match="brought back since"):
            u.undismiss(conn, again)
