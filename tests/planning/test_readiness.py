"""Without executives (or deals) `suggest` says what is missing and how to fix it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from fieldvisit.cli import main
from fieldvisit.planning import readiness
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder


@pytest.fixture
def no_executives(workspace: Workspace, workspace_db: str) -> str:
    """Two stalled strategic deals and a rep, but nobody to send."""
    with workspace.begin() as conn:
        b = Builder(conn)
        rep = b.rep("rep@us.example", name="Rae Rep")
        for name in ("Globex", "Hooli"):
            b.deal(b.account(name), rep, entered=AS_OF - timedelta(days=80))
    return workspace_db


def test_readiness_names_what_is_missing(workspace: Workspace) -> None:
    with workspace.connect() as conn:
        empty = readiness(conn)
    assert empty.missing == ("deals", "executives") and not empty.ready
    assert empty.headline == "No data yet: this workspace holds no deals."
    assert empty.advice[0].startswith("Import your CRM export with `fieldvisit import-crm")
    with workspace.begin() as conn:
        Builder(conn).executive("ceo@us.example")
    with workspace.connect() as conn:
        assert readiness(conn).missing == ("deals",)


def test_suggest_without_executives_says_so_and_how_to_fix_it(
    no_executives: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(no_executives), "suggest", "--as-of", AS_OF.isoformat()])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("No executives yet, so nobody can be suggested for a visit.\n")
    assert "--executives 'dana@example.com=C;…'" in out
    assert "No stalled strategic deal needs a visit" not in out


def test_suggest_json_stays_a_list_and_says_why_on_stderr(
    no_executives: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(no_executives), "suggest", "--as-of", AS_OF.isoformat(), "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and out.strip() == "[]"
    assert err.startswith("fieldvisit: No executives yet, so nobody can be suggested")
