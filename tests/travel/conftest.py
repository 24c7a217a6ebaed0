"""The travel tests' team workspace: a fresh PostgreSQL database filled by the builders."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.travel.network import Network
from tests.travel.team_rows import Team, fill_team


@pytest.fixture
def team(team_database: str, team_login: Callable[..., str]) -> Team:
    """A team workspace: Ana visits Acme (one done visit, one planned), Ben visits Beta."""
    return fill_team(team_login(team_database))


@pytest.fixture
def contexts(qapp: Any) -> Iterator[list[Any]]:
    """The app contexts a test opens (`AppContext`s), shut down and closed afterwards."""
    made: list[Any] = []
    yield made
    for ctx in made:
        ctx.tasks.shutdown()
        ctx.workspace.close()


@pytest.fixture
def network(team: Team) -> Iterator[Network]:
    """The way to the team's server through a port of its own: down until `come_back()`."""
    from fieldvisit.store.location import parse_team_url

    address = parse_team_url(team.url)
    found = Network((address.host, address.port))
    yield found
    found.close()
