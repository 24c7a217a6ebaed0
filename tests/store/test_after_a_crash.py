"""After a crash: a writer killed mid-change leaves a hot journal, and `check` deals with it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fieldvisit.cli import main
from tests.store.crashes import digest, kill_writer_mid_change


def test_check_after_a_crash_mid_commit_rolls_the_change_back_then_passes(
    small_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(small_demo)
    kill_writer_mid_change(small_demo)
    assert digest(small_demo) != before, "the killed writer had written into the file"

    assert main(["--db", str(small_demo), "check"]) == 0
    out, err = capsys.readouterr()
    assert "the last change was interrupted" in out and "SQLite rolled it back" in out
    assert "OK" in out and err == ""
    assert not Path(f"{small_demo}-journal").exists()
    assert digest(small_demo) == before, "the file is exactly as before the interrupted change"

    assert main(["--db", str(small_demo), "check"]) == 0
    assert "interrupted" not in capsys.readouterr().out, "said once, when it happened"


def test_check_leaves_another_programs_database_and_its_journal_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "someone-elses.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE activity(external_id TEXT, occurred_on TEXT)")
        conn.executemany(
            "INSERT INTO activity VALUES (?, '2026-01-01')", [(f"A{i}",) for i in range(20_000)]
        )
        conn.execute("CREATE VIRTUAL TABLE debrief_fts USING fts5(x)")
    conn.close()
    kill_writer_mid_change(other)
    before = digest(other), digest(Path(f"{other}-journal"))

    assert main(["--db", str(other), "check"]) == 1
    assert "not a Field Visit workspace" in capsys.readouterr().err
    assert (digest(other), digest(Path(f"{other}-journal"))) == before
