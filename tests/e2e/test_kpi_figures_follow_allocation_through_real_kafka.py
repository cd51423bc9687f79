"""Allocation and KPI as separate processes, each on its own PostgreSQL database, events over the real broker.

The broker's allocation topics may hold other tests' history, and the `kpi` consumer group may have read past it
already, so every figure checked here is narrowed to this test's own pods and workers.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from services.kpi.queries import figures
from services.kpi.settings import KpiSettings
from shared.db import create_engine
from shared.settings import PlatformSettings
from tests.conftest import TEST_SIGNING_KEY, CreateDatabase
from tests.flows.kpi.in_process import AllocationStory
from tests.support.polling import eventually
from tests.support.processes import REPOSITORY, ServiceProcess, service_environment

pytestmark = pytest.mark.infra
ALLOCATION = "services.allocation.service:service"
KPI = "services.kpi.service:service"
YEAR = 2024


@dataclass
class Distributed:
    story: AllocationStory
    kpi: httpx.AsyncClient
    environment: dict[str, str]
    kpi_database_url: str
    log_directory: Path

    async def kpi_figure(self, path: str, until: Any, what: str, **params: Any) -> Any:
        """Polls a KPI figure (as a head of service) until it shows what the story expects."""

        async def fetch() -> Any:
            response = await self.kpi.get(f"/kpi/v1{path}", params=params, headers=self.story.bearer("head_of_service"))
            assert response.status_code == 200, response.text
            return response.json()["figure"]

        return await eventually(fetch, until, timeout=60.0, interval=0.2, what=what)


@pytest.fixture
async def distributed(
    kafka_bootstrap: str, create_database: CreateDatabase, tmp_path: Path
) -> AsyncIterator[Distributed]:
    allocation_database, kpi_database = await create_database(), await create_database()
    environment = service_environment(
        CONTINUUM_ENVIRONMENT="test",
        CONTINUUM_AUTH_SIGNING_KEY=TEST_SIGNING_KEY,
        CONTINUUM_KAFKA_BOOTSTRAP_SERVERS=kafka_bootstrap,
        CONTINUUM_ALLOCATION_DATABASE_URL=allocation_database,
        CONTINUUM_KPI_DATABASE_URL=kpi_database,
        CONTINUUM_LOG_LEVEL="WARNING",
    )
    allocation = ServiceProcess(ALLOCATION, environment, tmp_path / "allocation.log")
    kpi = ServiceProcess(KPI, environment, tmp_path / "kpi.log")
    settings = PlatformSettings(environment="test", auth_signing_key=TEST_SIGNING_KEY, auth_jwks_url=None)
    story = AllocationStory(settings)
    try:
        allocation.start()
        kpi.start()
        await allocation.wait_ready()
        await kpi.wait_ready()
        story.client = httpx.AsyncClient(base_url=allocation.url, timeout=30.0)
        async with httpx.AsyncClient(base_url=kpi.url, timeout=30.0) as kpi_client:
            yield Distributed(story, kpi_client, environment, kpi_database, tmp_path)
    finally:
        await story.client.aclose()
        allocation.stop()
        kpi.stop()


@dataclass(frozen=True)
class Casework:
    north: uuid.UUID
    south: uuid.UUID
    a: uuid.UUID
    c: uuid.UUID
    amy: uuid.UUID


async def _a_year_of_casework(story: AllocationStory) -> Casework:
    """Amy (North, looked after) goes A -> B -> A; Ben is looked after under short breaks only; C holds Ben and
    Cat, who is on a child protection plan."""
    north, south = await story.pod(f"North {uuid.uuid4().hex[:6]}"), await story.pod(f"South {uuid.uuid4().hex[:6]}")
    a, b, c = await story.worker("A", north), await story.worker("B", south), await story.worker("C", north)
    amy = await story.child_with_case("amy", date(2023, 3, 1))
    await story.status(amy, "CLA", date(2023, 3, 1))
    await story.allocate(amy, north, a, date(2023, 4, 3))
    ben = await story.child_with_case("ben", date(2023, 3, 1))
    await story.status(ben, "CLA", date(2023, 3, 1), legal_status="V3")
    await story.allocate(ben, north, c, date(2023, 4, 3))
    cat = await story.child_with_case("cat", date(2024, 1, 2))
    await story.status(cat, "CP", date(2024, 1, 2))
    await story.allocate(cat, north, c, date(2024, 1, 3))
    await story.transfer(amy, b, date(2023, 8, 1))
    await story.transfer(amy, a, date(2023, 12, 4))
    return Casework(north, south, a, c, story.child_of[amy])


async def test_kpi_figures_follow_the_allocation_api_through_real_kafka(distributed: Distributed) -> None:
    work = await _a_year_of_casework(distributed.story)

    dfe_rows = await distributed.kpi_figure(
        "/continuity/children",
        lambda rows: [(r["child_id"], r["worker_count"]) for r in rows] == [(str(work.amy), 2)],
        "DfE rows of the North pod: Amy with 2 workers (A -> B -> A), Ben (V3 only) left out",
        measure="dfe",
        year=YEAR,
        pod_id=work.north,
    )
    cco_rows = await distributed.kpi_figure(
        "/continuity/children",
        lambda rows: [(r["child_id"], r["changes"]) for r in rows] == [(str(work.amy), 2)],
        "Commissioner rows of the North pod: Amy with 2 changes, Ben (V3 only) left out as in the DfE count",
        measure="cco",
        year=YEAR,
        pod_id=work.north,
    )
    loads = await distributed.kpi_figure(
        "/caseloads",
        lambda figure: any(w["worker_id"] == str(work.c) and w["cases"] == 2 for w in figure["caseloads"]["workers"]),
        "C holding Ben and Cat on 1 March 2024",
        as_at="2024-03-01",
    )

    assert dfe_rows[0]["workers"][0] == str(work.a), "workers are listed in the order the child first had them"
    assert {r["child_id"]: r["changes"] for r in cco_rows}[str(work.amy)] == 2
    c_load = next(w for w in loads["caseloads"]["workers"] if w["worker_id"] == str(work.c))
    assert (c_load["points"], c_load["fte"]) == (3.0, 1.0), "a looked-after child and a CP plan weigh 1.5 each"
    assert loads["caseloads"]["pods"][str(work.north)]["cases"] == 3


async def test_a_replay_through_kafka_into_a_fresh_database_ends_with_the_live_figures(
    distributed: Distributed, create_database: CreateDatabase
) -> None:
    work = await _a_year_of_casework(distributed.story)
    await distributed.kpi_figure(
        "/continuity/children",
        lambda rows: [r["worker_count"] for r in rows] == [2],
        "the live KPI to show Amy's last transfer",
        measure="dfe",
        year=YEAR,
        pod_id=work.north,
    )
    rebuilt_url = await create_database()

    refused = await _replay_command(distributed, rebuilt_url)
    replayed = await _replay_command(distributed, rebuilt_url, "--group", f"kpi-replay-{uuid.uuid4().hex[:8]}")

    assert refused.returncode == 3, "a replay in the live service's group must refuse while the service runs"
    assert "stop the kpi service first" in refused.stdout
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    assert "events/s" in replayed.stdout
    live, rebuilt = create_engine(distributed.kpi_database_url), create_engine(rebuilt_url)
    try:
        assert await _figures_of(rebuilt, work) == await _figures_of(live, work)
    finally:
        await live.dispose()
        await rebuilt.dispose()


async def _replay_command(distributed: Distributed, database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "services", "replay", "kpi", "--no-progress", *args]
    environment = {**distributed.environment, "CONTINUUM_KPI_DATABASE_URL": database_url}
    return await asyncio.to_thread(
        subprocess.run, command, cwd=REPOSITORY, env=environment, capture_output=True, text=True, timeout=300
    )


async def _figures_of(engine: AsyncEngine, work: Casework) -> dict[str, Any]:
    """The figures of this test's pods and workers only: the broker may hold other tests' children too."""
    pod = str(work.north)
    async with async_sessionmaker(engine)() as session:
        dfe = await figures.dfe(session, YEAR, pod)
        cco = await figures.commissioner(session, YEAR, pod)
        local = await figures.local(session, date(2023, 4, 1), date(2024, 3, 31), "all", pod, None)
        loads = await figures.caseloads(session, date(2024, 3, 1), KpiSettings())
        monthly = await figures.monthly(session, (2023, 4), (2024, 3))
    mine = {str(work.a), str(work.c)}
    return {
        "dfe": figures.plain(dfe.value),
        "cco": figures.plain(cco.value),
        "local": figures.plain(local.value),
        "caseloads": [w for w in figures.plain(loads.value)["caseloads"]["workers"] if w["worker_id"] in mine],
        "monthly": figures.plain(monthly.value)["pods"].get(pod),
    }
