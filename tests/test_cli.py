"""The command line behaves like a scripting tool: exit codes, one-line errors, version."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fieldvisit import __version__
from fieldvisit.cli import main


def test_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"fieldvisit {__version__}"


def test_python_dash_m_runs_the_same_command_line(tmp_path: Path) -> None:
    target = tmp_path / "team.fieldvisit"
    done = subprocess.run(
        [sys.executable, "-m", "fieldvisit", "--db", str(target), "init"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert target.exists()
    again = subprocess.run(
        [sys.executable, "-m", "fieldvisit", "--db", str(target), "init"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 1
    # One line on stderr, naming the file and what was refused.
    assert again.stderr.count("\n") == 1
    assert str(target) in again.stderr and "overwrite" in again.stderr


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["fly-to-the-moon"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_only_init_and_demo_create_files(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here.fieldvisit"
    for command in (["check"], ["backup"]):
        assert main(["--db", str(missing), *command]) == 1
    assert not missing.exists()


def test_a_team_workspace_is_named_by_fieldvisit_db_in_a_real_process(
    team_database: str, pg_server: object, tmp_path: Path
) -> None:
    """`FIELDVISIT_DB=postgresql://…` reaches the team database; with no password anywhere and
    nobody at a terminal, the one line says how to give it."""
    import os

    url = pg_server.url(team_database, "fv_app")  # type: ignore[attr-defined]
    env = {
        **os.environ,
        "FIELDVISIT_HOME": str(tmp_path / "home"),
        "FIELDVISIT_DB": url,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",  # never the real keychain
    }
    env.pop("FIELDVISIT_DB_PASSWORD", None)
    command = [sys.executable, "-m", "fieldvisit", "check"]
    asked = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert asked.returncode == 1
    assert asked.stderr.count("\n") == 1
    assert "asks for fv_app's password" in asked.stderr and "FIELDVISIT_DB_PASSWORD" in asked.stderr

    env["FIELDVISIT_DB_PASSWORD"] = pg_server.passwords["fv_app"]  # type: ignore[attr-defined]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{url}: OK (schema ")
    assert "Role fv_app: read yes, write rows yes, change schema no, superuser no" in done.stdout
