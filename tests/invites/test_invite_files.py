"""Invite files: owner-only, all or nothing, and recorded as sent only once they are written.

The command line and the app write through the same `fieldvisit.invites.files` functions; the
app's side is in tests/ui/test_visit_privacy.py.
"""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from fieldvisit.errors import FieldVisitError
from fieldvisit.invites.delivery import was_sent
from fieldvisit.invites.files import export_visit_invites, write_atomically
from fieldvisit.settings import load_rules
from fieldvisit.store import Workspace
from tests.either_engine import child_env, reopen

from .builder import AS_OF, add_visit, configure

NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _invite_state(ws, visit_pk: int) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
    with ws.connect() as conn:
        row = conn.execute(
            text(
                "SELECT internal_uid, external_uid, sequence, sent_sequence, sent_fingerprint "
                "FROM visit WHERE id = :v"
            ),
            {"v": visit_pk},
        ).one()
        return (*row, was_sent(conn, visit_pk))


def test_new_and_replaced_invite_files_are_owner_only(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        target = tmp_path / "visit.ics"
        write_atomically(target, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
        assert _mode(target) == 0o600
        target.chmod(0o644)  # shared by hand once
        write_atomically(target, b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
        assert _mode(target) == 0o600
        assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0")
    finally:
        os.umask(old_umask)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["visit.ics"], "no temporary file left"


def test_both_invites_are_written_and_recorded_as_sent_together(workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    configure(workspace)
    built = add_visit(workspace)
    targets = {"internal": tmp_path / "team.ics", "external": tmp_path / "customer.ics"}
    with workspace.begin() as conn:
        written = export_visit_invites(conn, built.visit_pk, load_rules(conn), targets, NOW, AS_OF)
    assert [path.name for _invite, path in written] == ["team.ics", "customer.ics"]
    assert {_mode(p) for p in targets.values()} == {0o600}
    assert b"INTERNAL BRIEFING" in (tmp_path / "team.ics").read_bytes().upper()
    assert _invite_state(workspace, built.visit_pk)[-1] is True


def test_when_one_invite_cannot_be_written_neither_is_and_nothing_is_marked_sent(
    workspace, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    configure(workspace)
    built = add_visit(workspace)
    before = _invite_state(workspace, built.visit_pk)
    folder = tmp_path / "invites"
    folder.mkdir()
    (folder / "customer.ics").mkdir()  # the second file's name is taken by a folder
    targets = {"internal": folder / "team.ics", "external": folder / "customer.ics"}
    with (
        pytest.raises(FieldVisitError, match="customer.ics is a folder"),
        workspace.begin() as conn,
    ):
        export_visit_invites(conn, built.visit_pk, load_rules(conn), targets, NOW, AS_OF)
    assert _invite_state(workspace, built.visit_pk) == before
    assert sorted(p.name for p in folder.iterdir()) == ["customer.ics"]


# A contact's title, which the internal briefing shows: about 270 KB.
LONG_TITLE = "Head of roll-out planning, site by site. " * 6600
FILE_SIZE_LIMIT = 128 * 1024


def _small_files_only() -> None:
    # Any write past 128 KB fails with EFBIG (Python ignores SIGXFSZ): the internal invite,
    # with its long title, cannot reach the disk whole, while the workspace's rollback journal
    # (the few pages of the visit row) can, and the workspace file is written only at commit.
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, resource.RLIM_INFINITY))


def _export(ws: Workspace, visit_id: str, out: Path, **run: object):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [
            *(sys.executable, "-m", "fieldvisit", "--db", ws.label),
            *("export-ics", "--visit", visit_id, "--audience", "internal", "-o", str(out)),
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        env=child_env(ws),
        **run,
    )


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="no file size limit here")
def test_a_file_cut_short_by_the_disk_marks_nothing_as_sent(workspace, tmp_path):  # type: ignore[no-untyped-def]
    configure(workspace)
    built = add_visit(workspace)
    workspace.close()
    # Sent once, then moved: the next export would raise SEQUENCE and record what it sent. (The
    # first run also fills the workspace's cache of stage limits, a write of its own.)
    assert _export(workspace, built.visit_id, tmp_path / "first.ics").returncode == 0
    with reopen(workspace.label) as ws:
        with ws.begin() as conn:
            conn.execute(
                text("UPDATE visit SET location = 'Acme West Campus' WHERE id = :v"),
                {"v": built.visit_pk},
            )
            conn.execute(text("UPDATE contact SET title = :t"), {"t": LONG_TITLE})
        before = _invite_state(ws, built.visit_pk)
    out = tmp_path / "out" / "team.ics"
    out.parent.mkdir()

    result = _export(workspace, built.visit_id, out, preexec_fn=_small_files_only)

    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Could not write" in lines[0] and "team.ics" in lines[0], lines
    assert "File too large" in lines[0]
    assert list(out.parent.iterdir()) == [], "neither the file nor a temporary one is left"
    with reopen(workspace.label) as ws:
        assert _invite_state(ws, built.visit_pk) == before
