"""Errors a person can read: every failure the command line meets in daily use ends as one line
on stderr starting "fieldvisit: ", never a traceback, and leaves the workspace as it was.

Each case is made for real in a child process: permissions (enforced even when the tests run as
root, see `tests.cli_runs.as_plain_user`), a file size limit (RLIMIT_FSIZE, the way a full disk
looks to a program), another program holding the lock, Ctrl-D at a password prompt on a terminal.
"""

from __future__ import annotations

import logging
import os
import resource
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from fieldvisit.cli import main
from fieldvisit.logs import MAX_BYTES
from tests.cli_runs import (
    Terminal,
    accounts_csv,
    as_plain_user,
    digest,
    fv_command,
    lock_held,
    run_fv,
    stderr_lines,
)
from tests.ui.demo_files import AS_OF, small_demo_copy

SUGGESTED_DEAL = "D000065"  # the small demo's top suggestion as of AS_OF
PLANNED_VISIT = "V000210"
PLAN = ("plan", "--deal", SUGGESTED_DEAL, "--as-of", AS_OF.isoformat())


@pytest.fixture
def demo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return small_demo_copy(tmp_path_factory.getbasetemp(), folder / "team.fieldvisit")


def one_line_failure(result: subprocess.CompletedProcess[str]) -> str:
    """Assert the run failed with exactly one plain line on stderr; return that line."""
    lines = stderr_lines(result)
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr, result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("fieldvisit: "), lines[0]
    return lines[0]


def untouched(path: Path, before: str) -> None:
    assert digest(path) == before, "the workspace changed"
    for side in ("-journal", "-wal"):
        assert not Path(f"{path}{side}").exists(), f"a {side} file was left"


def file_size_limit(limit: int) -> Callable[[], None]:
    """Return a preexec function giving the child a file size limit (writes past it fail)."""

    def limit_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_files


# ----- read-only workspace file or folder ------------------------------------------------------


@pytest.mark.parametrize("command", ["import", "plan"])
def test_a_read_only_workspace_file_is_one_line(demo: Path, tmp_path: Path, command: str) -> None:
    plain = as_plain_user()
    csv = accounts_csv(tmp_path / "accounts.csv", 20, "RO")
    demo.chmod(0o444)
    before = digest(demo)
    args = ("import", "accounts", str(csv)) if command == "import" else PLAN
    line = one_line_failure(run_fv(demo, *args, preexec=plain))
    assert line == (
        f"fieldvisit: {demo} cannot be written: the file is read-only; the change was not saved."
    )
    untouched(demo, before)


@pytest.mark.parametrize("command", ["import", "plan"])
def test_a_workspace_in_a_read_only_folder_is_one_line(
    demo: Path, tmp_path: Path, command: str
) -> None:
    plain = as_plain_user()
    csv = accounts_csv(tmp_path / "accounts.csv", 20, "RO")
    before = digest(demo)
    demo.parent.chmod(0o555)
    try:
        args = ("import", "accounts", str(csv)) if command == "import" else PLAN
        line = one_line_failure(run_fv(demo, *args, preexec=plain))
    finally:
        demo.parent.chmod(0o755)
    assert line.startswith(f"fieldvisit: {demo} cannot be written: its folder {demo.parent} is")
    untouched(demo, before)


# ----- a full disk ----------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["import", "plan"])
def test_a_full_disk_is_one_line_and_changes_nothing(
    demo: Path, tmp_path: Path, command: str
) -> None:
    csv = accounts_csv(tmp_path / "accounts.csv", 3000, "FULL")
    before = digest(demo)
    args = ("import", "accounts", str(csv)) if command == "import" else PLAN
    line = one_line_failure(run_fv(demo, *args, preexec=file_size_limit(1024)))
    assert "(the disk is full, or a file size limit was reached" in line or (
        "the disk is full or a file size limit was reached" in line
    ), line
    assert str(demo) in line
    untouched(demo, before)


def test_a_demo_on_a_full_disk_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "demos"
    folder.mkdir()
    target = folder / "demo.fieldvisit"
    line = one_line_failure(run_fv(target, "demo", preexec=file_size_limit(256 * 1024)))
    assert "the disk is full" in line, line
    assert sorted(p.name for p in folder.iterdir()) == []


# ----- a workspace another program holds ---------------------------------------------------------


@pytest.mark.parametrize("command", ["import", "plan", "export-ics"])
def test_a_locked_workspace_is_one_line_naming_who_holds_it(
    demo: Path, tmp_path: Path, command: str
) -> None:
    csv = accounts_csv(tmp_path / "accounts.csv", 20, "LK")
    args = {
        "import": ("import", "accounts", str(csv)),
        "plan": PLAN,
        "export-ics": ("export-ics", "--visit", PLANNED_VISIT, "-o", str(tmp_path / "v.ics")),
    }[command]
    before = digest(demo)
    with lock_held(demo) as holder:
        result = run_fv(demo, *args, env={"FIELDVISIT_LOCK_WAIT": "0.5"})
        line = one_line_failure(result)
        holder.release()
    assert line == (
        f"fieldvisit: {demo} is in use by {Path(sys.executable).name} (process {holder.pid}) "
        "and was not free after 0.5 seconds; the change was not saved. Try again when it is done."
    )
    untouched(demo, before)
    assert not (tmp_path / "v.ics").exists()


# ----- files the user names --------------------------------------------------------------------


def test_a_csv_without_read_permission_is_one_line(demo: Path, tmp_path: Path) -> None:
    plain = as_plain_user()
    csv = accounts_csv(tmp_path / "secret.csv", 20, "NP")
    csv.chmod(0)
    before = digest(demo)
    line = one_line_failure(run_fv(demo, "import", "accounts", str(csv), preexec=plain))
    assert line == (
        "fieldvisit: secret.csv: cannot be read (Permission denied); nothing was imported."
    )
    untouched(demo, before)


def test_export_into_an_unwritable_folder_is_one_line(demo: Path, tmp_path: Path) -> None:
    plain = as_plain_user()
    folder = tmp_path / "exports"
    folder.mkdir(mode=0o555)
    before = digest(demo)
    target = folder / "visit.ics"
    line = one_line_failure(
        run_fv(demo, "export-ics", "--visit", PLANNED_VISIT, "-o", str(target), preexec=plain)
    )
    assert line == f"fieldvisit: Could not write {target}: Permission denied."
    untouched(demo, before)  # the new UID and SEQUENCE were rolled back with the failed write


def test_backup_into_an_unwritable_data_folder_is_one_line(
    demo: Path, fieldvisit_home: Path
) -> None:
    plain = as_plain_user()
    data = fieldvisit_home / "data"
    data.mkdir(parents=True)
    data.chmod(0o555)
    before = digest(demo)
    try:
        line = one_line_failure(run_fv(demo, "backup", preexec=plain))
    finally:
        data.chmod(0o700)
    assert "backup" in line and "ermission denied" in line, line
    untouched(demo, before)


def test_backup_where_the_data_folder_is_a_file_is_one_line(
    demo: Path, fieldvisit_home: Path
) -> None:
    """Works as root too: a file where the data folder should be."""
    fieldvisit_home.mkdir(parents=True, exist_ok=True)
    (fieldvisit_home / "data").write_text("not a folder")
    before = digest(demo)
    line = one_line_failure(run_fv(demo, "backup"))
    assert "backup" in line, line
    untouched(demo, before)


def test_a_data_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    """Works as root too: FIELDVISIT_HOME points inside a file."""
    in_the_way = tmp_path / "notes.txt"
    in_the_way.write_text("a file")
    home = in_the_way / "fieldvisit"
    result = run_fv(None, "suggest", env={"FIELDVISIT_HOME": str(home)})
    line = one_line_failure(result)
    assert line == (
        f"fieldvisit: {home / 'data'}: part of this path is a file, where a folder is needed"
    )
    assert in_the_way.read_text() == "a file"


# ----- Ctrl-D at the password prompt ---------------------------------------------------------


NO_KEYCHAIN = {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}


def test_ctrl_d_at_the_password_prompt_is_one_line(demo: Path) -> None:
    settings = ("--smtp-host", "127.0.0.1", "--smtp-username", "casey@lumenridge.example")
    assert main(["--db", str(demo), "invite-settings", *settings]) == 0
    before = digest(demo)
    terminal = Terminal(fv_command(demo, "send-invites", "--visit", PLANNED_VISIT), NO_KEYCHAIN)
    terminal.read_until(b"SMTP password for ")
    terminal.type(b"\x04")  # Ctrl-D: end of input
    code, output = terminal.finish()
    lines = [line for line in output.replace("\r", "").splitlines() if line.strip()]
    assert code == 1, output
    assert "Traceback" not in output
    assert lines[-1] == "fieldvisit: No password was typed (the input ended); nothing was sent."
    assert [line for line in lines if line.startswith("fieldvisit: ")] == [lines[-1]], output
    untouched(demo, before)


# ----- the last resort -------------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_and_its_details_go_to_the_log(
    demo: Path,
    fieldvisit_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    password = "hunter2-Zx9"
    monkeypatch.setenv("FIELDVISIT_SMTP_PASSWORD", password)

    def broken(conn: object, *args: object, **kwargs: object) -> None:
        raise RuntimeError(f"planner broke (login with password={password})")

    monkeypatch.setattr("fieldvisit.commands.planning_cmds.suggest_for_deal", broken)
    before = digest(demo)
    assert main(["--db", str(demo), *PLAN]) == 1
    err = capsys.readouterr().err
    log = fieldvisit_home / "logs" / "fieldvisit.log"
    assert err.splitlines() == [
        "fieldvisit: unexpected error: RuntimeError: planner broke (login with "
        f"password={password}); details in {log}"
    ]
    text = log.read_text()
    assert "Traceback" in text and "planner broke" in text
    assert password not in text, "a password reached the log"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    untouched(demo, before)


def test_the_log_rotates_and_keeps_three_old_files(
    fieldvisit_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = fieldvisit_home / "nowhere.fieldvisit"
    assert main(["--db", str(missing), "suggest"]) == 1  # starts the log
    log = logging.getLogger("fieldvisit.test")
    for number in range(5 * MAX_BYTES // 10_000):
        log.error("record %d %s", number, "x" * 10_000)
    logs = sorted(p.name for p in (fieldvisit_home / "logs").iterdir())
    assert logs == ["fieldvisit.log", "fieldvisit.log.1", "fieldvisit.log.2", "fieldvisit.log.3"]
    assert all(p.stat().st_size <= MAX_BYTES for p in (fieldvisit_home / "logs").iterdir())
    capsys.readouterr()


def test_the_log_folder_being_unwritable_never_shows(
    demo: Path, fieldvisit_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fieldvisit_home.mkdir(parents=True, exist_ok=True)
    (fieldvisit_home / "logs").write_text("a file where the log folder should be")
    result = run_fv(demo, *PLAN, env={"FIELDVISIT_HOME": str(fieldvisit_home)})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert os.path.isfile(fieldvisit_home / "logs")
