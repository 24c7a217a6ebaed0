"""`restore`: a backup goes back in place of the workspace safely, or not at all."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from fieldvisit.cli import main
from fieldvisit.store import create_workspace
from fieldvisit.store.backup import backup_workspace, list_backups
from fieldvisit.store.processes import app_lock_path
from fieldvisit.store.schema import head_revision
from tests.store.crashes import damage_pages, digest, kill_writer_mid_change, table_pages
from tests.store.older_release import older_release_file


def count(path: Path, sql: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def change_a_lot(path: Path) -> None:
    """Change the workspace after its backup so its pages no longer match the backup's."""
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM activity_contact WHERE activity_id % 3 = 0")
    conn.execute("DELETE FROM activity WHERE id % 3 = 0")
    conn.execute("UPDATE deal SET name = name || ' (renamed)'")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()


def test_restore_round_trips_a_workspace_with_a_stale_hot_journal_beside_it(
    small_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = backup_workspace(small_demo)
    change_a_lot(small_demo)
    changed = count(small_demo, "SELECT count(*) FROM activity")
    kill_writer_mid_change(small_demo)

    assert main(["--db", str(small_demo), "restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert "the last change was interrupted" in out
    assert f"Restored {small_demo}" in out
    for side in ("-journal", "-wal", "-shm"):
        assert not Path(f"{small_demo}{side}").exists(), "no stale journal beside the new file"

    assert main(["--db", str(small_demo), "check"]) == 0
    assert "OK" in capsys.readouterr().out
    assert count(small_demo, "SELECT count(*) FROM activity") == 10_000
    assert count(small_demo, "SELECT count(*) FROM deal WHERE name LIKE '%(renamed)'") == 0

    kept = [b for b in list_backups(small_demo) if b.label == "before-restore"]
    assert len(kept) == 1 and str(kept[0].path) in out
    assert count(kept[0].path, "SELECT count(*) FROM activity") == changed, (
        "the replaced file is kept as it was before the interrupted change"
    )


def test_restore_moves_an_unreadable_workspace_aside_together_with_its_journal(
    small_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = backup_workspace(small_demo)
    kill_writer_mid_change(small_demo)
    damaged = small_demo.read_bytes()[:4096] + b"\x00" * 8192  # page 1, then nothing useful
    small_demo.write_bytes(b"not a database any more" + damaged[23:])
    journal = Path(f"{small_demo}-journal").read_bytes()

    assert main(["--db", str(small_demo), "restore", str(backup)]) == 0
    out = capsys.readouterr().out
    aside = [p for p in small_demo.parent.iterdir() if ".damaged-" in p.name]
    assert sorted(p.name.endswith("-journal") for p in aside) == [False, True]
    base = next(p for p in aside if not p.name.endswith("-journal"))
    assert Path(f"{base}-journal").read_bytes() == journal, "moved together, as SQLite pairs them"
    assert str(base) in out and "moved aside" in out
    assert not Path(f"{small_demo}-journal").exists()
    assert main(["--db", str(small_demo), "check"]) == 0


def test_restore_of_an_older_schema_upgrades_it(tmp_path: Path, small_demo: Path) -> None:
    old = older_release_file(tmp_path)
    assert main(["--db", str(small_demo), "restore", str(old)]) == 0
    conn = sqlite3.connect(small_demo)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    assert conn.execute("SELECT name FROM account").fetchall() == [("Globex",)]
    conn.close()
    assert old.exists(), "the backup itself is never changed"


def _foreign(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos(name TEXT)")
    conn.close()


def _damaged(path: Path) -> None:
    damage_pages(path, table_pages(path, "deal")[2:4])


def _newer(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        (lambda p: p.write_text("account_id,name\nA1,Globex\n"), "not a Field Visit backup"),
        (_foreign, "not a Field Visit backup"),
        (_damaged, "is damaged"),
        (_newer, "newer version of Field Visit"),
        (lambda p: p.unlink(), "does not exist"),
    ],
    ids=["csv", "foreign", "damaged", "newer", "missing"],
)
def test_a_bad_backup_is_refused_and_the_workspace_is_untouched(
    small_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], spoil, says: str
) -> None:  # type: ignore[no-untyped-def]
    backup = tmp_path / "chosen.fieldvisit"
    backup.write_bytes(small_demo.read_bytes())
    spoil(backup)
    before = digest(small_demo)
    assert main(["--db", str(small_demo), "restore", str(backup)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and says in err[0] and str(backup) in err[0]
    assert digest(small_demo) == before
    assert list_backups(small_demo) == []


# The app's single-instance lock, taken by a real app process (fieldvisit.ui.instance).
_APP = r"""
import sys
from pathlib import Path
from fieldvisit.ui.instance import WorkspaceLock
lock = WorkspaceLock(Path(sys.argv[1]))
assert lock.acquire()
print("open", flush=True)
sys.stdin.read()
lock.release()
"""

# Another program in the middle of a write transaction.
_WRITER = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("open", flush=True)
sys.stdin.read()
"""


@contextmanager
def holding(script: str, workspace: Path) -> Iterator[subprocess.Popen[str]]:
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(workspace)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "open"
        yield child
    finally:
        if child.stdin is not None:
            child.stdin.close()
        child.wait(30)


@pytest.mark.parametrize(
    ("script", "says"), [(_APP, "is open in Field Visit (process"), (_WRITER, "in use")]
)
def test_restore_refuses_while_another_process_has_the_workspace_open(
    small_demo: Path, capsys: pytest.CaptureFixture[str], script: str, says: str
) -> None:
    backup = backup_workspace(small_demo)
    change_a_lot(small_demo)
    before = digest(small_demo)
    with holding(script, small_demo) as other:
        assert main(["--db", str(small_demo), "restore", str(backup)]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and says in err[0], err
        if script is _APP:
            assert str(other.pid) in err[0]
        assert digest(small_demo) == before
    assert main(["--db", str(small_demo), "restore", str(backup)]) == 0, "free once it is closed"


def test_a_lock_left_by_a_crashed_app_does_not_block_a_restore(
    small_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = backup_workspace(small_demo)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    lock = app_lock_path(small_demo)
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.write_text(f"{gone.pid}\nfieldvisit\n{__import__('socket').gethostname()}\n")
    assert main(["--db", str(small_demo), "restore", str(backup)]) == 0


def test_restore_into_a_missing_workspace_never_replays_an_orphan_journal(
    small_demo: Path, tmp_path: Path
) -> None:
    backup = backup_workspace(small_demo)
    kill_writer_mid_change(small_demo)
    small_demo.unlink()  # the user deleted the file; its journal stayed
    assert main(["--db", str(small_demo), "restore", str(backup)]) == 0
    assert not Path(f"{small_demo}-journal").exists()
    assert main(["--db", str(small_demo), "check"]) == 0
    assert count(small_demo, "SELECT count(*) FROM activity") == 10_000


def test_backup_list_shows_newest_first(
    small_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    create_workspace(small_demo.with_name("other.fieldvisit")).close()
    first = backup_workspace(small_demo)
    second = backup_workspace(small_demo, label="before-restore")
    assert main(["--db", str(small_demo), "backup", "--list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split()[-1] for line in lines] == [str(second), str(first)]
    assert "before-restore" in lines[0] and "MB" in lines[0]


def test_restore_never_replaces_another_programs_database(
    small_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = backup_workspace(small_demo)
    photos = tmp_path / "photos.db"
    photos.touch()
    _foreign(photos)
    before = digest(photos)
    assert main(["--db", str(photos), "restore", str(backup)]) == 1
    assert "not a Field Visit workspace" in capsys.readouterr().err
    assert digest(photos) == before
