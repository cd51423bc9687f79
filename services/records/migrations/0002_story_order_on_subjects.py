"""the story's order on the subject rows: entry_subjects keeps the entry's recorded_at beside occurred_on, and both
story indexes hold the whole order (date, recorded, id), so a page of a child's story is an index walk that stops
at the page instead of reading every entry naming the child.

Revision ID: records_0002
Revises: records_0001
Create Date: 2026-12-04
"""

from alembic import op
import sqlalchemy as sa


revision = "records_0002"
down_revision = "records_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entry_subjects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True))
    # An entry's recorded_at is set once, when it is first written, so copying it is the whole truth.
    op.execute(
        "UPDATE entry_subjects SET recorded_at = (SELECT recorded_at FROM entries WHERE entries.id = entry_subjects.entry_id)"
    )
    with op.batch_alter_table("entry_subjects", schema=None) as batch_op:
        batch_op.alter_column("recorded_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.drop_index("ix_entry_subjects_story")
        batch_op.create_index(
            "ix_entry_subjects_story", ["subject_id", "occurred_on", "recorded_at", "entry_id"], unique=False
        )
    with op.batch_alter_table("chronology", schema=None) as batch_op:
        batch_op.drop_index("ix_chronology_story")
        batch_op.create_index("ix_chronology_story", ["child_id", "occurred_on", "recorded_at", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("chronology", schema=None) as batch_op:
        batch_op.drop_index("ix_chronology_story")
        batch_op.create_index("ix_chronology_story", ["child_id", "occurred_on"], unique=False)
    with op.batch_alter_table("entry_subjects", schema=None) as batch_op:
        batch_op.drop_index("ix_entry_subjects_story")
        batch_op.create_index("ix_entry_subjects_story", ["subject_id", "occurred_on"], unique=False)
        batch_op.drop_column("recorded_at")
