"""`suggest --json` piped: one compact line holding exactly what the planning engine answered."""

from __future__ import annotations

import gc
import json
from datetime import timedelta
from pathlib import Path

import pytest

from fieldvisit.cli import main
from fieldvisit.gc_pause import gc_paused
from fieldvisit.planning import suggestion_board
from fieldvisit.planning.serialize import held_json, suggestion_json
from fieldvisit.settings import load_rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder


@pytest.fixture
def world(workspace: Workspace, workspace_db: str) -> str:
    """Two stalled strategic deals in two cities (one a name with accents), one held back."""
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example", name="Cee Oh", city="Chicago", target=4)
        b.executive("vp@us.example", name="Vee Pee", level="VP", city="Boston")
        rep = b.rep("rep@us.example", name="Rae Rep")
        globex = b.account("Société Générale d'Électricité", external_id="SGE")
        hooli = b.account("Hooli", external_id="HOOLI", city="Boston")
        b.contact(globex, "Carla", title="CFO", seniority="C", decision_maker=True)
        b.deal(globex, rep, external_id="D-SGE", entered=AS_OF - timedelta(days=60))
        b.deal(hooli, rep, external_id="D-HOOLI", entered=AS_OF - timedelta(days=45))
    return workspace_db


def test_piped_json_is_one_line_with_the_engines_answer_in_order(
    world: Path, workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", str(world), "suggest", "--as-of", AS_OF.isoformat(), "--json"]
    assert main([*args, "--include-held"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("]\n") and out.count("\n") == 1
    assert "Société Générale" in out  # written as it is, not as \u escapes
    with workspace.connect() as conn:
        found, held = suggestion_board(conn, AS_OF, load_rules(conn))
    expected = [suggestion_json(s) for s in found] + [held_json(h) for h in held]
    # The same keys in the same order with the same values as the json module would write.
    as_pairs = json.loads(out, object_pairs_hook=list)
    assert as_pairs == json.loads(json.dumps(expected, default=str), object_pairs_hook=list)
    assert sorted(s["deal_id"] for s in json.loads(out)) == ["D-HOOLI", "D-SGE"]


def test_pausing_the_collector_leaves_it_as_it_was() -> None:
    was = gc.isenabled()  # off once the session has a Qt application (tests/conftest.py)
    gc.enable()
    try:
        _pause_twice_then_off()
    finally:
        if not was:
            gc.disable()


def _pause_twice_then_off() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: still off, and the outer pause turns it back on
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()  # as the app keeps it (ui/gc_guard): a pause must not switch it on
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
