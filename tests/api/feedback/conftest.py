"""The feedback service over HTTP, in process, beside allocation (whose facts make its view of the town): the
platform app with its lifespan running, SQLite files and the local log in a temporary directory, and bearer tokens
for any role and pod.

The town: North (Nora its manager, Amy a social worker, Bo business support) holds Zoe's case; South (Sol its
manager, Cat a social worker) holds Max's.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
import sqlalchemy as sa

from demo import caught_up
from services.allocation.service import service as allocation_service
from services.feedback.service import service as feedback_service
from shared.auth.tokens import mint_development_token
from shared.messaging.local import LocalLogTransport
from shared.runtime.app import platform_app
from shared.runtime.runner import ServiceRuntime
from shared.settings import PlatformSettings

TEST_SIGNING_KEY = "feedback-api-tests-signing-key-not-for-development"
SETTINGS = PlatformSettings(environment="test", auth_signing_key=TEST_SIGNING_KEY, log_json=False)


@dataclass(frozen=True)
class Town:
    north: str
    south: str
    workers: dict[str, str]
    zoe: str
    max: str


@dataclass
class Api:
    client: httpx.AsyncClient
    runtimes: dict[str, ServiceRuntime]

    def headers(self, *roles: str, pods: tuple[str, ...] = (), subject: str = "tester") -> dict[str, str]:
        token = mint_development_token(
            SETTINGS, subject=subject, roles=list(roles), pods=list(pods), lifetime_seconds=600
        )
        return {"Authorization": f"Bearer {token}"}

    @property
    def team(self) -> dict[str, str]:
        return self.headers("feedback_officer", subject="feedback.team")

    async def made(
        self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None, *, service: str = "feedback"
    ) -> dict[str, Any]:
        """POST that must succeed: as the feedback team in feedback, as a head of service in allocation."""
        default = self.team if service == "feedback" else self.headers("head_of_service")
        response = await self.client.post(f"/{service}/v1{path}", json=body, headers=headers or default)
        assert response.status_code in (200, 201), f"{path}: {response.status_code} {response.text}"
        return dict(response.json())

    async def get(self, path: str, headers: dict[str, str] | None = None, **params: Any) -> httpx.Response:
        return await self.client.get(f"/feedback/v1{path}", headers=headers or self.team, params=params)

    async def post(self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> httpx.Response:
        return await self.client.post(f"/feedback/v1{path}", json=body, headers=headers or self.team)

    async def outbox_size(self) -> int:
        async with self.runtimes["feedback"].engine.connect() as connection:
            outbox = feedback_service.tables.outbox
            return int((await connection.execute(sa.select(sa.func.count()).select_from(outbox))).scalar_one())

    async def followed_allocation(self) -> None:
        await caught_up(self.runtimes["allocation"], self.runtimes["feedback"], timeout=60)


@asynccontextmanager
async def running_platform(directory: Path) -> AsyncIterator[Api]:
    transport = LocalLogTransport(f"sqlite+aiosqlite:///{directory / 'events.sqlite'}")
    runtimes = {
        service.name: ServiceRuntime(service, SETTINGS, transport, f"sqlite+aiosqlite:///{directory / service.name}.db")
        for service in (allocation_service, feedback_service)
    }
    app = platform_app(list(runtimes.values()), transport, SETTINGS)
    async with app.router.lifespan_context(app):
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
        async with client:
            yield Api(client, runtimes)


async def _worker(api: Api, name: str, pod: str, role: str) -> str:
    worker = await api.made("/workers", {"name": name, "employment": "employed"}, service="allocation")
    body = {"pod_id": pod, "role": role, "fte": 1.0, "start_date": "2023-01-02"}
    await api.made(f"/workers/{worker['id']}/memberships", body, service="allocation")
    return str(worker["id"])


async def _child_held_by(api: Api, la_child_id: str, pod: str, worker: str) -> str:
    child = await api.made(
        "/children",
        {
            "la_child_id": la_child_id,
            "given_name": "Zoe",
            "family_name": "Reed",
            "date_of_birth": "2014-03-09",
            "sex": "F",
        },
        service="allocation",
    )
    case = await api.made(
        f"/children/{child['id']}/cases", {"referral_date": "2024-01-08", "source": "front door"}, service="allocation"
    )
    await api.made(
        f"/cases/{case['id']}/allocations",
        {"pod_id": pod, "worker_id": worker, "start_date": "2024-01-08"},
        service="allocation",
    )
    return str(child["id"])


async def build_town(api: Api) -> Town:
    suffix = uuid.uuid4().hex[:6]
    north = (await api.made("/pods", {"name": f"North {suffix}", "created_on": "2022-01-03"}, service="allocation"))[
        "id"
    ]
    south = (await api.made("/pods", {"name": f"South {suffix}", "created_on": "2022-01-03"}, service="allocation"))[
        "id"
    ]
    workers = {
        "Nora": await _worker(api, "Nora", north, "pod_manager"),
        "Amy": await _worker(api, "Amy", north, "social_worker"),
        "Bo": await _worker(api, "Bo", north, "business_support"),
        "Sol": await _worker(api, "Sol", south, "pod_manager"),
        "Cat": await _worker(api, "Cat", south, "social_worker"),
    }
    zoe = await _child_held_by(api, f"Z{suffix}", north, workers["Amy"])
    max_ = await _child_held_by(api, f"M{suffix}", south, workers["Cat"])
    await api.followed_allocation()
    return Town(north, south, workers, zoe, max_)


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running_platform(tmp_path) as started:
        yield started


@pytest.fixture
async def town(api: Api) -> Town:
    return await build_town(api)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_api(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Api]:
    async with running_platform(tmp_path_factory.mktemp("feedback")) as started:
        yield started


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_town(shared_api: Api) -> Town:
    return await build_town(shared_api)


def complaint_body(town: Town, **changes: Any) -> dict[str, Any]:
    return {
        "procedure": "statutory",
        "received_on": "2025-12-19",
        "channel": "email",
        "complainant": {"relation": "parent", "name": "Jo Bloggs", "contact": "jo@example.org"},
        "child_id": town.zoe,
        "themes": ["change_of_worker"],
        "summary": "Our third social worker this year.",
        **changes,
    }
