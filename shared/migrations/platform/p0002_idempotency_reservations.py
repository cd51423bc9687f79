"""idempotency keys: a reservation token and time, so a request that died can be retried

Revision ID: p0002
Revises: p0001
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "p0002"
down_revision = "p0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reservation", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("reserved_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.drop_column("reserved_at")
        batch_op.drop_column("reservation")
