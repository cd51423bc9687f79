"""Alembic per service: `upgrade head` on start, and the shared body of every service's `env.py`."""

from __future__ import annotations

import asyncio
import os

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db import create_engine
from shared.runtime.service import Service


def alembic_config(service: Service) -> Config:
    config = Config()
    config.set_main_option("script_location", str(service.migrations))
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
        command.upgrade(config, "head")

    async with engine.begin() as connection:
        await connection.run_sync(upgrade)


def run_migrations(metadata: sa.MetaData, service_name: str) -> None:
    """Called from a service's `env.py`, by `upgrade_to_head` (a live connection) or by the alembic CLI."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection, metadata)
        return
    url = os.environ.get(f"CONTINUUM_{service_name.upper()}_DATABASE_URL") or context.config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit(f"set CONTINUUM_{service_name.upper()}_DATABASE_URL to run migrations for {service_name}")
    asyncio.run(_run_with_url(url, metadata))


async def _run_with_url(url: str, metadata: sa.MetaData) -> None:
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(_run, metadata)
    await engine.dispose()


def _run(connection: sa.Connection, metadata: sa.MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
