"""platform tables: outbox, inbox, dead letters, idempotency keys, audit log

Revision ID: p0001
Revises:
Create Date: 2026-12-03

Services created before the platform branch existed made these tables in their own first revision; on those
databases this revision finds them and leaves them as they are.
"""

import sqlalchemy as sa
from alembic import op

revision = "p0001"
down_revision = None
branch_labels = ("platform",)
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "outbox" not in existing:
        op.create_table(
            "outbox",
            sa.Column("id", BigId, autoincrement=True, nullable=False),
            sa.Column("event_id", sa.String(length=36), nullable=False),
            sa.Column("topic", sa.String(length=200), nullable=False),
            sa.Column("key", sa.String(length=200), nullable=False),
            sa.Column("event_type", sa.String(length=200), nullable=False),
            sa.Column("headers", sa.JSON(), nullable=False),
            sa.Column("payload", sa.LargeBinary(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("event_id"),
        )
        op.create_index(
            "ix_outbox_unpublished",
            "outbox",
            ["id"],
            unique=False,
            postgresql_where=sa.text("published_at IS NULL"),
            sqlite_where=sa.text("published_at IS NULL"),
        )
    if "inbox" not in existing:
        op.create_table(
            "inbox",
            sa.Column("consumer", sa.String(length=100), nullable=False),
            sa.Column("event_id", sa.String(length=36), nullable=False),
            sa.Column("event_type", sa.String(length=200), nullable=False),
            sa.Column("topic", sa.String(length=200), nullable=False),
            sa.Column("outcome", sa.String(length=20), nullable=False),
            sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("consumer", "event_id"),
        )
    if "dead_letters" not in existing:
        op.create_table(
            "dead_letters",
            sa.Column("id", BigId, autoincrement=True, nullable=False),
            sa.Column("consumer", sa.String(length=100), nullable=False),
            sa.Column("topic", sa.String(length=200), nullable=False),
            sa.Column("partition", sa.Integer(), nullable=False),
            sa.Column("offset", sa.BigInteger(), nullable=False),
            sa.Column("event_id", sa.String(length=200), nullable=True),
            sa.Column("error", sa.Text(), nullable=False),
            sa.Column("attempts", sa.Integer(), nullable=False),
            sa.Column("dead_lettered_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
    if "idempotency_keys" not in existing:
        op.create_table(
            "idempotency_keys",
            sa.Column("key", sa.String(length=200), nullable=False),
            sa.Column("caller", sa.String(length=200), nullable=False),
            sa.Column("request_fingerprint", sa.String(length=64), nullable=False),
            sa.Column("status_code", sa.Integer(), nullable=True),
            sa.Column("response_headers", sa.JSON(), nullable=True),
            sa.Column("response_body", sa.LargeBinary(), nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("key", "caller"),
        )
    if "audit_log" not in existing:
        op.create_table(
            "audit_log",
            sa.Column("id", BigId, autoincrement=True, nullable=False),
            sa.Column("at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("actor", sa.String(length=200), nullable=False),
            sa.Column("role", sa.String(length=50), nullable=False),
            sa.Column("action", sa.String(length=20), nullable=False),
            sa.Column("resource", sa.String(length=200), nullable=False),
            sa.Column("child_id", sa.String(length=36), nullable=True),
            sa.Column("request_id", sa.String(length=100), nullable=True),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_audit_log_at", "audit_log", ["at"], unique=False)
        op.create_index("ix_audit_log_child_id", "audit_log", ["child_id"], unique=False)


def downgrade() -> None:
    for table in ("audit_log", "idempotency_keys", "dead_letters", "inbox", "outbox"):
        op.drop_table(table)
