"""Alembic for every service from one environment: the service's own revisions (`services/<name>/migrations/
versions`) beside the shared `platform` branch (`shared/migrations/platform`), upgraded to both heads on start."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db import create_engine
from shared.runtime.service import Service

ENVIRONMENT = Path(__file__).resolve().parent.parent / "migrations"
PLATFORM_REVISIONS = ENVIRONMENT / "platform"


def alembic_config(service: Service, database_url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ENVIRONMENT))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join([str(service.migrations), str(PLATFORM_REVISIONS)]))
    config.attributes["service"] = service
    if database_url:
        config.attributes["database_url"] = database_url
    return config


def migrate(service: Service) -> None:
    """`python -m services migrate NAME`: `upgrade head` on the service's database, then exit.

    A deploy step runs it once before new replicas start (the Helm chart's pre-install/pre-upgrade Job), and the
    replicas run with CONTINUUM_MIGRATE_ON_START=false. It needs only the database: no broker, no token settings.
    """
    url = service.settings().database_url
    if not url:
        raise SystemExit(f"set CONTINUUM_{service.name.upper()}_DATABASE_URL to migrate the {service.name} database")
    asyncio.run(_migrate(service, url))


async def _migrate(service: Service, url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade_to_head(service, engine)
    finally:
        await engine.dispose()


async def upgrade_to_head(service: Service, engine: AsyncEngine) -> None:
    config = alembic_config(service)

    def upgrade(connection: sa.Connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")

    async with engine.begin() as connection:
        await connection.run_sync(upgrade)


def run_migrations(config: Config) -> None:
    """The body of the shared `env.py`: on the live connection `upgrade_to_head` passes, or on the URL given."""
    service: Service = config.attributes["service"]
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection, service.metadata)
        return
    url = config.attributes.get("database_url") or service.settings().database_url
    if not url:
        raise SystemExit(f"set CONTINUUM_{service.name.upper()}_DATABASE_URL to run migrations for {service.name}")
    asyncio.run(_run_with_url(url, service.metadata))


async def _run_with_url(url: str, metadata: sa.MetaData) -> None:
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(_run, metadata)
    await engine.dispose()


def managed_by_models(metadata: sa.MetaData) -> Callable[[str | None, Any, Any], bool]:
    """Which database objects the models describe, for comparing models and migrations: all but those a service
    names in `metadata.info["unmanaged"]`, which its migrations make for one database alone and no model can
    declare (a full-text index: SQLite's FTS5 tables and their shadow tables, PostgreSQL's tsvector column). A name
    covers itself and every name it prefixes with an underscore."""
    unmanaged: tuple[str, ...] = tuple(metadata.info.get("unmanaged", ()))

    def include_name(name: str | None, _type: Any, _parents: Any) -> bool:
        return name is None or not any(name == u or name.startswith(f"{u}_") for u in unmanaged)

    return include_name


def _run(connection: sa.Connection, metadata: sa.MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=managed_by_models(metadata),
    )
    with context.begin_transaction():
        context.run_migrations()
