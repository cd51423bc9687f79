"""indexes of scores and actions by session: a session's page and its sign-off read every score and action
recorded in it, which without them scanned both tables whole (at 1,200 pods' two years, every discussion took
seconds).

Revision ID: supervision_0002
Revises: supervision_0001
Create Date: 2026-12-03
"""

from alembic import op


revision = "supervision_0002"
down_revision = "supervision_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scores_session_id"), ["session_id"], unique=False)
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actions_session_id"), ["session_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actions_session_id"))
    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scores_session_id"))
