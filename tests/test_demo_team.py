"""The demo in a team workspace: the same rows as the SQLite demo, and the same planning answers.

`fieldvisit --db postgresql://… demo` fills an empty team database (schema made by `init`) with
the rows the SQLite demo of that seed holds; `suggest`, `coverage` and `impact --json` then print
the same bytes on both engines (issue 16: "the same JSON on SQLite and PostgreSQL").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pg_server import APP, OWNER, PgServer
from sqlalchemy import text

from fieldvisit.cli import main
from fieldvisit.store.driver_rows import fetch_rows
from fieldvisit.store.location import parse_team_url
from fieldvisit.store.opening import open_workspace
from fieldvisit.store.team import open_team_workspace

AS_OF = "2026-06-15"
DEMO = ["demo", "--size", "small", "--seed", "11", "--as-of", AS_OF]


@dataclass
class Pair:
    sqlite: str  # the --db of the SQLite demo
    team: str  # the --db of the team demo (password in the test keychain)


def run(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> str:
    code = main(["--db", db, *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture(params=["C", "en-US"])
def sorted_database(request: pytest.FixtureRequest, pg_server: PgServer) -> Iterator[str]:
    """A team database with the schema whose text sorts bytewise (C) or by language rules
    (ICU en-US; its schema built by `init --grant fv_app` as the owner)."""
    if request.param == "C":
        yield request.getfixturevalue("team_database")
        return
    name = pg_server.new_database(template=None, prefix="icu")
    pg_server.drop_database(name)
    pg_server.admin(
        f"CREATE DATABASE {name} OWNER {OWNER} TEMPLATE template0 LOCALE_PROVIDER icu "
        "ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
    )
    try:
        owner = request.getfixturevalue("team_login")(name, OWNER)
        assert main(["--db", owner, "init", "--grant", APP]) == 0
        yield name
    finally:
        pg_server.drop_database(name)


@pytest.fixture
def pair(
    tmp_path: Path,
    sorted_database: str,
    team_login: Callable[..., str],
    capsys: pytest.CaptureFixture[str],
) -> Iterator[Pair]:
    file = str(tmp_path / "demo.fieldvisit")
    team = team_login(sorted_database)
    run(capsys, file, *DEMO)
    said = run(capsys, team, *DEMO)
    assert said.startswith("Wrote a small demo workspace to postgresql://fv_app@")
    assert "password" not in said.lower()
    yield Pair(file, team)


def _rows(db: str) -> dict[str, list[tuple[object, ...]]]:
    """Return every data table's rows (as SQLite gives them), in id order."""
    ws = open_team_workspace(parse_team_url(db)) if db.startswith("postgresql:") else None
    ws = ws or open_workspace(Path(db))
    try:
        with ws.connect() as conn:
            tables = [
                t
                for t in ("executive", "rep", "account", "contact", "deal", "stage_change",
                          "close_date_change", "activity", "activity_contact", "trip", "visit",
                          "visit_executive", "visit_rep", "visit_contact", "debrief",
                          "debrief_friction", "next_step", "snooze", "suggestion_outcome")
            ]  # fmt: skip
            return {t: fetch_rows(conn, f'SELECT * FROM "{t}" ORDER BY 1, 2', {}) for t in tables}
    finally:
        ws.close()


def _add_upper_case_executive(db: str) -> None:
    """Add an executive whose address sorts first bytewise, after the others by language rules."""
    ws = open_team_workspace(parse_team_url(db)) if db.startswith("postgresql:") else None
    ws = ws or open_workspace(Path(db))
    try:
        with ws.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO executive (email, name, level, home_city, home_country, lat, "
                    "lon, tz) VALUES ('Zed.Boss@lumenridge.example', 'zed Boss', 'VP', 'Chicago', "
                    "'US', 41.8781, -87.6298, 'America/Chicago')"
                )
            )
    finally:
        ws.close()


def test_the_team_demo_holds_the_same_rows_and_gives_the_same_json(
    pair: Pair, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _rows(pair.team) == _rows(pair.sqlite)
    for db in (pair.sqlite, pair.team):
        _add_upper_case_executive(db)
    for command in (["suggest"], ["coverage"], ["impact"], ["suggest", "--limit", "5"]):
        args = [*command, "--as-of", AS_OF, "--json"]
        on_file = run(capsys, pair.sqlite, *args)
        assert len(on_file) > 100
        assert run(capsys, pair.team, *args) == on_file, command


def test_a_visit_planned_after_the_demo_gets_a_new_id(
    pair: Pair, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = open_team_workspace(parse_team_url(pair.team))
    try:
        with ws.begin() as conn:
            before = conn.execute(text("SELECT max(id) FROM visit")).scalar()
            account = conn.execute(text("SELECT min(id) FROM account")).scalar()
            new = conn.execute(
                text(
                    "INSERT INTO visit (external_id, account_id, start, mode, status, sequence) "
                    "VALUES ('V-NEW', :a, '2026-06-20 14:00:00', 'in_person', 'planned', 0) "
                    "RETURNING id"
                ),
                {"a": account},
            ).scalar()
    finally:
        ws.close()
    assert new == before + 1


def test_a_team_database_with_data_is_refused_untouched(
    pair: Pair, capsys: pytest.CaptureFixture[str], pg_server: PgServer
) -> None:
    before = _rows(pair.team)["deal"]
    assert main(["--db", pair.team, *DEMO]) == 1
    err = capsys.readouterr().err
    assert "already holds data" in err and "left untouched" in err
    assert _rows(pair.team)["deal"] == before


def _answers(db: str) -> tuple[object, ...]:
    """Return the week's briefings, three accounts' pages and the map of the week, as read."""
    from datetime import date

    from fieldvisit.planning.account_view import account_view
    from fieldvisit.planning.briefing_facts import briefings_for, week_pack_visits
    from fieldvisit.planning.map_view import map_view
    from fieldvisit.settings import load_rules

    as_of = date.fromisoformat(AS_OF)
    ws = open_team_workspace(parse_team_url(db)) if db.startswith("postgresql:") else None
    ws = ws or open_workspace(Path(db))
    try:
        with ws.connect() as conn:
            rules = load_rules(conn)
            visits = week_pack_visits(conn, as_of)
            accounts = [
                pk for (pk,) in fetch_rows(conn, "SELECT id FROM account ORDER BY id LIMIT 3", {})
            ]
            return (
                visits,
                briefings_for(conn, visits, as_of, rules),
                [account_view(conn, pk, as_of, rules) for pk in sorted(accounts)],
                map_view(conn, as_of, rules),
            )
    finally:
        ws.close()


def test_briefings_account_pages_and_the_map_read_the_same(pair: Pair) -> None:
    found = _answers(pair.team)
    assert found[0], "the demo has visits in the coming week"
    assert found == _answers(pair.sqlite)
