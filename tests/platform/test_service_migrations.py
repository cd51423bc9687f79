"""Migrating on start builds exactly the tables a service declares: its own revisions, and the platform's tables
from the one shared branch (never copied into a service)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from services import platform
from shared.db import create_engine
from shared.runtime.__main__ import build, load_service
from shared.runtime.migrations import managed_by_models, migrate, upgrade_to_head
from shared.runtime.service import Service
from shared.settings import PlatformSettings
from tests.support import probe_service, tally_service

PLATFORM_TABLES = {"outbox", "inbox", "dead_letters", "idempotency_keys", "audit_log"}
EVERY_SERVICE = [probe_service.service, tally_service.service] + [
    load_service(platform.declaration(name)) for name in platform.SERVICES
]


@pytest.mark.parametrize("service", EVERY_SERVICE, ids=lambda s: s.name)
async def test_upgrading_to_head_creates_what_the_models_declare(
    service: Service, sqlite_url: Callable[[str], str]
) -> None:
    engine = create_engine(sqlite_url(service.name))
    try:
        await upgrade_to_head(service, engine)
        await upgrade_to_head(service, engine)  # a restart runs it again: nothing to do, nothing breaks

        async with engine.connect() as connection:
            drift = await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"include_name": managed_by_models(service.metadata)}),
                    service.metadata,
                )
            )
            tables = await connection.run_sync(lambda sync: set(sa.inspect(sync).get_table_names()))
    finally:
        await engine.dispose()

    assert drift == [], f"the {service.name} migrations and models disagree"
    assert tables >= PLATFORM_TABLES


def test_no_service_revision_creates_a_platform_table() -> None:
    for service in EVERY_SERVICE:
        assert service.migrations is not None, f"{service.name} owns data: it has migrations"
        for revision in service.migrations.glob("*.py"):
            text = revision.read_text()
            copied = [table for table in PLATFORM_TABLES if f'create_table(\n        "{table}"' in text]
            assert copied == [], f"{revision} creates {copied}: they belong to the shared platform branch"


async def test_a_database_made_before_the_platform_branch_keeps_its_tables_and_gains_the_new_columns(
    sqlite_url: Callable[[str], str],
) -> None:
    """A service database whose first revision made the platform tables itself (before the branch existed)."""
    service = probe_service.service
    url = sqlite_url("older")
    engine = create_engine(url)
    try:
        await upgrade_to_head(service, engine)
        async with engine.begin() as connection:
            # As such a database was: the platform branch unknown to it, idempotency keys without reservations.
            await connection.execute(sa.text("DELETE FROM alembic_version WHERE version_num LIKE 'p%'"))
            await connection.execute(sa.text("ALTER TABLE idempotency_keys DROP COLUMN reservation"))
            await connection.execute(sa.text("ALTER TABLE idempotency_keys DROP COLUMN reserved_at"))
            await connection.execute(sa.text("INSERT INTO pings VALUES ('1', '2', 1, '2024-01-01')"))

        await upgrade_to_head(service, engine)

        async with engine.connect() as connection:
            columns = {c["name"] for c in await connection.run_sync(_idempotency_columns)}
            versions = set((await connection.execute(sa.text("SELECT version_num FROM alembic_version"))).scalars())
            pings = (await connection.execute(sa.text("SELECT count(*) FROM pings"))).scalar_one()
    finally:
        await engine.dispose()
    assert {"reservation", "reserved_at"} <= columns
    assert versions == {"0001", "p0003"}
    assert pings == 1


def _idempotency_columns(connection: sa.Connection) -> list[dict[str, object]]:
    return list(sa.inspect(connection).get_columns("idempotency_keys"))  # type: ignore[arg-type]


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url.replace("+aiosqlite", ""))
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_the_migrate_command_upgrades_the_database_its_service_is_configured_with(
    monkeypatch: pytest.MonkeyPatch, platform_settings: PlatformSettings, sqlite_url: Callable[[str], str]
) -> None:
    monkeypatch.setenv("CONTINUUM_PROBE_DATABASE_URL", sqlite_url("probe"))

    migrate(probe_service.service)

    assert {"alembic_version", "outbox", "pings"} <= _tables(sqlite_url("probe"))


def test_the_migrate_command_names_the_setting_it_lacks(platform_settings: PlatformSettings) -> None:
    with pytest.raises(SystemExit, match="CONTINUUM_PROBE_DATABASE_URL"):
        migrate(probe_service.service)


async def test_a_service_told_not_to_migrate_on_start_leaves_its_database_alone(
    tmp_path: Path, platform_settings: PlatformSettings
) -> None:
    settings = platform_settings.model_copy(update={"migrate_on_start": False})
    app = build("embedded", ["tests.support.probe_service:service"], tmp_path, settings)

    async with app.router.lifespan_context(app):  # type: ignore[attr-defined]
        pass

    assert "alembic_version" not in _tables(f"sqlite:///{tmp_path / 'probe.sqlite'}")
