"""Calendar capture: account domains, captured events, new people, review items, remembered choices

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import fieldvisit.store.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("domains", _TEXT(), nullable=True))
        batch_op.add_column(sa.Column("website", _TEXT(), nullable=True))

    op.create_table(
        "captured_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("calendar", _TEXT(), nullable=False),
        sa.Column("uid", _TEXT(), nullable=False),
        sa.Column("recurrence_id", _TEXT(), nullable=False),
        sa.Column("executive_id", sa.Integer(), nullable=False),
        sa.Column("start", fieldvisit.store.types.UTCDateTime(), nullable=False),
        sa.Column("end", fieldvisit.store.types.UTCDateTime(), nullable=True),
        sa.Column("organizer", _TEXT(), nullable=True),
        sa.Column("people_key", _TEXT(), nullable=True),
        sa.Column("reason", _TEXT(), nullable=False),
        sa.Column("created", sa.Boolean(), nullable=False),
        sa.Column("gone", sa.Boolean(), nullable=False),
        sa.Column("cancelled_by_capture", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["executive_id"], ["executive.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("calendar", "uid", "recurrence_id"),
    )
    with op.batch_alter_table("captured_event", schema=None) as batch_op:
        batch_op.create_index("ix_captured_event_start", ["start", "people_key"], unique=False)
        batch_op.create_index("ix_captured_event_uid", ["uid", "recurrence_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_captured_event_executive_id"), ["executive_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_captured_event_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "captured_person",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("email", _TEXT(), nullable=False),
        sa.Column("name", _TEXT(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("visit_id", "email"),
    )
    with op.batch_alter_table("captured_person", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_captured_person_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "capture_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("calendar", _TEXT(), nullable=False),
        sa.Column("uid", _TEXT(), nullable=False),
        sa.Column("recurrence_id", _TEXT(), nullable=False),
        sa.Column("executive_id", sa.Integer(), nullable=False),
        sa.Column("start", fieldvisit.store.types.UTCDateTime(), nullable=False),
        sa.Column("end", fieldvisit.store.types.UTCDateTime(), nullable=True),
        sa.Column("reason", _TEXT(), nullable=False),
        sa.Column("facts", _TEXT(), nullable=False),
        sa.Column("state", _TEXT(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", fieldvisit.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["executive_id"], ["executive.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("calendar", "uid", "recurrence_id"),
    )
    with op.batch_alter_table("capture_review", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_capture_review_executive_id"), ["executive_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_capture_review_state"), ["state"], unique=False)

    op.create_table(
        "capture_domain",
        sa.Column("domain", _TEXT(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("ignored", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("domain"),
    )
    with op.batch_alter_table("capture_domain", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_capture_domain_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "capture_assignment",
        sa.Column("uid", _TEXT(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("uid"),
    )
    with op.batch_alter_table("capture_assignment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_capture_assignment_account_id"), ["account_id"], unique=False
        )


def downgrade() -> None:
    for table in (
        "capture_assignment",
        "capture_domain",
        "capture_review",
        "captured_person",
        "captured_event",
    ):
        op.drop_table(table)
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("website")
        batch_op.drop_column("domains")
