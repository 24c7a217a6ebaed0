"""CRM imports: people known by a CRM key before their e-mail, CRM stamps, newest export per CRM

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import fieldvisit.store.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STAMPED = ("account", "contact", "deal", "activity")


def upgrade() -> None:
    for table in ("executive", "rep"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                "email", existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=True
            )
            batch_op.add_column(
                sa.Column("crm_key", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
            )
            batch_op.create_unique_constraint(f"uq_{table}_crm_key", ["crm_key"])
    for table in _STAMPED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("crm_modified_at", fieldvisit.store.types.UTCDateTime(), nullable=True)
            )
    op.create_table(
        "crm_import",
        sa.Column("crm", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("exported_at", fieldvisit.store.types.UTCDateTime(), nullable=True),
        sa.Column("imported_at", fieldvisit.store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("crm"),
    )


def downgrade() -> None:
    op.drop_table("crm_import")
    for table in reversed(_STAMPED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("crm_modified_at")
    for table in ("rep", "executive"):
        # People known only by their CRM key have no address to keep: they go.
        op.execute(f"DELETE FROM {table} WHERE email IS NULL")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"uq_{table}_crm_key", type_="unique")
            batch_op.drop_column("crm_key")
            batch_op.alter_column(
                "email", existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=False
            )
