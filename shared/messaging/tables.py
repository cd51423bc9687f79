"""The platform's tables, added to each service's own metadata: outbox, inbox, dead letters, idempotency, audit."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


@dataclass(frozen=True)
class PlatformTables:
    outbox: sa.Table
    inbox: sa.Table
    dead_letters: sa.Table
    idempotency_keys: sa.Table
    audit_log: sa.Table


def platform_tables(metadata: sa.MetaData) -> PlatformTables:
    """The platform's tables in a service's metadata, defined there on first use."""
    if "outbox" in metadata.tables:
        t = metadata.tables
        return PlatformTables(t["outbox"], t["inbox"], t["dead_letters"], t["idempotency_keys"], t["audit_log"])
    return _define(metadata)


def _define(metadata: sa.MetaData) -> PlatformTables:
    outbox = sa.Table(
        "outbox",
        metadata,
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("event_type", sa.String(200), nullable=False),
        sa.Column("headers", sa.JSON, nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
    )
    sa.Index(
        "ix_outbox_unpublished",
        outbox.c.id,
        postgresql_where=outbox.c.published_at.is_(None),
        sqlite_where=outbox.c.published_at.is_(None),
    )
    inbox = sa.Table(
        "inbox",
        metadata,
        sa.Column("consumer", sa.String(100), primary_key=True),
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("event_type", sa.String(200), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
    )
    dead_letters = sa.Table(
        "dead_letters",
        metadata,
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("consumer", sa.String(100), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("partition", sa.Integer, nullable=False),
        sa.Column("offset", sa.BigInteger, nullable=False),
        sa.Column("event_id", sa.String(200), nullable=True),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("dead_lettered_at", sa.DateTime(timezone=True), nullable=False),
    )
    idempotency_keys = sa.Table(
        "idempotency_keys",
        metadata,
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("caller", sa.String(200), primary_key=True),
        sa.Column("request_fingerprint", sa.String(64), nullable=False),
        sa.Column("reservation", sa.String(36), nullable=True),
        sa.Column("reserved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status_code", sa.Integer, nullable=True),
        sa.Column("response_headers", sa.JSON, nullable=True),
        sa.Column("response_body", sa.LargeBinary, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    audit_log = sa.Table(
        "audit_log",
        metadata,
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("role", sa.Text, nullable=False),  # every role the caller holds, comma-separated
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("resource", sa.String(200), nullable=False),
        sa.Column("child_id", sa.String(36), nullable=True, index=True),
        sa.Column("request_id", sa.String(100), nullable=True),
    )
    return PlatformTables(outbox, inbox, dead_letters, idempotency_keys, audit_log)
