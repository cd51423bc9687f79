"""The records consumer on a fresh database: in-memory SQLite always, and PostgreSQL too when the server is there."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.handlers.kpi.deliveries import postgresql_database
from tests.handlers.records.deliveries import RecordsConsumer, records_consumer


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.infra)])
async def records(request: pytest.FixtureRequest) -> AsyncIterator[RecordsConsumer]:
    if request.param == "sqlite":
        async with records_consumer() as consumer:
            yield consumer
        return
    server_url: str = request.getfixturevalue("pg_url")
    async with postgresql_database(server_url) as database_url, records_consumer(database_url) as consumer:
        yield consumer
