"""Undo on a team workspace never writes over a change someone saved a moment earlier: Priya's
save lands between Dana's undo looking at the visit (or debrief) and writing it, and the undo is refused (a
Conflict naming the change, or "changed since") — checked under the row's lock or in the same
UPDATE that writes, so no window is left. Real PostgreSQL, two threads, no sleeps: the undo is
seen waiting for Priya's row lock in pg_stat_activity."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fieldvisit.debriefs.data import DebriefData
from fieldvisit.debriefs.records import save_debrief
from fieldvisit.debriefs.undo import put_back_debrief, saved_debrief
from fieldvisit.errors import FieldVisitError
from fieldvisit.planning import set_visit_status
from fieldvisit.planning import undo as u
from fieldvisit.store import Workspace
from fieldvisit.store.team import TeamWorkspace
from fieldvisit.store.versions import Change, Conflict, stamp
from tests.planning.builders import visit_row
from tests.planning.test_undo import _plan, _world

WAIT_SECONDS = 60
PRIYAS_AGENDA = "Priya: bring the CFO"


def someone_waits(ws: TeamWorkspace) -> bool:
    with ws.connect() as conn:
        waiting = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).scalar()
    return bool(waiting)


def priya_changes_the_agenda(conn: Connection, pk: int) -> None:
    seen = int(visit_row(conn, pk)["row_version"])
    stamp(conn, Change("visit", pk, "changed", ("agenda",), seen))
    conn.execute(
        text("UPDATE visit SET agenda = :a, updated_at = '2026-06-16 09:00:00' WHERE id = :v"),
        {"a": PRIYAS_AGENDA, "v": pk},
    )


def in_one_transaction(ws: Workspace, undo: Callable[[Connection], object]) -> Callable[[], None]:
    def run() -> None:
        with ws.begin() as conn:
            undo(conn)

    return run


def undo_during_priyas_save(
    ws: TeamWorkspace,
    pk: int,
    undo: Callable[[], object],
    save: Callable[[Connection, int], None] = priya_changes_the_agenda,
) -> BaseException | None:
    """Run `undo` while Priya's `save` (of the visit's agenda) is open; let her commit once the
    undo waits for her row lock; return what the undo raised."""
    priya = ws.engine.connect()
    saving = priya.begin()
    save(priya, pk)
    failed: list[BaseException] = []

    def run() -> None:
        try:
            undo()
        except BaseException as exc:  # handed to the test thread
            failed.append(exc)

    dana = threading.Thread(target=run, daemon=True)
    dana.start()
    try:
        waited = False
        while dana.is_alive() and not waited:
            waited = someone_waits(ws)
        assert waited, f"the undo did not wait for Priya's save ({failed!r})"
    finally:
        saving.commit()
        priya.close()
    dana.join(WAIT_SECONDS)
    assert not dana.is_alive()
    return failed[0] if failed else None


def test_undoing_a_cancellation_after_someone_elses_save_is_a_conflict(
    team_workspace: TeamWorkspace,
) -> None:
    ws = team_workspace
    with ws.begin() as conn:
        pk = _plan(conn, _world(conn))
        set_visit_status(conn, pk, "cancelled")  # Dana cancels the visit…
        change = u.status_change(conn, pk, "planned")  # …and the app records how to undo it

    failed = undo_during_priyas_save(
        ws, pk, in_one_transaction(ws, lambda conn: u.revert_status(conn, change))
    )

    assert isinstance(failed, FieldVisitError), failed
    with ws.connect() as conn:
        row = visit_row(conn, pk)
    assert (row["status"], row["agenda"]) == ("cancelled", PRIYAS_AGENDA)


def test_undoing_a_plan_after_someone_elses_save_leaves_the_visit(
    team_workspace: TeamWorkspace,
) -> None:
    ws = team_workspace
    with ws.begin() as conn:
        pk = _plan(conn, _world(conn))
        planned = u.snapshot_visit(conn, pk)

    failed = undo_during_priyas_save(
        ws, pk, in_one_transaction(ws, lambda conn: u.remove_planned_visit(conn, planned))
    )

    assert isinstance(failed, u.UndoRefused) and "changed since" in str(failed), failed
    with ws.connect() as conn:
        assert visit_row(conn, pk)["agenda"] == PRIYAS_AGENDA


def test_the_undo_step_remembers_the_version_it_made(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        pk = _plan(conn, _world(conn))
        set_visit_status(conn, pk, "done")
        change = u.status_change(conn, pk, "planned")
        assert change.version == int(visit_row(conn, pk)["row_version"])
        back = u.revert_status(conn, change)
        assert back.version == change.version + 1
        with_stale = u.StatusChange(pk, "done", "planned", back.updated_at, change.version)
    try:
        with workspace.begin() as conn:
            u.revert_status(conn, with_stale)
    except Conflict:
        pass
    else:
        raise AssertionError("an undo from an older version was written")


def test_undoing_a_debrief_save_after_someone_elses_save_is_a_conflict(
    team_workspace: TeamWorkspace,
) -> None:
    ws = team_workspace
    with ws.begin() as conn:
        pk = _plan(conn, _world(conn))
        set_visit_status(conn, pk, "done")
    save_debrief(ws, DebriefData(visit_id=pk, summary="Dana's first words"))
    before = saved_debrief(ws, pk)
    save_debrief(ws, DebriefData(visit_id=pk, summary="Dana's second words"))
    after = saved_debrief(ws, pk)

    def priya_edits_the_debrief(conn: Connection, visit: int) -> None:
        seen = int(
            conn.execute(
                text("SELECT row_version FROM debrief WHERE visit_id = :v"), {"v": visit}
            ).scalar_one()
        )
        stamp(conn, Change("debrief", visit, "debrief", ("summary",), seen))
        conn.execute(
            text("UPDATE debrief SET summary = :s WHERE visit_id = :v"),
            {"s": "Priya's words", "v": visit},
        )

    failed = undo_during_priyas_save(
        ws, pk, lambda: put_back_debrief(ws, after, before), priya_edits_the_debrief
    )

    assert isinstance(failed, Conflict), failed
    assert saved_debrief(ws, pk).debrief.summary == "Priya's words"  # type: ignore[union-attr]
