"""Coverage in two steps (the figures first, the accounts after) and a planning package that
imports what is asked for: the same answers as in one go, and `coverage` starts sooner."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from fieldvisit import planning
from fieldvisit.planning.coverage import coverage, coverage_accounts, coverage_head
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from tests.cli_runs import fv_command, run_fv
from tests.planning.builders import AS_OF, Builder

RULES = Rules()


def test_the_head_s_figures_are_those_of_the_whole_coverage(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo = b.executive("ceo@us.example", target=2)
        cfo = b.executive("cfo@us.example")
        recent, stale, never = (b.account(n, tier="strategic") for n in ("Recent", "Old", "Never"))
        b.account("Small Co", tier="standard")
        b.visit(recent, AS_OF - timedelta(days=10), execs=(ceo, cfo))
        b.visit(stale, AS_OF - timedelta(days=200), execs=(cfo,))

        head = coverage_head(conn, AS_OF, RULES)
        whole = coverage_accounts(conn, head)

    assert (head.strategic_total, head.covered_90d, head.never_visited) == (3, 1, 1)
    assert head.uncovered_90d == 2
    assert head.strategic_covered_90d_pct == whole.strategic_covered_90d_pct == 33.3
    assert whole.executives == head.executives and whole.heat_map == head.heat_map
    by_name = {a.name: a for a in whole.strategic_accounts}
    assert by_name["Never"].last_exec_visit_on is None
    assert by_name["Recent"].executives == ("ceo@us.example", "cfo@us.example")
    assert sum(a.covered_90d for a in whole.strategic_accounts) == head.covered_90d


def test_in_two_steps_is_the_same_as_in_one(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        e = b.executive("ceo@us.example")
        acct = b.account("Globex", tier="strategic")
        b.visit(acct, AS_OF - timedelta(days=3), execs=(e,))
        assert coverage_accounts(conn, coverage_head(conn, AS_OF, RULES)) == coverage(
            conn, AS_OF, RULES
        )


def test_an_empty_workspace_has_no_figures_to_divide(workspace: Workspace) -> None:
    with workspace.connect() as conn:
        head = coverage_head(conn, AS_OF, RULES)
    assert (head.strategic_total, head.strategic_covered_90d_pct) == (0, 0.0)
    assert head.executives == () and head.heat_map.rows == ()


def test_the_planning_package_keeps_its_names_when_a_submodule_is_imported() -> None:
    import fieldvisit.planning.coverage  # noqa: F401 - the submodule of the same name
    import fieldvisit.planning.trips  # noqa: F401

    assert callable(planning.coverage) and planning.coverage.__name__ == "coverage"
    assert callable(planning.trips) and planning.trips.__name__ == "trips"
    assert planning.Coverage.__name__ == "Coverage"
    assert set(planning.__all__) <= set(dir(planning))
    with pytest.raises(AttributeError):
        planning.no_such_thing  # noqa: B018


def _imported(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


HEAVY = ("fieldvisit.planning.actions", "fieldvisit.planning.trips", "holidays")


def test_coverage_imports_neither_actions_nor_trips_nor_holiday_calendars(tmp_path: Path) -> None:
    modules = _imported("-c", "import fieldvisit.planning.coverage")
    assert "fieldvisit.planning" in modules
    assert sorted(modules.intersection(HEAVY)) == []
    db = tmp_path / "ws.fieldvisit"
    assert run_fv(db, "init").returncode == 0
    command = fv_command(db, "coverage", "--json", "--as-of", AS_OF.isoformat())
    modules = _imported(*command[1:])
    assert "fieldvisit.planning.coverage" in modules  # the command did run
    assert sorted(modules.intersection(HEAVY)) == []
