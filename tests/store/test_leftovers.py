"""Killed `demo` and `backup` runs: what they leave is cleaned up next time, and never counts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldvisit.cli import main
from fieldvisit.errors import WorkspaceError
from fieldvisit.store.backup import backup_due, backup_workspace, last_backup, list_backups

DEADLINE_S = 60

# A real backup that stops once its copy is written (before it is verified and renamed) and
# waits there to be killed, or to go on when its stdin closes.
_BACKUP = r"""
import sys
from pathlib import Path
from fieldvisit.store.backup import backup_workspace
def copied(fraction, message):
    if fraction >= 1.0:
        print("copied", flush=True)
        sys.stdin.read()
backup_workspace(Path(sys.argv[1]), dest_dir=Path(sys.argv[2]), progress=copied)
"""


@contextmanager
def backup_stopped_mid_way(workspace: Path, dest: Path) -> Iterator[subprocess.Popen[str]]:
    child = subprocess.Popen(
        [sys.executable, "-c", _BACKUP, str(workspace), str(dest)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "copied"
        yield child
    finally:
        child.kill()
        child.wait()


@contextmanager
def demo_running(target: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Start `fieldvisit demo --size large` and yield it once its temporary file exists."""
    child = subprocess.Popen(
        [sys.executable, "-m", "fieldvisit", "--db", str(target), "demo", "--size", "large"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    before = set(building(target))
    try:
        deadline = time.monotonic() + DEADLINE_S
        while not set(building(target)) - before:
            assert child.poll() is None and time.monotonic() < deadline
            time.sleep(0.005)  # polling for the file, not waiting for a time to pass
        yield child
    finally:
        child.kill()
        child.wait()


def building(target: Path) -> list[Path]:
    """Return the demo's temporary files (SQLite's journal beside one comes and goes)."""
    found = target.parent.glob(f"{target.name}-building-*")
    return sorted(p for p in found if not p.name.endswith(("-journal", "-wal", "-shm")))


def test_a_killed_demo_run_is_cleaned_up_by_the_next_one_and_a_live_one_is_left_alone(
    tmp_path: Path,
) -> None:
    target = tmp_path / "demo.fieldvisit"
    with demo_running(target):
        pass  # killed
    left = building(target)
    assert left, "the killed run left its temporary file"
    left += list(target.parent.glob(f"{target.name}-building-*-journal"))

    with demo_running(target) as live:
        live_files = set(building(target)) - set(left)
        assert main(["--db", str(target), "demo", "--size", "small", "--as-of", "2026-06-15"]) == 0
        assert target.exists()
        assert not any(p.exists() for p in left), "the dead run's file is gone"
        assert live_files and all(p.exists() for p in live_files), "the live run's is untouched"
        assert live.poll() is None

    target.unlink()
    assert main(["--db", str(target), "demo", "--size", "small", "--as-of", "2026-06-15"]) == 0
    assert building(target) == [], "once its writer is gone, it goes too"


def test_a_killed_backup_never_counts_and_the_next_backup_removes_it(small_demo: Path) -> None:
    dest = small_demo.parent / "backups"
    with backup_stopped_mid_way(small_demo, dest):
        pass  # killed
    left = sorted(dest.iterdir())
    assert left and all(".partial" in p.name for p in left)
    assert last_backup(small_demo, dest) is None and list_backups(small_demo, dest) == []
    assert backup_due(small_demo, dest_dir=dest)

    with backup_stopped_mid_way(small_demo, dest) as live:
        live_files = set(dest.iterdir()) - set(left)
        made = backup_workspace(small_demo, dest_dir=dest)
        assert not any(p.exists() for p in left), "the dead run's partial file is gone"
        assert all(p.exists() for p in live_files), "the live run's is untouched"
        assert [b.path for b in list_backups(small_demo, dest)] == [made]
        assert live.poll() is None

    backup_workspace(small_demo, dest_dir=dest)
    assert not [p for p in dest.iterdir() if ".partial" in p.name]
    assert len(list_backups(small_demo, dest)) == 2


def test_leftovers_of_older_versions_go_once_they_are_a_day_old(small_demo: Path) -> None:
    dest = small_demo.parent / "backups"
    dest.mkdir()
    old = dest / "team-0123abcd-20260101T000000000000Z-backup.partial"
    fresh = dest / "team-0123abcd-20260102T000000000000Z-backup.partial"
    for leftover in (old, fresh):
        leftover.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    backup_workspace(small_demo, dest_dir=dest)
    assert not old.exists() and fresh.exists()


def test_a_backup_is_due_when_the_newest_is_a_day_old(small_demo: Path) -> None:
    dest = small_demo.parent / "backups"
    assert backup_due(small_demo, dest_dir=dest)
    backup_workspace(small_demo, dest_dir=dest)
    now = datetime.now(UTC)
    assert not backup_due(small_demo, now, dest_dir=dest)
    assert backup_due(small_demo, now + timedelta(hours=24, minutes=1), dest_dir=dest)


def test_a_backup_that_cannot_be_written_says_where_in_one_line(
    small_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = small_demo.parent / "backups"
    blocked.write_text("a file where the backup folder should be")
    with pytest.raises(WorkspaceError, match=f"Could not write a backup into {blocked}"):
        backup_workspace(small_demo, dest_dir=blocked)
    assert blocked.read_text() == "a file where the backup folder should be"
