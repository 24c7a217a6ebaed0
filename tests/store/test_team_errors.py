"""A team database's failures are one line naming the database, through the command line as a
person runs it: out of reach (TeamUnreachable, its own kind: the app retries it by itself once
the network is back, while a password waits for the user), a right the app role lacks, a server
that takes no changes. Reads still work where only writing is refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pg_server import free_port

from fieldvisit.cli import main
from fieldvisit.store.location import parse_team_url
from fieldvisit.store.team import open_team_workspace
from fieldvisit.store.team_errors import PasswordNeeded, TeamUnreachable


@pytest.mark.parametrize(
    "where",
    ["127.0.0.1:{port}", "no-such-host.invalid:5432"],
    ids=["nothing-listening", "unknown-host"],
)
def test_a_server_out_of_reach_is_one_line_of_its_own_kind(where: str) -> None:
    url = f"postgresql://fv_app@{where.format(port=free_port())}/fieldvisit?connect_timeout=2"
    with pytest.raises(TeamUnreachable) as caught:
        open_team_workspace(parse_team_url(url))
    said = str(caught.value)
    assert "cannot reach the team database" in said and "\n" not in said
    assert said.startswith(url.split("?")[0])


def test_a_missing_password_is_not_taken_for_a_network_problem(
    team_database: str, team_login: Callable[..., str]
) -> None:
    url = team_login(team_database).replace("//fv_app@", "//fv_nobody_saved@")
    with pytest.raises(PasswordNeeded) as caught:
        open_team_workspace(parse_team_url(url))
    assert not isinstance(caught.value, TeamUnreachable)


def test_a_right_the_app_role_lacks_is_one_line_naming_it(  # type: ignore[no-untyped-def]
    pg_server, team_database: str, team_login: Callable[..., str], capsys
) -> None:
    url = team_login(team_database)
    pg_server.admin("REVOKE INSERT, UPDATE ON setting FROM fv_app", database=team_database)
    assert main(["--db", url, "currency", "--set", "EUR"]) == 1
    said = capsys.readouterr().err.strip()
    assert said.splitlines() == [said], said
    assert "fv_app may not do this (permission denied for table setting)" in said
    assert "Traceback" not in said and "psycopg" not in said
    assert main(["--db", url, "currency"]) == 0  # reading is still allowed


def test_a_server_that_takes_no_changes_says_so_and_reads_go_on(  # type: ignore[no-untyped-def]
    pg_server, team_database: str, team_login: Callable[..., str], capsys
) -> None:
    url = team_login(team_database)
    pg_server.admin(f"ALTER DATABASE {team_database} SET default_transaction_read_only = on")
    assert main(["--db", url, "currency", "--set", "EUR"]) == 1
    said = capsys.readouterr().err.strip()
    assert "the team database takes no changes here" in said and "\n" not in said
    assert main(["--db", url, "currency"]) == 0
