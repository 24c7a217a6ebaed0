"""A team workspace on PostgreSQL to take travel copies of, and what the tests read back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

from fieldvisit.cli import main
from fieldvisit.debriefs.data import DebriefData, NextStepItem
from fieldvisit.debriefs.records import save_debrief
from fieldvisit.store.location import parse_team_url
from fieldvisit.store.opening import open_workspace
from fieldvisit.store.team import open_team_workspace
from fieldvisit.store.workspace import Workspace
from tests.planning.builders import AS_OF, Builder, engaged, noon


@dataclass
class Team:
    url: str
    ana: str = "ana@example.com"
    ben: str = "ben@example.com"

    def open(self) -> Workspace:
        return open_team_workspace(parse_team_url(self.url))


def fill_team(url: str) -> Team:
    """A team workspace: Ana visits Acme (one done visit, one planned), Ben visits Beta."""
    found = Team(url)
    with found.open() as ws, ws.begin() as conn:
        b = Builder(conn)
        conn.execute(
            text("INSERT INTO setting(key, value) VALUES ('as_of', :v)"),
            {"v": json.dumps(AS_OF.isoformat())},
        )
        ana = b.executive(found.ana, name="Ana Chief")
        ben = b.executive(found.ben, name="Ben Chief", city="Boston")
        rep = b.rep("rita@example.com")
        for name, ext, who, city in (
            ("Acme", "A-ACME", ana, "Chicago"),
            ("Beta", "A-BETA", ben, "Boston"),
        ):
            account = b.account(name, external_id=ext, owner=rep, city=city)
            deal = b.deal(
                account,
                rep,
                external_id=f"D-{name}",
                strategic=True,
                entered=AS_OF - timedelta(days=80),
            )
            engaged(b, deal, account, AS_OF - timedelta(days=40))
            b.visit(
                account,
                AS_OF - timedelta(days=3),
                deal=deal,
                execs=(who,),
                external_id=f"V-{name}-1",
            )
            b.visit(
                account,
                noon(AS_OF + timedelta(days=9)),
                deal=deal,
                execs=(who,),
                status="planned",
                external_id=f"V-{name}-2",
            )
    return found


def copy_of(team: Team, out: Path, *exec_email: str) -> Path:
    args = ["--db", team.url, "travel-copy", "-o", str(out)]
    if exec_email:
        args += ["--exec", exec_email[0]]
    assert main(args) == 0
    return out


def visit_pk(ws: Workspace, external_id: str) -> int:
    with ws.connect() as conn:
        return int(
            conn.execute(
                text("SELECT id FROM visit WHERE external_id = :x"), {"x": external_id}
            ).scalar_one()
        )


def write_debrief(path: Path, external_id: str, summary: str) -> None:
    with open_workspace(path) as ws:
        save_debrief(
            ws,
            DebriefData(
                visit_id=visit_pk(ws, external_id),
                summary=summary,
                friction_categories=["pricing"],
                next_steps=[
                    NextStepItem("Send the proposal", owner="Ana", due_on=AS_OF + timedelta(days=7))
                ],
            ),
        )


def team_rows(team: Team, sql: str) -> list[tuple[object, ...]]:
    with team.open() as ws, ws.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def sync(path: Path, *more: str) -> int:
    return main(["--db", str(path), "sync", *more])
