"""Allocation, records and KPI as separate processes, each on its own PostgreSQL database, events over the real
broker: a visit recorded in records reaches the worker's "my work" in the KPI service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared.auth.tokens import mint_development_token
from shared.settings import PlatformSettings
from tests.conftest import TEST_SIGNING_KEY, CreateDatabase
from tests.flows.kpi.in_process import AllocationStory
from tests.support.polling import eventually
from tests.support.processes import ServiceProcess, service_environment

pytestmark = pytest.mark.infra


@dataclass
class ThreeServices:
    story: AllocationStory
    records: httpx.AsyncClient
    kpi: httpx.AsyncClient


@pytest.fixture
async def three(kafka_bootstrap: str, create_database: CreateDatabase, tmp_path: Path) -> AsyncIterator[ThreeServices]:
    environment = service_environment(
        CONTINUUM_ENVIRONMENT="test",
        CONTINUUM_AUTH_SIGNING_KEY=TEST_SIGNING_KEY,
        CONTINUUM_KAFKA_BOOTSTRAP_SERVERS=kafka_bootstrap,
        CONTINUUM_ALLOCATION_DATABASE_URL=await create_database(),
        CONTINUUM_RECORDS_DATABASE_URL=await create_database(),
        CONTINUUM_KPI_DATABASE_URL=await create_database(),
        CONTINUUM_LOG_LEVEL="WARNING",
    )
    processes = {
        name: ServiceProcess(f"services.{name}.service:service", environment, tmp_path / f"{name}.log")
        for name in ("allocation", "records", "kpi")
    }
    story = AllocationStory(PlatformSettings(environment="test", auth_signing_key=TEST_SIGNING_KEY, auth_jwks_url=None))
    try:
        for process in processes.values():
            process.start()
        for process in processes.values():
            await process.wait_ready()
        story.client = httpx.AsyncClient(base_url=processes["allocation"].url, timeout=30.0)
        async with (
            httpx.AsyncClient(base_url=processes["records"].url, timeout=30.0) as records,
            httpx.AsyncClient(base_url=processes["kpi"].url, timeout=30.0) as kpi,
        ):
            yield ThreeServices(story, records, kpi)
    finally:
        await story.client.aclose()
        for process in processes.values():
            process.stop()


async def test_a_visit_recorded_in_records_reaches_my_work_through_real_kafka(three: ThreeServices) -> None:
    today = date.today()
    began = today - timedelta(days=60)
    north = await three.story.pod("North e2e")
    ann = await three.story.worker("Ann", north)
    case = await three.story.child_with_case("amy", began)
    await three.story.status(case, "CP", began)
    await three.story.allocate(case, north, ann, began)
    amy = str(three.story.child_of[case])
    token = mint_development_token(
        three.story.settings,
        subject="ann",
        roles=["social_worker"],
        pods=[str(north)],
        worker_id=str(ann),
        lifetime_seconds=600,
    )
    ann_says = {"Authorization": f"Bearer {token}"}

    async def my_work() -> dict[str, Any]:
        response = await three.kpi.get("/kpi/v1/my-work", headers=ann_says)
        assert response.status_code == 200, response.text
        figure: dict[str, Any] = response.json()["figure"]
        return figure

    await eventually(
        my_work,
        lambda figure: [r["child_id"] for r in figure["visits"]["not_seen_within_interval"]] == [amy],
        timeout=60.0,
        interval=0.2,
        what="the KPI to show Amy, on a plan for 60 days, not seen",
    )
    visit = {
        "entry_type": "visit",
        "status": "complete",
        "occurred_on": today.isoformat(),
        "title": "Home visit",
        "purpose": "Child protection visit",
        "text": "Seen at home, alone in her room.",
        "visit_kind": "home",
        "serves_status": "CP",
        "children": [{"child_id": amy, "seen": True, "seen_alone": True}],
    }

    async def write() -> int:
        return (await three.records.post("/records/v1/entries", json=visit, headers=ann_says)).status_code

    await eventually(write, lambda status: status == 201, timeout=60.0, interval=0.5, what="records to take the visit")
    figure = await eventually(
        my_work,
        lambda figure: figure["visits"]["not_seen_within_interval"] == [],
        timeout=60.0,
        interval=0.2,
        what="the visit to reach Ann's my-work",
    )

    assert figure["visits"]["cp_seen_alone_at_last_visit"]["numerator"] == 1
    assert figure["caseload"]["cases"] == 1
