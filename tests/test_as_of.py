"""One as-of date: a demo keeps its day, every command plans from it, `--as-of` looks elsewhere."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from fieldvisit.cli import main
from fieldvisit.store import Workspace, open_workspace
from fieldvisit.store.as_of import (
    AS_OF_KEY,
    local_today,
    store_as_of,
    stored_as_of,
    workspace_as_of,
    workspace_day,
)
from tests.planning.builders import AS_OF, Builder

LATER = AS_OF + timedelta(days=21)


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code = main(list(args))
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


@pytest.fixture
def stalled(workspace: Workspace, workspace_path: Path) -> Path:
    """A workspace with two stalled strategic deals and two executives to send."""
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example", name="Cee Oh", city="Chicago", target=4)
        b.executive("vp@us.example", name="Vee Pee", level="VP", city="Boston")
        rep = b.rep("rep@us.example", name="Rae Rep")
        globex = b.account("Globex", external_id="GLOBEX")
        b.contact(globex, "Carla", title="CFO", seniority="C", decision_maker=True)
        b.deal(globex, rep, external_id="D-GLOBEX", entered=AS_OF - timedelta(days=60))
        hooli = b.account("Hooli", external_id="HOOLI", city="Boston")
        b.deal(hooli, rep, external_id="D-HOOLI", entered=AS_OF - timedelta(days=45))
    return workspace_path


def test_a_demo_built_with_as_of_is_planned_as_of_that_day_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.fieldvisit"
    built = subprocess.run(
        [sys.executable, "-m", "fieldvisit", "--db", str(db), "demo", "--as-of", "2026-06-15"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr
    day = "2026-06-15"
    coverage = _json(capsys, "--db", str(db), "coverage", "--json")
    impact = _json(capsys, "--db", str(db), "impact", "--json")
    assert coverage["as_of"] == day and impact["as_of"] == day  # type: ignore[index]
    # suggest plans as of the demo's day: the same answer as asking for that day outright.
    plain = _json(capsys, "--db", str(db), "suggest", "--json", "--limit", "5")
    asked = _json(capsys, "--db", str(db), "suggest", "--json", "--limit", "5", "--as-of", day)
    assert plain == asked and plain
    # --as-of still looks at another day for that run only.
    other = _json(capsys, "--db", str(db), "coverage", "--json", "--as-of", LATER.isoformat())
    assert other["as_of"] == LATER.isoformat()  # type: ignore[index]
    assert _json(capsys, "--db", str(db), "coverage", "--json")["as_of"] == day  # type: ignore[index]


def test_a_workspace_without_a_date_of_its_own_plans_as_of_today(
    workspace: Workspace, workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = local_today().isoformat()
    assert _json(capsys, "--db", str(workspace_path), "coverage", "--json")["as_of"] == today  # type: ignore[index]
    with workspace.begin() as conn:
        store_as_of(conn, AS_OF)
    assert _json(capsys, "--db", str(workspace_path), "impact", "--json")["as_of"] == "2026-06-15"  # type: ignore[index]
    with workspace.begin() as conn:
        store_as_of(conn, None)  # cleared: back to today
        assert stored_as_of(conn) is None
    assert _json(capsys, "--db", str(workspace_path), "impact", "--json")["as_of"] == today  # type: ignore[index]


def test_suggest_and_plan_without_as_of_use_the_workspace_date(
    stalled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = open_workspace(stalled)
    try:
        with ws.begin() as conn:
            store_as_of(conn, AS_OF)
    finally:
        ws.close()
    plain = _json(capsys, "--db", str(stalled), "suggest", "--json")
    asked = _json(capsys, "--db", str(stalled), "suggest", "--json", "--as-of", AS_OF.isoformat())
    later = _json(capsys, "--db", str(stalled), "suggest", "--json", "--as-of", LATER.isoformat())
    assert plain == asked and plain != later
    window = {s["deal_id"]: s["window"]["start"] for s in plain}  # type: ignore[union-attr]
    assert main(["--db", str(stalled), "plan", "--deal", "D-GLOBEX"]) == 0
    visit_id = capsys.readouterr().out.strip().splitlines()[-1]
    ws = open_workspace(stalled)
    try:
        with ws.connect() as conn:
            start = conn.execute(
                text("SELECT start FROM visit WHERE external_id = :v"), {"v": visit_id}
            ).scalar()
    finally:
        ws.close()
    # The visit lands in the window proposed as of the workspace's date, not as of today.
    assert str(start)[:10] == str(window["D-GLOBEX"])[:10]


def test_an_unreadable_stored_date_means_today(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        conn.execute(
            text("INSERT INTO setting(key, value) VALUES (:k, :v)"),
            {"k": AS_OF_KEY, "v": '"not a date"'},
        )
    with workspace.connect() as conn:
        assert stored_as_of(conn) is None
        own = workspace_day(conn, today=LATER)
        assert own.day == LATER and not own.stored and own.source == "today"
        assert workspace_as_of(conn, today=LATER) == LATER


def test_the_app_opens_a_stored_date_and_screenshots_stay_deterministic(
    workspace: Workspace,
) -> None:
    pytest.importorskip("PySide6")
    from fieldvisit.ui.context import workspace_as_of as app_as_of

    with workspace.begin() as conn:
        b = Builder(conn)
        b.activity(AS_OF - timedelta(days=3), account=b.account("Globex"))
    assert app_as_of(workspace, today=LATER) == LATER
    assert app_as_of(workspace, deterministic=True, today=LATER) == AS_OF - timedelta(days=3)
    with workspace.begin() as conn:
        store_as_of(conn, AS_OF)
    assert app_as_of(workspace, today=LATER) == AS_OF
    assert app_as_of(workspace, deterministic=True, today=LATER) == AS_OF
