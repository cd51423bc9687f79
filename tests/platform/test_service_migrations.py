"""`upgrade head` on start builds exactly the tables a service declares, platform tables included."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shared.db import create_engine
from shared.runtime.__main__ import build
from shared.runtime.migrations import migrate, upgrade_to_head
from shared.runtime.service import Service
from shared.settings import PlatformSettings
from tests.support import probe_service, tally_service


@pytest.mark.parametrize("service", [probe_service.service, tally_service.service], ids=lambda s: s.name)
async def test_upgrading_to_head_creates_what_the_models_declare(
    service: Service, sqlite_url: Callable[[str], str]
) -> None:
    engine = create_engine(sqlite_url(service.name))
    try:
        await upgrade_to_head(service, engine)
        await upgrade_to_head(service, engine)  # a restart runs it again: nothing to do, nothing breaks

        async with engine.connect() as connection:
            drift = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), service.metadata)
            )
            tables = await connection.run_sync(lambda sync: set(sa.inspect(sync).get_table_names()))
    finally:
        await engine.dispose()

    assert drift == [], f"the {service.name} migrations and models disagree"
    assert {"outbox", "inbox", "dead_letters", "idempotency_keys", "audit_log"} <= tables


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
