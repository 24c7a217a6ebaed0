"""team workspaces: row versions, who changed what, a travel copy's pending changes

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
    op.create_table(
        "pending_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", _TEXT(), nullable=False),
        sa.Column("entity_key", _TEXT(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("at", fieldvisit.store.types.UTCDateTime(), nullable=False),
        sa.Column("person", _TEXT(), nullable=False),
        sa.Column("fields", _TEXT(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("entity", "entity_key"),
    )


def downgrade() -> None:
    op.drop_table("pending_change")
    op.drop_table("change_log")
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table in WITH_CHANGED_AT:
                batch_op.drop_column("changed_at")
            batch_op.drop_column("changed_by")
            batch_op.drop_column("row_version")
