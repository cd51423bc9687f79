"""Database engines: asyncpg on PostgreSQL (distributed), aiosqlite on SQLite (embedded and fast tests)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool


def create_engine(url: str, **options: Any) -> AsyncEngine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url, **options)
    options.setdefault("pool_size", 10)
    options.setdefault("max_overflow", 10)
    options.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **options)


def _sqlite_engine(url: str, **options: Any) -> AsyncEngine:
    if ":memory:" in url or url.rstrip("/").endswith("sqlite+aiosqlite:"):
        options.setdefault("poolclass", StaticPool)
    options.setdefault("connect_args", {"timeout": 30})
    engine = create_async_engine(url, **options)

    # pysqlite's own transaction handling breaks SAVEPOINT; take control of BEGIN (SQLAlchemy's documented recipe).
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
