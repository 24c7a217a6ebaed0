"""`import-crm` and `pipeline` as a revenue-operations person runs them: text, exit codes, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldvisit.cli import main
from fieldvisit.store import Workspace
from tests.ingest.crm.fixtures import WriteExport
from tests.ingest.crm_batches import rows


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_crm_prints_files_changes_executives_and_notes(
    workspace: Workspace, crm_export: WriteExport, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(p) for p in crm_export("salesforce-data-export")]
    db = workspace.label
    code, out, err = run(capsys, "--db", db, "import-crm", "salesforce", *paths, "--dry-run")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Salesforce export"
    assert "  WE_00D5g000004XyZaEAK_1.ZIP/Opportunity.csv: deals, 30 rows" in "\n".join(lines)
    assert "  deals: 30 rows; 30 would be added, 0 updated, 0 unchanged; 30 stage entries" in out
    assert "  SVP Marcus Okafor <marcus.okafor@northwind.example> — title 'EVP Global Sales'" in out
    assert lines[-1] == "Dry run: nothing was written to the workspace."
    assert rows(workspace, "SELECT count(*) FROM deal") == [(0,)]


def test_a_refused_export_prints_its_problems_on_stderr_and_exits_1(
    workspace: Workspace, crm_export: WriteExport, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(p) for p in crm_export("salesforce-reports-no-ids")]
    code, out, err = run(capsys, "--db", workspace.label, "import-crm", "salesforce", *paths)
    assert code == 1 and out == ""
    assert "Refused: 5 problems (2 causes); nothing was imported." in err
    assert "which is two accounts: " in err and "add the Account ID column to the export" in err


def test_a_mistyped_executives_option_is_one_line_before_anything_is_read(
    workspace: Workspace, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "--db", workspace.label, "import-crm", "hubspot",
                       str(tmp_path), "--executives", "dana@example.com=boss")  # fmt: skip
    assert code == 1
    assert err == (
        "fieldvisit: --executives: 'boss' for 'dana@example.com' is not a level; use C, SVP, VP "
        "or none.\n"
    )


def test_pipeline_shows_and_sets_the_stage_order(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    db = workspace.label
    code, out, _ = run(capsys, "--db", db, "pipeline")
    assert code == 0 and out.splitlines()[:2] == [" 1. Prospecting", " 2. Qualification"]
    order = "Qualification;Prospecting;Discovery;Proposal;Negotiation;Closed Won;Closed Lost;"
    code, out, _ = run(capsys, "--db", db, "pipeline", "--set", order)
    assert code == 0 and out.splitlines()[0] == " 1. Qualification"
    code, out, _ = run(capsys, "--db", db, "pipeline", "--json")
    assert json.loads(out)[:2] == ["Qualification", "Prospecting"]
    code, _, err = run(capsys, "--db", db, "pipeline", "--set", "A;a")
    assert code == 1 and err == "fieldvisit: The stage 'a' is named twice in the pipeline order.\n"
