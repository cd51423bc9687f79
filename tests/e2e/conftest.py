"""The probe and the tally as separate OS processes on the real Kafka broker, each with its own PostgreSQL database."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.auth.principal import Role
from shared.db import create_engine
from tests.conftest import TEST_SIGNING_KEY, CreateDatabase, MintToken
from tests.support.processes import ServiceProcess, service_environment
from tests.support.tally_reading import Tally, read_tally

PROBE = "tests.support.probe_service:service"
TALLY = "tests.support.tally_service:service"


@dataclass
class DistributedPlatform:
    topic: str
    bootstrap: str
    probe: ServiceProcess
    tally: ServiceProcess
    probe_database: AsyncEngine
    tally_database: AsyncEngine
    token: str
    client: httpx.AsyncClient = field(default_factory=lambda: httpx.AsyncClient(timeout=30.0))

    async def ping(self, subject_id: uuid.UUID, sequence: int, *, explode: bool = False) -> httpx.Response:
        return await self.client.post(
            f"{self.probe.url}/probe/v1/pings",
            json={"subject_id": str(subject_id), "sequence": sequence, "explode": explode},
            headers={"Authorization": f"Bearer {self.token}"},
        )

    async def read_tally(self) -> Tally:
        return await read_tally(self.tally_database)

    async def unpublished(self) -> int:
        from tests.support.probe_service import platform

        outbox = platform.outbox
        query = sa.select(sa.func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
        async with self.probe_database.connect() as connection:
            return int((await connection.execute(query)).scalar_one())


@pytest.fixture
async def distributed(
    kafka_bootstrap: str, create_database: CreateDatabase, mint_token: MintToken, tmp_path: Path
) -> AsyncIterator[DistributedPlatform]:
    """Both services configured, not started: each test starts, kills and restarts them as its story needs."""
    run = uuid.uuid4().hex[:10]
    probe_url, tally_url = await create_database(), await create_database()
    environment = service_environment(
        CONTINUUM_ENVIRONMENT="test",
        CONTINUUM_AUTH_SIGNING_KEY=TEST_SIGNING_KEY,
        CONTINUUM_KAFKA_BOOTSTRAP_SERVERS=kafka_bootstrap,
        CONTINUUM_PROBE_DATABASE_URL=probe_url,
        CONTINUUM_TALLY_DATABASE_URL=tally_url,
        CONTINUUM_LOG_LEVEL="INFO",
        PROBE_TOPIC=f"probe.pings.{run}",
        TALLY_SERVICE_NAME=f"tally-{run}",
    )
    platform = DistributedPlatform(
        topic=f"probe.pings.{run}",
        bootstrap=kafka_bootstrap,
        probe=ServiceProcess(PROBE, environment, tmp_path / "probe.log"),
        tally=ServiceProcess(TALLY, environment, tmp_path / "tally.log"),
        probe_database=create_engine(probe_url),
        tally_database=create_engine(tally_url),
        token=mint_token(Role.system),
    )
    try:
        yield platform
    finally:
        # Nothing is checked after the test, so no need to wait for a graceful shutdown.
        platform.probe.kill()
        platform.tally.kill()
        await platform.client.aclose()
        await platform.probe_database.dispose()
        await platform.tally_database.dispose()
