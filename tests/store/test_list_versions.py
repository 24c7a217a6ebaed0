"""What a list shows carries its version, and a save from it names that version (both engines):
the Visits list's lines and the deal pane's running snooze. Changed by someone else since, the
save is a Conflict and nothing is written."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from fieldvisit.planning.actions import set_visit_status, update_visit
from fieldvisit.planning.snoozes import end_snooze, running_snooze, snooze_deal
from fieldvisit.reads.deal_detail import load_detail
from fieldvisit.reads.visit_lines import planned_visits, visit_line
from fieldvisit.store import Workspace
from fieldvisit.store.versions import Conflict
from tests.planning.builders import AS_OF
from tests.store.test_versions import _world, second  # noqa: F401  (the second person)


def test_a_visit_line_carries_its_version_and_a_stale_one_conflicts(
    workspace: Workspace,
    second: Workspace,  # noqa: F811
) -> None:
    w = _world(workspace)
    with workspace.connect() as conn:
        line = visit_line(conn, w["visit"])
        listed = planned_visits(conn, AS_OF)
    assert line is not None and line.row_version == 1
    assert [v.row_version for v in listed if v.pk == w["visit"]] == [1]
    with second.begin() as conn:
        update_visit(conn, w["visit"], agenda="Priya's agenda", seen=line.row_version)
    with pytest.raises(Conflict) as caught, workspace.begin() as conn:
        set_visit_status(conn, w["visit"], "cancelled", seen=line.row_version)
    assert str(caught.value).startswith("Priya changed this visit's agenda")
    with workspace.connect() as conn:
        status = conn.execute(text("SELECT status FROM visit WHERE id = :v"), {"v": w["visit"]})
        assert status.scalar() == "planned", "nothing saved silently"
        again = visit_line(conn, w["visit"])
    assert again is not None and again.row_version == 2
    with workspace.begin() as conn:  # from the version listed again: no conflict
        set_visit_status(conn, w["visit"], "cancelled", seen=again.row_version)
    with workspace.connect() as conn:
        after = visit_line(conn, w["visit"])
    assert after is not None and (after.status, after.row_version) == ("cancelled", 3)


def _snoozed_and_shown(workspace: Workspace) -> tuple[dict[str, int], Any]:
    """Dana snoozes the deal; return the world and the deal pane as it shows the snooze."""
    w = _world(workspace)
    with workspace.begin() as conn:
        snooze_deal(conn, w["deal"], date(2026, 7, 20), "Budget first", as_of=AS_OF, seen=0)
    with workspace.connect() as conn:
        return w, load_detail(conn, w["deal"], AS_OF, "[]")


def test_the_deal_pane_carries_the_snooze_version_and_ending_a_stale_one_conflicts(
    workspace: Workspace,
    second: Workspace,  # noqa: F811
) -> None:
    w, shown = _snoozed_and_shown(workspace)
    assert shown is not None and shown.snoozed is not None and shown.snoozed.version == 1
    with second.begin() as conn:
        snooze_deal(conn, w["deal"], date(2026, 8, 1), "Priya waits", as_of=AS_OF, seen=1)
    with pytest.raises(Conflict), workspace.begin() as conn:
        end_snooze(conn, w["deal"], as_of=AS_OF, seen=shown.snoozed.version)
    with workspace.connect() as conn:
        still = running_snooze(conn, w["deal"], AS_OF)
    assert still is not None and (still.reason, still.version) == ("Priya waits", 2)
    with workspace.begin() as conn:
        assert end_snooze(conn, w["deal"], as_of=AS_OF, seen=still.version) is not None
    with workspace.connect() as conn:
        assert running_snooze(conn, w["deal"], AS_OF) is None


def test_ending_a_snooze_someone_else_ended_names_them(
    workspace: Workspace,
    second: Workspace,  # noqa: F811
) -> None:
    w, shown = _snoozed_and_shown(workspace)
    assert shown is not None and shown.snoozed is not None
    with second.begin() as conn:
        assert end_snooze(conn, w["deal"], as_of=AS_OF, seen=shown.snoozed.version) is not None
    with pytest.raises(Conflict) as caught, workspace.begin() as conn:
        end_snooze(conn, w["deal"], as_of=AS_OF, seen=shown.snoozed.version)
    assert str(caught.value).startswith("Priya changed this snooze")
    with workspace.begin() as conn:  # Keep mine: there is nothing left to end, and that is fine
        assert end_snooze(conn, w["deal"], as_of=AS_OF, seen=2, kept_over=True) is None
