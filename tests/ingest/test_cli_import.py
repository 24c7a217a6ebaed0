"""`fieldvisit import`: the report on stdout and exit 0, or the problems on stderr and exit 1."""

from __future__ import annotations

import pytest

from fieldvisit.cli import main
from fieldvisit.store import Workspace
from tests.ingest.conftest import BASE_FILES, WriteCsv, dump


def test_import_prints_the_report_and_exits_0(
    seeded: Workspace, write_csv: WriteCsv, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv("accounts.csv", "account_id,name,city,country\nA3,Initech,Austin,US\n")
    code = main(["--db", seeded.label, "import", "accounts", str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("accounts.csv (accounts): 1 rows read; 1 were added, 0 updated")
    assert err == ""


def test_refused_file_exits_1_with_file_row_column_lines(
    seeded: Workspace, write_csv: WriteCsv, capsys: pytest.CaptureFixture[str]
) -> None:
    header = "deal_id,account_id,name,owner_email,stage,amount\n"
    rows = "".join(f"D{i},A1,Deal {i},ann@corp.example,Proposal,{i}abc\n" for i in range(25))
    path = write_csv("deals.csv", header + rows)
    before = dump(seeded)
    code = main(["--db", seeded.label, "import", "deals", str(path), "--preset", "generic"])
    out, err = capsys.readouterr()
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == "fieldvisit: deals.csv: 25 problems; nothing was imported."
    assert lines[1] == "deals.csv:2:amount: '0abc' is not a number like 1234.5"
    assert len([line for line in lines if line.startswith("deals.csv:")]) == 20
    assert lines[-1] == "… and 5 more problems"
    assert out == ""
    assert dump(seeded) == before


def test_dry_run_on_the_command_line_changes_nothing(
    seeded: Workspace, write_csv: WriteCsv, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv("deals.csv", BASE_FILES["deals"].replace("Discovery", "Proposal"))
    before = dump(seeded)
    code = main(["--db", seeded.label, "import", "deals", str(path), "--dry-run"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "0 would be added, 1 updated, 1 unchanged" in out
    assert "Dry run: nothing was written to the workspace." in out
    assert dump(seeded) == before


def test_missing_workspace_is_an_error_not_a_new_file(
    write_csv: WriteCsv, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv("reps.csv", BASE_FILES["reps"])
    target = path.parent / "absent.fieldvisit"
    assert main(["--db", str(target), "import", "reps", str(path)]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not target.exists()
