"""HubSpot and Pipedrive exports, as downloaded, to suggestions in one `import-crm` command (saying
who the executives are); the later export records its changes; the older one is then refused."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fieldvisit.planning.signals import stalled_deals
from fieldvisit.settings import load_rules
from fieldvisit.store.opening import open_workspace
from tests.ingest.crm import route, snapshot, write_route

STRATEGIC_AMOUNT = 100_000  # the default rule: suggest lists stalled deals of this size or more


def fieldvisit(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fieldvisit", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def stalled(db: Path, name: str, time: int) -> set[str]:
    ws = open_workspace(db)
    try:
        with ws.connect() as conn:
            rules = load_rules(conn)
            found = stalled_deals(
                conn, route(name).answers(time).as_of, rules, strategic_only=False
            )
    finally:
        ws.close()
    return {d.deal_name for d in found}


def visits(db: Path) -> int:
    ws = open_workspace(db)
    try:
        with ws.connect() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM visit").scalar() or 0)
    finally:
        ws.close()


@pytest.mark.parametrize(
    ("name", "crm", "zone"),
    [("hubspot", "hubspot", "Europe/Berlin"), ("pipedrive", "pipedrive", None)],
)
def test_an_export_goes_to_suggestions_in_one_command_and_an_older_one_is_refused(
    tmp_path: Path, name: str, crm: str, zone: str | None
) -> None:
    db = tmp_path / "w.fieldvisit"
    assert fieldvisit(db, "init").returncode == 0
    expected = route(name).answers()
    declared = ";".join(
        f"{who}={level}" for who, level in expected.executive_levels_by_name.items()
    )
    options = ["--executives", declared, *(["--zone", zone] if zone else [])]
    one = [str(p) for p in write_route(name, tmp_path / "one")]
    done = fieldvisit(db, "import-crm", crm, *one, *options)
    assert done.returncode == 0, done.stderr
    assert stalled(db, name, 1) == expected.stalled_deals
    assert visits(db) == len(expected.visits)
    shown = fieldvisit(db, "suggest", "--json", "--as-of", expected.as_of.isoformat())
    suggested = {s["deal_name"]: s for s in json.loads(shown.stdout)}
    amounts = {d.deal.name: d.deal.amount for d in snapshot(1).live_deals()}
    assert set(suggested) == {n for n in expected.stalled_deals if amounts[n] >= STRATEGIC_AMOUNT}
    assert {s["executive"]["name"] for s in suggested.values()} <= set(
        expected.executive_levels_by_name
    )

    two = [str(p) for p in write_route(name, tmp_path / "two", time=2)]
    assert fieldvisit(db, "import-crm", crm, *two, *options).returncode == 0
    assert stalled(db, name, 2) == route(name).answers(2).stalled_deals

    again = fieldvisit(db, "import-crm", crm, *one, *options)
    assert again.returncode == 1
    assert "older than what the workspace holds" in again.stderr
