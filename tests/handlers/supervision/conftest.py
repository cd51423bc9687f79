"""The supervision consumer on a fresh database: in-memory SQLite, and PostgreSQL too when the server is there."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.handlers.kpi.deliveries import postgresql_database
from tests.handlers.supervision.view import ViewConsumer, view_consumer


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.infra)])
async def view(request: pytest.FixtureRequest) -> AsyncIterator[ViewConsumer]:
    if request.param == "sqlite":
        async with view_consumer() as consumer:
            yield consumer
        return
    server_url: str = request.getfixturevalue("pg_url")
    async with postgresql_database(server_url) as database_url, view_consumer(database_url) as consumer:
        yield consumer
