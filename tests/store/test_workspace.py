"""A workspace opens safely, refuses what it should, and never changes a file it did not create."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel, select

from fieldvisit.cli import main
from fieldvisit.errors import WorkspaceError
from fieldvisit.store import create_workspace, open_workspace
from fieldvisit.store.backup import KEEP, backup_workspace, last_backup
from fieldvisit.store.schema import alembic_config, head_revision, include_name
from fieldvisit.store.workspace import APPLICATION_ID, make_engine
from tests.store.older_release import first_release_workspace


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_workspace_is_at_the_newest_schema_and_sound(workspace_path: Path) -> None:
    ws = create_workspace(workspace_path)
    with ws.connect() as conn:
        assert (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            == head_revision()
        )
        assert conn.execute(text("PRAGMA application_id")).scalar() == APPLICATION_ID
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    ws.close()
    assert main(["--db", str(workspace_path), "check"]) == 0


def test_models_and_migrations_describe_the_same_schema(workspace: object) -> None:
    with workspace.connect() as conn:  # type: ignore[attr-defined]
        ctx = MigrationContext.configure(conn, opts={"include_name": include_name})
        assert compare_metadata(ctx, SQLModel.metadata) == []


def test_init_refuses_to_overwrite_an_existing_file(tmp_path: Path, capsys) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("my own notes")
    assert main(["--db", str(target), "init"]) == 1
    assert "will not overwrite" in capsys.readouterr().err
    assert target.read_text() == "my own notes"


def test_a_mistyped_path_is_an_error_not_a_new_file(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "typo.fieldvisit"
    assert main(["--db", str(missing), "check"]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not missing.exists()
    with pytest.raises(WorkspaceError, match="does not exist"):
        open_workspace(missing)


@pytest.mark.parametrize(
    "content",
    [b"", b"account_id,name\nA1,Globex\n", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8],
    ids=["empty", "csv", "binary"],
)
def test_a_file_that_is_not_a_workspace_is_refused_and_untouched(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "other.fieldvisit"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(WorkspaceError, match="not a Field Visit workspace"):
        open_workspace(path)
    assert digest(path) == before


def test_a_foreign_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "someone-elses.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos(id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO photos(name) VALUES ('beach.jpg')")
    conn.close()
    before = digest(path)
    with pytest.raises(WorkspaceError, match="not a Field Visit workspace"):
        open_workspace(path)
    assert main(["--db", str(path), "backup"]) == 1
    assert digest(path) == before


def test_a_corrupt_workspace_gets_a_clear_message_and_is_not_overwritten(
    workspace_path: Path,
) -> None:
    create_workspace(workspace_path).close()
    data = bytearray(workspace_path.read_bytes())
    # Keep the header, wreck the schema page.
    data[100:4096] = b"\xff" * (4096 - 100)
    workspace_path.write_bytes(bytes(data))
    before = digest(workspace_path)
    with pytest.raises(WorkspaceError, match="damaged|not a Field Visit|could not be opened"):
        open_workspace(workspace_path)
    assert main(["--db", str(workspace_path), "check"]) == 1
    assert digest(workspace_path) == before


def test_a_workspace_from_a_newer_version_is_refused_and_untouched(workspace_path: Path) -> None:
    create_workspace(workspace_path).close()
    with sqlite3.connect(workspace_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = digest(workspace_path)
    with pytest.raises(WorkspaceError, match="newer version"):
        open_workspace(workspace_path)
    assert digest(workspace_path) == before


def test_a_failed_transaction_rolls_back_ddl_and_rows(
    workspace: object, engine_name: str, team_login: object
) -> None:
    ws = workspace
    if engine_name == "postgresql":  # only the owner may change a team database's schema
        from fieldvisit.store.location import parse_team_url
        from fieldvisit.store.team import open_team_workspace

        database = workspace.address.database  # type: ignore[attr-defined]
        ws = open_team_workspace(parse_team_url(team_login(database, "fv_owner")))  # type: ignore[operator]
    with pytest.raises(RuntimeError), ws.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(text("CREATE TABLE scratch(x INTEGER)"))
        conn.execute(text("INSERT INTO setting(key, value) VALUES ('k', '1')"))
        raise RuntimeError("boom")
    with ws.connect() as conn:  # type: ignore[attr-defined]
        assert "scratch" not in inspect(conn).get_table_names()
        assert "setting" in inspect(conn).get_table_names()
        assert conn.execute(text("SELECT count(*) FROM setting")).scalar() == 0
    if ws is not workspace:
        ws.close()  # type: ignore[attr-defined]


def test_foreign_keys_are_enforced(workspace: object) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), workspace.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(
            text(
                "INSERT INTO contact(external_id, account_id, name, decision_maker) "
                "VALUES ('C1', 999, 'Nobody', FALSE)"
            )
        )


def test_naive_datetimes_are_refused(workspace: object) -> None:
    from fieldvisit.store.models import Account, Visit

    with workspace.session() as session:  # type: ignore[attr-defined]
        account = Account(external_id="A1", name="Globex")
        session.add(account)
        session.flush()
        session.add(Visit(external_id="V1", account_id=account.id, start=datetime(2026, 6, 1, 9)))
        with pytest.raises(Exception, match="naive datetime"):
            session.flush()


def test_datetimes_come_back_aware_utc(workspace: object) -> None:
    from zoneinfo import ZoneInfo

    from fieldvisit.store.models import Account, Visit

    start = datetime(2026, 6, 23, 10, 0, tzinfo=ZoneInfo("America/Chicago"))
    with workspace.session() as session:  # type: ignore[attr-defined]
        account = Account(external_id="A1", name="Globex")
        session.add(account)
        session.flush()
        session.add(Visit(external_id="V1", account_id=account.id, start=start))
        session.commit()
    with workspace.session() as session:  # type: ignore[attr-defined]
        visit = session.exec(select(Visit)).one()
        assert visit.start.tzinfo is UTC
        assert visit.start == start
        assert visit.start.hour == 15


def test_an_older_workspace_is_upgraded_after_a_verified_backup_keeping_debriefs(
    workspace_path: Path, fieldvisit_home: Path
) -> None:
    # Build a workspace at the first schema revision, as release 0.1 would have left it.
    first_release_workspace(
        workspace_path,
        "INSERT INTO account(external_id, name, tier) VALUES ('A1', 'Globex', 'strategic')",
        "INSERT INTO visit(external_id, account_id, start, mode, status, sequence) "
        "VALUES ('V1', 1, '2026-06-01 15:00:00.000000', 'in_person', 'done', 0)",
        "INSERT INTO debrief(visit_id, written_at, learned, challenges, field_friction, "
        "competitors, current_vendor, budget, summary) VALUES (1, '2026-06-01 18:00:00', "
        "'They want the plant rollout before Q3 — café team too', '', '', '', '', '', 'Good')",
    )

    ws = open_workspace(workspace_path)
    with ws.connect() as conn:
        assert (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            == head_revision()
        )
        learned = conn.execute(text("SELECT learned FROM debrief")).scalar()
        assert learned == "They want the plant rollout before Q3 — café team too"
        hits = conn.execute(
            text("SELECT rowid FROM debrief_fts WHERE debrief_fts MATCH 'cafe'")
        ).all()
        assert hits == [(1,)]
    ws.close()
    backups = list((fieldvisit_home / "data" / "backups").glob("*before-upgrade*"))
    assert len(backups) == 1
    with sqlite3.connect(f"file:{backups[0]}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"


@pytest.mark.sqlite_only  # the file's own backups; a team workspace's: test_team_backup.py
def test_backups_are_verified_copies_and_only_the_last_ten_are_kept(
    workspace: object, tmp_path: Path
) -> None:
    with workspace.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(
            text("INSERT INTO account(external_id, name, tier) VALUES ('A1', 'Globex', 'key')")
        )
    dest = tmp_path / "backups"
    made = [backup_workspace(workspace.path, dest_dir=dest) for _ in range(KEEP + 3)]  # type: ignore[attr-defined]
    kept = sorted(dest.glob("*.fieldvisit"))
    assert kept == sorted(made[-KEEP:])
    copy = open_workspace(kept[-1])
    with copy.connect() as conn:
        assert conn.execute(text("SELECT name FROM account")).scalar() == "Globex"
    copy.close()


def test_backups_of_a_workspace_with_a_longer_name_do_not_count_as_its_own(
    tmp_path: Path,
) -> None:
    dest = tmp_path / "backups"
    short, longer = tmp_path / "acme.fieldvisit", tmp_path / "acme-emea.fieldvisit"
    create_workspace(short).close()
    create_workspace(longer).close()
    emea = [backup_workspace(longer, dest_dir=dest) for _ in range(3)]
    for _ in range(KEEP + 1):
        backup_workspace(short, dest_dir=dest)
    assert all(p.exists() for p in emea)
    assert len(set(dest.glob("*.fieldvisit")) - set(emea)) == KEEP, "acme keeps ten of its own"
    assert last_backup(short, dest_dir=dest) != emea[-1]
    assert last_backup(longer, dest_dir=dest) == emea[-1]


def test_same_named_workspaces_in_different_folders_keep_their_own_backups(
    tmp_path: Path,
) -> None:
    dest = tmp_path / "backups"
    (tmp_path / "emea").mkdir()
    (tmp_path / "apac").mkdir()
    emea, apac = tmp_path / "emea" / "team.fieldvisit", tmp_path / "apac" / "team.fieldvisit"
    create_workspace(emea).close()
    create_workspace(apac).close()
    theirs = [backup_workspace(emea, dest_dir=dest) for _ in range(3)]
    for _ in range(KEEP + 2):
        backup_workspace(apac, dest_dir=dest)
    assert all(p.exists() for p in theirs)
    assert last_backup(emea, dest_dir=dest) == theirs[-1]
    assert last_backup(apac, dest_dir=dest) not in theirs


def test_backup_command_reports_the_verified_file(workspace_path: Path, capsys) -> None:
    create_workspace(workspace_path).close()
    assert main(["--db", str(workspace_path), "backup"]) == 0
    out = capsys.readouterr().out
    assert "verified" in out
    assert Path(out.split(": ", 1)[1].strip()).exists()


def test_check_calls_an_older_schema_sound_and_a_newer_one_a_reason_to_update(
    workspace_path: Path, capsys
) -> None:
    """An older workspace is no fault (opening upgrades it); check neither fails nor changes it."""
    workspace_path.touch()
    engine = make_engine(workspace_path)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        command.upgrade(alembic_config(conn), "0004")
    engine.dispose()
    before = digest(workspace_path)
    assert main(["--db", str(workspace_path), "check"]) == 0
    out = capsys.readouterr().out
    assert "OK" in out and "upgraded" in out and "Restore" not in out
    assert digest(workspace_path) == before

    with sqlite3.connect(workspace_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = digest(workspace_path)
    assert main(["--db", str(workspace_path), "check"]) == 1
    err = capsys.readouterr().err
    assert "newer version" in err and "Restore" not in err
    assert digest(workspace_path) == before
