"""A command imports only what it uses; JSON for a program is written on one line.

Importing every command module to build the parser made `fieldvisit check` take 0.85 s, most of
it the planning engine, the calendar, mail and spreadsheet libraries it never touches (issue 14).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pty
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from fieldvisit.cli import main
from fieldvisit.commands import COMMANDS, module_path
from fieldvisit.store import Workspace
from tests.cli_runs import fv_command, run_fv
from tests.planning.builders import AS_OF, Builder

# What `check` must not import: it reads the file's integrity and schema, nothing more.
NOT_FOR_CHECK = (
    "fieldvisit.planning",
    "fieldvisit.planning.suggest",
    "fieldvisit.invites",
    "fieldvisit.ingest",
    "fieldvisit.ui",
    "fieldvisit.commands.planning_cmds",
    "fieldvisit.commands.invite_cmds",
    "fieldvisit.commands.briefing_cmd",
    "PySide6",
    "icalendar",
    "caldav",
    "openpyxl",
    "niquests",
    "reportlab",
    "alembic",  # a workspace at the newest schema is known by its stamp alone
)


def imported_by(*args: str, db: Path | None = None) -> set[str]:
    """Run `python -X importtime -m fieldvisit ARGS` and return the modules it imported."""
    command = fv_command(db, *args)
    done = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_check_imports_neither_the_planning_engine_nor_calendars_nor_the_app(
    tmp_path: Path,
) -> None:
    db = tmp_path / "ws.fieldvisit"
    assert run_fv(db, "init").returncode == 0
    modules = imported_by("check", db=db)
    assert "fieldvisit.store.schema" in modules  # the check did run
    assert sorted(modules.intersection(NOT_FOR_CHECK)) == []


def test_suggest_imports_neither_the_orm_models_nor_calendars_nor_the_app(tmp_path: Path) -> None:
    db = tmp_path / "ws.fieldvisit"
    assert run_fv(db, "init").returncode == 0
    modules = imported_by("suggest", "--json", db=db)
    assert "fieldvisit.planning.suggest" in modules  # the suggestions were made
    unused = ("fieldvisit.store.models", "sqlmodel", "PySide6", "icalendar", "caldav", "openpyxl")
    assert sorted(modules.intersection(unused)) == []


def test_the_list_of_commands_imports_no_command() -> None:
    modules = imported_by("--help")
    assert sorted(m for m in modules if m.startswith("fieldvisit.commands.")) == []
    assert "sqlalchemy" not in modules


def test_the_table_of_commands_is_what_their_modules_register() -> None:
    registered: list[tuple[str, str, str | None]] = []
    sub = argparse.ArgumentParser(prog="fieldvisit").add_subparsers()
    for module in dict.fromkeys(module_path(c) for c in COMMANDS):
        before = len(sub._choices_actions)
        importlib.import_module(module).register(sub)
        registered += [(a.dest, module, a.help) for a in sub._choices_actions[before:]]
    table = [(c.name, module_path(c), c.help) for c in COMMANDS]
    assert sorted(table) == sorted(registered)


def test_a_command_s_own_help_still_lists_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["suggest", "--help"])
    assert "--include-held" in capsys.readouterr().out


def _suggest_json(db: Path, *, terminal: bool) -> str:
    """Return what `suggest --json` writes to a pipe, or to a terminal (a pseudo-terminal)."""
    args = ["suggest", "--as-of", AS_OF.isoformat(), "--json"]
    if not terminal:
        done = run_fv(db, *args)
        assert done.returncode == 0, done.stderr
        return done.stdout
    leader, follower = pty.openpty()
    with subprocess.Popen(fv_command(db, *args), stdout=follower, stderr=subprocess.PIPE) as run:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the command is done
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert run.wait(timeout=120) == 0
    os.close(leader)
    return b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.fixture
def world(workspace: Workspace, workspace_path: Path) -> Path:
    """A workspace file with two stalled strategic deals (as in tests/planning/test_cli.py)."""
    with workspace.begin() as conn:
        b = Builder(conn)
        b.executive("ceo@us.example", name="Cee Oh", city="Chicago")
        rep = b.rep("rep@us.example", name="Rae Rep")
        globex = b.account("Globex", external_id="GLOBEX")
        hooli = b.account("Hooli", external_id="HOOLI", city="Boston")
        b.deal(globex, rep, external_id="D-GLOBEX", entered=AS_OF - timedelta(days=60))
        b.deal(hooli, rep, external_id="D-HOOLI", entered=AS_OF - timedelta(days=45))
    return workspace_path


def test_json_is_one_line_for_a_program_and_indented_on_a_terminal(world: Path) -> None:
    piped = _suggest_json(world, terminal=False)
    shown = _suggest_json(world, terminal=True)
    assert piped.count("\n") == 1 and piped.endswith("]\n")
    assert "\n  {\n" in shown
    assert json.loads(piped) == json.loads(shown) and len(json.loads(piped)) == 2
