"""debrief drafts per person: each person's unsaved notes on a visit kept apart

On a team workspace two people can have notes on the same visit's debrief: one draft per visit
let a colleague's draft replace yours and their save discard it. A draft is now keyed by the visit
and its author (`store.identity`); drafts written before carry the author "" and are offered to
whoever opens them first.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import fieldvisit.store.types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def _draft_table(name: str, key: Sequence[str]) -> None:
    columns = [
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("payload", _TEXT(), nullable=False),
        sa.Column("updated_at", fieldvisit.store.types.UTCDateTime(), nullable=False),
    ]
    if "author" in key:
        columns.insert(1, sa.Column("author", _TEXT(), nullable=False, server_default=""))
    op.create_table(
        name,
        *columns,
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint(*key),
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # In place: the app role keeps its rights on the table.
        op.add_column(
            "debrief_draft", sa.Column("author", _TEXT(), nullable=False, server_default="")
        )
        op.execute("ALTER TABLE debrief_draft DROP CONSTRAINT debrief_draft_pkey")
        op.execute("ALTER TABLE debrief_draft ADD PRIMARY KEY (visit_id, author)")
        return
    _draft_table("debrief_draft_new", ("visit_id", "author"))
    op.execute(
        "INSERT INTO debrief_draft_new (visit_id, author, payload, updated_at) "
        "SELECT visit_id, '', payload, updated_at FROM debrief_draft"
    )
    op.drop_table("debrief_draft")
    op.rename_table("debrief_draft_new", "debrief_draft")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DELETE FROM debrief_draft d USING debrief_draft n WHERE d.visit_id = n.visit_id "
            "AND d.updated_at < n.updated_at"
        )
        op.execute("ALTER TABLE debrief_draft DROP CONSTRAINT debrief_draft_pkey")
        op.drop_column("debrief_draft", "author")
        op.execute("ALTER TABLE debrief_draft ADD PRIMARY KEY (visit_id)")
        return
    _draft_table("debrief_draft_old", ("visit_id",))
    op.execute(
        "INSERT OR REPLACE INTO debrief_draft_old (visit_id, payload, updated_at) "
        "SELECT visit_id, payload, updated_at FROM debrief_draft ORDER BY updated_at"
    )
    op.drop_table("debrief_draft")
    op.rename_table("debrief_draft_old", "debrief_draft")
