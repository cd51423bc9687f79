"""The allocation service over HTTP, in process: the platform app with its lifespan running, SQLite files and the
local log in a temporary directory, and bearer tokens for any role, pod and worker.

`api` and `town` are fresh for each test; `shared_api` and `shared_town` are built once per module, for tests
that only read or whose writes cannot disturb each other (the auth matrix).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from services.allocation.service import service
from shared.auth.tokens import mint_development_token
from shared.messaging.local import LocalLogTransport
from shared.runtime.app import platform_app
from shared.runtime.runner import ServiceRuntime
from shared.settings import PlatformSettings

TEST_SIGNING_KEY = "allocation-api-tests-signing-key-not-for-development"
SETTINGS = PlatformSettings(environment="test", auth_signing_key=TEST_SIGNING_KEY, log_json=False)


@dataclass
class Api:
    client: httpx.AsyncClient
    runtime: ServiceRuntime

    def headers(
        self, *roles: str, pods: tuple[str, ...] = (), worker: str | None = None, subject: str = "tester"
    ) -> dict[str, str]:
        token = mint_development_token(
            SETTINGS, subject=subject, roles=list(roles), pods=list(pods), worker_id=worker, lifetime_seconds=600
        )
        return {"Authorization": f"Bearer {token}"}

    @property
    def head(self) -> dict[str, str]:
        return self.headers("head_of_service", subject="head")

    async def made(self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> dict[str, Any]:
        """POST that must succeed, as the head of service unless told otherwise."""
        response = await self.client.post(path, json=body, headers=headers or self.head)
        assert response.status_code in (200, 201), f"{path}: {response.status_code} {response.text}"
        return dict(response.json())


@asynccontextmanager
async def running_platform(directory: Path, database_url: str | None = None) -> AsyncIterator[Api]:
    """On a SQLite file in `directory` unless a (PostgreSQL) `database_url` is given."""
    transport = LocalLogTransport("sqlite+aiosqlite://")
    # A file, not memory: concurrent requests need connections of their own, as in production.
    url = database_url or f"sqlite+aiosqlite:///{directory / 'allocation.sqlite'}"
    runtime = ServiceRuntime(service, SETTINGS, transport, url)
    app = platform_app([runtime], transport, SETTINGS)
    async with app.router.lifespan_context(app):
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test/allocation/v1")
        async with client:
            yield Api(client, runtime)


@dataclass(frozen=True)
class Town:
    """Two pods. North: a pod manager, a senior, Amy and Ben (social workers), a trainee and business support;
    South: a pod manager and Cat. Amy holds a looked-after child's case."""

    north: str
    south: str
    workers: dict[str, str]
    memberships: dict[str, str]
    child: str
    case: str


NORTH = (
    ("Nora", "pod_manager"),
    ("Sam", "senior_social_worker"),
    ("Amy", "social_worker"),
    ("Ben", "social_worker"),
    ("Tia", "social_worker_in_training"),
    ("Bo", "business_support"),
)
SOUTH = (("Sol", "pod_manager"), ("Cat", "social_worker"))
SINCE = "2023-01-02"


async def build_town(api: Api) -> Town:
    north = (await api.made("/pods", {"name": "North", "created_on": "2022-01-03"}))["id"]
    south = (await api.made("/pods", {"name": "South", "created_on": "2022-01-03"}))["id"]
    workers, memberships = {}, {}
    for pod, people in ((north, NORTH), (south, SOUTH)):
        for name, role in people:
            registration = f"SW{uuid.uuid4().int % 10**8}"
            worker = await api.made(
                "/workers", {"name": name, "registration_number": registration, "employment": "employed"}
            )
            joined = await api.made(
                f"/workers/{worker['id']}/memberships", {"pod_id": pod, "role": role, "fte": 1.0, "start_date": SINCE}
            )
            workers[name], memberships[name] = worker["id"], joined["id"]
    child = await api.made(
        "/children",
        {"la_child_id": "C0001", "given_name": "Zoe", "family_name": "Reed", "date_of_birth": "2014-03-09", "sex": "F"},
    )
    case = await api.made(f"/children/{child['id']}/cases", {"referral_date": "2024-01-08", "source": "front door"})
    await api.made(f"/cases/{case['id']}/statuses", {"kind": "CLA", "start_date": "2024-01-08", "legal_status": "C2"})
    await api.made(
        f"/cases/{case['id']}/allocations", {"pod_id": north, "worker_id": workers["Amy"], "start_date": "2024-01-08"}
    )
    return Town(north, south, workers, memberships, child["id"], case["id"])


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running_platform(tmp_path) as started:
        yield started


@pytest.fixture
async def town(api: Api) -> Town:
    return await build_town(api)


@pytest.fixture
async def pg_api(tmp_path: Path, fresh_database: str) -> AsyncIterator[Api]:
    """The service on a PostgreSQL database of the test's own, which (unlike SQLite) runs requests side by side."""
    async with running_platform(tmp_path, fresh_database) as started:
        yield started


@pytest.fixture
async def pg_town(pg_api: Api) -> Town:
    return await build_town(pg_api)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_api(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Api]:
    async with running_platform(tmp_path_factory.mktemp("allocation")) as started:
        yield started


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_town(shared_api: Api) -> Town:
    return await build_town(shared_api)


TODAY = date.today().isoformat()
