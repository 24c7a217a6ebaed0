"""A damaged workspace is reported in one line and never written, not even by a reader's cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldvisit.cli import main
from fieldvisit.errors import WorkspaceError
from fieldvisit.store import open_workspace
from tests.store.crashes import damage_pages, digest, table_pages


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FIELDVISIT_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "fieldvisit", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_suggest_on_a_damaged_workspace_says_so_in_one_line_and_writes_nothing(
    small_demo: Path, fieldvisit_home: Path
) -> None:
    # Pages read after the stage limits were learned (and their cache entry queued for writing).
    pages = table_pages(small_demo, "contact")
    damage_pages(small_demo, pages[len(pages) // 3 : len(pages) // 3 + 3])
    before = digest(small_demo)

    done = run_cli(
        "--db", str(small_demo), "suggest", "--as-of", "2026-06-15", home=fieldvisit_home
    )

    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("fieldvisit: ") and "is damaged" in lines[0]
    assert str(small_demo) in lines[0] and "restore" in lines[0]
    assert digest(small_demo) == before, "not one byte written into the damaged file"


def test_a_truncated_workspace_fails_its_open_checks_and_is_left_alone(
    small_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with small_demo.open("r+b") as fh:
        fh.truncate(small_demo.stat().st_size - 40 * 4096)
    before = digest(small_demo)
    with pytest.raises(WorkspaceError, match="is damaged"):
        open_workspace(small_demo)
    assert main(["--db", str(small_demo), "suggest", "--as-of", "2026-06-15"]) == 1
    assert "is damaged" in capsys.readouterr().err
    assert digest(small_demo) == before
