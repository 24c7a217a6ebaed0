"""team workspaces: row versions and who changed what

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import fieldvisit.store.types

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
VERSIONED = ("visit", "debrief", "snooze", "setting")
WITH_CHANGED_AT = ("debrief", "setting")


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("row_version", sa.Integer(), nullable=False, server_default="1")
            )
            batch_op.add_column(sa.Column("changed_by", _TEXT(), nullable=True))
            if table in WITH_CHANGED_AT:
                batch_op.add_column(
                    sa.Column("changed_at", fieldvisit.store.types.UTCDateTime(), nullable=True)
                )
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", fieldvisit.store.types.UTCDateTime(), nullable=False),
        sa.Column("person", _TEXT(), nullable=False),
        sa.Column("action", _TEXT(), nullable=False),
        sa.Column("entity", _TEXT(), nullable=False),
        sa.Column("entity_key", _TEXT(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("fields", _TEXT(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index("ix_change_log_entity", ["entity", "entity_key", "at"])
        batch_op.create_index("ix_change_log_account", ["account_id", "at"])


def downgrade() -> None:
    op.drop_table("change_log")
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+): a batch copy of `debrief` would trip over the
    # search index's triggers that name it.
    for table in VERSIONED:
        for column in ("changed_at", "changed_by", "row_version"):
            if column != "changed_at" or table in WITH_CHANGED_AT:
                op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
