"""`fieldvisit check` names the workspace's schema: current, older (upgraded on opening) or newer.

A workspace at the newest schema is known by its stamp without loading Alembic (issue 14); the
others still go through Alembic's revisions.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fieldvisit.store.schema import HEAD_REVISION
from tests.cli_runs import run_fv


def _stamp(db: Path, revision: str) -> None:
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "ws.fieldvisit"
    assert run_fv(path, "init").returncode == 0
    return path


def test_check_says_the_current_schema(db: Path) -> None:
    done = run_fv(db, "check")
    assert done.returncode == 0
    assert f"OK (integrity ok, foreign keys ok, schema {HEAD_REVISION})" in done.stdout


def test_check_says_an_older_schema_is_upgraded_when_opened_and_leaves_it(db: Path) -> None:
    older = f"{int(HEAD_REVISION) - 1:04d}"
    _stamp(db, older)
    done = run_fv(db, "check")
    assert done.returncode == 0
    assert f"schema {older}; it is upgraded to {HEAD_REVISION} the next time" in done.stdout
    con = sqlite3.connect(db)
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(older,)]
    con.close()


def test_check_refuses_a_schema_newer_than_this_version_knows(db: Path) -> None:
    _stamp(db, "9999")
    done = run_fv(db, "check")
    assert done.returncode == 1
    assert "was written by a newer version of Field Visit (schema 9999)" in done.stderr
