"""PostgreSQL-backed fixtures: the probe's and the tally's schemas, migrated into databases of the test's own."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db import create_engine
from shared.runtime import Service
from shared.runtime.migrations import upgrade_to_head
from tests.conftest import CreateDatabase
from tests.support import probe_service, tally_service


async def _migrated(create_database: CreateDatabase, service: Service) -> str:
    url = await create_database()
    engine = create_engine(url)
    await upgrade_to_head(service, engine)
    await engine.dispose()
    return url


@pytest.fixture
async def probe_database(create_database: CreateDatabase) -> str:
    return await _migrated(create_database, probe_service.service)


@pytest.fixture
async def tally_database(create_database: CreateDatabase) -> str:
    return await _migrated(create_database, tally_service.service)


@pytest.fixture
async def probe_engine(probe_database: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(probe_database)
    yield engine
    await engine.dispose()
