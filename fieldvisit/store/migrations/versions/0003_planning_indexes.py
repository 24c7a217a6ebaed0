"""planning indexes: stage history in the order a deal went through it

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Learning stage limits walks each past deal's stages in date order: with this covering
    # index SQLite reads them already sorted instead of sorting 250k rows per question.
    op.create_index(
        "ix_stage_change_deal_entered",
        "stage_change",
        ["deal_id", "entered_on", "stage"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_stage_change_deal_entered", table_name="stage_change")
