"""audit log: the role column holds every role of the caller, however many the council's provider grants

Revision ID: p0003
Revises: p0002
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "p0003"
down_revision = "p0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.alter_column("role", existing_type=sa.String(length=50), type_=sa.Text(), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.alter_column("role", existing_type=sa.Text(), type_=sa.String(length=50), existing_nullable=False)
