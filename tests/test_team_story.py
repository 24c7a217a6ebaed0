"""Issue 16's "done when", as three people on three processes share one team workspace.

Revenue operations fills the team database; Dana (chief of staff) plans a visit from the
suggestions; Priya (the executive) sees it from her own laptop, takes a travel copy of her
accounts, writes the debrief on the plane and syncs it back; Dana cancels a visit Priya marked
done offline, and Priya's sync catches the conflict instead of overwriting either side. Each
person is a real `python -m fieldvisit` process with a data folder and a name of their own; the
password comes from the environment (the keychain is the null one, as on a bare server).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from pg_server import APP, PgServer
from sqlalchemy import text

from fieldvisit.debriefs.data import DebriefData
from fieldvisit.debriefs.records import load_debrief, save_debrief
from fieldvisit.store.location import parse_team_url
from fieldvisit.store.opening import open_workspace
from fieldvisit.store.team import make_team_engine

AS_OF = "2026-06-15"


def person(
    tmp_path: Path, name: str, url: str, password: str
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Return a function running `fieldvisit ARGS…` as `name` on their own laptop."""
    home = tmp_path / name
    home.mkdir()
    env = {
        **os.environ,
        "FIELDVISIT_HOME": str(home),
        "FIELDVISIT_USER": name,
        "FIELDVISIT_DB_PASSWORD": password,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    env.pop("FIELDVISIT_DB", None)

    def run(*args: str, db: str = url, ok: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "fieldvisit", "--db", db, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=home,
            timeout=300,
        )
        if ok:
            assert done.returncode == 0, (args, done.stderr)
        return done

    return run


def team_value(pg_server: PgServer, database: str, sql: str, **params: object) -> object:
    """Read one value from the team database as the app role (a fourth look, not a person)."""
    engine = make_team_engine(
        parse_team_url(pg_server.url(database, APP)), pg_server.passwords[APP], pooled=False
    )
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()
    finally:
        engine.dispose()


def test_three_people_share_one_team_workspace(
    pg_server: PgServer, team_database: str, tmp_path: Path
) -> None:
    url = pg_server.url(team_database, APP)
    password = pg_server.passwords[APP]
    revops = person(tmp_path, "Rita", url, password)
    dana = person(tmp_path, "Dana", url, password)
    priya = person(tmp_path, "Priya", url, password)

    revops("demo", "--size", "small", "--as-of", AS_OF)

    # Dana plans the best suggestion: its executive, window and rep.
    best = json.loads(dana("suggest", "--json", "--limit", "3", "--as-of", AS_OF).stdout)[0]
    planned = dana("plan", "--deal", str(best["deal_id"]), "--as-of", AS_OF)
    visit_id = planned.stdout.strip().splitlines()[-1]
    executive = best["executive"]["email"]

    # Priya, on another process, sees Dana's visit: its invite carries the account.
    invite = tmp_path / "invite.ics"
    priya("export-ics", "--visit", visit_id, "--audience", "internal", "-o", str(invite))
    assert "BEGIN:VEVENT" in invite.read_text()
    assert (
        team_value(
            pg_server,
            team_database,
            "SELECT person FROM change_log WHERE entity = 'visit' AND entity_key = :v "
            "AND action = 'planned'",
            v=visit_id,
        )
        == "Dana"
    )

    # Priya takes her accounts on the plane and writes the debrief offline.
    laptop = tmp_path / "Priya" / "laptop.fieldvisit"
    priya("travel-copy", "-o", str(laptop), "--exec", executive)
    with open_workspace(laptop) as copy, copy.connect() as conn:
        pk = conn.execute(text("SELECT id FROM visit WHERE external_id = :v"), {"v": visit_id})
        visit_pk = int(pk.scalar_one())
    with open_workspace(laptop) as copy:
        save_debrief(copy, DebriefData(visit_id=visit_pk, summary="CFO wants a pilot first"))
    pending = json.loads(priya("sync", "--pending", "--json", db=str(laptop)).stdout)["pending"]
    assert len(pending) == 1, "the offline debrief is listed as not pushed"
    assert (
        team_value(
            pg_server,
            team_database,
            "SELECT count(*) FROM debrief WHERE visit_id = :pk",
            pk=visit_pk,
        )
        == 0
    )

    priya("sync", db=str(laptop))
    with open_workspace(laptop) as copy, copy.connect() as conn:
        assert load_debrief(conn, visit_pk) is not None
    assert (
        team_value(
            pg_server,
            team_database,
            "SELECT summary FROM debrief WHERE visit_id = :pk",
            pk=visit_pk,
        )
        == "CFO wants a pilot first"
    )
    assert not json.loads(priya("sync", "--pending", "--json", db=str(laptop)).stdout)["pending"]

    # The same visit changed on both sides: Priya marks it done offline, Dana cancels it.
    with open_workspace(laptop) as copy, copy.begin() as conn:
        from fieldvisit.planning.actions import set_visit_status

        set_visit_status(conn, visit_pk, "done")
    dana("visit-status", "--visit", visit_id, "--status", "cancelled")
    caught = priya("sync", db=str(laptop), ok=False)
    assert caught.returncode == 1
    assert visit_id in caught.stdout + caught.stderr
    # Neither side was overwritten: the team keeps Dana's cancellation until Priya settles it.
    assert (
        team_value(pg_server, team_database, "SELECT status FROM visit WHERE id = :pk", pk=visit_pk)
        == "cancelled"
    )
    priya("sync", "--resolve", visit_id, "--keep", "mine", db=str(laptop))
    assert (
        team_value(pg_server, team_database, "SELECT status FROM visit WHERE id = :pk", pk=visit_pk)
        == "done"
    )
