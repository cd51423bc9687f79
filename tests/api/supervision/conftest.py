"""The supervision service over HTTP, in process beside allocation (its view of the pods comes from allocation's
events, through the embedded log, as in `make run`): SQLite files in a temporary directory, tokens for any role,
pod and worker.

The town: North (Nora the pod manager, Sam a senior, Amy and Ben social workers, Tia in training, Bo business
support) and South (Sol the pod manager, Cat a social worker). North holds Zoe (CP, Amy) and the siblings Max and
Mia (CIN, Ben); South holds Sid (Cat).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
import sqlalchemy as sa

from demo import caught_up
from services.allocation.service import service as allocation
from services.supervision.models import Base
from services.supervision.service import service as supervision
from shared.auth.tokens import mint_development_token
from shared.messaging.local import LocalLogTransport
from shared.runtime.app import platform_app
from shared.runtime.runner import ServiceRuntime
from shared.runtime.service import Service
from shared.settings import PlatformSettings

SETTINGS = PlatformSettings(
    environment="test", auth_signing_key="supervision-api-tests-signing-key-not-for-use", log_json=False
)
SINCE = "2023-01-02"
REFERRED = "2024-01-08"
NORTH = (
    ("Nora", "pod_manager"),
    ("Sam", "senior_social_worker"),
    ("Amy", "social_worker"),
    ("Ben", "social_worker"),
    ("Tia", "social_worker_in_training"),
    ("Bo", "business_support"),
)
SOUTH = (("Sol", "pod_manager"), ("Cat", "social_worker"))


@dataclass
class Platform:
    client: httpx.AsyncClient
    allocation: ServiceRuntime
    supervision: ServiceRuntime
    others: dict[str, ServiceRuntime] = field(default_factory=dict)

    def headers(
        self, *roles: str, pods: tuple[str, ...] = (), worker: str | None = None, subject: str = "tester"
    ) -> dict[str, str]:
        token = mint_development_token(
            SETTINGS, subject=subject, roles=list(roles), pods=list(pods), worker_id=worker, lifetime_seconds=600
        )
        return {"Authorization": f"Bearer {token}"}

    async def allocated(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """An allocation POST that must succeed, as a head of service."""
        response = await self.client.post(f"/allocation/v1{path}", json=body, headers=self.headers("head_of_service"))
        assert response.status_code in (200, 201), f"{path}: {response.status_code} {response.text}"
        return dict(response.json())

    async def settled(self) -> None:
        """Until the supervision service has applied every fact allocation has published."""
        await caught_up(self.allocation, self.supervision, timeout=60)

    async def row_counts(self) -> dict[str, int]:
        async with self.supervision.engine.connect() as connection:
            return {
                table.name: int((await connection.execute(sa.select(sa.func.count()).select_from(table))).scalar_one())
                for table in Base.metadata.sorted_tables
                if table.name != "audit_log"
            }


@dataclass(frozen=True)
class Town:
    north: str
    south: str
    workers: dict[str, str]
    children: dict[str, str]
    cases: dict[str, str]


@asynccontextmanager
async def running_platform(
    directory: Path, supervision_url: str | None = None, also: tuple[Service, ...] = ()
) -> AsyncIterator[Platform]:
    """Both services on SQLite files in `directory`, unless supervision is given a (PostgreSQL) database; `also`
    runs more services beside them (their runtimes in `Platform.others`)."""
    transport = LocalLogTransport(f"sqlite+aiosqlite:///{directory / 'events.sqlite'}")
    services = (allocation, supervision, *also)
    urls = {service.name: f"sqlite+aiosqlite:///{directory / (service.name + '.sqlite')}" for service in services}
    if supervision_url:
        urls[supervision.name] = supervision_url
    runtimes = [ServiceRuntime(service, SETTINGS, transport, urls[service.name]) for service in services]
    app = platform_app(runtimes, transport, SETTINGS)
    async with app.router.lifespan_context(app):
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
        async with client:
            others = {runtime.service.name: runtime for runtime in runtimes[2:]}
            yield Platform(client, runtimes[0], runtimes[1], others)


async def build_town(platform: Platform) -> Town:
    pods: dict[str, str] = {}
    workers: dict[str, str] = {}
    for pod, staff in (("North", NORTH), ("South", SOUTH)):
        pods[pod] = (await platform.allocated("/pods", {"name": f"{pod} {uuid.uuid4().hex[:6]}", "created_on": SINCE}))[
            "id"
        ]
        for name, role in staff:
            worker = await platform.allocated("/workers", {"name": name, "employment": "employed"})
            membership = {"pod_id": pods[pod], "role": role, "fte": 1.0, "start_date": SINCE}
            await platform.allocated(f"/workers/{worker['id']}/memberships", membership)
            workers[name] = worker["id"]
    children: dict[str, str] = {}
    cases: dict[str, str] = {}
    family = None
    for name, pod, holder, status, sibling in (
        ("Zoe", "North", "Amy", "CP", False),
        ("Max", "North", "Ben", "CIN", False),
        ("Mia", "North", "Ben", "CIN", True),
        ("Sid", "South", "Cat", "CIN", False),
    ):
        body: dict[str, Any] = {
            "la_child_id": f"{name}-{uuid.uuid4().hex[:8]}",
            "given_name": name,
            "family_name": "Reed",
            "date_of_birth": "2014-03-09",
            "sex": "F",
        }
        if sibling:
            body["family_id"] = family
        child = await platform.allocated("/children", body)
        family = child["family_id"]
        case = await platform.allocated(
            f"/children/{child['id']}/cases", {"referral_date": REFERRED, "source": "school"}
        )
        status_body: dict[str, Any] = {"kind": status, "start_date": REFERRED}
        if status == "CP":
            status_body["cp_category"] = "NEG"
        await platform.allocated(f"/cases/{case['id']}/statuses", status_body)
        allocation_body = {"pod_id": pods[pod], "worker_id": workers[holder], "start_date": REFERRED}
        await platform.allocated(f"/cases/{case['id']}/allocations", allocation_body)
        children[name], cases[name] = child["id"], case["id"]
    await platform.settled()
    return Town(pods["North"], pods["South"], workers, children, cases)


@pytest.fixture
async def platform(tmp_path: Path) -> AsyncIterator[Platform]:
    async with running_platform(tmp_path) as started:
        yield started


@pytest.fixture
async def town(platform: Platform) -> Town:
    return await build_town(platform)


@pytest.fixture
async def pg_platform(tmp_path: Path, fresh_database: str) -> AsyncIterator[Platform]:
    """Supervision on a PostgreSQL database of the test's own, which (unlike SQLite) runs requests side by side."""
    async with running_platform(tmp_path, fresh_database) as started:
        yield started


@pytest.fixture
async def pg_town(pg_platform: Platform) -> Town:
    return await build_town(pg_platform)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_platform(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Platform]:
    async with running_platform(tmp_path_factory.mktemp("supervision")) as started:
        yield started


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_town(shared_platform: Platform) -> Town:
    return await build_town(shared_platform)
