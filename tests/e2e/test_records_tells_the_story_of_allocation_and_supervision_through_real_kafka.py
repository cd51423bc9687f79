"""Allocation, supervision and records as three separate processes, each on its own PostgreSQL database, events over
the real broker: a case allocated through allocation's API shows in the child's chronology in records, and a
decision signed off in supervision lands in the child's story as an automatic entry nobody typed twice.

The broker's topics may hold other tests' history, so everything checked here is narrowed to this test's ids.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared.auth.tokens import mint_development_token
from shared.settings import PlatformSettings
from tests.api.supervision.steps import DECISION, RATIONALE
from tests.conftest import TEST_SIGNING_KEY, CreateDatabase
from tests.flows.kpi.in_process import AllocationStory
from tests.support.polling import eventually
from tests.support.processes import ServiceProcess, service_environment

pytestmark = pytest.mark.infra
ALLOCATION = "services.allocation.service:service"
SUPERVISION = "services.supervision.service:service"
RECORDS = "services.records.service:service"


@dataclass
class Distributed:
    story: AllocationStory
    supervision: httpx.AsyncClient
    records: httpx.AsyncClient


@pytest.fixture
async def distributed(
    kafka_bootstrap: str, create_database: CreateDatabase, tmp_path: Path
) -> AsyncIterator[Distributed]:
    environment = service_environment(
        CONTINUUM_ENVIRONMENT="test",
        CONTINUUM_AUTH_SIGNING_KEY=TEST_SIGNING_KEY,
        CONTINUUM_KAFKA_BOOTSTRAP_SERVERS=kafka_bootstrap,
        CONTINUUM_ALLOCATION_DATABASE_URL=await create_database(),
        CONTINUUM_SUPERVISION_DATABASE_URL=await create_database(),
        CONTINUUM_RECORDS_DATABASE_URL=await create_database(),
        CONTINUUM_LOG_LEVEL="WARNING",
    )
    processes = [
        ServiceProcess(target, environment, tmp_path / f"{name}.log")
        for name, target in (("allocation", ALLOCATION), ("supervision", SUPERVISION), ("records", RECORDS))
    ]
    allocation, supervision, records = processes
    story = AllocationStory(PlatformSettings(environment="test", auth_signing_key=TEST_SIGNING_KEY, auth_jwks_url=None))
    try:
        for process in processes:
            process.start()
        for process in processes:
            await process.wait_ready()
        story.client = httpx.AsyncClient(base_url=allocation.url, timeout=30.0)
        async with (
            httpx.AsyncClient(base_url=supervision.url, timeout=30.0) as supervision_client,
            httpx.AsyncClient(base_url=records.url, timeout=30.0) as records_client,
        ):
            yield Distributed(story, supervision_client, records_client)
    finally:
        await story.client.aclose()
        for process in processes:
            process.stop()


async def test_allocation_and_a_signed_off_decision_reach_the_childs_story_in_records(
    distributed: Distributed,
) -> None:
    story = distributed.story
    north = await story.pod(f"North {uuid.uuid4().hex[:6]}")
    nora = await story.worker("Nora", north, role="pod_manager")
    amy = await story.worker("Amy", north)
    case = await story.child_with_case("zoe", date(2024, 1, 8))
    await story.status(case, "CP", date(2024, 1, 8))
    await story.allocate(case, north, amy, date(2024, 1, 8))
    zoe = story.child_of[case]
    nora_headers = _as(story, "pod_manager", north, nora, "nora")
    amy_headers = _as(story, "social_worker", north, amy, "amy")

    async def zoes_story(**params: str) -> list[dict[str, Any]]:
        response = await distributed.records.get(
            f"/records/v1/children/{zoe}/story", params={"limit": "200", **params}, headers=amy_headers
        )
        items: list[dict[str, Any]] = response.json()["items"] if response.status_code == 200 else []
        return items

    def allocated(items: list[dict[str, Any]]) -> bool:
        return any(item["source"] == "automatic" and item["title"].startswith("Allocated") for item in items)

    chronology = await eventually(zoes_story, allocated, timeout=60, interval=0.3, what="Zoe's allocation in records")
    [allocation] = [item for item in chronology if item["title"].startswith("Allocated")]
    assert allocation["occurred_on"] == "2024-01-08"
    assert allocation["automatic"]["case_id"] == str(case)
    assert all(item["entry_type"] != "supervision_decision" for item in chronology)

    async def north_agenda() -> list[str]:
        response = await distributed.supervision.get(f"/supervision/v1/pods/{north}/agenda", headers=nora_headers)
        return [item["child_id"] for item in response.json().get("items", [])] if response.status_code == 200 else []

    await eventually(north_agenda, lambda ids: str(zoe) in ids, timeout=60, interval=0.2, what="Zoe on North's agenda")
    session = await _ok(distributed, "POST", f"/pods/{north}/sessions", nora_headers, {"scheduled_for": "2024-03-05"})
    attendees = [{"worker_id": str(nora), "role": "facilitator"}, {"worker_id": str(amy), "role": "presenter"}]
    held = {"held_on": "2024-03-05", "attendees": attendees}
    await _ok(distributed, "POST", f"/sessions/{session['id']}/held", nora_headers, held)
    discussion = {"children": [{"child_id": str(zoe)}], "decision": DECISION, "rationale": RATIONALE}
    await _ok(distributed, "POST", f"/sessions/{session['id']}/discussions", nora_headers, discussion)
    await _ok(distributed, "POST", f"/sessions/{session['id']}/sign-off", nora_headers)

    decisions = await eventually(
        lambda: zoes_story(type="supervision_decision"), bool, timeout=60, interval=0.3, what="Zoe's decision"
    )
    [decision] = decisions
    assert (decision["source"], decision["entry_type"]) == ("automatic", "supervision_decision")
    assert decision["occurred_on"] == "2024-03-05"
    assert decision["automatic"]["case_id"] == str(case)
    assert (decision["automatic"]["decision"], decision["automatic"]["rationale"]) == (DECISION, RATIONALE)


def _as(story: AllocationStory, role: str, pod: uuid.UUID, worker: uuid.UUID, subject: str) -> dict[str, str]:
    """A member of North's own token, as the worker they are."""
    token = mint_development_token(
        story.settings, subject=subject, roles=[role], pods=[str(pod)], worker_id=str(worker), lifetime_seconds=600
    )
    return {"Authorization": f"Bearer {token}"}


async def _ok(
    distributed: Distributed, method: str, path: str, headers: dict[str, str], body: Any = None
) -> dict[str, Any]:
    response = await distributed.supervision.request(method, f"/supervision/v1{path}", json=body, headers=headers)
    assert response.status_code in (200, 201), f"{method} {path}: {response.status_code} {response.text}"
    result: dict[str, Any] = response.json()
    return result
