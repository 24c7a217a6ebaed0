"""Learned stage limits are kept in the workspace and relearned when the stage history changes."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from fieldvisit.planning import signals_for_deal
from fieldvisit.planning.stage_cache import CACHE_KEY
from fieldvisit.settings import Rules, load_rules
from fieldvisit.store import Workspace, open_workspace
from tests.planning.builders import AS_OF, Builder

RULES = Rules()
# Most tests here reopen the workspace file as a fresh process would; the team workspace's own
# test is the last one.
sqlite_file = pytest.mark.sqlite_only


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def _history(b: Builder, n: int, days: int, *, status: str = "won") -> list[int]:
    """Add n deals that spent `days` days in Negotiation before moving on; return their pks."""
    rep, acct = b.rep(b.next_id("hist") + "@us.example"), b.account("History Inc", tier="standard")
    pks = []
    for i in range(n):
        deal = b.deal(acct, rep, stage="Closed Won", status=status, amount=10_000)
        entered = ago(400 - i)
        b.stage_change(deal, "Negotiation", entered)
        b.stage_change(deal, "Closed Won", entered + timedelta(days=days))
        pks.append(deal)
    return pks


def _open_deal(b: Builder) -> int:
    rep, acct = b.rep(b.next_id("rep") + "@us.example"), b.account("Globex")
    return b.deal(acct, rep, stage="Negotiation", entered=ago(47))


def _limit(path: Path, deal: int) -> tuple[float, str]:
    """Return the deal's stage limit and its source, read in a fresh session of the workspace."""
    ws = open_workspace(path)
    try:
        with ws.connect() as conn:
            found = signals_for_deal(conn, deal, AS_OF, RULES)
    finally:
        ws.close()
    return found.stage_limit, found.stage_limit_source


def _stored(path: Path) -> dict[str, object] | None:
    with sqlite3.connect(path) as con:
        row = con.execute("SELECT value FROM setting WHERE key = ?", (CACHE_KEY,)).fetchone()
    con.close()
    return json.loads(row[0]) if row else None


@sqlite_file
def test_learned_limits_are_kept_in_the_workspace_and_rules_ignore_them(
    workspace: Workspace, workspace_path: Path
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        _history(b, 10, 20)
        deal = _open_deal(b)
    assert _stored(workspace_path) is None
    assert _limit(workspace_path, deal) == (30.0, "history")
    stored = _stored(workspace_path)
    assert stored is not None and stored["medians"] == {"Negotiation": [20.0, 10]}
    assert _limit(workspace_path, deal) == (30.0, "history")
    with workspace.connect() as conn:
        assert load_rules(conn) == Rules()


@sqlite_file
def test_a_new_stage_entry_relearns_the_limits(workspace: Workspace, workspace_path: Path) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        _history(b, 10, 20)
        deal = _open_deal(b)
    assert _limit(workspace_path, deal) == (30.0, "history")
    with workspace.begin() as conn:
        b.conn = conn  # the same builder, so its made-up ids stay unique
        _history(b, 10, 40)  # twenty stays: median (20 + 40) / 2 = 30 → limit 45
    assert _limit(workspace_path, deal) == (45.0, "history")
    assert _stored(workspace_path)["medians"]["Negotiation"] == [30.0, 20]  # type: ignore[index]


@sqlite_file
def test_a_deal_closing_relearns_the_limits(workspace: Workspace, workspace_path: Path) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        _history(b, 9, 20)
        (still_open,) = _history(b, 1, 20, status="open")
        deal = _open_deal(b)
    assert _limit(workspace_path, deal) == (30.0, "default")  # nine past stays are too few
    with workspace.begin() as conn:
        conn.execute(text("UPDATE deal SET status = 'won' WHERE id = :pk"), {"pk": still_open})
    assert _limit(workspace_path, deal) == (30.0, "history")


@sqlite_file
def test_stage_entries_rolled_back_are_not_kept(workspace: Workspace, workspace_path: Path) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        deal = _open_deal(b)
    with workspace.connect() as conn:  # never committed
        b.conn = conn
        _history(b, 10, 20)
        assert signals_for_deal(conn, deal, AS_OF, RULES).stage_limit_source == "history"
    assert _stored(workspace_path) is None
    assert _limit(workspace_path, deal) == (30.0, "default")


@sqlite_file
def test_a_busy_workspace_still_answers_and_keeps_the_limits_later(
    workspace: Workspace, workspace_path: Path
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        _history(b, 10, 20)
        deal = _open_deal(b)
    other = sqlite3.connect(workspace_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another program is writing
        assert _limit(workspace_path, deal) == (30.0, "history")
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert _stored(workspace_path) is None
    assert _limit(workspace_path, deal) == (30.0, "history")
    assert _stored(workspace_path) is not None


def test_a_team_workspace_keeps_the_learned_limits_and_relearns_on_new_history(
    workspace: Workspace, engine_name: str
) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        _history(b, 10, 20)
        deal = _open_deal(b)

    def limit() -> tuple[float, str]:
        with workspace.connect() as conn:
            found = signals_for_deal(conn, deal, AS_OF, RULES)
        return found.stage_limit, found.stage_limit_source

    def stored() -> dict[str, object] | None:
        with workspace.connect() as conn:
            row = conn.execute(
                text("SELECT value FROM setting WHERE key = :k"), {"k": CACHE_KEY}
            ).first()
        return json.loads(row[0]) if row else None

    assert limit() == (30.0, "history")
    if engine_name == "postgresql":  # written at once (SQLite: when the connection is returned)
        found = stored()
        assert found is not None and found["medians"] == {"Negotiation": [20.0, 10]}
    with workspace.begin() as conn:
        b.conn = conn
        _history(b, 10, 40)
    assert limit() == (45.0, "history")
    found = stored()
    assert found is not None and found["medians"] == {"Negotiation": [30.0, 20]}
    with workspace.connect() as conn:
        assert load_rules(conn) == Rules()
