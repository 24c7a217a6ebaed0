"""Demo workspaces: safe to write, the same every time, and full of things worth planning."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from fieldvisit import geo
from fieldvisit.cli import main
from fieldvisit.demo import DemoSummary, generate_demo
from fieldvisit.errors import Cancelled, WorkspaceError
from fieldvisit.planning import impact
from fieldvisit.settings import DEFAULT_FRICTION_CATEGORIES, DEFAULT_PIPELINE, load_rules
from fieldvisit.store import create_workspace, open_workspace
from fieldvisit.store.models import Account, Contact, Deal, Debrief, NextStep, Visit

AS_OF = date(2026, 11, 22)


@dataclass
class Demo:
    path: Path
    summary: DemoSummary
    progress: list[tuple[float, str]] = field(default_factory=list)

    def rows(self, sql: str, *args: object) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(self.path)
        try:
            return conn.execute(sql, args).fetchall()
        finally:
            conn.close()

    def one(self, sql: str, *args: object) -> Any:
        return self.rows(sql, *args)[0][0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    path = tmp_path_factory.mktemp("demo") / "small.fieldvisit"
    calls: list[tuple[float, str]] = []
    summary = generate_demo(
        path, "small", seed=7, as_of=AS_OF, progress=lambda f, m: calls.append((f, m))
    )
    yield Demo(path, summary, calls)


def table_digest(path: Path) -> dict[str, str]:
    """Return table name → hash of all its rows in rowid order."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'debrief_fts%' ORDER BY name"
            )
        ]
        out = {}
        for table in tables:
            digest = hashlib.sha256()
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                digest.update(repr(row).encode())
            out[table] = digest.hexdigest()
        return out
    finally:
        conn.close()


def test_small_demo_has_the_advertised_size(demo: Demo) -> None:
    s = demo.summary
    assert (s.executives, s.reps, s.accounts, s.open_deals) == (12, 40, 300, 800)
    assert 1_200 <= s.contacts <= 1_800
    assert s.closed_deals >= 300
    assert s.activities == 10_000
    assert 180 <= s.past_visits <= 200
    assert 3 <= s.planned_visits <= 20
    assert demo.one("SELECT count(*) FROM deal WHERE status = 'open'") == 800
    assert demo.one("SELECT count(*) FROM contact") == s.contacts
    assert demo.one("SELECT count(*) FROM debrief") == s.debriefs
    line = str(s)
    assert "\n" not in line
    assert line.startswith("12 executives, 40 reps, 300 accounts, ")


def test_progress_runs_forward_to_done(demo: Demo) -> None:
    fractions = [f for f, _ in demo.progress]
    assert len(fractions) > 3
    assert fractions == sorted(fractions)
    assert demo.progress[-1] == (1.0, "Done")


def test_every_reference_is_valid_and_check_passes(
    demo: Demo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo.rows("PRAGMA foreign_key_check") == []
    assert main(["--db", str(demo.path), "check"]) == 0
    assert "OK" in capsys.readouterr().out


def test_same_seed_same_workspace_and_replace_only_overwrites_a_workspace(
    demo: Demo, tmp_path: Path
) -> None:
    again = tmp_path / "again.fieldvisit"
    create_workspace(again).close()  # an existing workspace, as `--demo` finds it
    generate_demo(again, "small", seed=7, as_of=AS_OF, replace=True)
    assert table_digest(again) == table_digest(demo.path)


def test_another_seed_gives_another_company(
    demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.fieldvisit"
    code = main(["--db", str(other), "demo", "--size", "small", "--seed", "8", "--as-of", "2026-11-22"])  # fmt: skip
    assert code == 0
    assert "12 executives, 40 reps, 300 accounts" in capsys.readouterr().out
    assert table_digest(other)["account"] != table_digest(demo.path)["account"]


def test_an_existing_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.fieldvisit"
    notes.write_bytes(b"my precious notes")
    for replace in (False, True):
        with pytest.raises(WorkspaceError):
            generate_demo(notes, "small", as_of=AS_OF, replace=replace)
        assert notes.read_bytes() == b"my precious notes"
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = foreign.read_bytes()
    with pytest.raises(WorkspaceError, match="not a Field Visit workspace"):
        generate_demo(foreign, "small", as_of=AS_OF, replace=True)
    assert foreign.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["foreign.db", "notes.fieldvisit"]


def test_an_existing_workspace_is_refused_without_replace(workspace_path: Path) -> None:
    create_workspace(workspace_path).close()
    before = workspace_path.read_bytes()
    with pytest.raises(WorkspaceError, match="already exists"):
        generate_demo(workspace_path, "small", as_of=AS_OF)
    assert workspace_path.read_bytes() == before


def test_cancel_leaves_nothing_behind(tmp_path: Path) -> None:
    checks = 0

    def cancel() -> bool:
        nonlocal checks
        checks += 1
        return checks > 4  # after some rows were written

    target = tmp_path / "demo.fieldvisit"
    with pytest.raises(Cancelled):
        generate_demo(target, "small", as_of=AS_OF, cancel=cancel)
    assert checks > 4
    assert list(tmp_path.iterdir()) == []


def test_unknown_size_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="huge"):
        generate_demo(tmp_path / "x.fieldvisit", "huge")
    assert list(tmp_path.iterdir()) == []


def test_rows_read_back_through_the_models(demo: Demo) -> None:
    with open_workspace(demo.path) as ws, ws.session() as session:
        visits = session.exec(select(Visit)).all()
        debrief = session.exec(select(Debrief)).first()
        deal = session.exec(select(Deal)).first()
        contacts = session.exec(select(Contact)).all()
        step = session.exec(select(NextStep)).first()
        accounts = {a.id: a for a in session.exec(select(Account)).all()}
    assert debrief is not None and deal is not None and step is not None
    assert all(v.start.tzinfo == UTC and v.end is not None and v.end > v.start for v in visits)
    assert debrief.written_at.tzinfo == UTC
    assert isinstance(deal.created_on, date) and not isinstance(deal.created_on, datetime)
    assert isinstance(step.done, bool)
    assert {c.decision_maker for c in contacts} == {True, False}
    # Visits start in the customer's business hours, stored as UTC.
    for v in visits:
        tz = accounts[v.account_id].tz
        assert tz is not None
        local = v.start.astimezone(ZoneInfo(tz))
        assert 8 <= local.hour <= 17 and local.weekday() < 5, (v.external_id, local)


def test_dates_are_relative_to_the_as_of_day(demo: Demo) -> None:
    assert demo.one("SELECT max(occurred_on) FROM activity") <= AS_OF.isoformat()
    assert demo.one("SELECT max(entered_on) FROM stage_change") <= AS_OF.isoformat()
    assert demo.one("SELECT max(start) FROM visit WHERE status != 'planned'") < AS_OF.isoformat()
    year_ago = (AS_OF - timedelta(days=400)).isoformat()
    assert demo.one("SELECT min(start) FROM visit") > year_ago
    assert demo.one("SELECT min(start) FROM visit WHERE status = 'planned'") > AS_OF.isoformat()


def test_external_ids_follow_the_documented_patterns(demo: Demo) -> None:
    patterns = {
        "account": r"A\d{5}",
        "deal": r"D\d{6}",
        "contact": r"C\d{6}",
        "activity": r"ACT\d{7}",
        "visit": r"V\d{6}",
    }
    for table, pattern in patterns.items():
        ids = [r[0] for r in demo.rows(f"SELECT external_id FROM {table}")]
        assert all(re.fullmatch(pattern, i) for i in ids), table
    uids = demo.rows("SELECT internal_uid, external_uid FROM visit")
    flat = [u for pair in uids for u in pair]
    assert all(isinstance(u, str) and u.endswith("@fieldvisit") for u in flat)
    assert len(set(flat)) == len(flat)


def test_accounts_and_executives_sit_in_real_cities(demo: Demo) -> None:
    rows = demo.rows("SELECT city, country, lat, lon, tz FROM account")
    rows += demo.rows("SELECT home_city, home_country, lat, lon, tz FROM executive")
    countries = {r[1] for r in rows}
    assert len(countries) >= 10
    for city, country, lat, lon, tz in rows:
        place = geo.resolve(str(city), str(country))
        assert place is not None, (city, country)
        assert (place.lat, place.lon, place.tz) == (lat, lon, tz)
    names = [r[0] for r in demo.rows("SELECT name FROM account")]
    assert len(set(names)) == len(names)
    assert demo.one("SELECT count(*) FROM account WHERE tier = 'strategic'") == 30


def test_executives_have_levels_titles_and_uneven_habits(demo: Demo) -> None:
    levels = dict(demo.rows("SELECT level, count(*) FROM executive GROUP BY level"))
    assert set(levels) == {"C", "SVP", "VP"}
    titles = {r[0] for r in demo.rows("SELECT title FROM executive")}
    assert {"CEO", "CRO"} <= titles
    visits = [
        r[0]
        for r in demo.rows(
            "SELECT count(ve.visit_id) FROM executive e "
            "LEFT JOIN visit_executive ve ON ve.executive_id = e.id GROUP BY e.id"
        )
    ]
    assert min(visits) == 0  # someone never visits customers
    assert max(visits) >= 20


def test_stage_history_matches_each_deal(demo: Demo) -> None:
    mismatches = demo.rows(
        "SELECT d.id FROM deal d JOIN stage_change s ON s.deal_id = d.id "
        "WHERE s.entered_on = (SELECT max(entered_on) FROM stage_change WHERE deal_id = d.id) "
        "AND (s.stage != d.stage OR s.entered_on != d.stage_entered_on)"
    )
    assert mismatches == []
    assert demo.one("SELECT count(DISTINCT deal_id) FROM stage_change") == demo.one(
        "SELECT count(*) FROM deal"
    )
    assert set(r[0] for r in demo.rows("SELECT DISTINCT stage FROM deal")) <= set(DEFAULT_PIPELINE)
    for stage in DEFAULT_PIPELINE[:5]:
        closed = demo.one(
            "SELECT count(DISTINCT s.deal_id) FROM stage_change s JOIN deal d ON d.id = s.deal_id "
            "WHERE d.status != 'open' AND s.stage = ?",
            stage,
        )
        assert closed >= 10, stage
    pushed = demo.rows("SELECT old_date, new_date FROM close_date_change")
    assert pushed and all(str(old) < str(new) for old, new in pushed)


def test_there_are_stalled_strategic_deals_and_healthy_ones(demo: Demo) -> None:
    idle_cutoff = (AS_OF - timedelta(days=21)).isoformat()
    long_ago = (AS_OF - timedelta(days=60)).isoformat()
    stalled_strategic = demo.one(
        "SELECT count(*) FROM deal d JOIN account a ON a.id = d.account_id "
        "WHERE d.status = 'open' AND (a.tier = 'strategic' OR d.amount >= 100000) "
        "AND (d.stage_entered_on < ? OR d.close_date < ? OR "
        "(SELECT max(occurred_on) FROM activity WHERE deal_id = d.id) < ?)",
        long_ago,
        AS_OF.isoformat(),
        idle_cutoff,
    )
    healthy = demo.one(
        "SELECT count(*) FROM deal d WHERE d.status = 'open' AND d.close_date > ? "
        "AND (SELECT max(occurred_on) FROM activity WHERE deal_id = d.id) >= ?",
        AS_OF.isoformat(),
        idle_cutoff,
    )
    assert stalled_strategic >= 20
    assert healthy >= 300
    assert demo.one("SELECT count(*) FROM deal WHERE amount >= 100000") >= 50
    assert demo.one("SELECT count(*) FROM snooze WHERE until > ?", AS_OF.isoformat()) >= 2


def test_visits_cover_some_accounts_and_move_deals(demo: Demo) -> None:
    never_met = demo.one(
        "SELECT count(*) FROM account a WHERE tier = 'strategic' AND NOT EXISTS "
        "(SELECT 1 FROM visit v WHERE v.account_id = a.id)"
    )
    assert never_met >= 3
    moved = demo.rows(
        "SELECT EXISTS (SELECT 1 FROM stage_change s WHERE s.deal_id = v.deal_id "
        "AND s.stage != 'Closed Lost' AND s.entered_on > date(v.start) "
        "AND s.entered_on <= date(v.start, '+30 days')) "
        "FROM visit v WHERE v.status = 'done' AND v.deal_id IS NOT NULL"
    )
    assert sum(r[0] for r in moved) > len(moved) / 2
    modes = dict(demo.rows("SELECT mode, count(*) FROM visit GROUP BY mode"))
    assert modes["in_person"] > sum(modes.values()) / 2


def test_debriefs_are_filled_and_some_are_due(demo: Demo) -> None:
    due = demo.one(
        "SELECT count(*) FROM visit v WHERE status = 'done' "
        "AND NOT EXISTS (SELECT 1 FROM debrief WHERE visit_id = v.id)"
    )
    assert 2 <= due <= 30
    fields = "learned, challenges, field_friction, competitors, current_vendor, budget, summary, people_met"  # fmt: skip
    for row in demo.rows(f"SELECT {fields}, sentiment FROM debrief"):
        assert all(isinstance(v, str) and v.strip() for v in row), row
    assert {r[0] for r in demo.rows("SELECT DISTINCT sentiment FROM debrief")} == {
        "better",
        "same",
        "worse",
    }
    summaries = {r[0] for r in demo.rows("SELECT learned FROM debrief")}
    assert len(summaries) > 50  # varied text, not one sentence repeated
    categories = {r[0] for r in demo.rows("SELECT DISTINCT category FROM debrief_friction")}
    assert categories and categories <= set(DEFAULT_FRICTION_CATEGORIES)
    steps = dict(demo.rows("SELECT done, count(*) FROM next_step GROUP BY done"))
    assert steps[0] > 0 and steps[1] > 0
    assert demo.one("SELECT count(*) FROM next_step WHERE owner IS NULL OR due_on IS NULL") == 0
    hits = demo.one("SELECT count(*) FROM debrief_fts WHERE debrief_fts MATCH 'legal'")
    assert hits > 0  # the full-text index was filled by its triggers


def test_planned_visits_form_trips(demo: Demo) -> None:
    planned = demo.rows(
        "SELECT v.trip_id, ve.executive_id, a.lat, a.lon, date(v.start) FROM visit v "
        "JOIN visit_executive ve ON ve.visit_id = v.id JOIN account a ON a.id = v.account_id "
        "WHERE v.status = 'planned'"
    )
    trips: dict[int, list[tuple[Any, ...]]] = {}
    for row in planned:
        if row[0] is not None:
            trips.setdefault(row[0], []).append(row)
    assert trips
    for stops in trips.values():
        assert len(stops) >= 2
        assert len({s[1] for s in stops}) == 1  # one executive
        first = stops[0]
        for s in stops[1:]:
            km = geo.distance_km(first[2], first[3], s[2], s[3])
            assert km <= 100
        days = sorted(date.fromisoformat(s[4]) for s in stops)
        assert (days[-1] - days[0]).days <= 7


def test_impact_shows_visited_stalled_deals_moving_more_often(demo: Demo) -> None:
    with open_workspace(demo.path) as ws, ws.begin() as conn:
        result = impact(conn, AS_OF, load_rules(conn))
    visited, not_visited = result.visited, result.not_visited
    assert visited.n >= 15 and not_visited.n >= 40
    assert visited.rate is not None and not_visited.rate is not None
    assert 0.5 <= visited.rate <= 0.8
    assert 0.15 <= not_visited.rate <= 0.4
    assert visited.rate >= not_visited.rate + 0.2


def test_healthy_deals_are_touched_regularly_and_stalls_go_quiet(demo: Demo) -> None:
    # Longest gap between touches inside each deal's life, and days since the last one today.
    gaps = demo.rows(
        "SELECT d.id, d.status, max(julianday(a.occurred_on) - julianday(p.occurred_on)) "
        "FROM deal d JOIN activity a ON a.deal_id = d.id "
        "JOIN activity p ON p.id = (SELECT max(id) FROM activity WHERE deal_id = d.id "
        "AND id < a.id) GROUP BY d.id"
    )
    quiet_spells = sum(1 for _, _, gap in gaps if gap >= 21)
    assert len(gaps) >= 1_000
    # Most deal lives have no quiet spell, but a good share (the stalls) do.
    assert 0.15 * len(gaps) <= quiet_spells <= 0.7 * len(gaps)
    idle_today = demo.one(
        "SELECT count(*) FROM deal d WHERE status = 'open' AND "
        "(SELECT max(occurred_on) FROM activity WHERE deal_id = d.id) < ?",
        (AS_OF - timedelta(days=21)).isoformat(),
    )
    assert 150 <= idle_today <= 400  # of 800 open deals
