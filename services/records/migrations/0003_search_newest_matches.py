"""an index of entries in story order (date, recorded, id), so a search finds its newest matches by walking it
newest first and stops at the bound it ranks, instead of ranking every match.

Revision ID: records_0003
Revises: records_0002
Create Date: 2026-12-03
"""

from alembic import op


revision = "records_0003"
down_revision = "records_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.create_index("ix_entries_newest", ["occurred_on", "recorded_at", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index("ix_entries_newest")
