"""The network goes away in the middle of a push: the connection drops the moment the sync sends
its first write, before the server sees it. The sync says so in one line, the team database holds
nothing of it (its transaction never committed), the copy still lists the change as not pushed,
and once the network is back `sync` pushes it — once."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldvisit.cli import main
from tests.travel.network import Network, point_at
from tests.travel.team_rows import Team, copy_of, sync, team_rows, write_debrief

SUMMARY = (
    "SELECT d.summary FROM debrief d JOIN visit v ON v.id = d.visit_id "
    "WHERE v.external_id = 'V-Acme-1'"
)


def test_a_push_cut_off_by_the_network_leaves_both_sides_as_they_were(
    team: Team, network: Network, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    write_debrief(out, "V-Acme-1", "Written in the lounge")
    point_at(out, team, network.port)
    network.come_back()
    network.cut_on = b"INSERT INTO debrief "  # the push writes the debrief: cut there
    capsys.readouterr()

    assert sync(out) == 1
    said = capsys.readouterr().err.strip()
    assert network.cut_seen.is_set(), "the push never reached its write"
    assert "cannot reach the team database" in said and "\n" not in said, said
    assert "Traceback" not in said, said
    assert team_rows(team, SUMMARY) == []  # the push never committed
    assert main(["--db", str(out), "sync", "--pending"]) == 0
    assert "V-Acme-1" in capsys.readouterr().out

    network.cut_on = None  # back, and steady
    assert sync(out) == 0
    assert team_rows(team, SUMMARY) == [("Written in the lounge",)]
    assert sync(out) == 0
    assert "Pushed 0 changes" in capsys.readouterr().out
