"""Many writers, one file: a second writer waits its turn (and says so) instead of failing, and
gives up with one line naming who holds the file when the wait is too long."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fieldvisit.store import create_workspace
from fieldvisit.store.locking import lock_holder, process_words
from fieldvisit.store.processes import app_lock_path
from tests.cli_runs import accounts_csv, digest, fv_command, lock_held, run_fv, stderr_lines

ROWS = 3000
TRIALS = 5
# A process that shows a command line of our choosing and waits.
SLEEPER = "import sys; print('up', flush=True); sys.stdin.read()"


def accounts_in(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM account").fetchone()[0])
    finally:
        conn.close()


def test_two_imports_started_together_both_succeed(tmp_path: Path) -> None:
    first = accounts_csv(tmp_path / "first.csv", ROWS, "F")
    second = accounts_csv(tmp_path / "second.csv", ROWS, "S")
    for trial in range(TRIALS):
        path = tmp_path / f"trial-{trial}.fieldvisit"
        create_workspace(path).close()
        runs = [
            subprocess.Popen(
                fv_command(path, "import", "accounts", str(csv)),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for csv in (first, second)
        ]
        results = [(run.wait(timeout=120), *run.communicate()) for run in runs]
        for code, out, err in results:
            assert code == 0, f"trial {trial}: {err}"
            assert "Traceback" not in err
            assert f"{ROWS} rows read; {ROWS} were added" in out
        assert accounts_in(path) == 2 * ROWS, f"trial {trial}"


def test_a_writer_waits_for_a_long_holder_and_says_who_it_waits_for(tmp_path: Path) -> None:
    """Another program holds the lock longer than SQLite's own 5 s patience: the import says
    what it waits for, is still waiting after 6 s, and succeeds once the lock is free."""
    path = tmp_path / "team.fieldvisit"
    create_workspace(path).close()
    csv = accounts_csv(tmp_path / "a.csv", 100, "A")
    with lock_held(path) as holder:
        run = subprocess.Popen(
            fv_command(path, "import", "accounts", str(csv)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert run.stderr is not None
        notice = run.stderr.readline()
        assert notice == (
            f"fieldvisit: waiting for {path} (in use by {Path(sys.executable).name} "
            f"(process {holder.pid}))…\n"
        )
        with pytest.raises(subprocess.TimeoutExpired):
            run.wait(timeout=6)  # still waiting, past the 5 s after which it used to fail
        holder.release()
        out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert err == ""
    assert "100 were added" in out
    assert accounts_in(path) == 100


def test_a_writer_gives_up_after_the_wait_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "team.fieldvisit"
    create_workspace(path).close()
    before = digest(path)
    csv = accounts_csv(tmp_path / "a.csv", 10, "A")
    with lock_held(path) as holder:
        result = run_fv(path, "import", "accounts", str(csv), env={"FIELDVISIT_LOCK_WAIT": "2"})
    lines = stderr_lines(result)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert lines == [
        f"fieldvisit: waiting for {path} (in use by {Path(sys.executable).name} "
        f"(process {holder.pid}))…",
        f"fieldvisit: {path} is in use by {Path(sys.executable).name} (process {holder.pid}) "
        "and was not free after 2 seconds; the change was not saved. Try again when it is done.",
    ]
    assert digest(path) == before


def test_the_holder_is_named_as_a_fieldvisit_command_or_the_app(tmp_path: Path) -> None:
    """Who holds the file, from the holder's command line (Linux /proc)."""
    if not Path("/proc/self/cmdline").exists():
        pytest.skip("no /proc here: holders cannot be named")
    sleeper = [sys.executable, "-c", SLEEPER, "-m", "fieldvisit"]
    for argv, words in (
        ([*sleeper, "--db", "x.fieldvisit", "import", "deals", "d.csv"], "`fieldvisit import`"),
        ([*sleeper, "--db", "x.fieldvisit"], "the Field Visit app"),
    ):
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        try:
            assert process.stdout is not None and process.stdout.readline() == b"up\n"
            assert process_words(process.pid) == f"{words} (process {process.pid})"
        finally:
            process.kill()
            process.wait()


def test_an_app_window_on_the_workspace_is_named_when_no_lock_is_held(
    tmp_path: Path, fieldvisit_home: Path
) -> None:
    path = tmp_path / "team.fieldvisit"
    create_workspace(path).close()
    assert lock_holder(path) is None
    window = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        lock = app_lock_path(path)
        lock.parent.mkdir(parents=True, exist_ok=True)
        lock.write_text(f"{window.pid}\nfieldvisit\n\n")  # what Qt's QLockFile writes
        assert lock_holder(path) == f"Field Visit (process {window.pid} on this computer)"
    finally:
        window.kill()
        window.wait()
