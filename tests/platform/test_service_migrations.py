"""`upgrade head` on start builds exactly the tables a service declares, platform tables included."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shared.db import create_engine
from shared.runtime.migrations import upgrade_to_head
from shared.runtime.service import Service
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
