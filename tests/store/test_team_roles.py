"""A team workspace on a real PostgreSQL server: the owner builds it, the app role only writes rows.

`check` says how the connection, the schema and the role stand; a newer schema is refused as it
is; an older one waits for its owner; passwords live in the keychain and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from pg_server import APP, OWNER, SUPERUSER, PgServer
from sqlalchemy import text

from fieldvisit.cli import main
from fieldvisit.errors import WorkspaceError
from fieldvisit.secrets import SERVICE_NAME
from fieldvisit.store.location import parse_team_url
from fieldvisit.store.opening import open_location
from fieldvisit.store.schema import HEAD_REVISION, alembic_config
from fieldvisit.store.team import TeamWorkspace, grant_app_role, make_team_engine
from fieldvisit.store.team_errors import PASSWORD_VARIABLE, PasswordNeeded, PasswordRefused


@pytest.fixture(autouse=True)
def no_password_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)


@pytest.fixture
def empty_database(pg_server: PgServer) -> Iterator[str]:
    """A database owned by fv_owner with nothing in it (no schema yet)."""
    name = pg_server.new_database(template=None, prefix="e")
    yield name
    pg_server.drop_database(name)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def whole_state(pg_server: PgServer, database: str) -> dict[str, object]:
    """Return every table's row count and the schema stamp, read as the superuser."""
    tables = pg_server.admin(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", database
    )
    state: dict[str, object] = {
        str(name): pg_server.admin(f'SELECT count(*) FROM "{name}"', database)[0][0]
        for (name,) in tables
    }
    state["stamp"] = pg_server.admin("SELECT version_num FROM alembic_version", database)
    return state


def test_the_owner_builds_it_and_the_app_role_writes_rows_but_never_the_schema(
    empty_database: str, team_login: Callable[..., str], capsys: pytest.CaptureFixture[str]
) -> None:
    owner_url = team_login(empty_database, OWNER)
    code, out, _ = run(["--db", owner_url, "init", "--grant", APP], capsys)
    assert code == 0
    assert f"{APP} may read and write rows" in out

    ws = open_location(parse_team_url(team_login(empty_database, APP)))
    try:
        with ws.begin() as conn:
            conn.execute(
                text("INSERT INTO account(external_id, name, tier) VALUES ('A1', 'Globex', 'key')")
            )
        with ws.connect() as conn:
            assert conn.execute(text("SELECT name FROM account")).scalar() == "Globex"
        with (
            pytest.raises(WorkspaceError, match="fv_app may not do this .permission denied"),
            ws.begin() as conn,
        ):
            conn.execute(text("CREATE TABLE scratch(x integer)"))
        with (
            pytest.raises(WorkspaceError, match="may not do this .must be owner"),
            ws.begin() as conn,
        ):
            conn.execute(text("ALTER TABLE account ADD COLUMN x integer"))
        with (
            pytest.raises(WorkspaceError, match="fv_app may not do this .permission denied"),
            ws.begin() as conn,
        ):
            conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    finally:
        ws.close()

    code, out, _ = run(["--db", team_login(empty_database, APP), "check"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].endswith(f"OK (schema {HEAD_REVISION}, current)")
    assert lines[1].startswith("Server: PostgreSQL ")
    assert f"database {empty_database}, no TLS (plain connection)" in lines[1]
    assert lines[2] == (f"Role {APP}: read yes, write rows yes, change schema no, superuser no")
    assert "Warning" not in out

    code, out, _ = run(["--db", owner_url, "check"], capsys)
    assert f"Role {OWNER} (owner): read yes, write rows yes, change schema yes" in out
    assert "Warning" not in out


def test_check_warns_when_the_app_role_may_do_more_than_write_rows(
    team_database: str,
    team_login: Callable[..., str],
    pg_server: PgServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pg_server.admin(f"GRANT CREATE ON SCHEMA public TO {APP}", team_database)
    code, out, _ = run(["--db", team_login(team_database, APP), "check"], capsys)
    assert code == 0
    assert f"Warning: {APP} may change the schema" in out

    code, out, _ = run(["--db", team_login(team_database, SUPERUSER), "check"], capsys)
    assert f"Warning: {SUPERUSER} is a superuser" in out


def test_a_database_from_a_newer_version_is_refused_and_left_as_it_is(
    team_database: str,
    team_login: Callable[..., str],
    pg_server: PgServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pg_server.admin(
        "INSERT INTO account(external_id, name, tier) VALUES ('A1', 'Globex', 'key')", team_database
    )
    pg_server.admin("UPDATE alembic_version SET version_num = '0999'", team_database)
    before = whole_state(pg_server, team_database)

    for role in (APP, OWNER):
        url = team_login(team_database, role)
        with pytest.raises(WorkspaceError, match="newer version of Field Visit"):
            open_location(parse_team_url(url))
        code, _, err = run(["--db", url, "check"], capsys)
        assert code == 1
        assert "schema 0999" in err and "Refused: the database was left untouched" in err
        assert err.count("\n") == 1

    assert whole_state(pg_server, team_database) == before


def test_an_older_schema_waits_for_its_owner_who_upgrades_it(
    empty_database: str,
    team_login: Callable[..., str],
    pg_server: PgServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from alembic import command

    owner = make_team_engine(
        parse_team_url(pg_server.url(empty_database)), pg_server.passwords[OWNER]
    )
    with owner.begin() as conn:
        command.upgrade(alembic_config(conn), "0008")
        grant_app_role(conn, APP)
        conn.execute(
            text("INSERT INTO account(external_id, name, tier) VALUES ('A1', 'Globex', 'key')")
        )
    owner.dispose()
    app_url = team_login(empty_database, APP)

    with pytest.raises(WorkspaceError, match="only the database's owner may run"):
        open_location(parse_team_url(app_url))
    assert pg_server.admin("SELECT version_num FROM alembic_version", empty_database) == [("0008",)]
    code, out, _ = run(["--db", app_url, "check"], capsys)
    assert code == 0
    assert f"schema 0008; the owner's next open upgrades it to {HEAD_REVISION}" in out

    open_location(parse_team_url(team_login(empty_database, OWNER))).close()
    assert pg_server.admin("SELECT version_num FROM alembic_version", empty_database) == [
        (HEAD_REVISION,)
    ]
    ws = open_location(parse_team_url(app_url))  # the app role reads and writes the new tables
    try:
        with ws.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM change_log")).scalar() == 0
            conn.execute(text("UPDATE account SET name = 'Globex Corp'"))
    finally:
        ws.close()


def test_a_password_in_the_address_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--db", "postgresql://fv_app:secret@127.0.0.1/team", "check"], capsys)
    assert code == 1
    assert "Leave the password out of the address" in err
    assert "secret" not in err
    assert err.count("\n") == 1


def test_the_password_is_asked_once_then_read_from_the_keychain(
    team_database: str, pg_server: PgServer
) -> None:
    address = parse_team_url(pg_server.url(team_database, APP))
    asked: list[str] = []

    def at_the_terminal(question: str) -> str:
        asked.append(question)
        return pg_server.passwords[APP]

    def nobody_there(question: str) -> str:
        raise AssertionError(f"asked again: {question}")

    open_location(address, prompt=at_the_terminal).close()
    assert len(asked) == 1 and f"{APP}@" in asked[0]
    assert keyring.get_password(SERVICE_NAME, address.secret_key) == pg_server.passwords[APP]
    open_location(address, prompt=nobody_there).close()


def test_a_refused_password_is_removed_from_the_keychain(
    team_database: str, pg_server: PgServer
) -> None:
    address = parse_team_url(pg_server.url(team_database, APP))
    keyring.set_password(SERVICE_NAME, address.secret_key, "not-the-password")
    with pytest.raises(PasswordRefused, match="refused the password") as refused:
        open_location(address)
    assert "\n" not in str(refused.value)
    assert keyring.get_password(SERVICE_NAME, address.secret_key) is None


def test_no_password_anywhere_says_it_is_needed_and_a_wrong_one_says_refused(
    team_database: str, pg_server: PgServer
) -> None:
    address = parse_team_url(pg_server.url(team_database, APP))
    assert keyring.get_password(SERVICE_NAME, address.secret_key) is None  # nothing kept
    with pytest.raises(PasswordNeeded, match=f"asks for {APP}'s password") as needed:
        open_location(address)
    assert not isinstance(needed.value, PasswordRefused)
    assert isinstance(needed.value, WorkspaceError)  # callers that only know workspaces still work

    with pytest.raises(PasswordRefused) as refused:
        open_location(address, prompt=lambda _question: "not-the-password")
    assert not isinstance(refused.value, PasswordNeeded)


def test_the_password_never_reaches_the_log_or_the_settings(
    team_database: str,
    pg_server: PgServer,
    fieldvisit_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from fieldvisit.logs import log_file

    password = pg_server.passwords[APP]
    monkeypatch.setenv(PASSWORD_VARIABLE, password)
    url = pg_server.url(team_database, APP)
    assert run(["--db", url, "check"], capsys)[0] == 0
    assert run(["--db", url, "restore", str(tmp_path / "missing.fieldvisit")], capsys)[0] == 1
    assert run(["--db", url + "x", "check"], capsys)[0] == 1  # no such database

    logged = log_file()
    assert logged is not None and logged.is_relative_to(fieldvisit_home)
    assert "restore" in logged.read_text()  # the failures were logged, without the password
    written = [p for p in fieldvisit_home.rglob("*") if p.is_file()]
    assert logged in written
    for path in written:
        assert password.encode() not in path.read_bytes(), path


def test_sslmode_require_against_a_server_without_tls_is_one_clear_line(
    team_database: str, team_login: Callable[..., str], capsys: pytest.CaptureFixture[str]
) -> None:
    url = team_login(team_database) + "?sslmode=require"
    code, _, err = run(["--db", url, "check"], capsys)
    assert code == 1
    assert err.count("\n") == 1
    assert "does not offer TLS" in err and "sslmode=require" in err


def test_a_server_that_goes_away_mid_read_is_one_line_naming_the_database(
    pg_server: PgServer, team_workspace: TeamWorkspace
) -> None:
    with pytest.raises(WorkspaceError) as caught, team_workspace.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        pg_server.admin(f"SELECT pg_terminate_backend({pid})")
        conn.execute(text("SELECT count(*) FROM deal"))
    message = str(caught.value)
    assert team_workspace.address.database in message and "\n" not in message
    assert "SELECT" not in message
