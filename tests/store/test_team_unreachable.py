"""A team database out of reach is its own kind of error (TeamUnreachable): the app retries it by
itself once the network is back, while a password or a refusal waits for the user."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest

from fieldvisit.store.location import parse_team_url
from fieldvisit.store.team import PasswordNeeded, TeamUnreachable, open_team_workspace


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    "where",
    ["127.0.0.1:{port}", "no-such-host.invalid:5432"],
    ids=["nothing-listening", "unknown-host"],
)
def test_a_server_out_of_reach_is_one_line_of_its_own_kind(where: str) -> None:
    url = f"postgresql://fv_app@{where.format(port=closed_port())}/fieldvisit?connect_timeout=2"
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
