"""Allocation and feedback as separate processes, each on its own PostgreSQL database, events over the real broker:
the allocation API's facts reach feedback's own view through Kafka, and feedback's facts leave on its topics.

The broker's topics may hold other tests' history, so everything checked here is narrowed to this test's ids.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from services.feedback.models import AllocationView, MembershipView
from shared.db import create_engine
from shared.settings import PlatformSettings
from tests.conftest import TEST_SIGNING_KEY, CreateDatabase
from tests.flows.kpi.in_process import AllocationStory, Unexpected
from tests.support.kafka_tools import read_topic
from tests.support.polling import eventually
from tests.support.processes import ServiceProcess, service_environment

pytestmark = pytest.mark.infra
ALLOCATION = "services.allocation.service:service"
FEEDBACK = "services.feedback.service:service"


@dataclass
class Distributed:
    story: AllocationStory
    feedback: httpx.AsyncClient
    feedback_database: AsyncEngine
    bootstrap: str

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await self.feedback.post(
            f"/feedback/v1{path}", json=body, headers=self.story.bearer("feedback_officer")
        )
        if response.status_code != 201:
            raise Unexpected(f"POST {path} -> {response.status_code} {response.text}")
        result: dict[str, Any] = response.json()
        return result

    async def viewed(self, query: sa.Executable, what: str) -> list[Any]:
        """Polls feedback's own database until its view holds what the story expects."""

        async def rows() -> list[Any]:
            async with self.feedback_database.connect() as connection:
                return list((await connection.execute(query)).all())

        return await eventually(rows, bool, timeout=60.0, interval=0.2, what=what)

    async def published(self, topic: str, key: str) -> list[dict[str, Any]]:
        async def mine() -> list[dict[str, Any]]:
            return [json.loads(m.value) for m in await read_topic(self.bootstrap, topic) if m.key == key]

        return await eventually(mine, bool, timeout=60.0, interval=0.5, what=f"an event keyed {key} on {topic}")


@pytest.fixture
async def distributed(
    kafka_bootstrap: str, create_database: CreateDatabase, tmp_path: Path
) -> AsyncIterator[Distributed]:
    allocation_database, feedback_database = await create_database(), await create_database()
    environment = service_environment(
        CONTINUUM_ENVIRONMENT="test",
        CONTINUUM_AUTH_SIGNING_KEY=TEST_SIGNING_KEY,
        CONTINUUM_KAFKA_BOOTSTRAP_SERVERS=kafka_bootstrap,
        CONTINUUM_ALLOCATION_DATABASE_URL=allocation_database,
        CONTINUUM_FEEDBACK_DATABASE_URL=feedback_database,
        CONTINUUM_LOG_LEVEL="WARNING",
    )
    allocation = ServiceProcess(ALLOCATION, environment, tmp_path / "allocation.log")
    feedback = ServiceProcess(FEEDBACK, environment, tmp_path / "feedback.log")
    story = AllocationStory(PlatformSettings(environment="test", auth_signing_key=TEST_SIGNING_KEY, auth_jwks_url=None))
    engine = create_engine(feedback_database)
    try:
        allocation.start()
        feedback.start()
        await allocation.wait_ready()
        await feedback.wait_ready()
        story.client = httpx.AsyncClient(base_url=allocation.url, timeout=30.0)
        async with httpx.AsyncClient(base_url=feedback.url, timeout=30.0) as feedback_client:
            yield Distributed(story, feedback_client, engine, kafka_bootstrap)
    finally:
        await story.client.aclose()
        await engine.dispose()
        allocation.stop()
        feedback.stop()


async def test_allocation_facts_reach_feedback_through_kafka_and_feedback_facts_leave_on_its_topics(
    distributed: Distributed,
) -> None:
    story = distributed.story
    north = await story.pod(f"North {uuid.uuid4().hex[:6]}")
    amy = await story.worker("Amy", north)
    case = await story.child_with_case("bea", date(2025, 1, 6))
    await story.allocate(case, north, amy, date(2025, 1, 6))
    child = story.child_of[case]

    held = await distributed.viewed(
        sa.select(AllocationView.pod_id, AllocationView.worker_id).where(AllocationView.child_id == child),
        "feedback's view to hold Bea's allocation to Amy in North",
    )
    await distributed.viewed(
        sa.select(MembershipView.pod_id).where(MembershipView.worker_id == amy), "feedback's view of Amy in North"
    )
    complaint = await distributed.post(
        "/complaints",
        {
            "received_on": "2025-03-03",
            "channel": "email",
            "complainant": {"relation": "parent", "name": "Pat Parent", "contact": "pat@example.org"},
            "child_id": str(child),
            "themes": ["communication"],
            "summary": "Nobody told me the meeting had moved.",
        },
    )
    compliment = await distributed.post(
        "/compliments",
        {"received_on": "2025-03-04", "from_relation": "parent", "worker_ids": [str(amy)], "summary": "Thank you"},
    )

    assert [tuple(row) for row in held] == [(north, amy)]
    assert complaint["pod_id"] == compliment["pod_id"] == str(north), "the pod comes from feedback's own view"
    [received] = await distributed.published("feedback.complaints", complaint["id"])
    [commended] = await distributed.published("feedback.compliments", compliment["id"])
    assert (received["child_id"], received["pod_id"], received["stage"]) == (str(child), str(north), 1)
    assert received["complainant_relation"] == "parent"
    assert "Pat Parent" not in json.dumps(received), "the complainant's identity never leaves the service"
    assert (commended["worker_ids"], commended["pod_id"]) == ([str(amy)], str(north))
