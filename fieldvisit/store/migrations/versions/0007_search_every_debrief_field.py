"""debrief search covers every field: next steps and friction categories too

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26

0002's index read only the debrief row (external content), so next steps (their own table) were
never found. The index now keeps its own copy of each debrief's words, next steps and friction
categories included; triggers on the three tables refresh a debrief's row whenever any of them
changes, and the upgrade fills it for every debrief already written.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEBRIEF_COLUMNS = (
    "summary",
    "people_met",
    "learned",
    "challenges",
    "field_friction",
    "competitors",
    "current_vendor",
    "budget",
)
COLUMNS = (*DEBRIEF_COLUMNS, "next_steps", "friction_categories")
TRIGGERS = (
    "debrief_fts_ai",
    "debrief_fts_ad",
    "debrief_fts_au",
    "debrief_fts_step_ai",
    "debrief_fts_step_ad",
    "debrief_fts_step_au",
    "debrief_fts_friction_ai",
    "debrief_fts_friction_ad",
    "debrief_fts_friction_au",
)
_TOKENIZE = "tokenize='unicode61 remove_diacritics 2'"


def _fill(where: str) -> str:
    """Return the INSERT that writes the index rows of the debriefs `where` selects (over d)."""
    cols = ", ".join(COLUMNS)
    own = ", ".join(f"d.{c}" for c in DEBRIEF_COLUMNS)
    steps = (
        "coalesce((SELECT group_concat(n.text || coalesce(' (' || n.owner || ')', ''), '; ') "
        "FROM next_step n WHERE n.debrief_id = d.id), '')"
    )
    friction = (
        "coalesce((SELECT group_concat(f.category, '; ') "
        "FROM debrief_friction f WHERE f.debrief_id = d.id), '')"
    )
    return (
        f"INSERT INTO debrief_fts(rowid, {cols}) "
        f"SELECT d.id, {own}, {steps}, {friction} FROM debrief d WHERE {where}"
    )


def _refresh(key: str) -> str:
    """Return the statements that rewrite one debrief's index row (`key` names its id)."""
    return f"DELETE FROM debrief_fts WHERE rowid = {key}; {_fill(f'd.id = {key}')};"


def _drop_index() -> None:
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS debrief_fts")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        from fieldvisit.store.search_index import create_postgres_index

        create_postgres_index(op.execute, DEBRIEF_COLUMNS)
        return
    _drop_index()
    op.execute(f"CREATE VIRTUAL TABLE debrief_fts USING fts5({', '.join(COLUMNS)}, {_TOKENIZE})")
    op.execute(
        f"CREATE TRIGGER debrief_fts_ai AFTER INSERT ON debrief BEGIN {_refresh('new.id')} END"
    )
    op.execute(
        "CREATE TRIGGER debrief_fts_ad AFTER DELETE ON debrief BEGIN "
        "DELETE FROM debrief_fts WHERE rowid = old.id; END"
    )
    op.execute(
        "CREATE TRIGGER debrief_fts_au AFTER UPDATE ON debrief BEGIN "
        f"DELETE FROM debrief_fts WHERE rowid = old.id; {_refresh('new.id')} END"
    )
    for table, name in (("next_step", "step"), ("debrief_friction", "friction")):
        op.execute(
            f"CREATE TRIGGER debrief_fts_{name}_ai AFTER INSERT ON {table} BEGIN "
            f"{_refresh('new.debrief_id')} END"
        )
        op.execute(
            f"CREATE TRIGGER debrief_fts_{name}_ad AFTER DELETE ON {table} BEGIN "
            f"{_refresh('old.debrief_id')} END"
        )
        op.execute(
            f"CREATE TRIGGER debrief_fts_{name}_au AFTER UPDATE ON {table} BEGIN "
            f"{_refresh('old.debrief_id')} {_refresh('new.debrief_id')} END"
        )
    op.execute(_fill("1"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        from fieldvisit.store.search_index import drop_postgres_index

        drop_postgres_index(op.execute)
        return
    # Back to 0002's index over the debrief row alone.
    _drop_index()
    cols = ", ".join(DEBRIEF_COLUMNS)
    new = ", ".join(f"new.{c}" for c in DEBRIEF_COLUMNS)
    old = ", ".join(f"old.{c}" for c in DEBRIEF_COLUMNS)
    op.execute(
        f"CREATE VIRTUAL TABLE debrief_fts USING fts5({cols}, content='debrief', "
        f"content_rowid='id', {_TOKENIZE})"
    )
    op.execute(
        f"CREATE TRIGGER debrief_fts_ai AFTER INSERT ON debrief BEGIN "
        f"INSERT INTO debrief_fts(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute(
        f"CREATE TRIGGER debrief_fts_ad AFTER DELETE ON debrief BEGIN "
        f"INSERT INTO debrief_fts(debrief_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER debrief_fts_au AFTER UPDATE ON debrief BEGIN "
        f"INSERT INTO debrief_fts(debrief_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO debrief_fts(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute("INSERT INTO debrief_fts(debrief_fts) VALUES ('rebuild')")
