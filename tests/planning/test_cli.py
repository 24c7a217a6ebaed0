"""The planning commands as a script sees them: JSON shapes, ids on the last line, exit codes."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from fieldvisit.cli import main
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder

ASOF = AS_OF.isoformat()


@pytest.fixture
def world(workspace: Workspace, workspace_db: str) -> str:
    """A workspace file with two stalled strategic deals, one executive visit and a debrief."""
    with workspace.begin() as conn:
        b = Builder(conn)
        ceo = b.executive("ceo@us.example", name="Cee Oh", city="Chicago", target=4)
        b.executive("vp@us.example", name="Vee Pee", level="VP", city="Boston")
        rep = b.rep("rep@us.example", name="Rae Rep")
        globex = b.account("Globex", external_id="GLOBEX")
        hooli = b.account("Hooli", external_id="HOOLI", city="Boston")
        cfo = b.contact(globex, "Carla", title="CFO", seniority="C", decision_maker=True,
                        external_id="C-CFO")  # fmt: skip
        b.contact(globex, "Una", seniority="Staff", external_id="C-UNA")
        b.deal(globex, rep, external_id="D-GLOBEX", entered=AS_OF - timedelta(days=60))
        b.deal(hooli, rep, external_id="D-HOOLI", entered=AS_OF - timedelta(days=45))
        visit = b.visit(globex, AS_OF - timedelta(days=10), execs=(ceo,), contacts=(cfo,))
        b.debrief(visit, AS_OF - timedelta(days=9), friction="Security review took weeks",
                  categories=("Security review",))  # fmt: skip
    return workspace_db


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_suggest_json_has_the_documented_keys(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", str(world), "suggest", "--as-of", ASOF, "--json")
    assert code == 0
    found = json.loads(out)
    # Hooli also lacks an executive and a decision maker: it comes first.
    assert [s["deal_id"] for s in found] == ["D-HOOLI", "D-GLOBEX"]
    assert found[0]["score"] > found[1]["score"]
    first = found[1]
    assert {"deal_id", "account_id", "score", "signals", "executive", "alternatives",
            "rep_email", "window"} <= set(first)  # fmt: skip
    assert first["account_id"] == "GLOBEX" and first["rep_email"] == "rep@us.example"
    assert first["signals"][0] == {
        "code": "stage_age",
        "detail": "In Proposal for 60 days, limit 30",
        "weight": 3.0,
        "stalls": True,
    }
    assert first["executive"]["email"] == "ceo@us.example"
    assert "Cee met Globex in June" in first["executive"]["reasons"]
    assert {"email", "reasons"} <= set(first["alternatives"][0])
    assert first["window"] == {  # Fri 19 Jun is Juneteenth, a US public holiday
        "start": "2026-06-16",
        "end": "2026-06-18",
        "reason": "Cee's plan is free: Tue 16 Jun – Thu 18 Jun",
    }
    assert first["status"] == "suggested"
    code, out, _ = run(
        capsys, "--db", str(world), "suggest", "--as-of", ASOF, "--json", "--limit", "1"
    )
    assert [s["deal_id"] for s in json.loads(out)] == ["D-HOOLI"]


def test_suggest_without_json_prints_a_table_with_reasons(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", str(world), "suggest", "--as-of", ASOF)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["#", "Deal", "Account", "City"]
    assert set(lines[1]) <= {"-", " "}
    assert "D-HOOLI" in lines[2] and "vp@us.example" in lines[2]
    assert "D-GLOBEX" in lines[3] and "ceo@us.example" in lines[3]
    assert "   Why: Stuck in Proposal twice the 30 days allowed" in out
    assert "   Who: Cee has met them before (June)" in out


def test_coverage_json(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(world), "coverage", "--as-of", ASOF, "--json")
    assert code == 0
    cov = json.loads(out)
    assert cov["as_of"] == ASOF
    ceo = next(e for e in cov["executives"] if e["email"] == "ceo@us.example")
    assert {
        k: ceo[k]
        for k in (
            "visits_30d",
            "visits_90d",
            "monthly_target",
            "last_visit_on",
            "days_since_last_visit",
        )
    } == {  # fmt: skip
        "visits_30d": 1,
        "visits_90d": 1,
        "monthly_target": 4,
        "last_visit_on": "2026-06-05",
        "days_since_last_visit": 10,
    }
    accounts = {a["account_id"]: a for a in cov["strategic_accounts"]}
    assert accounts["GLOBEX"]["executives"] == ["ceo@us.example"]
    assert accounts["GLOBEX"]["most_senior_met"]["title"] == "CFO"
    assert accounts["HOOLI"]["last_exec_visit_on"] is None
    assert cov["strategic_covered_90d_pct"] == 50.0
    assert len(cov["heat_map"]["weeks"]) == 12
    security = next(t for t in cov["friction_themes"] if t["category"] == "Security review")
    assert security["count"] == 1 and security["quotes"][0]["text"] == "Security review took weeks"


def test_impact_json(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(world), "impact", "--as-of", ASOF, "--json")
    assert code == 0
    result = json.loads(out)
    assert set(result) >= {"as_of", "visited", "not_visited"}
    assert set(result["visited"]) == {"n", "advanced", "rate"}
    code, out, _ = run(capsys, "--db", str(world), "impact", "--as-of", ASOF)
    assert "With an executive visit" in out


def test_plan_prints_the_visit_id_last_and_holds_the_deal(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", str(world), "plan", "--deal", "D-GLOBEX", "--as-of", ASOF)
    assert code == 0
    visit_id = out.strip().splitlines()[-1]
    assert visit_id == "V000001"
    code, out, _ = run(capsys, "--db", str(world), "suggest", "--as-of", ASOF, "--json",
                       "--include-held")  # fmt: skip
    entries = {s["deal_id"]: s for s in json.loads(out)}
    assert entries["D-GLOBEX"]["status"] == "planned"
    assert entries["D-GLOBEX"]["held"]["visit_id"] == visit_id
    assert entries["D-HOOLI"]["status"] == "suggested"
    code, out, _ = run(capsys, "--db", str(world), "visit-status", "--visit", visit_id,
                       "--status", "cancelled")  # fmt: skip
    assert code == 0
    code, out, _ = run(capsys, "--db", str(world), "suggest", "--as-of", ASOF, "--json")
    assert sorted(s["deal_id"] for s in json.loads(out)) == ["D-GLOBEX", "D-HOOLI"]


def test_plan_with_explicit_executive_start_and_contacts(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "--db", str(world), "plan", "--deal", "D-HOOLI", "--exec", "VP@us.example",
        "--start", "2026-06-24T09:30", "--minutes", "45", "--contacts", "C-UNA;C-CFO",
        "--as-of", ASOF,
    )  # fmt: skip
    assert code != 0  # those contacts work at Globex, not Hooli
    code, out, _ = run(
        capsys, "--db", str(world), "plan", "--deal", "D-GLOBEX", "--exec", "VP@us.example",
        "--start", "2026-06-24T09:30", "--minutes", "45", "--contacts", "C-UNA",
        "--as-of", ASOF,
    )  # fmt: skip
    assert code == 0
    assert "Vee Pee" in out
    # 09:30 in Chicago (CDT, UTC-5) is 14:30 UTC
    assert "Wed 24 Jun 2026, 09:30 Chicago time (14:30 UTC)" in out


def test_snooze_keeps_the_deal_quiet(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    until = (AS_OF + timedelta(days=14)).isoformat()
    code, out, _ = run(capsys, "--db", str(world), "snooze", "--deal", "D-HOOLI", "--until",
                       until, "--reason", "Budget freeze", "--as-of", ASOF)  # fmt: skip
    assert code == 0 and "Snoozed D-HOOLI until 2026-06-29" in out
    code, out, _ = run(capsys, "--db", str(world), "suggest", "--as-of", ASOF, "--json")
    assert [s["deal_id"] for s in json.loads(out)] == ["D-GLOBEX"]
    later = (date.fromisoformat(until)).isoformat()
    code, out, _ = run(capsys, "--db", str(world), "suggest", "--as-of", later, "--json")
    assert "D-HOOLI" in [s["deal_id"] for s in json.loads(out)]


def test_unknown_ids_fail_with_one_line(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(world), "plan", "--deal", "NOPE", "--as-of", ASOF)
    assert code == 1 and err == "fieldvisit: No deal 'NOPE' in this workspace.\n"
    code, _, err = run(
        capsys, "--db", str(world), "visit-status", "--visit", "V9", "--status", "done"
    )
    assert code == 1 and "No visit 'V9'" in err
    code, _, err = run(capsys, "--db", str(world), "snooze", "--deal", "D-HOOLI", "--until",
                       "2026-07-01", "--reason", " ")  # fmt: skip
    assert code == 1 and "needs a reason" in err
