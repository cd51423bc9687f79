"""supervision schema

Revision ID: supervision_0001
Revises:
Create Date: 2026-12-03
"""

revision = "supervision_0001"
down_revision = None
branch_labels = ("supervision",)
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
