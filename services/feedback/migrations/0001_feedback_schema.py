"""feedback schema

Revision ID: feedback_0001
Revises:
Create Date: 2026-12-03
"""

revision = "feedback_0001"
down_revision = None
branch_labels = ("feedback",)
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
