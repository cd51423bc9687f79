"""tallies

Revision ID: 0001
Revises:
Create Date: 2026-11-26 04:15:31.722038
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = ("tally",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tallied_pings",
        sa.Column("position", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("position"),
    )
    with op.batch_alter_table("tallied_pings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tallied_pings_event_id"), ["event_id"], unique=False)
    op.create_table(
        "tallies",
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("subject_id"),
    )


def downgrade() -> None:
    op.drop_table("tallies")
    op.drop_table("tallied_pings")
