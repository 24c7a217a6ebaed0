"""Executive-touch cadence: next due dates worked out by hand, overdue, never met, the filter.

As of Mon 15 Jun 2026; strategic accounts every 90 days, key every 180, standard none:
- ACME (strategic): Elena on 1 Apr (Tom on 1 Feb before) → due 30 Jun, in 15 days.
- BOLT (strategic): Elena and Tom on 1 Mar → due 30 May, 16 days overdue (a done visit dated
  after the as-of day does not count yet).
- CORE (key): Tom on 10 Jan → due 9 Jul, in 24 days.
- DYNO (strategic): only a rep went, an executive visit was cancelled → never met; an executive
  visit is planned for 22 Jun.
- FERN (key): Elena on 1 May → due 28 Oct, later than the coming month.
- ECHO (standard): Tom on 1 Jan 2025 → no cadence, not listed.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from fieldvisit.cli import main
from fieldvisit.errors import FieldVisitError
from fieldvisit.planning import coverage
from fieldvisit.planning.cadence import (
    DUE_SOON,
    LATER,
    NEVER_MET,
    OVERDUE,
    Cadence,
    cadence,
    check_cadence,
    due_accounts,
)
from fieldvisit.settings import Rules, save_rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder

ASOF = AS_OF.isoformat()
ELENA, TOM = "elena@us.example", "tom@us.example"


def build_world(b: Builder) -> None:
    """The six accounts of the module docstring."""
    elena = b.executive(ELENA, name="Elena Ruiz")
    tom = b.executive(TOM, name="Tom Berg", level="VP")
    rep = b.rep("rep@us.example")
    acme = b.account("Acme", external_id="ACME", tier="strategic")
    b.visit(acme, date(2026, 2, 1), execs=(tom,))
    b.visit(acme, date(2026, 4, 1), execs=(elena,))
    bolt = b.account("Bolt", external_id="BOLT", tier="strategic")
    b.visit(bolt, date(2026, 3, 1), execs=(elena, tom))
    b.visit(bolt, date(2026, 6, 16), execs=(elena,))  # after the as-of day
    core = b.account("Core", external_id="CORE", tier="key")
    b.visit(core, date(2026, 1, 10), execs=(tom,))
    dyno = b.account("Dyno", external_id="DYNO", tier="strategic")
    b.visit(dyno, date(2026, 5, 1), reps=(rep,))
    b.visit(dyno, date(2026, 5, 2), execs=(elena,), status="cancelled")
    b.visit(dyno, date(2026, 6, 22), execs=(tom,), status="planned")
    fern = b.account("Fern", external_id="FERN", tier="key")
    b.visit(fern, date(2026, 5, 1), execs=(elena,))
    echo = b.account("Echo", external_id="ECHO", tier="standard")
    b.visit(echo, date(2025, 1, 1), execs=(tom,))


@pytest.fixture
def world(workspace: Workspace, workspace_db: str) -> str:
    with workspace.begin() as conn:
        build_world(Builder(conn))
    return workspace_db


def _cadence(workspace: Workspace, rules: Rules | None = None) -> Cadence:
    with workspace.connect() as conn:
        return cadence(conn, AS_OF, rules or Rules())


def test_next_due_dates_are_the_last_touch_plus_the_tier_cadence(
    world: Path, workspace: Workspace
) -> None:
    found = _cadence(workspace)
    rows = [
        (a.account_id, a.last_touch_on, a.due_on, a.days_until_due, a.status)
        for a in found.accounts
    ]
    assert rows == [
        ("DYNO", None, None, None, NEVER_MET),
        ("BOLT", date(2026, 3, 1), date(2026, 5, 30), -16, OVERDUE),
        ("ACME", date(2026, 4, 1), date(2026, 6, 30), 15, DUE_SOON),
        ("CORE", date(2026, 1, 10), date(2026, 7, 9), 24, DUE_SOON),
        ("FERN", date(2026, 5, 1), date(2026, 10, 28), 135, LATER),
    ]
    by_id = {a.account_id: a for a in found.accounts}
    assert by_id["BOLT"].days_overdue == 16 and by_id["ACME"].days_overdue == 0
    assert by_id["DYNO"].days_overdue is None
    assert [a.cadence_days for a in found.accounts] == [90, 90, 90, 180, 180]


def test_accounts_belong_to_the_executives_at_their_last_touch(
    world: Path, workspace: Workspace
) -> None:
    by_id = {a.account_id: a for a in _cadence(workspace).accounts}
    assert [e.email for e in by_id["ACME"].executives] == [ELENA]  # not Tom, who went before
    assert [e.email for e in by_id["BOLT"].executives] == [ELENA, TOM]
    assert by_id["DYNO"].executives == ()  # never met: nobody's yet
    assert by_id["DYNO"].planned_on == date(2026, 6, 22)
    assert by_id["ACME"].planned_on is None


def test_a_tier_without_a_cadence_is_not_listed(world: Path, workspace: Workspace) -> None:
    ids = {a.account_id for a in _cadence(workspace).accounts}
    assert "ECHO" not in ids
    only_strategic = _cadence(workspace, Rules(cadence_days={"strategic": 90, "key": 0}))
    assert {a.account_id for a in only_strategic.accounts} == {"ACME", "BOLT", "DYNO"}
    weekly = _cadence(workspace, Rules(cadence_days={"strategic": 30}))
    assert {a.account_id: a.status for a in weekly.accounts}["ACME"] == OVERDUE  # due 1 May


def test_the_stay_in_touch_list_keeps_what_is_due_and_filters_by_executive(
    world: Path, workspace: Workspace
) -> None:
    found = _cadence(workspace)
    assert [a.account_id for a in due_accounts(found)] == ["DYNO", "BOLT", "ACME", "CORE"]
    assert [a.account_id for a in due_accounts(found, executive="TOM@us.example")] == [
        "BOLT",
        "CORE",
    ]
    assert [a.account_id for a in due_accounts(found, executive=ELENA)] == ["BOLT", "ACME"]
    assert [a.account_id for a in due_accounts(found, executive=ELENA, everything=True)] == [
        "BOLT",
        "ACME",
        "FERN",
    ]
    assert [e.email for e in found.executives] == [ELENA, TOM]


@pytest.mark.parametrize(
    ("days_ago", "status", "until"),
    [(91, OVERDUE, -1), (90, DUE_SOON, 0), (60, DUE_SOON, 30), (59, LATER, 31)],
)
def test_due_today_counts_as_due_and_the_coming_month_ends_30_days_on(
    workspace: Workspace, days_ago: int, status: str, until: int
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        b.visit(b.account("Gale"), AS_OF - timedelta(days=days_ago), execs=(b.executive(ELENA),))
    [acc] = _cadence(workspace).accounts
    assert (acc.status, acc.days_until_due) == (status, until)


def test_a_touch_is_what_coverage_counts(world: Path, workspace: Workspace) -> None:
    with workspace.connect() as conn:
        cov = coverage(conn, AS_OF, Rules())
    due = {a.account_id: a.last_touch_on for a in _cadence(workspace).accounts}
    for acc in cov.strategic_accounts:
        assert due[acc.account_id] == acc.last_exec_visit_on


def test_cadence_settings_are_checked() -> None:
    assert check_cadence({"strategic": 60, "key": 0}) == {"strategic": 60}
    with pytest.raises(FieldVisitError, match="No account tier 'gold'"):
        check_cadence({"gold": 30})
    with pytest.raises(FieldVisitError, match="0 \\(none\\) to 730 days"):
        check_cadence({"key": -1})


# ----- the command line ---------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_coverage_due_json(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(world), "coverage", "--due", "--as-of", ASOF, "--json")
    assert code == 0
    due = json.loads(out)
    assert due["as_of"] == ASOF and due["horizon_days"] == 30
    assert due["cadence_days"] == {"strategic": 90, "key": 180}
    assert [a["account_id"] for a in due["accounts"]] == ["DYNO", "BOLT", "ACME", "CORE"]
    bolt = due["accounts"][1]
    assert bolt == {
        "account_id": "BOLT",
        "name": "Bolt",
        "tier": "strategic",
        "city": "Chicago",
        "cadence_days": 90,
        "last_exec_touch_on": "2026-03-01",
        "executives": [ELENA, TOM],
        "next_due_on": "2026-05-30",
        "status": "overdue",
        "days_overdue": 16,
        "days_until_due": -16,
        "planned_visit_on": None,
    }
    dyno = due["accounts"][0]
    assert (dyno["status"], dyno["next_due_on"], dyno["planned_visit_on"]) == (
        "never_met",
        None,
        "2026-06-22",
    )


def test_coverage_due_for_one_executive_and_everything(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("--db", str(world), "coverage", "--due", "--as-of", ASOF)
    code, out, _ = run(capsys, *args, "--exec", "Elena@US.example", "--json")
    assert code == 0
    assert [a["account_id"] for a in json.loads(out)["accounts"]] == ["BOLT", "ACME"]
    code, out, _ = run(capsys, *args, "--all", "--json")
    assert [a["account_id"] for a in json.loads(out)["accounts"]][-1] == "FERN"
    code, out, err = run(capsys, *args, "--exec", "nobody@us.example")
    assert code != 0 and "nobody@us.example" in err and out == ""


def test_coverage_due_text_says_overdue_and_never_met(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", str(world), "coverage", "--due", "--as-of", ASOF)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Due for an executive visit as of 2026-06-15")
    dyno = next(line for line in lines if line.startswith("DYNO"))
    assert "never met" in dyno and "planned 2026-06-22" in dyno
    bolt = next(line for line in lines if line.startswith("BOLT"))
    assert "2026-05-30" in bolt and "16 days overdue" in bolt and "Elena Ruiz, Tom Berg" in bolt
    assert "FERN" not in out


def test_plain_coverage_counts_what_is_due(
    world: Path, workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", str(world), "coverage", "--as-of", ASOF)
    assert code == 0
    assert (
        "Executive-touch cadence: 2 accounts overdue (1 never met), 2 due in the next 30 days"
        in out
    )
    with workspace.begin() as conn:
        save_rules(conn, {"cadence_days": {}})
    code, out, _ = run(capsys, "--db", str(world), "coverage", "--due", "--as-of", ASOF)
    assert code == 0 and "No account tier has an executive-touch cadence" in out
