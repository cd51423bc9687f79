"""Allocation and supervision as separate processes, each on its own PostgreSQL database, events over the real
broker: a case allocated through allocation's API reaches supervision's agenda through Kafka, and a decision signed
off in supervision leaves on `supervision.children`, keyed by the child, for the child's story.

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

from shared.auth.tokens import mint_development_token
from shared.events.envelope import Envelope
from shared.settings import PlatformSettings
from tests.conftest import TEST_SIGNING_KEY, CreateDatabase
from tests.flows.kpi.in_process import AllocationStory
from tests.support.kafka_tools import read_topic
from tests.support.polling import eventually
from tests.support.processes import ServiceProcess, service_environment

pytestmark = pytest.mark.infra
ALLOCATION = "services.allocation.service:service"
SUPERVISION = "services.supervision.service:service"
DECISION = "Convene a family network meeting by 15 March to agree who supervises weekend care."


@dataclass
class Distributed:
    story: AllocationStory
    supervision: httpx.AsyncClient
    bootstrap: str


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
        CONTINUUM_LOG_LEVEL="WARNING",
    )
    allocation = ServiceProcess(ALLOCATION, environment, tmp_path / "allocation.log")
    supervision = ServiceProcess(SUPERVISION, environment, tmp_path / "supervision.log")
    story = AllocationStory(PlatformSettings(environment="test", auth_signing_key=TEST_SIGNING_KEY, auth_jwks_url=None))
    try:
        allocation.start()
        supervision.start()
        await allocation.wait_ready()
        await supervision.wait_ready()
        story.client = httpx.AsyncClient(base_url=allocation.url, timeout=30.0)
        async with httpx.AsyncClient(base_url=supervision.url, timeout=30.0) as client:
            yield Distributed(story, client, kafka_bootstrap)
    finally:
        await story.client.aclose()
        allocation.stop()
        supervision.stop()


async def test_a_decision_signed_off_in_supervision_leaves_for_the_childs_story_through_kafka(
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
    headers = _nora(story, north, nora)

    async def north_agenda() -> list[str]:
        response = await distributed.supervision.get(f"/supervision/v1/pods/{north}/agenda", headers=headers)
        return [item["child_id"] for item in response.json().get("items", [])] if response.status_code == 200 else []

    await eventually(north_agenda, lambda ids: str(zoe) in ids, timeout=60, interval=0.2, what="Zoe on North's agenda")
    session = await _ok(distributed, "POST", f"/pods/{north}/sessions", headers, {"scheduled_for": "2024-03-05"})
    attendees = [{"worker_id": str(nora), "role": "facilitator"}, {"worker_id": str(amy), "role": "presenter"}]
    await _ok(
        distributed,
        "POST",
        f"/sessions/{session['id']}/held",
        headers,
        {"held_on": "2024-03-05", "attendees": attendees},
    )
    discussion = {
        "children": [{"child_id": str(zoe)}],
        "decision": DECISION,
        "rationale": "Grandmother is willing and trusted; a plan the family builds is likelier to hold.",
        "scores": [{"voice": "worker", "score": 4}],
    }
    await _ok(distributed, "POST", f"/sessions/{session['id']}/discussions", headers, discussion)
    await _ok(distributed, "POST", f"/sessions/{session['id']}/sign-off", headers)

    async def zoes_decisions() -> list[tuple[Envelope, str]]:
        messages = await read_topic(distributed.bootstrap, "supervision.children")
        found = [(Envelope.from_headers(m.headers, m.value), m.key) for m in messages if m.key == str(zoe)]
        return [(envelope, key) for envelope, key in found if envelope.type.endswith("SupervisionDecisionRecorded.v1")]

    [(envelope, key)] = await eventually(zoes_decisions, bool, timeout=60, interval=0.5, what="Zoe's decision on Kafka")
    payload: dict[str, Any] = json.loads(envelope.data)
    assert key == str(zoe)
    assert (payload["session_id"], payload["pod_id"], payload["case_id"]) == (session["id"], str(north), str(case))
    assert (payload["decision"], payload["decided_on"], payload["worker_id"]) == (DECISION, "2024-03-05", str(amy))
    assert envelope.source.endswith("supervision")


def _nora(story: AllocationStory, pod: uuid.UUID, worker: uuid.UUID) -> dict[str, str]:
    """Nora's own token: North's pod manager, who facilitates, as the worker she is."""
    token = mint_development_token(
        story.settings,
        subject="nora",
        roles=["pod_manager"],
        pods=[str(pod)],
        worker_id=str(worker),
        lifetime_seconds=600,
    )
    return {"Authorization": f"Bearer {token}"}


async def _ok(
    distributed: Distributed, method: str, path: str, headers: dict[str, str], body: Any = None
) -> dict[str, Any]:
    response = await distributed.supervision.request(method, f"/supervision/v1{path}", json=body, headers=headers)
    assert response.status_code in (200, 201), f"{method} {path}: {response.status_code} {response.text}"
    result: dict[str, Any] = response.json()
    return result
