"""Every export route, as downloaded, through `python -m fieldvisit import-crm`: export 1, then the
later export 2 (stage changes and close-date moves with the CRM's dates), then export 1 again
(refused). What the workspace holds is compared with the answers a correct import gives."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from fieldvisit.cli import main
from fieldvisit.planning.signals import stalled_deals
from fieldvisit.settings import load_rules
from fieldvisit.store import open_workspace
from tests.cli_runs import run_fv
from tests.ingest.crm import ROUTES, route
from tests.ingest.crm.answers import Answers
from tests.ingest.crm.fixtures import WriteExport

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def _reader_or_skip(crm: str) -> None:
    if importlib.util.find_spec(f"fieldvisit.ingest.crm.{crm}") is None:
        pytest.skip(f"the {crm} reader (fieldvisit/ingest/crm/{crm}.py) is not written yet")


def _declared(name: str) -> list[str]:
    """Return the --executives option the user gives for a route whose users have no titles."""
    chosen = route(name)
    answers = chosen.answers()
    if answers.executives_from_titles:
        return []
    levels = (
        answers.executive_levels_by_name if chosen.crm == "pipedrive" else answers.executive_levels
    )
    return ["--executives", ";".join(f"{who}={level}" for who, level in levels.items())]


def _import(db: Path, name: str, paths: list[Path]) -> tuple[int, dict[str, Any]]:
    """Run `python -m fieldvisit import-crm … --json` in a child process, as a user would."""
    args = ("import-crm", route(name).crm, *map(str, paths), "--json", *_declared(name))
    done = run_fv(db, *args)
    try:
        return done.returncode, json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"import-crm printed no JSON (exit {done.returncode}): {done.stderr[-2000:]}")


def _import_here(
    db: Path, name: str, paths: list[Path], capsys: pytest.CaptureFixture[str]
) -> tuple[int, dict[str, Any]]:
    """The same command line in this process (quicker: the city index is loaded once)."""
    args = ("import-crm", route(name).crm, *map(str, paths), "--json", *_declared(name))
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    assert out, err
    return code, json.loads(out)


@contextmanager
def _read(db: Path) -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        yield con
    finally:
        con.close()


def _latin1(name: str) -> str:
    """Return a name as an ISO-8859-1 export keeps it (characters outside Latin-1 become ?)."""
    return name.encode("latin-1", "replace").decode("latin-1")


def _check(db: Path, answers: Answers, crm: str, owners_named: bool = True) -> None:
    with _read(db) as con:
        q = con.execute
        assert q("SELECT count(*) FROM account").fetchone()[0] == answers.accounts
        assert q("SELECT count(*) FROM contact").fetchone()[0] == answers.contacts
        by_status = dict(q("SELECT status, count(*) FROM deal GROUP BY status").fetchall())
        assert (by_status.get("open", 0), by_status.get("won", 0), by_status.get("lost", 0)) == (
            answers.open_deals, answers.won_deals, answers.lost_deals,
        )  # fmt: skip
        names = {n for (n,) in q("SELECT name FROM deal")}
        assert not names & set(answers.skipped_deals)
        reps = sorted(n for (n,) in q("SELECT r.name FROM rep r WHERE EXISTS (SELECT 1 FROM deal "
                      "d WHERE d.owner_rep_id = r.id) OR EXISTS (SELECT 1 FROM account a WHERE "
                      "a.owner_rep_id = r.id)"))  # fmt: skip
        # Owners given as bare CRM ids (HubSpot's internal values) can only be kept as ids.
        assert reps == sorted(answers.reps) if owners_named else len(reps) == len(answers.reps)
        if crm == "pipedrive":
            levels = dict(q("SELECT name, level FROM executive").fetchall())
            assert levels == answers.executive_levels_by_name
        else:
            levels = dict(q("SELECT email, level FROM executive").fetchall())
            assert levels == answers.executive_levels
        visits = sorted(q(
            "SELECT e.name, date(v.start), v.status = 'done' FROM visit v JOIN visit_executive ve "
            "ON ve.visit_id = v.id JOIN executive e ON e.id = ve.executive_id"
        ).fetchall())  # fmt: skip
        assert visits == sorted(
            (v.executive, v.day.isoformat(), int(v.done)) for v in answers.visits
        )
    ws = open_workspace(db)
    try:
        with ws.connect() as conn:
            found = stalled_deals(conn, answers.as_of, load_rules(conn), strategic_only=False)
    finally:
        ws.close()
    assert {_latin1(d.deal_name) for d in found} == {_latin1(d) for d in answers.stalled_deals}


@pytest.mark.parametrize("name", [r.name for r in ROUTES])
def test_a_route_goes_from_export_to_suggestions_in_one_command(
    name: str, crm_export: WriteExport, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chosen = route(name)
    _reader_or_skip(chosen.crm)
    db = tmp_path / "team.fieldvisit"
    assert main(["--db", str(db), "init"]) == 0
    capsys.readouterr()
    code, first = _import(db, name, crm_export(name, 1))
    answers = chosen.answers(1)
    if answers.ambiguous_account_names:
        assert code == 1 and first["ok"] is False
        lines = [p["line"] for p in first["problems"]]
        for ambiguous in answers.ambiguous_account_names:
            assert any(f"name {ambiguous!r}, which is two accounts:" in x for x in lines), lines
        assert main(["--db", str(db), "suggest"]) == 0
        assert capsys.readouterr().out.startswith("No data yet: this workspace holds no deals.")
        return
    assert code == 0, first["problems"]
    assert first["ok"] and first["refused"] is None
    named = not name.endswith("internal-values")
    _check(db, answers, chosen.crm, named)
    assert main(["--db", str(db), "suggest", "--as-of", answers.as_of.isoformat(), "--json"]) == 0
    assert json.loads(capsys.readouterr().out), "no suggestion after the import"

    code, second = _import_here(db, name, crm_export(name, 2), capsys)
    assert code == 0, second["problems"]
    _check(db, chosen.answers(2), chosen.crm, named)
    _check_changes(db, name)

    before = db.read_bytes()
    code, again = _import_here(db, name, crm_export(name, 1), capsys)
    assert code == 1 and again["ok"] is False
    assert again["refused"].startswith(f"This {_label(chosen.crm)} export is older")
    assert db.read_bytes() == before


def _label(crm: str) -> str:
    return {"salesforce": "Salesforce", "hubspot": "HubSpot", "pipedrive": "Pipedrive"}[crm]


def _check_changes(db: Path, name: str) -> None:
    changes = route(name).changes()
    latin1 = _latin1
    with _read(db) as con:
        q = con.execute
        status = {_latin1(n): s for n, s in q("SELECT name, status FROM deal").fetchall()}
        assert all(status[latin1(d)] == "won" for d in changes.won)
        assert all(status[latin1(d)] == "lost" for d in changes.lost)
        assert all(latin1(d) in status for d in changes.new_deals)
        for move in changes.stage_moves:
            days = {day for (day,) in q(
                "SELECT s.entered_on FROM stage_change s JOIN deal d ON d.id = s.deal_id "
                "WHERE d.name = ?", (latin1(move.deal),)
            )}  # fmt: skip
            assert move.at.date().isoformat() in days, (move, days)
        for close in changes.close_moves:
            found = q(
                "SELECT c.changed_on FROM close_date_change c JOIN deal d ON d.id = c.deal_id "
                "WHERE d.name = ? AND c.old_date = ? AND c.new_date = ?",
                (latin1(close.deal), close.old.isoformat(), close.new.isoformat()),
            ).fetchall()
            assert found, close
            if close.at is not None:
                assert (close.at.date().isoformat(),) in found, (close, found)
