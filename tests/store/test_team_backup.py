"""`backup` of a team workspace writes a verified SQLite snapshot; `restore` loads one into an
empty team database, all or nothing. Both ways against the real PostgreSQL server."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pg_server import APP, OWNER, PgServer
from sqlalchemy import select, text
from sqlalchemy.engine import Connection

from fieldvisit.cli import main
from fieldvisit.errors import WorkspaceError
from fieldvisit.store import open_workspace
from fieldvisit.store.location import parse_team_url
from fieldvisit.store.opening import open_location
from fieldvisit.store.snapshot import row_counts, snapshot_team, workspace_tables
from fieldvisit.store.team import PASSWORD_VARIABLE, TeamWorkspace
from tests.store.older_release import older_release_file


@pytest.fixture(autouse=True)
def no_password_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)


def every_row(conn: Connection) -> dict[str, list[tuple[object, ...]]]:
    """Return each table's rows in key order, read with the models' types (engine-neutral)."""
    return {
        table.name: [
            tuple(row) for row in conn.execute(select(table).order_by(*table.primary_key.columns))
        ]
        for table in workspace_tables()
    }


def file_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    ws = open_workspace(path)
    try:
        with ws.connect() as conn:
            return every_row(conn)
    finally:
        ws.close()


def team(url: str) -> TeamWorkspace:
    ws = open_location(parse_team_url(url))
    assert isinstance(ws, TeamWorkspace)
    return ws


@contextmanager
def team_connection(url: str) -> Iterator[Connection]:
    """Open the team workspace at `url` for one read, and close it after."""
    ws = team(url)
    try:
        with ws.connect() as conn:
            yield conn
    finally:
        ws.close()


def test_a_demo_goes_into_an_empty_team_database_and_comes_back_as_a_snapshot(
    small_demo: Path,
    team_database: str,
    team_login: Callable[..., str],
    fieldvisit_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    demo = file_rows(small_demo)
    assert len(demo["activity"]) > 1000 and demo["debrief"] and demo["next_step"]
    url = team_login(team_database, APP)

    assert main(["--db", url, "restore", str(small_demo)]) == 0
    out = capsys.readouterr().out
    assert f"Restored {url.split('?')[0]} from {small_demo}" in out
    assert f"{sum(len(rows) for rows in demo.values())} rows" in out
    ws = team(url)
    try:
        with ws.connect() as conn:
            assert every_row(conn) == demo
            # PostgreSQL's own search index was built from the rows by its triggers.
            assert conn.execute(text("SELECT count(*) FROM debrief_fts")).scalar() == len(
                demo["debrief"]
            )
        with ws.begin() as conn:  # the id sequences moved past the copied ids
            new = conn.execute(
                text("INSERT INTO rep(email, name) VALUES ('new@example.com', 'New') RETURNING id")
            ).scalar()
        assert new == max(row[0] for row in demo["rep"]) + 1
    finally:
        ws.close()

    assert main(["--db", url, "backup"]) == 0
    out = capsys.readouterr().out
    snapshot = Path(out.strip().rsplit(": ", 1)[1])
    assert snapshot.parent == fieldvisit_home / "data" / "backups"
    assert snapshot.name.startswith(f"{team_database}-") and snapshot.suffix == ".fieldvisit"
    assert not list(snapshot.parent.glob("*.partial*"))
    back = file_rows(snapshot)
    assert back["rep"][-1][1:4] == ("new@example.com", None, "New")
    back["rep"].pop()
    assert back == demo
    with sqlite3.connect(snapshot) as conn:  # SQLite's own search index, built on the way in
        assert conn.execute("SELECT count(*) FROM debrief_fts").fetchone()[0] == len(
            demo["debrief"]
        )
    assert main(["--db", str(snapshot), "check"]) == 0
    assert "OK (integrity ok, foreign keys ok" in capsys.readouterr().out

    assert main(["--db", url, "backup", "--list"]) == 0
    assert str(snapshot) in capsys.readouterr().out


def test_restore_refuses_a_team_database_that_has_rows(
    small_demo: Path,
    team_database: str,
    team_login: Callable[..., str],
    pg_server: PgServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = team_login(team_database, APP)
    pg_server.admin("INSERT INTO setting(key, value) VALUES ('mine', '1')", team_database)
    assert main(["--db", url, "restore", str(small_demo)]) == 1
    err = capsys.readouterr().err
    assert "is not empty (setting have rows)" in err and "left untouched" in err
    assert pg_server.admin("SELECT count(*) FROM account", team_database) == [(0,)]
    assert pg_server.admin("SELECT key FROM setting", team_database) == [("mine",)]


def test_a_restore_that_fails_half_way_leaves_the_database_empty(
    small_demo: Path,
    team_database: str,
    team_login: Callable[..., str],
    pg_server: PgServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The app role may not add next steps: the load fails after most tables went in.
    pg_server.admin(f"REVOKE INSERT ON next_step FROM {APP}", team_database)
    url = team_login(team_database, APP)
    assert main(["--db", url, "restore", str(small_demo)]) == 1
    assert "next_step" in capsys.readouterr().err
    with team_connection(url) as conn:
        assert set(row_counts(conn).values()) == {0}


def test_a_snapshot_is_one_moment_even_while_others_write(
    small_demo: Path, team_database: str, team_login: Callable[..., str], tmp_path: Path
) -> None:
    ws = team(team_login(team_database, APP))
    try:
        assert main(["--db", ws.label, "restore", str(small_demo)]) == 0
        with ws.connect() as conn:
            before = row_counts(conn)
        written: list[str] = []

        def someone_else_writes(_fraction: float, message: str) -> None:
            if not written:  # after the first table, another user adds rows to later ones
                with ws.begin() as conn:
                    conn.execute(text("INSERT INTO setting(key, value) VALUES ('late', '1')"))
                    conn.execute(text("UPDATE account SET name = 'Renamed' WHERE id = 1"))
                written.append(message)

        snapshot = snapshot_team(ws, dest_dir=tmp_path, progress=someone_else_writes)
        assert written
        with ws.connect() as conn:
            assert row_counts(conn)["setting"] == before["setting"] + 1
    finally:
        ws.close()
    copy = open_workspace(snapshot)
    try:
        with copy.connect() as conn:
            assert row_counts(conn) == before
            assert conn.execute(text("SELECT name FROM account WHERE id = 1")).scalar() != "Renamed"
    finally:
        copy.close()


def test_a_backup_of_a_team_database_that_is_gone_says_so(
    team_login: Callable[..., str], pg_server: PgServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = team_login("no_such_database", APP)
    assert main(["--db", url, "backup"]) == 1
    assert "the database no_such_database does not exist" in capsys.readouterr().err
    with pytest.raises(WorkspaceError, match="does not exist"):
        open_location(parse_team_url(url))


def test_a_file_from_an_older_release_is_upgraded_on_a_copy_and_loaded(
    tmp_path: Path, team_database: str, team_login: Callable[..., str]
) -> None:
    old = older_release_file(tmp_path)
    before = old.read_bytes()

    url = team_login(team_database, APP)
    assert main(["--db", url, "restore", str(old)]) == 0
    assert old.read_bytes() == before, "the snapshot itself is never changed"
    with team_connection(url) as conn:
        assert conn.execute(text("SELECT name FROM account")).scalars().all() == ["Globex"]


def test_a_file_that_is_no_workspace_is_refused_and_the_database_left_empty(
    tmp_path: Path,
    team_database: str,
    team_login: Callable[..., str],
    pg_server: PgServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    notes = tmp_path / "accounts.csv"
    notes.write_text("account_id,name\nA1,Globex\n")
    assert main(["--db", team_login(team_database, APP), "restore", str(notes)]) == 1
    assert "not a Field Visit backup" in capsys.readouterr().err
    assert pg_server.admin("SELECT count(*) FROM account", team_database) == [(0,)]


def test_the_demo_command_fills_a_team_database_and_its_snapshot_restores_alike(
    pg_server: PgServer, team_login: Callable[..., str], capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = (pg_server.new_database(template=None, prefix="d") for _ in range(2))
    try:
        for database in (first, second):
            assert main(["--db", team_login(database, OWNER), "init", "--grant", APP]) == 0
        owner_url = team_login(first, OWNER)
        assert main(["--db", owner_url, "demo", "--size", "small", "--as-of", "2026-06-15"]) == 0
        assert f"Wrote a small demo workspace to {owner_url}" in capsys.readouterr().out

        assert main(["--db", team_login(first, APP), "backup"]) == 0
        snapshot = Path(capsys.readouterr().out.strip().rsplit(": ", 1)[1])
        assert main(["--db", team_login(second, APP), "restore", str(snapshot)]) == 0
        capsys.readouterr()
        rows = []
        for database in (first, second):
            with team_connection(team_login(database, APP)) as conn:
                rows.append(every_row(conn))
        assert rows[0]["visit"] and rows[0]["debrief"]
        assert rows[0] == rows[1] == file_rows(snapshot)
    finally:
        for database in (first, second):
            pg_server.drop_database(database)


def test_a_database_with_tables_this_version_does_not_know_is_not_snapshotted(
    team_database: str, team_login: Callable[..., str], pg_server: PgServer, tmp_path: Path
) -> None:
    pg_server.admin(
        f"CREATE TABLE later_feature(x integer) ; ALTER TABLE later_feature OWNER TO {OWNER}",
        team_database,
    )
    ws = team(team_login(team_database, APP))
    try:
        with pytest.raises(WorkspaceError, match=r"does not know \(later_feature\)"):
            snapshot_team(ws, dest_dir=tmp_path)
    finally:
        ws.close()
    assert list(tmp_path.iterdir()) == []
