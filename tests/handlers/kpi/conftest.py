"""The KPI consumer on a fresh database: in-memory SQLite always, and PostgreSQL too when the server is there."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.handlers.kpi.deliveries import KpiConsumer, kpi_consumer, postgresql_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.infra)])
async def kpi(request: pytest.FixtureRequest) -> AsyncIterator[KpiConsumer]:
    if request.param == "sqlite":
        async with kpi_consumer() as consumer:
            yield consumer
        return
    server_url: str = request.getfixturevalue("pg_url")
    async with postgresql_database(server_url) as database_url, kpi_consumer(database_url) as consumer:
        yield consumer
