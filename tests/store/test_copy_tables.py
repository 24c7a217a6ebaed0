"""`copy_tables`: the one table copy behind snapshots, restores and travel copies, on both engines.

The source is the small demo file; the target is the test's `workspace` (a file, and a team
database on the real server).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from fieldvisit.store import open_workspace
from fieldvisit.store.snapshot import advance_sequences, copy_tables, row_counts, workspace_tables


def test_chosen_tables_and_rows_are_copied_parents_first_with_their_ids(
    small_demo: Path, workspace: object
) -> None:
    source_ws = open_workspace(small_demo)
    try:
        with source_ws.connect() as source:
            strategic = source.execute(
                text("SELECT id, name FROM account WHERE tier = 'strategic' ORDER BY id")
            ).all()
            reps = row_counts(source, ["rep"])["rep"]
            with workspace.begin() as target:  # type: ignore[attr-defined]
                copied = copy_tables(
                    source,
                    target,
                    tables=["account", "rep"],  # any order: parents go first
                    where={"account": lambda t: t.c.tier == "strategic"},
                )
                advance_sequences(target, ["account"])
                new = target.execute(
                    text(
                        "INSERT INTO account(external_id, name, tier) "
                        "VALUES ('A-new', 'New', 'key') RETURNING id"
                    )
                ).scalar()
    finally:
        source_ws.close()

    assert list(copied) == ["rep", "account"]
    assert copied == {"rep": reps, "account": len(strategic)}
    assert new == max(pk for pk, _ in strategic) + 1
    with workspace.connect() as conn:  # type: ignore[attr-defined]
        account = workspace_tables(["account"])[0]
        got = conn.execute(
            select(account.c.id, account.c.name).where(account.c.tier == "strategic")
        ).all()
        assert [tuple(row) for row in got] == [tuple(row) for row in strategic]
        assert row_counts(conn)["deal"] == 0


def test_a_mistyped_table_or_condition_is_refused_before_anything_is_copied(
    small_demo: Path, workspace: object
) -> None:
    source_ws = open_workspace(small_demo)
    try:
        with source_ws.connect() as source, workspace.begin() as target:  # type: ignore[attr-defined]
            with pytest.raises(ValueError, match="not workspace tables: acount"):
                copy_tables(source, target, tables=["acount"])
            with pytest.raises(ValueError, match="conditions for tables not copied: deal"):
                copy_tables(source, target, tables=["rep"], where={"deal": lambda t: t.c.id < 0})
    finally:
        source_ws.close()
