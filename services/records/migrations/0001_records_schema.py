"""records schema

Revision ID: records_0001
Revises:
Create Date: 2026-12-03
"""

revision = "records_0001"
down_revision = None
branch_labels = ("records",)
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
